/** Script-tag support: the global `encore` that replays the snippet, and the no-code start config. */
export { createGlobal, type GlobalEncore } from './global';
export { configFromScript } from './script-config';
export { BUFFER_KEY, METHODS, type Entry } from './entry';
