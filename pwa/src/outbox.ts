// The outbox: every write the app makes goes here first, in IndexedDB, with the id the
// server will store it under and the user who made it. Items are sent when the network
// returns, when the app opens or comes to the front, when the user asks, and, with the
// app closed, by the service worker on Background Sync. Because the server keeps one
// record per client id, sending an item twice (the app closed mid-send, the phone
// restarted, a stalled upload abandoned) never makes two records.
//
// A phone may be shared: each item belongs to the user who made it, and only that user's
// passes send it. Another user signing in leaves it on the phone, waiting for its owner.
import { openDB, type IDBPDatabase } from 'idb';

export type State = 'queued' | 'sending' | 'synced' | 'failed';

export interface Item {
  id: string; // the record's client id
  op: string; // the GraphQL mutation, e.g. logTeachingSession
  input: Record<string, unknown>;
  blob?: Blob; // a photo's bytes, kept until it is uploaded
  label: string; // what the user sees in the list
  state: State;
  error?: string; // in the user's words, when failed
  attempts: number;
  nextAt: number; // not before (ms since epoch)
  createdAt: number;
  syncedAt?: number;
  owner: string; // the id of the user who made it ('' only for items of an old version)
  ownerName?: string; // their name, to say whose it is
  parent?: string; // a photo's record (its lesson), sent before it
  size: number; // bytes it sends
}

/** Who makes and sends the items. */
export interface User {
  id: string;
  name: string;
}

/** What sending one item can answer. */
export type Outcome =
  | { ok: true }
  | { ok: false; retry: true; message: string } // network, server busy: try again later
  | { ok: false; retry: false; message: string }; // refused: the user must change something

export type Sender = (item: Item) => Promise<Outcome>;

/** What is waiting on this phone for one user. */
export interface Waiting {
  records: number; // lessons, confirmations, plans … (not photos)
  photos: number;
  bytes: number;
}

const DB = 'handinhand';
const STORE = 'outbox';
/** The session, kept in IndexedDB too, so that the service worker can send the outbox. */
const SESSION = 'session';

/** Photos sent at once within a pass. */
export const PARALLEL_PHOTOS = 2;
/** How long an uploaded record stays in the list. */
export const KEEP_SYNCED_MS = 24 * 3600_000;

export interface Session {
  token: string;
  user: User;
}

export function openStore(name = DB): Promise<IDBPDatabase> {
  return openDB(name, 2, {
    upgrade(db, old, _new, tx) {
      if (old < 1) {
        const s = db.createObjectStore(STORE, { keyPath: 'id' });
        s.createIndex('createdAt', 'createdAt');
      }
      if (old < 2) {
        db.createObjectStore(SESSION);
        // Items of the first version carry no owner: they belong to whoever was signed
        // in when they were made, which the app kept as its cached user.
        let legacy = '';
        try {
          legacy = (JSON.parse(localStorage.getItem('cache:me') ?? 'null') as { id?: string } | null)?.id ?? '';
        } catch {
          /* no cached user */
        }
        const store = tx.objectStore(STORE);
        void store.openCursor().then(function fix(c): Promise<void> | undefined {
          if (!c) return;
          const it = c.value as Item;
          it.owner = legacy;
          it.size = it.blob?.size ?? JSON.stringify(it.input).length;
          if (it.op === 'photo') it.parent = String(it.input.subjectId ?? '');
          return c.update(it).then(() => c.continue()).then(fix);
        });
      }
    },
  });
}

export class Outbox {
  private db: Promise<IDBPDatabase>;
  private running: Promise<void> | null = null;
  private again = false;
  private listeners = new Set<() => void>();
  now: () => number = () => Date.now();
  /** The signed-in user: new items are theirs, and a pass sends only theirs. */
  user: User | null = null;

