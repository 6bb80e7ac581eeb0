import { describe, expect, it } from 'vitest';
import { sanitize, MAX_STRING } from '../../../src/core/sanitize';

describe('sanitize', () => {
  it('keeps plain JSON data as it is', () => {
    const p = { sku: 'A1', price: 12.5, tags: ['a', 'b'], nested: { ok: true, n: null } };
    expect(sanitize(p)).toEqual(p);
  });

  it('survives circular references, BigInt, functions, symbols, DOM nodes and NaN', () => {
    const a: Record<string, unknown> = { name: 'x' };
    a.self = a;
    const div = document.createElement('div');
    const report = { fixes: [] as string[] };
    const out = sanitize({ a, big: 10n, fn: () => 1, sym: Symbol('s'), node: div, nan: NaN, inf: Infinity, list: [1, () => 2] }, report);
    expect(JSON.parse(JSON.stringify(out))).toEqual({ a: { name: 'x' }, big: '10', nan: null, inf: null, list: [1, null] });
    expect(report.fixes.length).toBeGreaterThanOrEqual(6);
  });

  it('keeps shared (non-circular) references', () => {
    const shared = { v: 1 };
    expect(sanitize({ x: shared, y: shared })).toEqual({ x: { v: 1 }, y: { v: 1 } });
  });

  it('truncates strings over 8 KB and converts dates, maps and sets', () => {
    const out = sanitize({ s: 'あ'.repeat(MAX_STRING + 10), d: new Date(0), m: new Map([['k', 1]]), set: new Set([1, 2]) });
    expect((out.s as string).length).toBe(MAX_STRING);
    expect(out.d).toBe('1970-01-01T00:00:00.000Z');
    expect(out.m).toEqual({ k: 1 });
    expect(out.set).toEqual([1, 2]);
  });

  it('cuts very deep nesting and cycles through arrays', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    expect(() => sanitize({ deep })).not.toThrow();
    const list: unknown[] = [1];
    list.push(list);
    expect(sanitize({ list })).toEqual({ list: [1, null] });
  });

  it('never throws on hostile objects', () => {
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(() => sanitize({ hostile })).not.toThrow();
    expect(sanitize(null)).toEqual({});
    expect(sanitize('str')).toEqual({});
  });
});
