/**
 * Collector triggers: on a schedule, finds in the stored events the customers a store should reach
 * while they are away (a checkout left, a refill due, dormant, the how-to video a few days after an
 * order; rules.ts), and posts each firing once as a signed webhook to the store's messaging tool
 * (outbox.ts, sign.ts). Payloads are documented in docs/triggers.md.
 */
import { createHash } from 'node:crypto';
import { query, type Store } from '../store';
import { dueFirings, type Firing, type TriggerSettings } from './rules';
import { Outbox, OUTBOX_SCHEMA } from './outbox';

export interface TriggerConfig extends TriggerSettings {
  url: string;
  secret: string;
  /** How often the rules run (seconds). */
  intervalSec: number;
}

/** The webhook body of one firing; `trigger_id` is stable for this trigger, customer and episode. */
export function webhookBody(f: Firing, now = new Date()): { trigger_id: string; body: string } {
  const trigger_id = createHash('sha256').update(`${f.trigger}|${f.customer_id}|${f.period}`).digest('hex').slice(0, 32);
  const body = {
    trigger_id,
    trigger: f.trigger,
    fired_at: now.toISOString(),
    period: f.period,
    customer: { id: f.customer_id, user_id: f.user_id, anonymous_ids: f.anonymous_ids },
    products: f.products.map((product_id) => ({ product_id })),
    videos: f.videos,
  };
  return { trigger_id, body: JSON.stringify(body) };
}

export class Triggers {
  private timer: NodeJS.Timeout | null = null;
  private evaluating: Promise<void> | null = null;
  /** Completed rule runs since start, and when the last one finished (for `/api/triggers`). */
  private runs = 0;
  private lastRunAt: string | null = null;

  private constructor(
    private readonly store: Store,
    private readonly config: TriggerConfig,
    private readonly outbox: Outbox,
    private readonly log: (msg: string) => void,
  ) {}

  static async start(store: Store, config: TriggerConfig, log: (msg: string) => void): Promise<Triggers> {
    const conn = await store.connect();
    await conn.run(OUTBOX_SCHEMA);
    const outbox = new Outbox(conn, { url: config.url, secret: config.secret, log });
    const triggers = new Triggers(store, config, outbox, log);
    outbox.wake(); // what a restart left undelivered
    triggers.evaluate();
    triggers.timer = setInterval(() => triggers.evaluate(), config.intervalSec * 1000);
    triggers.timer.unref?.();
    return triggers;
  }

  /** Runs every rule once and queues the new firings (a run still going is not started twice). */
  evaluate(): Promise<void> {
    this.evaluating ??= this.store
      .read((conn) => dueFirings(conn, this.config))
      .then((firings) => this.outbox.add(firings.map((f) => ({ ...webhookBody(f), trigger: f.trigger, customer_id: f.customer_id }))))
      .then(() => {
        this.runs++;
        this.lastRunAt = new Date().toISOString();
      })
      .catch((error) => this.log(`triggers: evaluation failed: ${String(error)}`))
      .finally(() => (this.evaluating = null));
    return this.evaluating;
  }

  /** What `/api/triggers` shows: rule runs, and the latest firings with their delivery state. */
  async status(): Promise<{ runs: number; last_run_at: string | null; firings: Array<Record<string, unknown>> }> {
    const firings = await this.store.read((conn) =>
      query(conn, `SELECT trigger_id, trigger, customer_id, created_at, attempts, delivered_at, dead, last_error FROM trigger_outbox ORDER BY created_at DESC, trigger_id LIMIT 500`),
    );
    return { runs: this.runs, last_run_at: this.lastRunAt, firings };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.evaluating;
    await this.outbox.stop();
  }
}
