/// <reference types="mocha" />
// Issue 7 item 5: the live list is fetched again once it is a day old (also within one long session),
// a fetch started before a reset or a new key never wins, and the day watch re-judges at UTC midnight.
import * as assert from 'assert';
import { refreshDue, REFRESH_RETRY_AFTER_FAILURE_MS, serializeCatalogCache, type CatalogCacheEntry } from '../../src/models/catalogCache';
import { DayWatch, dayCheckIntervalMs, type DayClock } from '../../src/models/dayWatch';
import { judgementDay, msUntilNextUtcDay } from '../../src/models/days';
import { LiveCatalog, type LiveCatalogDeps } from '../../src/models/liveCatalog';
import type { LiveModel } from '../../src/models/types';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const FETCHED = Date.parse('2026-11-22T10:00:00Z');
const API = 'https://api.anthropic.com';
const OTHER_API = 'http://127.0.0.1:9999';

const entryAt = (fetchedAt: number, baseURL = API, models: LiveModel[] = [{ id: 'claude-opus-5', lifecycle: 'active' }]): CatalogCacheEntry => ({
  fetchedAt: new Date(fetchedAt).toISOString(),
  baseURL,
  models,
});

describe('models: when the live list is fetched again (refreshDue)', () => {
  it('is not due while the cached list for this endpoint is younger than a day', () => {
    assert.strictEqual(refreshDue(entryAt(FETCHED), API, FETCHED + 23 * HOUR, undefined), false);
  });

  it('is due once the cached list is older than 24 hours, whatever happened earlier in the session', () => {
    assert.strictEqual(refreshDue(entryAt(FETCHED), API, FETCHED + DAY + 1, undefined), true);
  });

  it('is due with no list, or another endpoint\'s list', () => {
    assert.strictEqual(refreshDue(undefined, API, FETCHED, undefined), true);
    assert.strictEqual(refreshDue(entryAt(FETCHED, OTHER_API), API, FETCHED + HOUR, undefined), true);
  });

  it('waits an hour after a failed attempt (no key, network down) before trying again by itself', () => {
    const failed = FETCHED + 2 * DAY;
    assert.strictEqual(refreshDue(entryAt(FETCHED), API, failed + 1000, failed), false);
    assert.strictEqual(refreshDue(entryAt(FETCHED), API, failed + REFRESH_RETRY_AFTER_FAILURE_MS, failed), true);
  });
});

/** A promise and its resolve/reject, to finish a fake fetch when the test says so. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ([resolve, reject] = [res, rej]));
  return { promise, resolve, reject };
}

interface Harness {
  live: LiveCatalog;
  fetches: Array<{ apiKey: string; baseURL: string; result: ReturnType<typeof deferred<LiveModel[]>> }>;
  stored: { value: unknown };
  state: { now: number; key: string | undefined; baseURL: string; changes: number };
}

function harness(stored?: CatalogCacheEntry, now = FETCHED): Harness {
  const state = { now, key: 'sk-test-first' as string | undefined, baseURL: API, changes: 0 };
  const store = { value: stored && serializeCatalogCache(stored) as unknown };
  const fetches: Harness['fetches'] = [];
  const deps: LiveCatalogDeps = {
    readStored: () => store.value,
    writeStored: async (serialized) => {
      store.value = serialized;
    },
    resolveKey: async () => state.key,
    baseURL: () => state.baseURL,
    fetchModels: (apiKey, baseURL) => {
      const result = deferred<LiveModel[]>();
      fetches.push({ apiKey, baseURL, result });
      return result.promise;
    },
    now: () => state.now,
    log: { info: () => undefined, warn: () => undefined },
    changed: () => state.changes++,
  };
  return { live: new LiveCatalog(deps), fetches, stored: store, state };
}

/** Lets the awaits inside a fetch run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const liveIds = (live: LiveCatalog): string[] => live.current().models().filter((m) => m.displayName?.startsWith('from ')).map((m) => m.displayName!);

describe('models: LiveCatalog (the logic behind CatalogService)', () => {
  it('fetches again in a long session once the list it fetched is a day old, and not before', async () => {
    const { live, fetches, state } = harness();
    void live.refreshIfDue();
    await settle();
    assert.strictEqual(fetches.length, 1, 'the first model ID of the session fetches');
    fetches[0].result.resolve([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from day 1' }]);
    await settle();
    state.now += 12 * HOUR;
    assert.strictEqual(live.refreshIfDue(), undefined, 'half a day later the list is fresh');
    state.now += 12 * HOUR + 1000;
    void live.refreshIfDue();
    await settle();
    assert.strictEqual(fetches.length, 2, 'a day later, in the same session, it fetches again');
    fetches[1].result.resolve([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from day 2' }]);
    await settle();
    assert.deepStrictEqual(liveIds(live), ['from day 2']);
    assert.strictEqual(live.current().source.asOf, '2026-11-23');
  });

  it('uses a fresh cached list from an earlier session without a request, and refetches a stale one', async () => {
    const fresh = harness(entryAt(FETCHED - HOUR));
    assert.strictEqual(fresh.live.current().source.source, 'live');
    assert.strictEqual(fresh.live.refreshIfDue(), undefined);
    const stale = harness(entryAt(FETCHED - DAY - HOUR));
    assert.strictEqual(stale.live.current().source.source, 'bundled');
    void stale.live.refreshIfDue();
    await settle();
    assert.strictEqual(stale.fetches.length, 1);
  });

  it('takes a list another window stored meanwhile instead of fetching', async () => {
    const { live, fetches, stored, state } = harness(entryAt(FETCHED - HOUR));
    state.now = FETCHED + DAY; // our list is a day old
    stored.value = serializeCatalogCache(entryAt(FETCHED + DAY - HOUR, API, [{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from another window' }]));
    assert.strictEqual(live.refreshIfDue(), undefined);
    await settle();
    assert.strictEqual(fetches.length, 0);
    assert.deepStrictEqual(liveIds(live), ['from another window']);
    assert.strictEqual(state.changes, 1, 'the new list is announced');
  });

  it('drops a fetch started before a reset (endpoint change) that answers after the new one', async () => {
    const { live, fetches, state, stored } = harness();
    const first = live.refresh();
    await settle();
    state.baseURL = OTHER_API;
    live.reset();
    const second = live.refresh();
    await settle();
    assert.strictEqual(fetches.length, 2, 'the reset does not wait for the old fetch');
    fetches[1].result.resolve([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from the new endpoint' }]);
    assert.deepStrictEqual(await second, { ok: true, count: 1 });
    fetches[0].result.resolve([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from the old endpoint' }]);
    const outcome = await first;
    assert.strictEqual(outcome.ok, false, 'the overtaken fetch says it was not applied');
    assert.deepStrictEqual(liveIds(live), ['from the new endpoint']);
    assert.match(String(stored.value), /from the new endpoint/);
    assert.match(String(stored.value), /127\.0\.0\.1:9999/);
  });

  it('a forced refresh with a new key overtakes the fetch still running with the old key', async () => {
    const { live, fetches, state } = harness();
    const old = live.refresh();
    await settle();
    state.key = 'sk-test-second';
    const renewed = live.refresh(true);
    await settle();
    assert.deepStrictEqual(fetches.map((f) => f.apiKey), ['sk-test-first', 'sk-test-second']);
    fetches[0].result.resolve([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from the old key' }]);
    assert.strictEqual((await old).ok, false);
    assert.deepStrictEqual(liveIds(live), [], 'the old key\'s list is not applied');
    fetches[1].result.resolve([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'from the new key' }]);
    assert.strictEqual((await renewed).ok, true);
    assert.deepStrictEqual(liveIds(live), ['from the new key']);
  });

  it('a failure of the overtaken fetch is not logged as the current one, nor delays the next try', async () => {
    const { live, fetches, state } = harness();
    const old = live.refresh();
    await settle();
    live.reset();
    fetches[0].result.reject(new Error('socket hang up'));
    assert.strictEqual((await old).ok, false);
    state.now += 1000;
    void live.refreshIfDue();
    await settle();
    assert.strictEqual(fetches.length, 2, 'the next analysis may fetch at once');
  });
});

/** A clock whose time and timers the test moves by hand. */
class FakeClock implements DayClock {
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  today(): string {
    return judgementDay({}, this.time);
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time on, running due timers in order (a timer set by a timer runs too if it is due). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
  }
  /** Jumps time on without running timers (the machine slept), then lets the next timer fire. */
  sleep(ms: number): void {
    this.time += ms;
  }
  pending(): number {
    return this.timers.size;
  }
}

