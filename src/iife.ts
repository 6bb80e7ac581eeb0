/**
 * Entry of the script-tag build (`dist/encore.iife.js`, global `encore`). Rollup assigns this
 * module's default export to `var encore` after the body ran, so the snippet stub is read here, at
 * evaluation time, and its calls are replayed before the stub is replaced. The global is the
 * snippet's stub object itself, now forwarding to the instance, plus `createEncore`,
 * `EncoreConfigError` and `VERSION`.
 */
import { createEncore } from './core/client';
import { EncoreConfigError } from './core/errors';
import { VERSION } from './version';
import { createGlobal, configFromScript } from './snippet/index';

export default Object.assign(createGlobal((globalThis as any).encore, createEncore, configFromScript(document.currentScript)), {
  createEncore,
  EncoreConfigError,
  VERSION,
});
