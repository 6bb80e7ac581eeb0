/**
 * Entry of `dist/encore.iife.js`, the split script-tag build: the global `encore` (src/iife.ts), plus
 * the auto-video scan exported so that Rollup keeps it in this file rather than in a chunk: a tracked
 * `<video>` starts capturing without waiting for a network round trip, so startup times stay exact.
 */
import '../iife';

export { autoVideo } from '../video/auto';
