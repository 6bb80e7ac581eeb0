/**
 * The durable webhook queue for triggers. A firing is inserted into `trigger_outbox` keyed by its
 * `trigger_id` (trigger + customer + episode), so the same firing found again on a later run, or
 * after a restart, is ignored: each is sent at most once. Delivered rows stay as the record of
 * what was sent. Sending: oldest first, one at a time; a 5xx, 408, 425, 429 or network error is
 * retried with the SDK's backoff (full jitter, `Retry-After` as a floor; src/queue/backoff.ts);
 * other 4xx answers and rows out of attempts are marked dead and kept with the reason.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { retryDelay } from '../../src/queue/backoff';
import { postToUpstream, type PostOutcome } from '../post';
import { query } from '../store';
import { Pump } from '../pump';
import { signBody, SIGNATURE_HEADER } from './sign';

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS trigger_outbox (
  trigger_id VARCHAR PRIMARY KEY, trigger VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, body VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at DOUBLE NOT NULL DEFAULT 0,
  delivered_at TIMESTAMP, dead BOOLEAN NOT NULL DEFAULT false, last_error VARCHAR
)`;

export interface OutboxOptions {
  url: string;
  secret: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  log?: (msg: string) => void;
}


export class Outbox {
  private readonly pump = new Pump(() => this.deliver());
  private readonly controller = new AbortController();

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly opts: OutboxOptions,
  ) {}

  /** Queues firings; returns how many were new. */
  async add(rows: Array<{ trigger_id: string; trigger: string; customer_id: string; body: string }>): Promise<number> {
    let added = 0;
    for (const r of rows) {
      const res = await this.conn.run(
        'INSERT OR IGNORE INTO trigger_outbox (trigger_id, trigger, customer_id, body, created_at) VALUES (?, ?, ?, ?, now()::TIMESTAMP)',
        [r.trigger_id, r.trigger, r.customer_id, r.body],
      );
      added += Number(res.rowsChanged);
    }
    if (added) this.wake();
    return added;
  }

  /** Delivers soon: new rows were queued. */
  wake(): void {
    this.pump.wake();
  }

  private schedule(delayMs: number) {
    this.pump.schedule(delayMs);
  }

  private async deliver(): Promise<void> {
    try {
      for (;;) {
        if (this.pump.isStopped) return;
        const [row] = await query(
          this.conn,
          'SELECT trigger_id, body, attempts FROM trigger_outbox WHERE delivered_at IS NULL AND NOT dead AND next_at <= ? ORDER BY created_at, trigger_id LIMIT 1',
          [Date.now()],
        );
        if (!row) break;
        const outcome = await this.send(String(row.body), String(row.trigger_id));
        const attempts = Number(row.attempts) + 1;
        if (outcome.ok) {
          await this.conn.run('UPDATE trigger_outbox SET delivered_at = now()::TIMESTAMP, attempts = ?, last_error = NULL WHERE trigger_id = ?', [attempts, row.trigger_id as string]);
        } else if (!outcome.retry || attempts >= (this.opts.maxAttempts ?? 10)) {
          this.opts.log?.(`triggers: gave up on ${row.trigger_id} (${outcome.reason})`);
          await this.conn.run('UPDATE trigger_outbox SET dead = true, attempts = ?, last_error = ? WHERE trigger_id = ?', [attempts, outcome.reason, row.trigger_id as string]);
        } else {
          // The SDK's sender's policy (src/queue/backoff.ts): Retry-After is a floor under the jittered backoff.
          const delay = retryDelay(outcome.retryAfterMs, attempts, this.opts.baseDelayMs ?? 1000, this.opts.maxDelayMs ?? 300_000);
          await this.conn.run('UPDATE trigger_outbox SET attempts = ?, next_at = ?, last_error = ? WHERE trigger_id = ?', [
            attempts, Date.now() + delay, outcome.reason, row.trigger_id as string,
          ]);
        }
      }
      const [next] = await query(this.conn, 'SELECT min(next_at) AS next FROM trigger_outbox WHERE delivered_at IS NULL AND NOT dead');
      const at = Number(next?.next);
      if (next?.next !== null && Number.isFinite(at)) this.schedule(at - Date.now());
    } catch (error) {
      this.opts.log?.(`triggers: ${String(error)}`);
      this.schedule(1000);
    }
  }

  private send(body: string, triggerId: string): Promise<PostOutcome> {
    const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(this.opts.secret, body), 'idempotency-key': triggerId };
    return postToUpstream(this.opts.url, body, headers, this.controller.signal, this.opts.timeoutMs ?? 10_000);
  }

  async stop(): Promise<void> {
    const stopped = this.pump.stop(); // no run starts or reschedules from here on
    this.controller.abort();
    await stopped;
  }

}
