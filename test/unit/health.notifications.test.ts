/// <reference types="mocha" />
// What gets a notification: per setting, once per episode, never for flapping.
import * as assert from 'assert';
import { formatDuration, NotificationPolicy, plainNotificationText, type HealthNotification, type NotificationSetting } from '../../src/health/notifications';
import type { HealthState, HealthStateKind } from '../../src/health/types';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;

/** Feeds `[minute, kind]` steps and returns what was notified, as `minute kind`. */
function run(setting: NotificationSetting, steps: Array<[number, HealthStateKind, Partial<HealthState>?]>): string[] {
  const policy = new NotificationPolicy(setting);
  const out: string[] = [];
  for (const [minute, kind, extra] of steps) {
    const note = policy.observe({ kind, reason: `${kind} reason`, since: T0, ...extra }, T0 + minute * MINUTE);
    if (note) out.push(`${minute} ${note.kind}`);
  }
  return out;
}

describe('health notifications: what each setting covers', () => {
  const journey: Array<[number, HealthStateKind]> = [
    [0, 'operational'],
    [1, 'outage'],
    [20, 'operational'],
    [60, 'keyProblem'],
    [70, 'operational'],
    [100, 'offline'],
    [110, 'operational'],
    [120, 'degraded'],
    [121, 'rateLimited'],
    [122, 'slow'],
  ];

  it('off: nothing', () => {
    assert.deepStrictEqual(run('off', journey), []);
  });

  it('outages: an outage and its recovery', () => {
    assert.deepStrictEqual(run('outages', journey), ['1 outage', '20 recovered']);
  });

  it('all: also a key problem and its recovery; never offline, degraded, rate limited or slow', () => {
    assert.deepStrictEqual(run('all', journey), ['1 outage', '20 recovered', '60 keyProblem', '70 recovered']);
  });
});

describe('health notifications: never repeated', () => {
  it('once per episode: an outage that stays, or passes through Degraded or Offline, or restarts at Unknown', () => {
    const steps: Array<[number, HealthStateKind]> = [
      [0, 'outage'],
      [1, 'outage'],
      [2, 'degraded'],
      [3, 'outage'],
      [4, 'offline'],
      [5, 'unknown'],
      [6, 'outage'],
      [30, 'operational'],
    ];
    assert.deepStrictEqual(run('outages', steps), ['0 outage', '30 recovered']);
  });

  it('flapping: an outage within 15 minutes of a recovery is not notified, nor is its recovery', () => {
    const steps: Array<[number, HealthStateKind]> = [
      [0, 'outage'],
      [10, 'operational'],
      [12, 'outage'],
      [14, 'operational'],
      [16, 'outage'],
      [18, 'operational'],
      [40, 'outage'],
      [50, 'operational'],
    ];
    assert.deepStrictEqual(run('outages', steps), ['0 outage', '10 recovered', '40 outage', '50 recovered']);
  });

  it('a flapped outage that still holds when the 15 minutes are over is notified then, once', () => {
    const policy = new NotificationPolicy('outages');
    const at = (minute: number, kind: HealthStateKind): HealthNotification | undefined => policy.observe({ kind, reason: '3 checks in a row failed.', since: T0 }, T0 + minute * MINUTE);
    assert.strictEqual(at(0, 'outage')?.kind, 'outage');
    assert.strictEqual(at(10, 'operational')?.kind, 'recovered');
    assert.strictEqual(at(12, 'outage'), undefined);
    assert.strictEqual(at(20, 'outage'), undefined);
    assert.deepStrictEqual(at(25, 'outage'), { kind: 'outage', message: 'Claude API is failing again: 3 checks in a row failed.' });
    assert.strictEqual(at(30, 'outage'), undefined);
    assert.strictEqual(at(40, 'operational')?.message, 'Claude API works again (it failed for 28 min).');
  });

  it('a recovery is notified only when its outage was: not after turning notifications off', () => {
    const policy = new NotificationPolicy('outages');
    assert.ok(policy.observe({ kind: 'outage', reason: 'x', since: T0 }, T0));
    policy.setSetting('off');
    assert.strictEqual(policy.observe({ kind: 'operational', reason: 'x', since: T0 }, T0 + MINUTE), undefined);
  });

  it('an outage already running when notifications are turned on is not notified late', () => {
    const policy = new NotificationPolicy('off');
    assert.strictEqual(policy.observe({ kind: 'outage', reason: 'x', since: T0 }, T0), undefined);
    policy.setSetting('outages');
    assert.strictEqual(policy.observe({ kind: 'outage', reason: 'x', since: T0 }, T0 + MINUTE), undefined);
    assert.strictEqual(policy.observe({ kind: 'operational', reason: 'x', since: T0 }, T0 + 2 * MINUTE), undefined);
  });
});

describe('health notifications: page only, disabling, messages', () => {
  it('an outage seen on the status page alone recovers when the page is green again', () => {
    const steps: Array<[number, HealthStateKind, Partial<HealthState>]> = [
      [0, 'noKey', { pageOnly: 'noKey' }],
      [1, 'outage', { pageOnly: 'noKey' }],
      [30, 'noKey', { pageOnly: 'noKey' }],
    ];
    assert.deepStrictEqual(run('outages', steps), ['1 outage', '30 recovered']);
  });

  it('removing the key or turning checks off during an outage ends it silently', () => {
    assert.deepStrictEqual(run('outages', [[0, 'outage'], [5, 'noKey', { pageOnly: 'noKey' }], [6, 'operational']]), ['0 outage']);
    assert.deepStrictEqual(run('outages', [[0, 'outage'], [5, 'disabled'], [6, 'operational']]), ['0 outage']);
  });

  it('messages carry the reason, defanged: no links, no icons', () => {
    const policy = new NotificationPolicy('all');
    const note = policy.observe({ kind: 'keyProblem', reason: 'The API rejected the key: HTTP 401 ([fix](command:evil)) $(zap)', since: T0 }, T0);
    assert.deepStrictEqual(note, { kind: 'keyProblem', message: 'Claude API key problem: The API rejected the key: HTTP 401 ((fix)(command:evil)) $ (zap)' });
    assert.deepStrictEqual(policy.observe({ kind: 'operational', reason: '', since: T0 }, T0 + MINUTE), { kind: 'recovered', message: 'Your Claude API key works again.' });
    assert.strictEqual(plainNotificationText('x'.repeat(400)).length, 300);
  });

  it('durations read naturally', () => {
    assert.strictEqual(formatDuration(30_000), 'under a minute');
    assert.strictEqual(formatDuration(23 * MINUTE), '23 min');
    assert.strictEqual(formatDuration(125 * MINUTE), '2 h 5 min');
    assert.strictEqual(formatDuration(120 * MINUTE), '2 h');
  });
});
