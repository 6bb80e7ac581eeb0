/**
 * Embedded storage in DuckDB. Writes are group-committed: requests hand their rows to `submit`,
 * and one writer loop moves everything pending into a temp staging table with the appender, then
 * in one transaction inserts new events (deduplicated on messageId by the primary key), derives
 * video views and queues forwarded batches. A request is answered only after its commit, so an
 * accepted batch is on disk; while one commit runs the next group gathers, which is what makes
 * thousands of small batches per second cheap.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { EventRow } from './ingest';
import { Journal, type JournalEntry } from './journal';

const COLUMNS: Array<keyof EventRow> = [
  'messageId', 'type', 'event', 'name', 'anonymousId', 'userId', 'timestamp', 'sentAt', 'receivedAt',
  'category', 'properties', 'traits', 'context', 'segments', 'sessionId', 'writeKey',
];

// properties/traits/context hold JSON text as VARCHAR: it comes from JSON.stringify, so DuckDB's
// JSON type would only re-validate it (~25 % of insert time); its JSON functions and ->> work on VARCHAR.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  mid UUID PRIMARY KEY, messageId VARCHAR NOT NULL, type VARCHAR NOT NULL, event VARCHAR, name VARCHAR,
  anonymousId VARCHAR, userId VARCHAR, timestamp TIMESTAMP, sent_at TIMESTAMP, received_at TIMESTAMP NOT NULL,
  category VARCHAR, properties VARCHAR, traits VARCHAR, context VARCHAR, segments VARCHAR[], session_id VARCHAR, write_key VARCHAR
);
CREATE TABLE IF NOT EXISTS video_views (
  messageId VARCHAR PRIMARY KEY, view_id VARCHAR, video_id VARCHAR, title VARCHAR, category VARCHAR, player VARCHAR,
  live BOOLEAN, startup_time_ms DOUBLE, exited_before_start BOOLEAN, startup_failed BOOLEAN, playback_failed BOOLEAN,
  autoplay_blocked BOOLEAN, late_attach BOOLEAN, watch_time_ms DOUBLE, playing_time_ms DOUBLE, rebuffer_count INTEGER,
  rebuffer_duration_ms DOUBLE, rebuffer_percentage DOUBLE, avg_bitrate_kbps DOUBLE, max_percent_watched DOUBLE,
  completed BOOLEAN, product_ids VARCHAR[], anonymousId VARCHAR, userId VARCHAR, timestamp TIMESTAMP, received_at TIMESTAMP
);
CREATE SEQUENCE IF NOT EXISTS forward_seq;
CREATE TABLE IF NOT EXISTS forward_queue (
  id BIGINT PRIMARY KEY DEFAULT nextval('forward_seq'), body VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_at DOUBLE NOT NULL DEFAULT 0, last_error VARCHAR
);
CREATE TABLE IF NOT EXISTS forward_dead (id BIGINT, body VARCHAR, failed_at TIMESTAMP, reason VARCHAR);
`;

const staging = `CREATE TEMP TABLE IF NOT EXISTS staging (mid VARCHAR, ${COLUMNS.map((c) => `${c} VARCHAR`).join(', ')})`;

/**
 * The key deduplication runs on: 128 bits of SHA-256 of the messageId, as a UUID. DuckDB's
 * primary-key index is about four times faster on a 16-byte UUID than on arbitrary strings, and
 * ingest speed is bound by that index. (Collisions: ~1 in 10^20 at a billion events.)
 */
