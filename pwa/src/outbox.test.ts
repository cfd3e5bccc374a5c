import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Outbox, backoff, type Item, type Outcome } from './outbox';

let n = 0;
const teacher = { id: 'u-teacher', name: '王老师' };
const partner = { id: 'u-partner', name: '李园长' };
function fresh(name = `test-${++n}`): Outbox {
  const o = new Outbox(name);
  o.user = teacher;
  return o;
}

describe('outbox', () => {
  it('keeps one item per client id', async () => {
    const o = fresh();
    await o.add('logTeachingSession', 'a', { hours: 2 }, 'lesson');
    await o.add('logTeachingSession', 'a', { hours: 3 }, 'lesson again');
    const items = await o.list();
    expect(items).toHaveLength(1);
    expect(items[0].input).toEqual({ hours: 2 });
    expect(items[0].state).toBe('queued');
  });

  it('sends in order and marks items synced', async () => {
    const o = fresh();
    for (const id of ['a', 'b', 'c']) await o.add('op', id, {}, id);
    const sent: string[] = [];
    await o.sync(async (it) => {
      sent.push(it.id);
      return { ok: true };
    });
    expect(sent).toEqual(['a', 'b', 'c']);
    expect((await o.list()).map((i) => i.state)).toEqual(['synced', 'synced', 'synced']);
    expect(await o.pending()).toBe(0);
    // Nothing is sent twice.
    await o.sync(async (it) => {
      sent.push(it.id);
      return { ok: true };
    });
    expect(sent).toHaveLength(3);
  });

  it('backs off while the network is down, then sends', async () => {
    const o = fresh();
    let clock = 1_000_000;
    o.now = () => clock;
    await o.add('op', 'a', {}, 'a');
    await o.add('op', 'b', {}, 'b');
    const down: Outcome = { ok: false, retry: true, message: 'offline' };
    let calls = 0;
    await o.sync(async () => {
      calls++;
      return down;
    });
    // The first failure stops the round: the rest would fail too.
    expect(calls).toBe(1);
    let a = (await o.get('a')) as Item;
    expect(a.state).toBe('queued');
    expect(a.error).toBe('offline');
    expect(a.nextAt).toBe(clock + backoff(1));
    // Not due yet: nothing sent.
    await o.sync(async () => {
      calls++;
      return { ok: true };
    });
    expect(calls).toBe(1);
    clock += backoff(1);
    await o.sync(async () => {
      calls++;
      return { ok: true };
    });
    a = (await o.get('a')) as Item;
    expect(a.state).toBe('synced');
    expect(a.attempts).toBe(2);
    expect(((await o.get('b')) as Item).state).toBe('synced');
  });

  it('keeps a refused item as failed with its reason until the user retries', async () => {
    const o = fresh();
    await o.add('op', 'a', {}, 'a');
    await o.sync(async () => ({ ok: false, retry: false, message: '填写有误：input.hours' }));
    let a = (await o.get('a')) as Item;
    expect(a.state).toBe('failed');
    expect(a.error).toContain('input.hours');
    let calls = 0;
    await o.sync(async () => {
      calls++;
      return { ok: true };
    });
    expect(calls).toBe(0);
    await o.retry('a');
    await o.sync(async () => {
      calls++;
      return { ok: true };
    });
    a = (await o.get('a')) as Item;
    expect(calls).toBe(1);
    expect(a.state).toBe('synced');
  });

  it('sends again an item a closed app left sending, under the same id', async () => {
    const name = `test-${++n}`;
    const first = fresh(name);
    await first.add('op', 'a', { x: 1 }, 'a');
    // The app closes while sending: the send never finishes.
    const hang = first.sync(() => new Promise<Outcome>(() => {}));
    await new Promise((r) => setTimeout(r, 20));
    expect(((await first.get('a')) as Item).state).toBe('sending');
    void hang;
    // The app opens again.
    const second = fresh(name);
    const ids: string[] = [];
    await second.sync(async (it) => {
      ids.push(it.id);
      return { ok: true };
    });
    expect(ids).toEqual(['a']);
    expect(await second.list()).toHaveLength(1);
    expect(((await second.get('a')) as Item).state).toBe('synced');
  });

  it('runs one pass at a time, and a pass asked for meanwhile follows it', async () => {
    const o = fresh();
    await o.add('op', 'a', {}, 'a');
    let calls = 0;
    const send = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return { ok: true } as Outcome;
    };
    const first = o.sync(send);
    await o.add('op', 'b', {}, 'b'); // made while the first pass runs
    await Promise.all([first, o.sync(send), o.sync(send)]);
    expect(calls).toBe(2);
    expect(await o.pending()).toBe(0);
  });

  it("sends only the signed-in user's items; another user's wait for them", async () => {
    const name = `test-${++n}`;
    const o = fresh(name);
    await o.add('logTeachingSession', 'mine', {}, 'lesson');
    o.user = partner; // the teacher signed out, the partner admin signed in
    await o.add('confirmTeachingSession', 'theirs', {}, 'confirm');
    const sent: string[] = [];
    const send = async (it: Item) => {
      sent.push(`${it.id} as ${it.owner}`);
      return { ok: true } as Outcome;
    };
    await o.sync(send);
    expect(sent).toEqual(['theirs as u-partner']);
    expect((await o.list(partner.id)).map((i) => i.id)).toEqual(['theirs']);
    expect(await o.othersWaiting(partner.id)).toEqual(new Map([['王老师', 1]]));
    expect(await o.waiting(teacher.id)).toMatchObject({ records: 1, photos: 0 });
    o.user = teacher; // back again
    await o.sync(send);
    expect(sent).toEqual(['theirs as u-partner', 'mine as u-teacher']);
  });

  it('sends a photo after its record, photos two at a time, and counts what waits', async () => {
    const o = fresh();
    await o.add('logTeachingSession', 'lesson', { in: {} }, 'lesson');
    for (const p of ['p1', 'p2', 'p3']) await o.add('photo', p, { subjectId: 'lesson' }, p, new Blob([new Uint8Array(1000)]), 'lesson');
    expect(await o.waiting(teacher.id)).toMatchObject({ records: 1, photos: 3 });
    expect((await o.waiting(teacher.id)).bytes).toBeGreaterThanOrEqual(3000);
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    await o.sync(async (it) => {
      log.push(it.id);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      return { ok: true };
    });
    expect(log[0]).toBe('lesson');
    expect(log.slice(1).sort()).toEqual(['p1', 'p2', 'p3']);
    expect(most).toBe(2);
    expect((await o.get('p1'))?.blob).toBeUndefined();
  });

  it('a pass asked for now (network back, the user asked) does not wait out the back-off', async () => {
    const o = fresh();
    await o.add('op', 'a', {}, 'a');
    for (let i = 0; i < 6; i++) {
      await o.sync(async () => ({ ok: false, retry: true, message: 'offline' }));
      (await o.retry('a'));
    }
    await o.sync(async () => ({ ok: false, retry: true, message: 'offline' }));
    expect(((await o.get('a')) as Item).nextAt).toBeGreaterThan(Date.now() + 60_000);
    let calls = 0;
    await o.sync(async () => {
      calls++;
      return { ok: true };
    });
    expect(calls).toBe(0); // still waiting
    await o.sync(async () => {
      calls++;
      return { ok: true };
    }, { now: true });
    expect(calls).toBe(1);
  });

  it('forgets uploaded records after a day, with their photos', async () => {
    const o = fresh();
    let clock = 1_000_000;
    o.now = () => clock;
    await o.add('logTeachingSession', 'old', {}, 'old');
    await o.add('photo', 'old-photo', {}, 'photo', new Blob([new Uint8Array(10)]), 'old');
    await o.sync(async () => ({ ok: true }));
    clock += 2 * 24 * 3600_000;
    await o.add('logTeachingSession', 'new', {}, 'new');
    await o.sync(async () => ({ ok: true }));
    await o.prune();
    expect((await o.list()).map((i) => i.id)).toEqual(['new']);
  });
});