describe('models: DayWatch (re-judging when the UTC day changes)', () => {
  const evening = Date.parse('2026-11-28T23:59:00Z');

  it('fires once just after UTC midnight with the new day, and not during the day', () => {
    const clock = new FakeClock(evening);
    const days: string[] = [];
    const watch = new DayWatch(clock, (day) => days.push(day));
    clock.advance(59 * 1000);
    assert.deepStrictEqual(days, [], 'not before midnight');
    clock.advance(2 * 1000);
    assert.deepStrictEqual(days, ['2026-11-29']);
    clock.advance(20 * HOUR);
    assert.deepStrictEqual(days, ['2026-11-29'], 'checks during the day change nothing');
    clock.advance(4 * HOUR);
    assert.deepStrictEqual(days, ['2026-11-29', '2026-11-30']);
    watch.dispose();
    assert.strictEqual(clock.pending(), 0, 'dispose clears its timer');
  });

  it('notices a day that changed while the machine slept within one check interval', () => {
    const clock = new FakeClock(Date.parse('2026-11-28T12:00:00Z'));
    const days: string[] = [];
    const watch = new DayWatch(clock, (day) => days.push(day));
    clock.sleep(30 * HOUR); // timers did not run
    clock.advance(dayCheckIntervalMs);
    assert.deepStrictEqual(days, ['2026-11-29']);
    watch.dispose();
  });

  it('ticks on every timed check, so hourly work (the list\'s daily refetch) runs in an idle session', () => {
    const clock = new FakeClock(Date.parse('2026-11-28T12:00:00Z'));
    let ticks = 0;
    const watch = new DayWatch(clock, () => undefined, () => ticks++);
    clock.advance(HOUR);
    assert.strictEqual(ticks, HOUR / dayCheckIntervalMs);
    watch.dispose();
  });

  it('keeps watching when a listener throws', () => {
    const clock = new FakeClock(evening);
    let calls = 0;
    const watch = new DayWatch(clock, () => {
      calls++;
      if (calls === 1) throw new Error('listener failed');
    });
    assert.throws(() => clock.advance(2 * 60 * 1000), /listener failed/);
    clock.advance(DAY);
    assert.strictEqual(calls, 2);
    watch.dispose();
  });

  it('reads CLAUDE_HEALTH_TODAY before the clock, and counts to the next UTC midnight', () => {
    assert.strictEqual(judgementDay({ CLAUDE_HEALTH_TODAY: '2026-11-29' }, evening), '2026-11-29');
    assert.strictEqual(judgementDay({ CLAUDE_HEALTH_TODAY: '2026-02-30' }, evening), '2026-11-28', 'not a real day: the clock decides');
    assert.strictEqual(msUntilNextUtcDay(evening), 60 * 1000);
    assert.strictEqual(msUntilNextUtcDay(Date.parse('2026-11-29T00:00:00Z')), DAY);
  });
});
