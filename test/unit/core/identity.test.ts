import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity, SESSION_IDLE_MS } from '../../../src/core/identity';

afterEach(() => localStorage.clear());

describe('identity and session', () => {
  it('keeps the session while active and renews it after 30 minutes idle', () => {
    const id = createIdentity('ns1', () => true);
    const t0 = Date.now();
    const s1 = id.sessionId(t0);
    expect(id.sessionId(t0 + SESSION_IDLE_MS - 1)).toBe(s1);
    expect(id.sessionId(t0 + 2 * SESSION_IDLE_MS - 2)).toBe(s1);
    expect(id.sessionId(t0 + 3 * SESSION_IDLE_MS)).not.toBe(s1);
  });

  it('renews the session on a new campaign, not on the same one', () => {
    const id = createIdentity('ns2', () => true);
    const t0 = Date.now();
    const s1 = id.sessionId(t0, 'summer');
    expect(id.sessionId(t0 + 1000, 'summer')).toBe(s1);
    expect(id.sessionId(t0 + 2000)).toBe(s1);
    expect(id.sessionId(t0 + 3000, 'winter')).not.toBe(s1);
  });

  it('a replayed call with an earlier time does not move activity backwards', () => {
    const id = createIdentity('ns3', () => true);
    const t0 = Date.now();
    const s1 = id.sessionId(t0 + SESSION_IDLE_MS);
    id.sessionId(t0); // replayed from the snippet buffer
    expect(id.sessionId(t0 + 2 * SESSION_IDLE_MS - 1)).toBe(s1);
  });

  it('shares the anonymous id and a live session across tabs, and writes nothing without consent', () => {
    const a = createIdentity('ns4', () => true);
    const s = a.sessionId(Date.now());
    const b = createIdentity('ns4', () => true);
    expect(b.anonymousId).toBe(a.anonymousId);
    expect(b.sessionId(Date.now())).toBe(s);
    const c = createIdentity('ns5', () => false);
    c.sessionId(Date.now());
    c.identify('u', { x: 1 });
    expect(localStorage.getItem('encore:ns5')).toBeNull();
  });

  it('identify merges traits, null clears them, reset mints a new anonymous id', () => {
    const id = createIdentity('ns6', () => true);
    const anon = id.anonymousId;
    id.identify('u1', { a: 1 });
    id.identify('u1', { b: 2 });
    expect(id.traits).toEqual({ a: 1, b: 2 });
    id.identify(null, undefined);
    expect([id.userId, id.traits]).toEqual([null, {}]);
    id.reset();
    expect(id.anonymousId).not.toBe(anon);
  });
});
