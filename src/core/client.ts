import type { Encore, EncoreConfigInput } from '../types';
/** Creates an Encore instance. (Being written: see issue 2.) */
export function createEncore(_config: EncoreConfigInput): Encore {
  throw new Error('not yet');
}
