/**
 * What the snippet and the library share. The snippet records each call as an entry
 * `[method, args, callTimeMs, messageId, page, target, result, handledFlag]`; the library replays them.
 */
import type { EventContext } from '../types';

/** localStorage key where the snippet keeps data calls buffered when the page is left before load. */
export const BUFFER_KEY = 'encore:buffer';
/** Most entries kept there (oldest dropped first), so a page that never loads the library cannot fill storage. */
export const BUFFER_MAX = 200;

/** Methods of the global `encore` (snippet stubs and library alike). */
export const METHODS = 'init track page identify reset consent flush attachVideo segments use on off shutdown'.split(' ');

/** One recorded call. Index layout is shared with `snippet.ts` (it is written positionally for size). */
export type Entry = [
  method: string,
  args: unknown[],
  time: number,
  messageId: string,
  page: EventContext['page'],
  /** The object the method was called on (the stub, or a video handle stub). */
  target?: unknown,
  /** `attachVideo`: the handle stub returned; `flush`/`shutdown`: the promise's resolve function. */
  result?: unknown,
  /** 1 once the entry was kept for the next page: the library must not replay it from memory. */
  handled?: number,
];
