/**
 * Google Consent Mode v2 as Encore's consent source (`consent: 'gtag'`). Reads the `default` and
 * `update` consent commands from the dataLayer and maps them onto Encore's purposes:
 *   analytics       ← analytics_storage
 *   marketing       ← ad_storage and ad_user_data
 *   personalization ← personalization_storage when the page sets it, else ad_personalization
 * A type the page never set counts as denied. Until the first command consent stays pending. Loaded
 * by the core only when `consent: 'gtag'` is configured (a lazy chunk). Global Privacy Control is
 * applied by the core on top (marketing off whatever this says).
 */
import type { ConsentPurposes, EncoreApi, EncorePlugin } from '../types';
import { isArgumentsLike, readConsentCall } from './commands';
import { watchDataLayer, type DataLayerHook } from './hook';

type State = Record<string, 'granted' | 'denied'>;
const TYPES = ['analytics_storage', 'ad_storage', 'ad_user_data', 'ad_personalization', 'personalization_storage'];

/** Applies one consent command to the state. Region-scoped defaults may only deny (the visitor's region is unknown here). */
export function applyConsentCommand(state: State, action: 'default' | 'update', params: Record<string, unknown>): State {
  const next = { ...state };
  const regional = action === 'default' && params.region !== undefined;
  for (const type of TYPES) {
    const v = params[type];
    if (v !== 'granted' && v !== 'denied') continue;
    if (regional && v === 'granted') continue;
    if (action === 'default' && next[type] === 'denied') continue;
    next[type] = v;
  }
  return next;
}

/** Encore purposes from a Consent Mode state (the mapping above). */
export function consentFromGtag(state: State): ConsentPurposes {
  const on = (t: string) => state[t] === 'granted';
  return {
    analytics: on('analytics_storage'),
    marketing: on('ad_storage') && on('ad_user_data'),
    personalization: state.personalization_storage !== undefined ? on('personalization_storage') : on('ad_personalization'),
  };
}

/** The plugin the core loads for `consent: 'gtag'`. */
/* @__NO_SIDE_EFFECTS__ */
export function gtagConsentPlugin(name = 'dataLayer'): EncorePlugin {
  let hook: DataLayerHook | undefined;
  return {
    name: 'gtag-consent',
    type: 'feature',
    setup(api: EncoreApi) {
      let state: State = {};
      hook = watchDataLayer(name, (entry) => {
        // Only gtag('consent', ...) calls; other entries are the dataLayer bridge's business, if it runs.
        if (!isArgumentsLike(entry) || entry[0] !== 'consent') return;
        const cmd = readConsentCall(entry);
        if (cmd.kind !== 'consent') return;
        state = applyConsentCommand(state, cmd.action, cmd.params);
        api.consent(consentFromGtag(state));
      }, api.report);
    },
    teardown: () => hook?.detach(),
  };
}
