import type { BatchBody, ConsentPurposes, DropNotice, DropReason, EncoreEvent, FlushNotice, FlushResult } from '../types';
import type { EncoreConfig } from '../core/schema';

/** One queued event as the store keeps it (short names: every byte of the queue ships to stores). */
export interface StoredEvent {
  /** Store key: per-device monotonic, also the event's `context.session.seq`. Set by the store. */
  k?: number;
  /** The envelope. */
  e: EncoreEvent;
  /** Serialized size in bytes (plus room for the seq). */
  b: number;
  /** Send attempts so far. */
  a: number;
  /** Earliest time (ms epoch) of the next attempt (backoff, survives reloads). */
  n?: number;
  /** Written by earlier builds: when it went out in a page-hide body. Nothing reads or writes it now. */
  t?: number;
}

/**
 * Where queued events live: IndexedDB, or memory after IndexedDB failed (see store.ts). Never rejects.
 */
export interface EventStore {
  /** True once the store runs from memory (each tab then sends its own queue). */
  inMemory_?: boolean;
  /** Persists records in one transaction (`strict` durability when asked), assigning `k`; resolves [count, bytes] after it. */
  add_(records: StoredEvent[], strict?: boolean): Promise<[number, number]>;
  /** Oldest first, at most `limit` (0: all). */
  head_(limit: number): Promise<StoredEvent[]>;
  put_(records: StoredEvent[]): Promise<unknown>;
  /** Removes these stored records (by `k`). */
  delete_(records: StoredEvent[]): Promise<unknown>;
  /** [count, total bytes]. */
  size_(): Promise<[number, number]>;
  /** Runs `idb`, or `memory` once storage fell back to memory (falling back when `idb` fails). */
  withFallback_<T>(idb: () => Promise<T>, memory: () => T): Promise<T>;
  /** The queue's database connection (opened on first use), for custom stores over its other object stores. */
  db_(): Promise<IDBDatabase>;
  close_(): void;
  /** Deletes everything, including the database. */
  destroy_(): Promise<unknown>;
}

/** What the client gives the delivery pipeline. */
export interface DeliveryHooks {
  config: EncoreConfig;
  /** Namespace for storage names (distinct per endpoint + write key). */
  ns: string;
  emitFlush_(n: FlushNotice): void;
  emitDrop_(n: DropNotice): void;
  report(error: unknown, where?: string): void;
}

/** The delivery pipeline as the client uses it. */
export interface Delivery {
  /** Queues an event; persisted (when consent allows) before it is eligible to send. Never throws. */
  enqueue_(event: EncoreEvent): void;
  /** Sends what is queued now. */
  flush(): Promise<FlushResult>;
  /**
   * 'pending': memory only, nothing stored or sent; 'granted': persist and send (held events get
   * `context.consent = purposes` when given); 'denied': drop all, delete storage.
   */
  setConsent_(state: 'granted' | 'pending' | 'denied', purposes?: ConsentPurposes): Promise<void>;
  /** Counts a drop that happened before the queue (sanitizing, plugins) so it rides on the next batch. */
  countDrop_(reason: DropReason, count?: number): void;
  destroy(): Promise<void>;
}

export type { BatchBody, FlushResult };
