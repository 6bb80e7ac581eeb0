/**
 * Makes arbitrary page data JSON-safe without throwing: circular references, BigInt, functions,
 * symbols, DOM nodes, NaN/Infinity, Dates, Maps/Sets, oversized strings and very deep nesting.
 * It rides on JSON.stringify's own walk (a replacer) rather than a second recursive copier, which
 * keeps it small; the replacer tracks the current ancestors to tell cycles from shared objects.
 */

export const MAX_STRING = 8 * 1024;
const MAX_DEPTH = 12;

export interface SanitizeReport {
  fixes: string[];
}

export function sanitize(value: unknown, report?: SanitizeReport): Record<string, unknown> {
  const ancestors: unknown[] = [];
  const note = (key: string, what: string) => report && report.fixes.length < 20 && report.fixes.push(`${key}: ${what}`);
  try {
    const out = JSON.parse(
      JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
        const t = typeof v;
        if (t == 'string' && (v as string).length > MAX_STRING) return note(key, 'cut'), (v as string).slice(0, MAX_STRING);
        if (t == 'bigint') return note(key, 'BigInt'), String(v);
        if (t == 'number' && !isFinite(v as number)) return note(key, String(v)), null;
        if (t == 'function' || t == 'symbol') return void note(key, t);
        if (t != 'object' || !v) return v;
        if ((typeof Node != 'undefined' && v instanceof Node) || v === globalThis) return void note(key, 'DOM');
        // `this` is the object holding `key`: drop ancestors we have left, then look for a cycle.
        while (ancestors.length && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(v) || ancestors.length > MAX_DEPTH) return void note(key, 'cycle/depth');
        const copy = v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v;
        ancestors.push(copy);
        return copy;
      }) ?? 'null',
    );
    return out && typeof out == 'object' && !Array.isArray(out) ? out : {};
  } catch {
    // Getters that throw, proxies, stack overflow on absurd nesting.
    note('', 'unreadable');
    return {};
  }
}
