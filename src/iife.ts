/**
 * Entry of the script-tag build (`dist/encore.iife.js`, global `encore`). Rollup assigns this
 * module's exports to `var encore` after the body ran, so the snippet stub is read here, at
 * evaluation time, and its calls are replayed before the stub is replaced.
 */
import { createEncore } from './core/client';
import { EncoreConfigError } from './core/errors';
import { VERSION } from './version';
import { createGlobal, configFromScript } from './snippet/index';

const g = createGlobal(
  (globalThis as any).encore,
  createEncore,
  configFromScript(typeof document !== 'undefined' ? document.currentScript : null),
);

export const init = g.init;
export const track = g.track;
export const page = g.page;
export const identify = g.identify;
export const reset = g.reset;
export const consent = g.consent;
export const flush = g.flush;
export const attachVideo = g.attachVideo;
export const segments = g.segments;
export const use = g.use;
export const on = g.on;
export const off = g.off;
export const shutdown = g.shutdown;
/** Lets a second copy of this script on the page share the first one's instance. */
export const _global = g;
export { createEncore, EncoreConfigError, VERSION };
