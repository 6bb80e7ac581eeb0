import type { BatchBody, ConsentPurposes, DropNotice, DropReason, EncoreEvent, FlushNotice, FlushResult } from '../types';
import type { EncoreConfig } from '../core/schema';

/** One queued event as the store keeps it. */
export interface StoredEvent {
  /** Store key: per-device monotonic, also the event's `context.session.seq`. Set by the store. */
  key?: number;
  event: EncoreEvent;
  /** Serialized size in bytes. */
  bytes: number;
  /** Send attempts so far. */
  attempts: number;
  /** Earliest time (ms epoch) the next attempt may happen. */
  notBefore?: number;
  /** When it was handed to sendBeacon/keepalive at page hide (sent, unconfirmed). */
  beaconAt?: number;
  /** Commerce events are dropped last when the queue is full. */
  priority: 0 | 1;
}

/**
 * Where queued events live. Snowplow-style: the dispatcher only sees this interface, so tests swap
 * a memory store for the IndexedDB one freely.
 */
export interface EventStore {
  readonly kind: 'memory' | 'indexeddb';
  /** Persists records in one transaction, assigning `key`; resolves with the records stored. */
  add(records: StoredEvent[]): Promise<StoredEvent[]>;
  /** Oldest first, at most `limit`. */
  head(limit: number): Promise<StoredEvent[]>;
  update(records: StoredEvent[]): Promise<void>;
  remove(keys: number[]): Promise<void>;
  /** Count and total bytes. */
  size(): Promise<{ count: number; bytes: number }>;
  /** Deletes everything, including the database itself for persistent stores. */
  destroy(): Promise<void>;
}

/** What the client gives the delivery pipeline. */
export interface DeliveryHooks {
  config: EncoreConfig;
  /** Namespace for storage names (distinct per endpoint + write key). */
  ns: string;
  emitFlush(n: FlushNotice): void;
  emitDrop(n: DropNotice): void;
  report(error: unknown, where?: string): void;
}

/** The delivery pipeline as the client uses it. */
export interface Delivery {
  /** Queues an event; persisted (when consent allows) before it is eligible to send. Never throws. */
  enqueue(event: EncoreEvent): void;
  /** Sends what is queued now. */
  flush(): Promise<FlushResult>;
  /**
   * 'pending': memory only, nothing stored or sent; 'granted': persist and send (held events get
   * `context.consent = purposes` when given); 'denied': drop all, delete storage.
   */
  setConsent(state: 'granted' | 'pending' | 'denied', purposes?: ConsentPurposes): Promise<void>;
  /** Counts a drop that happened before the queue (sanitizing, plugins) so it rides on the next batch. */
  countDrop(reason: DropReason, count?: number): void;
  destroy(): Promise<void>;
}

export type { BatchBody, FlushResult };
