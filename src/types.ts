/**
 * Public types of Encore. Config types are derived from the zod schema in `core/schema.ts`;
 * everything else a storefront, player integrator or collector relies on is declared here.
 */
import type { EncoreConfigInput, EncoreConfig } from './core/schema';
import type { PlayerAdapter } from './video/types';

export type { EncoreConfigInput, EncoreConfig };

/** JSON-safe properties after sanitizing. */
export type Properties = Record<string, unknown>;

/** Consent purposes. Each is a plain boolean. */
export interface ConsentPurposes {
  analytics: boolean;
  personalization: boolean;
  marketing: boolean;
}

export type EventType = 'track' | 'page' | 'identify';

/** The Segment-compatible envelope sent to collectors (see docs/api.md, "The envelope"). */
export interface EncoreEvent {
  messageId: string;
  type: EventType;
  event?: string;
  name?: string;
  properties?: Properties;
  traits?: Properties;
  userId?: string | null;
  anonymousId: string;
  timestamp: string;
  context: EventContext;
}

export interface EventContext {
  library: { name: string; version: string };
  page: { url: string; path: string; search: string; referrer: string; title: string };
  campaign?: Record<string, string>;
  locale?: string;
  timezone?: string;
  screen?: { width: number; height: number; density: number };
  userAgent?: string;
  session: { id: string; seq: number };
  consent?: ConsentPurposes;
  traits?: { segments?: string[] } & Properties;
  /** Counts of events dropped since the last batch, by reason. */
  dropped?: Record<string, number>;
  [key: string]: unknown;
}

/** The body POSTed to the collector. */
export interface BatchBody {
  batch: EncoreEvent[];
  sentAt: string;
  writeKey?: string;
}

/** What `flush()` resolves with. */
export interface FlushResult {
  sent: number;
  failed: number;
  remaining: number;
}

/** Why an event was dropped; counts travel as `context.dropped`. */
export type DropReason =
  | 'queue_full'
  | 'too_old'
  | 'too_large'
  | 'rejected'
  | 'retry_exhausted'
  | 'consent_denied'
  | 'plugin'
  | 'invalid';

export interface DropNotice {
  reason: DropReason;
  count: number;
  messageIds?: string[];
  detail?: string;
}

export interface FlushNotice extends FlushResult {
  /** `fetch`, `beacon` or `keepalive`. */
  transport: string;
}

/** A local interest or lifecycle segment. */
export interface SegmentInfo {
  id: string;
  score?: number;
  since?: string;
}

/** Notifications from `on(name, listener)`. */
export interface Notifications {
  flush: FlushNotice;
  error: Error;
  drop: DropNotice;
  consent: ConsentPurposes;
  segment: { segment: string; score: number; entered: boolean };
  'replenishment-due': { product_id: string; sku?: string; last_purchased_at: string; due_at: string };
  'exclusive-content': { gallery_id: string; item_id: string };
  /** The visitor's identity changed (`identify` or `reset`): widgets re-fetch what depends on it. */
  identity: { userId: string | null; anonymousId: string };
  [name: string]: unknown;
}

export type NotificationName = keyof Notifications & string;
export type Listener<K extends NotificationName> = (payload: Notifications[K]) => void;

/** Options a caller may pass to `track`/`page`, used by the snippet replay and by features. */
export interface CallOptions {
  /** Call time, when the call happened earlier than it is processed (snippet replay). */
  timestamp?: string | number | Date;
  /** Reuse a message id assigned earlier (snippet replay, exactly-once hand-off). */
  messageId?: string;
  /** Page context captured when the call was made. */
  page?: Partial<EventContext['page']>;
  /** Extra context merged into the envelope. */
  context?: Properties;
}

/** Metadata for a tracked video. */
export interface VideoMeta {
  videoId: string;
  title?: string;
  category?: string;
  productIds?: string[];
  live?: boolean;
  custom?: Properties;
}

export interface VideoHandle {
  update(meta: Partial<VideoMeta>): void;
  detach(): void;
}

/**
 * A plugin. `beforeEnqueue` may return a changed event, or `null` to drop it. A throwing plugin is
 * isolated: the error is reported through `on('error')` and the event continues unchanged.
 */
export interface EncorePlugin {
  name: string;
  /** A label for what the plugin does (informational: nothing reads it). Plugins run in the order of `use`. */
  type?: 'before' | 'enrichment' | 'destination' | 'feature';
  setup?(api: EncoreApi): void | Promise<void>;
  beforeEnqueue?(event: EncoreEvent): EncoreEvent | null | undefined;
  teardown?(): void | Promise<void>;
}

/** The instance returned by `createEncore` / `encore.init`. No member throws into the page. */
export interface Encore {
  track(event: string, properties?: Properties, options?: CallOptions): void;
  page(name?: string | null, properties?: Properties, options?: CallOptions): void;
  identify(userId: string | null, traits?: Properties, options?: CallOptions): void;
  reset(): void;
  consent(purposes: Partial<ConsentPurposes>): void;
  flush(): Promise<FlushResult>;
  attachVideo(target: HTMLVideoElement | string, meta: VideoMeta, options?: AttachVideoOptions): VideoHandle;
  segments(): SegmentInfo[];
  use(plugin: EncorePlugin): Encore;
  on<K extends NotificationName>(name: K, listener: Listener<K>): Encore;
  off<K extends NotificationName>(name: K, listener: Listener<K>): Encore;
  shutdown(): Promise<void>;
  /** The library version. */
  readonly version: string;
}

/** Options of `attachVideo`. */
export interface AttachVideoOptions {
  /** A player adapter (e.g. from `encore-sdk/hls`); defaults to the HTML5 `<video>` adapter. */
  adapter?: PlayerAdapter;
  /** Player name reported as `player` / `video_player`. */
  player?: string;
}

/**
 * What plugins and built-in features get in `setup(api)`: the public instance plus a few hooks
 * that features need (notifications, consent state, a consent-gated local key-value store).
 */
export interface EncoreApi extends Encore {
  /** Emits an SDK notification to `on(name)` listeners. */
  emit<K extends NotificationName>(name: K, payload: Notifications[K]): void;
  /** Current consent purposes. */
  consentState(): ConsentPurposes;
  /** Current identity. */
  identity(): { anonymousId: string; userId: string | null; traits: Properties };
  /** Parsed config. */
  readonly config: EncoreConfig;
  /**
   * Local state that survives reloads (IndexedDB when available, memory otherwise). Writes are
   * refused unless personalization consent is given; everything is deleted when analytics or
   * personalization consent is withdrawn (`reset()` changes the identity, not this store).
   */
  readonly store: LocalState;
  /** Sets the segments reported by `segments()` and sent as `context.traits.segments`. */
  setSegments(segments: SegmentInfo[]): void;
  /** Reports an error through `on('error')` and debug logging; never throws. */
  report(error: unknown, where?: string): void;
}

/** A small async key-value store of Encore's own (per instance namespace). */
export interface LocalState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}
