/**
 * How the survey reaches the Encore client: consent state, tracking, notifications and the error
 * channel. Instances from `createEncore` carry them; the script-tag global does not, so they are
 * obtained the sanctioned way, as a plugin's `setup(api)` (which the global replays once it has loaded).
 */
import type { Encore, EncoreApi } from '../../types';

/** The client members the survey uses. */
export type SurveyApi = Pick<EncoreApi, 'track' | 'consentState' | 'report' | 'on' | 'off'>;

/** Calls `ready(api)` once the client's API is known. Returns a function that cancels the wait. */
export function connect(encore: Encore, ready: (api: SurveyApi) => void, onError: (e: unknown) => void): () => void {
  let live = true;
  const done = (api: SurveyApi) => {
    if (!live) return;
    live = false;
    try {
      ready(api);
    } catch (e) {
      onError(e);
    }
  };
  const full = encore as Partial<EncoreApi>;
  if (typeof full.consentState == 'function' && typeof full.report == 'function') queueMicrotask(() => done(full as SurveyApi));
  else {
    try {
      encore.use({ name: 'encore-survey', type: 'feature', setup: (api) => done(api) });
    } catch (e) {
      onError(e);
    }
  }
  return () => {
    live = false;
  };
}

/** The innermost focused element, through open shadow roots. */
export function activeElement(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
