/**
 * Messages between the tabs of one site on the BroadcastChannel `encore-<ns>`, as
 * `[type, payload]`. The type numbers are stable: tabs running different Encore versions (a deploy
 * while a shopper keeps a tab open) read each other's messages.
 */
import { storageName as channelName } from './idb';

/** A follower stored events: the leader should send (`true`: now, not after the flush interval). */
export const WAKE = 0;
/** The leader is sending these event ids: the others leave them out of their page-hide bodies. */
export const SENDING = 1;
/** These event ids are settled (sent or dropped): the others forget them. */
export const SETTLED = 2;
/** A follower's drop counts, to ride on the leader's next batch. */
export const DROPS = 3;
/** Consent was denied in another tab: stop and let the database go. */
export const DENIED = 4;

export { channelName };

export type TabMessage =
  | [type: typeof WAKE, now: boolean]
  | [type: typeof SENDING | typeof SETTLED, ids: string[]]
  | [type: typeof DROPS, counts: Record<string, number>]
  | [type: typeof DENIED];

/** Tells the other tabs that consent was denied, on a channel of its own (this tab's may be closed). */
export function announceDenied(ns: string): void {
  try {
    const c = new BroadcastChannel(channelName(ns));
    c.postMessage([DENIED] satisfies TabMessage);
    c.close();
  } catch {
    /* no BroadcastChannel: versionchange still closes their connections */
  }
}
