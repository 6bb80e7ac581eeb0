/**
 * Development-build validation with the zod schema: the message names the key, the value received,
 * what was expected (taken from the same wording as the compact validator) and the nearest valid key.
 */
import { configSchema, retrySchema, type EncoreConfig } from './schema';
import { EncoreConfigError } from './errors';
import { configError, describe, validateConfig } from './validate';

export function validateConfigDev(input: unknown): EncoreConfig {
  const r = configSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    const prefix = path.length ? `${path.join('.')}.` : '';
    const keys = Object.keys((path[0] === 'retry' ? retrySchema : configSchema).def.shape);
    const value = path.length ? undefined : (input as Record<string, unknown>)[key];
    throw new EncoreConfigError(`Illegal config: unknown key ${prefix}${key}${nearestHint(key, keys)}`, prefix + key, value);
  }
  // Reuse the compact validator's wording for what was expected, so both builds speak alike.
  try {
    validateConfig(input);
  } catch (e) {
    if (e instanceof EncoreConfigError) throw e;
  }
  let value: unknown = input;
  for (const p of path) value = (value as Record<string, unknown> | undefined)?.[p];
  throw configError(path.join('.') || 'config', value, issue.message + ` (${describe(value)})`);
}

/** ", did you mean …?" for a mistyped key (Levenshtein distance ≤ 3). */
export function nearestHint(key: string, keys: string[]): string {
  let best = '';
  let bestD = 4;
  for (const k of keys) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
