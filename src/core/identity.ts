/**
 * Who and which visit: anonymous id, user id and traits, and the session (renewed after 30 minutes
 * without activity or on a new campaign), kept together in one first-party localStorage entry per
 * instance namespace. Nothing is written unless `persist()` says so (analytics consent).
 */
import type { Properties } from '../types';
import { uuid } from '../lib/uuid';
import { readLocal, removeLocal, writeLocal } from '../lib/storage';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** Session activity is written at most this often; other tabs re-read it before renewing. */
const TOUCH_EVERY_MS = 5000;

interface Stored {
  /** anonymous id */
  a: string;
  /** user id */
  u: string | null;
  /** traits */
  t: Properties;
  /** session id, last activity, campaign key */
  s?: string;
  l?: number;
  c?: string;
}

export function createIdentity(ns: string, persist: () => boolean) {
  const key = `encore:${ns}`;
  const fresh = (): Stored => ({ a: uuid(), u: null, t: {} });
  const load = () => {
    const v = readLocal<Stored>(key);
    return typeof v?.a == 'string' ? v : undefined;
  };
  let id = load() ?? fresh();
  let written = 0;
  const save = (now = Date.now()) => {
    written = now;
    if (persist()) writeLocal(key, id);
  };

  return {
    get anonymousId() {
      return id.a;
    },
    get userId() {
      return id.u;
    },
    get traits() {
      return id.t;
    },
    /** Persists what was kept in memory while consent was pending. */
    persistNow: () => save(),
    identify(userId: string | null, traits: Properties | undefined) {
      if (userId === null) id.t = {};
      id.u = userId;
      id.t = { ...id.t, ...traits };
      save();
    },
    reset() {
      id = fresh();
      save();
    },
    /** Forget everything stored (consent denied). */
    forget() {
      removeLocal(key);
      id = fresh();
    },
    /** The session id for an event happening at `now`; `campaign` is the key of the page's utm_* set, if any. */
    sessionId(now: number, campaign?: string): string {
      // Another tab may have kept the session alive.
      if (!id.s || now - id.l! > SESSION_IDLE_MS) {
        const other = load();
        if (other?.a == id.a && other.s && now - other.l! <= SESSION_IDLE_MS) id = other;
      }
      if (!id.s || now - id.l! > SESSION_IDLE_MS || (campaign !== undefined && id.c !== campaign)) {
        id.s = uuid();
        id.l = now;
        id.c = campaign ?? id.c;
        save(now);
      } else if (now > id.l!) {
        // Replayed calls carry an earlier time: never move activity backwards.
        id.l = now;
        if (now - written > TOUCH_EVERY_MS) save(now);
      }
      return id.s;
    },
  };
}
export type Identity = ReturnType<typeof createIdentity>;
