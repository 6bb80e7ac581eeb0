/**
 * What a dataLayer entry says, in one shape. Entries come in two forms:
 * - objects, as GTM setups push them: `{ event: 'purchase', ecommerce: { ... } }`;
 * - `arguments` objects, as `gtag()` pushes them: `gtag('event', 'purchase', { ... })` and
 *   `gtag('consent', 'update', { ... })` (arrays with the same layout are read the same way).
 * Pure: no globals, so unit tests cover every form.
 */

export type Command =
  | { kind: 'event'; name: string; params: Record<string, unknown> | undefined }
  | { kind: 'consent'; action: 'default' | 'update'; params: Record<string, unknown> }
  /** Something GTM understands that Encore does not read (`gtm.js`, `config`, `{ ecommerce: null }`, ...). */
  | { kind: 'other' }
  /** Not a valid entry: reported, never acted on. */
  | { kind: 'malformed'; reason: string };

export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export const isArgumentsLike = (v: unknown): v is ArrayLike<unknown> =>
  Array.isArray(v) || Object.prototype.toString.call(v) === '[object Arguments]';

/** Reads one dataLayer entry. Never throws, even for getters that throw. */
export function readEntry(entry: unknown): Command {
  try {
    if (isArgumentsLike(entry)) return readGtagCall(entry);
    if (!isRecord(entry)) return { kind: 'malformed', reason: `entry is ${entry === null ? 'null' : typeof entry}, not an object` };
    const name = entry.event;
    if (name === undefined) return { kind: 'other' };
    if (typeof name !== 'string' || !name) return { kind: 'malformed', reason: 'event is not a non-empty string' };
    const ecommerce = entry.ecommerce;
    if (ecommerce !== undefined && ecommerce !== null && !isRecord(ecommerce)) return { kind: 'malformed', reason: `${name}: ecommerce is not an object` };
    return { kind: 'event', name, params: ecommerce ?? undefined };
  } catch (e) {
    return { kind: 'malformed', reason: `entry could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
}

function readGtagCall(args: ArrayLike<unknown>): Command {
  const [command, first, params] = [args[0], args[1], args[2]];
  if (command === 'event') {
    if (typeof first !== 'string' || !first) return { kind: 'malformed', reason: "gtag('event'): the event name is not a string" };
    if (params !== undefined && !isRecord(params)) return { kind: 'malformed', reason: `gtag('event', '${first}'): parameters are not an object` };
    return { kind: 'event', name: first, params };
  }
  if (command === 'consent') return readConsentCall(args);
  return { kind: 'other' };
}

/**
 * Reads `gtag('consent', action, params)` (args[0] is 'consent'). Exported on its own so the
 * Consent Mode chunk, which reads nothing else, does not carry the event parsing above.
 */
export function readConsentCall(args: ArrayLike<unknown>): Command {
  const [action, params] = [args[1], args[2]];
  if (action !== 'default' && action !== 'update') return { kind: 'malformed', reason: `gtag('consent'): unknown action ${String(action).slice(0, 40)}` };
  if (!isRecord(params)) return { kind: 'malformed', reason: `gtag('consent', '${action}'): parameters are not an object` };
  return { kind: 'consent', action, params };
}
