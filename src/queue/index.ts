/** The durable delivery pipeline: an IndexedDB-backed queue, a dispatcher and page-lifecycle handling. */
export { createDelivery } from './delivery';
export { createLocalState } from './state';
export { backoffDelay, parseRetryAfter } from './backoff';
export type { Delivery, DeliveryHooks, EventStore, StoredEvent } from './types';
