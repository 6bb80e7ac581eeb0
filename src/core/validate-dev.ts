/**
 * Development-build validation with the zod schema: the message names the key, the value received,
 * what was expected (taken from the same wording as the compact validator) and the nearest valid key.
 */
import { configSchema, CONFIG_KEYS, RETRY_KEYS, type EncoreConfig } from './schema';
import { EncoreConfigError } from './errors';
import { configError, describe, nearestHint, validateConfig } from './validate';

export function validateConfigDev(input: unknown): EncoreConfig {
  const r = configSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    const prefix = path.length ? `${path.join('.')}.` : '';
    const keys = path[0] === 'retry' ? RETRY_KEYS : (CONFIG_KEYS as string[]);
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
