/**
 * encore-sdk: the core. `createEncore(config)` returns an instance that queues every event durably
 * and delivers it to the configured collector. Video, vitals and segments load lazily.
 */
export { createEncore } from './core/client';
export { EncoreConfigError } from './core/errors';
export { VERSION } from './version';
export type * from './types';
export type { PlayerAdapter, PlayerEvents, PlayerReads, PlayerSize, PlayerError, Rendition } from './video/types';
