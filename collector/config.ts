/**
 * Collector settings, read once from the environment at start. Everything else gets the parsed
 * object, never `process.env`.
 */
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TriggerConfig } from './triggers';

export interface CollectorConfig {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  host: string;
  /** Repository root: static files are served from here. */
  root: string;
  /** DuckDB file. */
  dbPath: string;
  /** Accepted write keys; empty accepts any (or none). */
  writeKeys: Set<string>;
  /** Origins allowed by CORS; `*` allows all. Empty means "this server's own origin". */
  corsOrigins: Set<string>;
  /** Largest request body, bytes. */
  maxBodyBytes: number;
  /** Segment-compatible batch URL every accepted batch is forwarded to. */
  forwardUrl: string | null;
  /** Write key for the upstream (sent as HTTP Basic, Segment style). */
  forwardWriteKey: string | null;
  /** HMAC secret for members' media URLs. */
  mediaSecret: string;
  /** Lifetime of signed media URLs, seconds. */
  mediaTtlSec: number;
  /** Print nothing but the start line. */
  quiet: boolean;
  /** Country calling code for phone numbers written without `+` before they are hashed (PHONE_COUNTRY_CODE, e.g. 81). */
  phoneCountry: string | null;
  /** Webhook triggers (TRIGGER_URL and TRIGGER_SECRET set), else null. See docs/triggers.md. */
  triggers: TriggerConfig | null;
  /** Test knob: delay before each database commit (ENCORE_COMMIT_DELAY_MS). */
  commitDelayMs: number;
}

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads the collector config from an environment (defaults documented in docs/collector.md). */
export function readConfig(env: NodeJS.ProcessEnv, root: string): CollectorConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0-65535, got "${env.PORT}"`);
  const forwardUrl = env.FORWARD_URL?.trim() || null;
  const phoneCountry = env.PHONE_COUNTRY_CODE?.trim().replace(/^\+/, '') || null;
  if (phoneCountry && !/^[1-9]\d{0,2}$/.test(phoneCountry)) throw new Error(`PHONE_COUNTRY_CODE must be a country calling code such as 81, got "${env.PHONE_COUNTRY_CODE}"`);
  if (forwardUrl && !/^https?:\/\//i.test(forwardUrl)) throw new Error(`FORWARD_URL must be an http(s) URL, got "${forwardUrl}"`);
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    root,
    dbPath: resolve(root, env.ENCORE_DB?.trim() || '.encore/encore.duckdb'),
    writeKeys: new Set(list(env.WRITE_KEYS)),
    corsOrigins: new Set(list(env.CORS_ORIGINS)),
    maxBodyBytes: 1024 * 1024,
    forwardUrl,
    forwardWriteKey: env.FORWARD_WRITE_KEY?.trim() || null,
    mediaSecret: env.MEDIA_SECRET?.trim() || randomBytes(32).toString('hex'),
    mediaTtlSec: Number(env.MEDIA_TTL_SEC) > 0 ? Number(env.MEDIA_TTL_SEC) : 600,
    quiet: env.ENCORE_QUIET === '1',
    phoneCountry,
    triggers: readTriggers(env, root),
    commitDelayMs: Number(env.ENCORE_COMMIT_DELAY_MS) > 0 ? Number(env.ENCORE_COMMIT_DELAY_MS) : 0,
  };
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const v = env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

/** TRIGGER_* settings; triggers are off unless TRIGGER_URL is set, and then TRIGGER_SECRET is required. */
function readTriggers(env: NodeJS.ProcessEnv, root: string): TriggerConfig | null {
  const url = env.TRIGGER_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\//i.test(url)) throw new Error(`TRIGGER_URL must be an http(s) URL, got "${url}"`);
  const secret = env.TRIGGER_SECRET?.trim();
  if (!secret || secret.length < 16) throw new Error('TRIGGER_SECRET (at least 16 characters) is required with TRIGGER_URL: receivers verify the signature with it');
  const catalogPath = resolve(root, env.TRIGGER_CATALOG?.trim() || 'examples/storefront/server/catalog.json');
  let catalog: TriggerConfig['catalog'];
  try {
    catalog = JSON.parse(readFileSync(catalogPath, 'utf8')).products;
    if (!Array.isArray(catalog)) throw new Error('no "products" array');
  } catch (error) {
    throw new Error(`TRIGGER_CATALOG ${catalogPath}: ${(error as Error).message}`);
  }
  return {
    url,
    secret,
    intervalSec: positive(env, 'TRIGGER_INTERVAL_SEC', 60),
    abandonMinutes: positive(env, 'TRIGGER_ABANDON_MINUTES', 60),
    abandonLookbackDays: positive(env, 'TRIGGER_ABANDON_LOOKBACK_DAYS', 7),
    dormantDays: env.TRIGGER_DORMANT_DAYS?.trim() ? positive(env, 'TRIGGER_DORMANT_DAYS', 0) : null,
    videoAfterDays: positive(env, 'TRIGGER_VIDEO_DAYS', 3),
    catalog,
  };
}
