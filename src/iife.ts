/**
 * Entry of the script-tag builds (`dist/encore.iife.js` with its lazy chunks, `dist/encore.full.iife.js`
 * with everything inlined): defines the global `encore`. The snippet stub is read here, at evaluation
 * time, and its calls are replayed before the stub is replaced. The global is the snippet's stub object
 * itself, now forwarding to the instance, plus `createEncore`, `EncoreConfigError` and `VERSION`.
 */
import { createEncore } from './core/client';
import { EncoreConfigError } from './core/errors';
import { VERSION } from './version';
import { createGlobal, configFromScript } from './snippet/index';

(globalThis as any).encore = Object.assign(createGlobal((globalThis as any).encore, createEncore, configFromScript(document.currentScript)), {
  createEncore,
  EncoreConfigError,
  VERSION,
});
