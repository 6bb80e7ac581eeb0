/**
 * Forwards accepted batches to a Segment-compatible batch API (Segment, RudderStack, Jitsu) from a
 * durable queue: rows in DuckDB's `forward_queue`, written in the same transaction as the events
 * (store.ts), deleted only after the upstream answers 2xx. Oldest first, a few requests at a time;
 * a failure pauses the queue with exponential backoff and full jitter, Retry-After as a floor (src/queue/backoff.ts, shared with the SDK).
 * Restarting resumes the queue.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from './store';
import { Pump } from './pump';
import { retryDelay } from '../src/queue/backoff';
import { postToUpstream, type PostOutcome } from './post';

export interface ForwarderOptions {
  url: string;
  writeKey: string | null;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

/** Requests in flight to the upstream at once. */
const PARALLEL = 4;

export class Forwarder {
  private pausedUntil = 0;
  private readonly controller = new AbortController();
  private readonly pump = new Pump(() => this.deliver());

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly opts: ForwarderOptions,
  ) {}

  /** Starts delivering (also what remains from before a restart). */
  start(): void {
    this.wake();
  }

  /** Delivers soon: new rows were queued. */
  wake(): void {
    this.pump.wake();
  }

  private schedule(delayMs: number) {
    this.pump.schedule(delayMs);
  }

  private async deliver(): Promise<void> {
    // After a failure the whole queue waits (new batches too), so a down upstream sees one attempt per backoff.
    if (Date.now() < this.pausedUntil) {
      this.schedule(this.pausedUntil - Date.now());
      return;
    }
    try {
      for (;;) {
        if (this.pump.isStopped) return;
        const now = Date.now();
        const due = await query(this.conn, 'SELECT id, body, attempts FROM forward_queue WHERE next_at <= ? ORDER BY id LIMIT 50', [now]);
        if (due.length === 0) break;
        // A few requests in flight keep up with a busy collector; a failure pauses the queue.
        let failed = false;
        for (let i = 0; i < due.length && !failed; i += PARALLEL) {
          if (this.pump.isStopped) return;
          const chunk = due.slice(i, i + PARALLEL);
          const outcomes = await Promise.all(chunk.map((row) => this.send(String(row.body))));
          for (let j = 0; j < chunk.length; j++) {
            const row = chunk[j]!;
            const outcome = outcomes[j]!;
            const id = Number(row.id);
            if (outcome.ok) {
              await this.conn.run('DELETE FROM forward_queue WHERE id = ?', [id]);
            } else if (!outcome.retry) {
              this.opts.log?.(`forward: upstream refused a batch for good (${outcome.reason}); kept in forward_dead`);
              await this.conn.run('BEGIN TRANSACTION');
              await this.conn.run('INSERT INTO forward_dead SELECT id, body, now()::TIMESTAMP, ? FROM forward_queue WHERE id = ?', [outcome.reason, id]);
              await this.conn.run('DELETE FROM forward_queue WHERE id = ?', [id]);
              await this.conn.run('COMMIT');
            } else {
              const attempts = Number(row.attempts) + 1;
              // The SDK's sender's policy (src/queue/backoff.ts): Retry-After is a floor under the jittered backoff.
              const delay = retryDelay(outcome.retryAfterMs, attempts, this.opts.baseDelayMs ?? 500, this.opts.maxDelayMs ?? 60_000);
              await this.conn.run('UPDATE forward_queue SET attempts = ?, next_at = ?, last_error = ? WHERE id = ?', [
                attempts, Date.now() + delay, outcome.reason, id,
              ]);
              this.pausedUntil = Date.now() + delay;
              this.schedule(delay);
              failed = true;
            }
          }
        }
        if (failed) return;
      }
      const next = await query(this.conn, 'SELECT min(next_at) AS next FROM forward_queue');
      const at = Number(next[0]?.next);
      if (Number.isFinite(at)) this.schedule(at - Date.now());
    } catch (error) {
      this.opts.log?.(`forward: ${String(error)}`);
      this.schedule(1000);
    }
  }

  private send(body: string): Promise<PostOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.writeKey) headers.authorization = `Basic ${Buffer.from(`${this.opts.writeKey}:`).toString('base64')}`;
    return postToUpstream(this.opts.url, body, headers, this.controller.signal, this.opts.timeoutMs ?? 10_000);
  }

  /** Stops delivering; queued rows stay for the next start. */
  async stop(): Promise<void> {
    const stopped = this.pump.stop(); // no run starts or reschedules from here on
    this.controller.abort();
    await stopped;
  }

}
