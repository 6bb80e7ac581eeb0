/**
 * Who and which visit: anonymous id, user id and traits (first-party localStorage, per instance
 * namespace), and the session, renewed after 30 minutes without activity or on a new campaign.
 */
import type { Properties } from '../types';
import { uuid } from '../lib/uuid';
import { readLocal, removeLocal, writeLocal } from '../lib/storage';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** Session activity is written at most this often; other tabs re-read it before renewing. */
const TOUCH_EVERY_MS = 5000;

interface StoredIdentity {
  anonymousId: string;
  userId: string | null;
  traits: Properties;
}
interface StoredSession {
  id: string;
  last: number;
  campaign?: string;
}

export function createIdentity(ns: string, persist: () => boolean) {
  const idKey = `encore:${ns}:id`;
  const sessionKey = `encore:${ns}:session`;
  let id: StoredIdentity = readLocal<StoredIdentity>(idKey) ?? { anonymousId: uuid(), userId: null, traits: {} };
  if (typeof id.anonymousId !== 'string') id = { anonymousId: uuid(), userId: null, traits: {} };
  let session: StoredSession | undefined = readLocal<StoredSession>(sessionKey);
  let written = 0;

  const save = () => {
    if (persist()) writeLocal(idKey, id);
  };
  const saveSession = (now: number) => {
    written = now;
    if (persist()) writeLocal(sessionKey, session);
  };

  return {
    get anonymousId() {
      return id.anonymousId;
    },
    get userId() {
      return id.userId;
    },
    get traits() {
      return id.traits;
    },
    /** Persists what was kept in memory while consent was pending. */
    persistNow() {
      save();
      if (session) saveSession(Date.now());
    },
    identify(userId: string | null, traits: Properties | undefined) {
      if (userId !== undefined) id.userId = userId;
      if (traits) id.traits = { ...id.traits, ...traits };
      if (userId === null) id.traits = traits ? { ...traits } : {};
      save();
    },
    reset() {
      id = { anonymousId: uuid(), userId: null, traits: {} };
      session = undefined;
      save();
      removeLocal(sessionKey);
    },
    /** Forget everything stored (consent denied). */
    forget() {
      removeLocal(idKey);
      removeLocal(sessionKey);
      id = { anonymousId: uuid(), userId: null, traits: {} };
      session = undefined;
    },
    /** The session id for an event happening now; `campaign` is the key of the page's utm_* set, if any. */
    sessionId(now: number, campaign?: string): string {
      if (!session || now - session.last > SESSION_IDLE_MS) {
        // Another tab may have kept the session alive.
        const stored = readLocal<StoredSession>(sessionKey);
        if (stored && typeof stored.id === 'string' && now - stored.last <= SESSION_IDLE_MS) session = stored;
      }
      const expired = !session || now - session.last > SESSION_IDLE_MS;
      const newCampaign = campaign !== undefined && session?.campaign !== campaign;
      if (expired || newCampaign) {
        session = { id: uuid(), last: now, campaign: campaign ?? session?.campaign };
        saveSession(now);
      } else {
        // Replayed calls carry an earlier time: never move activity backwards.
        if (now > session!.last) session!.last = now;
        if (now - written > TOUCH_EVERY_MS) saveSession(now);
      }
      return session!.id;
    },
  };
}
export type Identity = ReturnType<typeof createIdentity>;
