import type { EncoreConfig } from './schema';
import { validateConfig } from './validate';
import { validateConfigDev } from './validate-dev';

/**
 * Parses a user config once, at the edge. `process.env.NODE_ENV` is replaced by the app's bundler
 * (or by our IIFE builds), so production bundles drop zod entirely.
 */
export function parseConfig(input: unknown): EncoreConfig {
  return process.env.NODE_ENV !== 'production' ? validateConfigDev(input) : validateConfig(input);
}

/** Whether invalid config throws (development) or logs and leaves the instance inert (production). */
export const THROWS_ON_INVALID_CONFIG = process.env.NODE_ENV !== 'production';
