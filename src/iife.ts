// Script-tag build entry (global `encore`). Owned by the snippet work (issue 3).
export { createEncore } from './core/client';
export { EncoreConfigError } from './core/errors';