export function messageKey(messageId: string): string {
  const h = createHash('sha256').update(messageId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const ts = (col: string) => `try_cast(${col} AS TIMESTAMP)`;
const prop = (p: string, type: string) => `try_cast(json_extract_string(properties, '$.${p}') AS ${type})`;
const list = (expr: string, path: string) =>
  `CASE WHEN json_type(${expr}, '${path}') = 'ARRAY' THEN try_cast(json_extract(${expr}, '${path}') AS VARCHAR[]) END`;

const INSERT_EVENTS = `
INSERT OR IGNORE INTO events
SELECT mid::UUID, messageId, type, event, name, anonymousId, userId, ${ts('timestamp')}, ${ts('sentAt')},
  ${ts('receivedAt')}, category, properties, traits, context, try_cast(segments::JSON AS VARCHAR[]),
  sessionId, writeKey
FROM staging`;

const INSERT_VIEWS = `
INSERT OR IGNORE INTO video_views
SELECT messageId, ${prop('view_id', 'VARCHAR')}, ${prop('video_id', 'VARCHAR')}, ${prop('title', 'VARCHAR')},
  coalesce(category, 'uncategorized'), ${prop('player', 'VARCHAR')}, ${prop('live', 'BOOLEAN')}, ${prop('startup_time_ms', 'DOUBLE')},
  ${prop('exited_before_start', 'BOOLEAN')}, ${prop('startup_failed', 'BOOLEAN')}, ${prop('playback_failed', 'BOOLEAN')},
  ${prop('autoplay_blocked', 'BOOLEAN')}, ${prop('late_attach', 'BOOLEAN')}, ${prop('watch_time_ms', 'DOUBLE')},
  ${prop('playing_time_ms', 'DOUBLE')}, ${prop('rebuffer_count', 'INTEGER')}, ${prop('rebuffer_duration_ms', 'DOUBLE')},
  ${prop('rebuffer_percentage', 'DOUBLE')}, ${prop('avg_bitrate_kbps', 'DOUBLE')}, ${prop('max_percent_watched', 'DOUBLE')},
  ${prop('completed', 'BOOLEAN')}, ${list('properties', '$.product_ids')}, anonymousId, userId, ${ts('timestamp')}, ${ts('receivedAt')}
FROM staging WHERE type = 'track' AND event = 'Video View Summary'`;

/** What one request hands to the writer. */
export interface Submission {
  rows: EventRow[];
  /** Given the ids this submission newly stored, the body to forward upstream (null: nothing). */
  forwardBody?: (newIds: Set<string>) => string | null;
  /** Journal this request (omitted for replays of the journal itself). */
  journal?: JournalEntry;
}

interface Pending extends Submission {
  resolve(newIds: Set<string>): void;
  reject(error: unknown): void;
}

/** Rows waiting beyond which requests are refused with 503 (backpressure instead of unbounded memory). */
export const MAX_PENDING_ROWS = 200_000;

export class Store {
  private pending: Pending[] = [];
  private pendingRows = 0;
  private writing: Promise<void> | null = null;
  private appender: DuckDBAppender | null = null;
  private closed = false;
  /** Called after a commit that queued forwarded batches. */
  onForwardQueued: (() => void) | null = null;
  /** Called when a commit fails (it is retried). */
  onError: ((error: unknown) => void) | null = null;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    /** For dashboard and API reads, so they never wait behind a write on one connection. */
    private readonly reader: DuckDBConnection,
    private readonly journal: Journal,
    /** Requests journaled by an earlier run that did not reach the database. */
    readonly leftover: JournalEntry[],
    /** Whether commits must report which ids were new (only forwarding needs it). */
    private readonly needIds: boolean,
    private readonly commitDelayMs: number,
  ) {}

  static async open(path: string, opts: { forwarding: boolean; commitDelayMs?: number }): Promise<Store> {
    mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const writer = await instance.connect();
    // A database from before the UUID key: keep it aside rather than fail.
    const old = await query(writer, `SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'messageId'`);
    const keyed = await query(writer, `SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'mid'`);
    if (Number(old[0]?.n) > 0 && Number(keyed[0]?.n) === 0) await writer.run(`ALTER TABLE events RENAME TO events_v0_${Date.now()}`);
    for (const stmt of SCHEMA.split(';').map((s) => s.trim()).filter(Boolean)) await writer.run(stmt);
    await writer.run(staging);
    const reader = await instance.connect();
    const { journal, leftover } = Journal.open(path);
    return new Store(instance, writer, reader, journal, leftover, opts.forwarding, opts.commitDelayMs ?? 0);
  }

  private reads: Promise<unknown> = Promise.resolve();

  /** Runs reads on the read connection one at a time (a connection runs one statement at once). */
  read<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const next = this.reads.then(() => fn(this.reader));
    this.reads = next.catch(() => undefined);
    return next;
  }

  /** A new connection on the same database (the forwarder keeps its own). */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** True when so much waits for the database that new requests should be turned away. */
  get overloaded(): boolean {
    return this.pendingRows > MAX_PENDING_ROWS;
  }

  /**
   * Journals the rows at once (throws if that fails or the store is closing: the caller must not
   * acknowledge), then
   * stores them. The promise resolves with the ids that were new, once committed.
   */
  submit(sub: Submission): Promise<Set<string>> {
    if (this.closed) throw new Error('store closed');
    if (sub.rows.length === 0) return Promise.resolve(new Set());
    if (sub.journal) this.journal.append(sub.journal);
    return new Promise((resolve, reject) => {
      this.pending.push({ ...sub, resolve, reject });
      this.pendingRows += sub.rows.length;
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Resolves when everything submitted so far is committed. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.pending.length > 0) {
      // Everything pending goes in one commit, so the journal files closed now are fully covered.
      const group = this.pending;
      this.pending = [];
      const files = this.journal.rotate();
      try {
        const fresh = await this.commit(group);
        this.pendingRows -= group.reduce((n, p) => n + p.rows.length, 0);
        this.journal.remove(files);
        failures = 0;
        group.forEach((p, i) => p.resolve(fresh[i]!));
      } catch (error) {
        this.onError?.(error);
        this.pending = group.concat(this.pending);
        failures++;
        if (this.closed && failures >= 2) {
          // Shutting down with a failing database: the journal keeps the rows for the next start.
          for (const p of this.pending) p.reject(error);
          this.pending = [];
          this.pendingRows = 0;
          break;
        }
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** failures)));
      }
    }
    this.writing = null;
  }

  private async commit(group: Pending[]): Promise<Array<Set<string>>> {
    // Test knob: a slow database, so a test can kill the process while rows are only journaled.
    if (this.commitDelayMs > 0) await new Promise((r) => setTimeout(r, this.commitDelayMs));
    // A messageId repeated across requests of one group is appended once (the first claims it).
    const seen = new Set<string>();
    try {
      this.appender ??= await this.writer.createAppender('staging');
      const a = this.appender;
      let appended = 0;
      for (const p of group) {
        for (const row of p.rows) {
          // The appender runs on the main thread: let requests through between slices of a big group.
          if (++appended % 1000 === 0) await new Promise((r) => setImmediate(r));
          if (seen.has(row.messageId)) continue;
          seen.add(row.messageId);
          a.appendVarchar(messageKey(row.messageId));
          for (const col of COLUMNS) {
            const v = row[col];
            if (v === null) a.appendNull();
            else a.appendVarchar(v);
          }
          a.endRow();
        }
      }
      a.flushSync();
    } catch (error) {
      this.dropAppender();
      await this.writer.run('DELETE FROM staging').catch(() => {});
      throw error;
    }
    try {
      await this.writer.run('BEGIN TRANSACTION');
      let newIds: Set<string>;
      if (this.needIds) {
        const inserted = await this.writer.runAndReadAll(INSERT_EVENTS + ' RETURNING messageId');
        newIds = new Set(inserted.getRowsJS().map((r) => String(r[0])));
      } else {
        await this.writer.run(INSERT_EVENTS);
        newIds = seen;
      }
      await this.writer.run(INSERT_VIEWS);
      // Each new id belongs to the first submission that carried it, so a batch retried while
      // its first copy is still in this group is not forwarded twice.
      const fresh = group.map((p) => {
        const mine = new Set<string>();
        if (this.needIds) for (const r of p.rows) if (newIds.delete(r.messageId)) mine.add(r.messageId);
        return mine;
      });
      const bodies: string[] = [];
      group.forEach((p, i) => {
        if (!p.forwardBody || fresh[i]!.size === 0) return;
        const b = p.forwardBody(fresh[i]!);
        if (b) bodies.push(b);
      });
      if (bodies.length > 0) {
        const values: DuckDBValue[] = [];
        const now = new Date().toISOString();
        for (const b of bodies) values.push(b, now);
        await this.writer.run(
          `INSERT INTO forward_queue (body, created_at) VALUES ${bodies.map(() => '(?, try_cast(? AS TIMESTAMP))').join(', ')}`,
          values,
        );
      }
      await this.writer.run('COMMIT');
      if (bodies.length > 0) this.onForwardQueued?.();
      return fresh;
    } catch (error) {
      await this.writer.run('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await this.writer.run('DELETE FROM staging').catch(() => {});
    }
  }

  private dropAppender() {
    try {
      this.appender?.closeSync();
    } catch {
      /* already broken */
    }
    this.appender = null;
  }

  /** Commits what is pending, then closes the database (the journal is emptied when all is in). */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
    await this.reads;
    this.journal.close(this.pending.length === 0 && this.pendingRows === 0);
    this.dropAppender();
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/** Runs a read query and returns plain JSON-safe rows (BIGINT → number, timestamps → ISO). */
export async function query(conn: DuckDBConnection, sql: string, values?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<Array<Record<string, unknown>>> {
  const reader = await conn.runAndReadAll(sql, values);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'bigint') out[k] = Number(v);
      else if (v instanceof Date) out[k] = v.toISOString();
      else out[k] = v;
    }
    return out;
  });
}
