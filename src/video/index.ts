/**
 * Video tracking: the QoE engine and the built-in `<video>` adapter, loaded lazily by the core
 * (`lazy.ts`). Player integrations implement `PlayerAdapter` (see docs/players.md).
 */
export { attach } from './tracker';
export type { PlayerAdapter, PlayerEvents, PlayerReads, PlayerSize, PlayerError, Rendition } from './types';
