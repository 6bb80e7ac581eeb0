/**
 * Makes arbitrary page data JSON-safe without throwing: circular references, BigInt, functions,
 * symbols, DOM nodes, NaN/Infinity, Dates, Maps/Sets, oversized strings and very deep nesting.
 * Returns the cleaned value and what was changed, so the caller can log it in debug mode.
 */

export const MAX_STRING = 8 * 1024;
const MAX_DEPTH = 12;
const MAX_KEYS = 500;

export interface SanitizeReport {
  fixes: string[];
}

export function sanitize(value: unknown, report?: SanitizeReport): Record<string, unknown> {
  const out = clean(value, 0, new WeakSet<object>(), report, '');
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

/** Removed or changed: `what`, at `path` (debug logging only). */
function note(report: SanitizeReport | undefined, path: string, what: string) {
  if (report && report.fixes.length < 20) report.fixes.push(`${path}: ${what}`);
}

function clean(v: unknown, depth: number, seen: WeakSet<object>, report: SanitizeReport | undefined, path: string): unknown {
  switch (typeof v) {
    case 'string':
      if (v.length > MAX_STRING) {
        note(report, path, 'long string cut');
        return v.slice(0, MAX_STRING);
      }
      return v;
    case 'number':
      if (Number.isFinite(v)) return v;
      note(report, path, `${v} → null`);
      return null;
    case 'boolean':
      return v;
    case 'bigint':
      note(report, path, 'BigInt → string');
      return v.toString();
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      note(report, path, typeof v);
      return undefined;
  }
  if (v === null) return null;
  const o = v as object;
  if (depth >= MAX_DEPTH) {
    note(report, path, 'too deep');
    return undefined;
  }
  if (seen.has(o)) {
    note(report, path, 'circular');
    return undefined;
  }
  if (o instanceof Date) return isNaN(o.getTime()) ? null : o.toISOString();
  if ((typeof Node != 'undefined' && o instanceof Node) || o === globalThis) {
    note(report, path, 'DOM/window');
    return undefined;
  }
  seen.add(o);
  try {
    if (Array.isArray(o) || o instanceof Set) {
      const arr: unknown[] = [];
      let i = 0;
      for (const item of o as Iterable<unknown>) {
        if (i++ >= MAX_KEYS) break;
        const c = clean(item, depth + 1, seen, report, `${path}[${i - 1}]`);
        arr.push(c === undefined ? null : c);
      }
      return arr;
    }
    const entries: Iterable<[unknown, unknown]> =
      o instanceof Map ? o.entries() : Object.entries(o as Record<string, unknown>);
    const res: Record<string, unknown> = {};
    let n = 0;
    for (const [k, val] of entries) {
      if (n++ >= MAX_KEYS) {
        note(report, path, 'too many keys');
        break;
      }
      const key = String(k);
      const c = clean(val, depth + 1, seen, report, path ? `${path}.${key}` : key);
      if (c !== undefined) res[key] = c;
    }
    return res;
  } catch {
    // Getters that throw, proxies, cross-origin objects.
    note(report, path, 'unreadable');
    return undefined;
  } finally {
    seen.delete(o);
  }
}