  constructor(name = DB) {
    this.db = openStore(name);
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed() {
    for (const fn of this.listeners) fn();
  }

  /** Queues a write. Queuing the same id again keeps the first (it is the same record). */
  async add(op: string, id: string, input: Record<string, unknown>, label: string, blob?: Blob, parent?: string): Promise<Item> {
    if (!this.user) throw new Error('nobody is signed in');
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    const existing = (await tx.store.get(id)) as Item | undefined;
    if (existing) {
      await tx.done;
      return existing;
    }
    const item: Item = {
      id, op, input, label, blob, parent, state: 'queued', attempts: 0, nextAt: 0, createdAt: this.now(),
      owner: this.user.id, ownerName: this.user.name, size: blob?.size ?? JSON.stringify(input).length,
    };
    await tx.store.put(item);
    await tx.done;
    this.changed();
    return item;
  }

  /** Every item on the phone, newest first; with owner, that user's only. */
  async list(owner?: string): Promise<Item[]> {
    const db = await this.db;
    const all = (await db.getAllFromIndex(STORE, 'createdAt')) as Item[];
    return all.filter((i) => owner === undefined || i.owner === owner).reverse();
  }

  async get(id: string): Promise<Item | undefined> {
    return (await (await this.db).get(STORE, id)) as Item | undefined;
  }

  private async put(item: Item) {
    await (await this.db).put(STORE, item);
    this.changed();
  }

  /**
   * Sends every item of the signed-in user that can go: in the order they were made, a
   * photo after its record, photos PARALLEL_PHOTOS at a time. With now, waits between
   * attempts are cut short (the network is back, the user asked). A pass asked for
   * while one runs follows it.
   */
  sync(send: Sender, opts: { now?: boolean } = {}): Promise<void> {
    if (opts.now) this.resetWaits = true;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const reset = this.resetWaits;
        this.resetWaits = false;
        await this.drain(send, reset);
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private resetWaits = false;

  private async drain(send: Sender, reset: boolean) {
    const owner = this.user?.id;
    if (owner === undefined) return;
    const items = (await this.list()).reverse().filter((i) => i.owner === owner || i.owner === '');
    const done = new Set(items.filter((i) => i.state === 'synced').map((i) => i.id));
    const inFlight = new Set<Promise<void>>();
    let stopped = false;
    const one = async (it: Item) => {
      it.state = 'sending';
      it.attempts++;
      await this.put(it);
      let out: Outcome;
      try {
        out = await send(it);
      } catch (e) {
        out = { ok: false, retry: true, message: String(e) };
      }
      if (out.ok) {
        it.state = 'synced';
        it.error = undefined;
        it.syncedAt = this.now();
        it.blob = undefined; // the photo is on the server now; free the phone's storage
        done.add(it.id);
      } else {
        it.state = out.retry ? 'queued' : 'failed';
        it.error = out.message;
        it.nextAt = out.retry ? this.now() + backoff(it.attempts) : Infinity;
        if (out.retry) stopped = true; // the network is down: the rest would fail too
      }
      await this.put(it);
    };
    for (const it of items) {
      if (stopped) break;
      // An item left "sending" was interrupted (the app closed, the upload stalled):
      // send it again; the server's idempotency makes that safe.
      if (it.state === 'synced' || (it.state === 'failed' && it.nextAt === Infinity)) continue;
      if (reset && it.state !== 'failed') it.nextAt = 0;
      // Waiting out a back-off: later items wait too, so records arrive in the order they
      // were made (a photo never before its lesson).
      if (it.nextAt > this.now()) break;
      if (it.op === 'photo') {
        // A photo goes once its record is on the server (or was never on this phone).
        if (it.parent && items.some((p) => p.id === it.parent) && !done.has(it.parent)) break;
        while (inFlight.size >= PARALLEL_PHOTOS) await Promise.race(inFlight);
        if (stopped) break;
        const p: Promise<void> = one(it).finally(() => inFlight.delete(p));
        inFlight.add(p);
        continue;
      }
      // A record waits for photos in flight only if it is theirs (it never is: photos
      // follow their record), so records go on beside them.
      await one(it);
    }
    await Promise.all(inFlight);
  }

  /** Makes a failed item (and the photos waiting behind it) try again now. */
  async retry(id: string) {
    const it = await this.get(id);
    if (it && it.state !== 'synced') {
      it.state = 'queued';
      it.nextAt = 0;
      await this.put(it);
    }
    for (const p of await this.list()) {
      if (p.parent === id && p.state === 'failed') {
        p.state = 'queued';
        p.nextAt = 0;
        await this.put(p);
      }
    }
  }

  /** What waits for owner: records, photos, and the bytes they send. */
  async waiting(owner: string): Promise<Waiting> {
    const w: Waiting = { records: 0, photos: 0, bytes: 0 };
    for (const i of await this.list(owner)) {
      if (i.state === 'synced') continue;
      if (i.op === 'photo') w.photos++;
      else w.records++;
      w.bytes += i.size ?? 0;
    }
    return w;
  }

  async pending(owner?: string): Promise<number> {
    return (await this.list(owner)).filter((i) => i.state !== 'synced').length;
  }

  /** Items of other users still waiting on this phone, by their name. */
  async othersWaiting(owner: string): Promise<Map<string, number>> {
    const m = new Map<string, number>();
    for (const i of await this.list()) {
      if (i.owner === owner || i.state === 'synced') continue;
      const who = i.ownerName || '?';
      m.set(who, (m.get(who) ?? 0) + 1);
    }
    return m;
  }

  /** Removes records uploaded more than KEEP_SYNCED_MS ago, with their photos. */
  async prune(): Promise<void> {
    const all = await this.list();
    const old = (i: Item) => i.state === 'synced' && (i.syncedAt ?? 0) < this.now() - KEEP_SYNCED_MS;
    const db = await this.db;
    let n = 0;
    for (const i of all) {
      const parent = i.parent ? all.find((p) => p.id === i.parent) : undefined;
      if (old(i) && (!parent || old(parent)) && !all.some((c) => c.parent === i.id && !old(c))) {
        await db.delete(STORE, i.id);
        n++;
      }
    }
    if (n) this.changed();
  }

  /** Keeps the session where the service worker can read it ("" forgets it). */
  async saveSession(s: Session | null) {
    const db = await this.db;
    if (s) await db.put(SESSION, s, 'current');
    else await db.delete(SESSION, 'current');
  }

  /** The phone's sync settings (pause, Wi-Fi only), for the app and the service worker. */
  async settings(): Promise<{ paused: boolean; wifiOnly: boolean }> {
    const v = (await (await this.db).get(SESSION, 'settings')) as { paused: boolean; wifiOnly: boolean } | undefined;
    return v ?? { paused: false, wifiOnly: false };
  }

  async saveSettings(s: { paused: boolean; wifiOnly: boolean }) {
    await (await this.db).put(SESSION, { paused: s.paused, wifiOnly: s.wifiOnly }, 'settings');
  }

  async session(): Promise<Session | null> {
    return ((await (await this.db).get(SESSION, 'current')) as Session | undefined) ?? null;
  }
}

/** Waits 2 s, 4 s, 8 s … up to 5 minutes between attempts. */
export function backoff(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.min(attempts, 9));
}

/** Starts sending the outbox when it should be sent: at once (now, cutting retry waits
 * short) when the network comes back, the connection changes or the app comes to the
 * front; when the service worker's background sync asks; and every 30 s while online.
 * network hears the network come and go. Returns what stops it. */
export function syncTriggers(sync: (now?: boolean) => void, network: (online: boolean) => void): () => void {
  const up = () => {
    network(true);
    sync(true);
  };
  const down = () => network(false);
  const front = () => document.visibilityState === 'visible' && sync(true);
  const changed = () => sync(true);
  const asked = (e: MessageEvent) => {
    if (e.data === 'sync-outbox') sync();
  };
  window.addEventListener('online', up);
  window.addEventListener('offline', down);
  document.addEventListener('visibilitychange', front);
  const conn = (navigator as Navigator & { connection?: EventTarget }).connection;
  conn?.addEventListener('change', changed);
  navigator.serviceWorker?.addEventListener('message', asked);
  const timer = setInterval(() => navigator.onLine && sync(), 30_000);
  return () => {
    window.removeEventListener('online', up);
    window.removeEventListener('offline', down);
    document.removeEventListener('visibilitychange', front);
    conn?.removeEventListener('change', changed);
    navigator.serviceWorker?.removeEventListener('message', asked);
    clearInterval(timer);
  };
}
