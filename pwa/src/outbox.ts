// The outbox: every write the app makes goes here first, in IndexedDB, with the id the
// server will store it under. Items are sent when the network returns, when the app
// opens, and on Background Sync; a failed send waits longer each time. Because the
// server keeps one record per client id, sending an item twice (the app closed mid-send,
// the phone restarted) never makes two records.
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
}

/** What sending one item can answer. */
export type Outcome =
  | { ok: true }
  | { ok: false; retry: true; message: string } // network, server busy: try again later
  | { ok: false; retry: false; message: string }; // refused: the user must change something

export type Sender = (item: Item) => Promise<Outcome>;

const DB = 'handinhand';
const STORE = 'outbox';

export class Outbox {
  private db: Promise<IDBPDatabase>;
  private running: Promise<void> | null = null;
  private listeners = new Set<() => void>();
  now: () => number = () => Date.now();

  constructor(name = DB) {
    this.db = openDB(name, 1, {
      upgrade(db) {
        const s = db.createObjectStore(STORE, { keyPath: 'id' });
        s.createIndex('createdAt', 'createdAt');
      },
    });
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed() {
    for (const fn of this.listeners) fn();
  }

  /** Queues a write. Queuing the same id again keeps the first (it is the same record). */
  async add(op: string, id: string, input: Record<string, unknown>, label: string, blob?: Blob): Promise<Item> {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    const existing = (await tx.store.get(id)) as Item | undefined;
    if (existing) {
      await tx.done;
      return existing;
    }
    const item: Item = { id, op, input, label, blob, state: 'queued', attempts: 0, nextAt: 0, createdAt: this.now() };
    await tx.store.put(item);
    await tx.done;
    this.changed();
    return item;
  }

  async list(): Promise<Item[]> {
    const db = await this.db;
    const all = (await db.getAllFromIndex(STORE, 'createdAt')) as Item[];
    return all.reverse();
  }

  async get(id: string): Promise<Item | undefined> {
    return (await (await this.db).get(STORE, id)) as Item | undefined;
  }

  private async put(item: Item) {
    await (await this.db).put(STORE, item);
    this.changed();
  }

  /** Sends every item that is due, one at a time, in the order they were made. */
  sync(send: Sender): Promise<void> {
    if (!this.running) {
      this.running = this.drain(send).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async drain(send: Sender) {
    const items = (await this.list()).reverse();
    for (const it of items) {
      // An item left "sending" was interrupted (the app closed): send it again; the
      // server's idempotency makes that safe.
      if (it.state === 'synced' || (it.state === 'failed' && it.nextAt === Infinity)) continue;
      // Waiting out a back-off: later items wait too, so records arrive in the order they
      // were made (a photo never before its lesson).
      if (it.nextAt > this.now()) break;
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
      } else {
        it.state = out.retry ? 'queued' : 'failed';
        it.error = out.message;
        it.nextAt = out.retry ? this.now() + backoff(it.attempts) : Infinity;
        await this.put(it);
        if (out.retry) break; // the network is down: the rest would fail too
        continue;
      }
      await this.put(it);
    }
  }

  /** Makes a failed item try again now (after the user fixed what was wrong). */
  async retry(id: string) {
    const it = await this.get(id);
    if (it && it.state !== 'synced') {
      it.state = 'queued';
      it.nextAt = 0;
      await this.put(it);
    }
  }

  async pending(): Promise<number> {
    return (await this.list()).filter((i) => i.state !== 'synced').length;
  }
}

/** Waits 2 s, 4 s, 8 s … up to 5 minutes between attempts. */
export function backoff(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.min(attempts, 9));
}
