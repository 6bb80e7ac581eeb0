/**
 * Turns a request body into rows to store: parses JSON, checks the body shape and the write key,
 * validates each event with the wire schema (src/core/wire-schema.ts) and flattens the valid
 * ones. Pure: no I/O, so it is cheap to test and cannot crash the server.
 */
import {
  batchBodySchema,
  describeIssue,
  eventSchema,
  type RejectedEvent,
  type WireBatchBody,
  type WireEvent,
} from '../src/core/wire-schema';
import { redactContact } from './contact-hashes';

/** One events-table row as strings (DuckDB casts them in bulk; see store.ts). */
export interface EventRow {
  messageId: string;
  type: string;
  event: string | null;
  name: string | null;
  anonymousId: string | null;
  userId: string | null;
  timestamp: string;
  sentAt: string | null;
  receivedAt: string;
  category: string | null;
  properties: string | null;
  traits: string | null;
  context: string | null;
  segments: string | null;
  sessionId: string | null;
  writeKey: string | null;
}

export type IngestResult =
  | { status: 400 | 401; error: string }
  | {
      status: 200;
      rows: EventRow[];
      rejected: RejectedEvent[];
      body: WireBatchBody;
      /** The body to journal and forward: the request's own text, or, when contact details were hashed out of it, the redacted body. */
      text: string;
      receivedAt: string;
      writeKey: string | null;
    };

/**
 * @param text raw body
 * @param writeKeys accepted keys (empty: any)
 * @param headerKey write key from an `Authorization: Basic` header, if any
 * @param phoneCountry calling code for phone numbers written without `+` (contact-hashes.ts)
 */
export function ingest(text: string, writeKeys: ReadonlySet<string>, headerKey: string | null, now = new Date(), phoneCountry: string | null = null): IngestResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, error: 'body is not valid JSON' };
  }
  // Raw emails and phone numbers go no further than this line (see contact-hashes.ts).
  let redacted = false;
  const rawBatch = (parsed as { batch?: unknown } | null)?.batch;
  if (Array.isArray(rawBatch)) for (const raw of rawBatch) redacted = redactContact(raw, phoneCountry) || redacted;
  const shape = batchBodySchema.safeParse(parsed);
  if (!shape.success) return { status: 400, error: `body: ${describeIssue(shape.error)}` };
  const body = shape.data;
  const writeKey = body.writeKey ?? headerKey ?? null;
  if (writeKeys.size > 0 && (writeKey === null || !writeKeys.has(writeKey))) {
    return { status: 401, error: writeKey === null ? 'a writeKey is required' : 'unknown writeKey' };
  }
  const receivedAt = now.toISOString();
  const rows: EventRow[] = [];
  const rejected: RejectedEvent[] = [];
  const seen = new Set<string>();
  for (const raw of body.batch) {
    const result = eventSchema.safeParse(raw);
    if (!result.success) {
      const mid = raw && typeof raw === 'object' ? (raw as { messageId?: unknown }).messageId : undefined;
      rejected.push({ messageId: typeof mid === 'string' ? mid : null, reason: describeIssue(result.error) });
      continue;
    }
    const e = result.data;
    if (seen.has(e.messageId)) continue; // a batch repeating an id: store once
    let row: EventRow;
    try {
      row = toRow(e, body.sentAt ?? null, receivedAt, writeKey);
    } catch {
      // JSON.stringify overflows the stack on absurdly deep nesting (JSON.parse does not).
      rejected.push({ messageId: e.messageId, reason: 'properties, traits or context nested too deeply' });
      continue;
    }
    seen.add(e.messageId);
    rows.push(row);
  }
  return { status: 200, rows, rejected, body, text: redacted ? JSON.stringify(parsed) : text, receivedAt, writeKey };
}

function toRow(e: WireEvent, sentAt: string | null, receivedAt: string, writeKey: string | null): EventRow {
  const props = e.properties;
  const ctx = e.context;
  const category = props && typeof props.category === 'string' ? props.category.slice(0, 200) : null;
  const segs = ctx?.traits?.segments?.map((s) => (typeof s === 'string' ? s : s.id));
  return {
    messageId: e.messageId,
    type: e.type,
    event: e.event ?? null,
    name: e.name ?? null,
    anonymousId: e.anonymousId ?? null,
    userId: e.userId ?? null,
    timestamp: utc(e.timestamp),
    sentAt: sentAt === null ? null : utc(sentAt),
    receivedAt,
    category,
    properties: props ? JSON.stringify(props) : null,
    traits: e.traits ? JSON.stringify(e.traits) : null,
    context: ctx ? JSON.stringify(ctx) : null,
    segments: segs ? JSON.stringify(segs) : null,
    sessionId: ctx?.session?.id ?? null,
    writeKey,
  };
}

/** ISO in UTC: DuckDB's TIMESTAMP cast ignores offsets. */
const utc = (iso: string): string => {
  if (iso.endsWith('Z')) return iso;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString();
};

/** The write key of a Segment-style `Authorization: Basic base64(key:)` header. */
export function basicAuthKey(header: string | undefined): string | null {
  if (!header || !/^basic /i.test(header)) return null;
  try {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const key = decoded.split(':')[0];
    return key ? key : null;
  } catch {
    return null;
  }
}

/**
 * The body to forward upstream for a request: unchanged when every event in it was valid and new;
 * otherwise the same body carrying only its new, valid events, so the upstream never gets a
 * messageId twice from this collector. Null when nothing is new.
 */
export function forwardBodyFor(result: Extract<IngestResult, { status: 200 }>, newIds: Set<string>): string | null {
  const text = result.text;
  if (newIds.size === 0) return null;
  if (newIds.size === result.rows.length && result.rejected.length === 0 && result.rows.length === result.body.batch.length) return text;
  const claimed = new Set<string>();
  const batch = result.body.batch.filter((e) => {
    const id = (e as { messageId?: unknown } | null)?.messageId;
    if (typeof id !== 'string' || !newIds.has(id) || claimed.has(id)) return false;
    claimed.add(id);
    return true;
  });
  return JSON.stringify({ ...result.body, batch });
}
