import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Outbox, backoff, type Item, type Outcome } from './outbox';

let n = 0;
const fresh = () => new Outbox(`test-${++n}`);

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
    const first = new Outbox(name);
    await first.add('op', 'a', { x: 1 }, 'a');
    // The app closes while sending: the send never finishes.
    const hang = first.sync(() => new Promise<Outcome>(() => {}));
    await new Promise((r) => setTimeout(r, 20));
    expect(((await first.get('a')) as Item).state).toBe('sending');
    void hang;
    // The app opens again.
    const second = new Outbox(name);
    const ids: string[] = [];
    await second.sync(async (it) => {
      ids.push(it.id);
      return { ok: true };
    });
    expect(ids).toEqual(['a']);
    expect(await second.list()).toHaveLength(1);
    expect(((await second.get('a')) as Item).state).toBe('synced');
  });

  it('runs one sync at a time', async () => {
    const o = fresh();
    await o.add('op', 'a', {}, 'a');
    let calls = 0;
    const send = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return { ok: true } as Outcome;
    };
    await Promise.all([o.sync(send), o.sync(send), o.sync(send)]);
    expect(calls).toBe(1);
  });
});
