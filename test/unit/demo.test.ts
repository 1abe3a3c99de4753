// Issue 7 item 17: `npm run demo -- --scenario NAME` makes the fake API play NAME, so a newcomer sees
// the health states change. The demo's parsing and wiring, checked against the fake on a test clock.
import * as assert from 'assert';
import type { FakeClaudeApi } from '../fake-api/server';
import { FAKE_API_KEY } from '../fake-api/server';
import { demoScenarioNames, demoScenarios, demoUsage, parseDemoArgs, startDemoApi } from '../runners/demo';

describe('npm run demo: --scenario', () => {
  it('plays the healthy scenario when none is named', () => {
    assert.strictEqual(parseDemoArgs([]).scenario, demoScenarios.healthy);
  });

  it('takes the scenario as "--scenario NAME" and "--scenario=NAME"', () => {
    assert.strictEqual(parseDemoArgs(['--scenario', 'outage']).scenario, demoScenarios.outage);
    assert.strictEqual(parseDemoArgs(['--scenario=flaky']).scenario, demoScenarios.flaky);
    assert.strictEqual(parseDemoArgs(['--scenario', 'rate-limited']).scenario, demoScenarios['rate-limited']);
  });

  it("also takes the fake API's own named scenarios", () => {
    assert.strictEqual(parseDemoArgs(['--scenario', 'maintenance']).scenario.name, 'maintenance');
  });

  it('refuses an unknown scenario or argument, naming the ones it knows', () => {
    assert.throws(() => parseDemoArgs(['--scenario', 'outgae']), /unknown scenario "outgae"; choose one of: healthy, outage, flaky, rate-limited, /);
    assert.throws(() => parseDemoArgs(['--scenario']), /--scenario needs a name/);
    assert.throws(() => parseDemoArgs(['--scenaro', 'outage']), /unknown argument "--scenaro"/);
  });

  it('lists every scenario in --help', () => {
    assert.strictEqual(parseDemoArgs(['--help']).help, true);
    for (const name of demoScenarioNames()) assert.ok(demoUsage().includes(name), name);
  });
});

describe('npm run demo: the fake API plays the chosen scenario over time', () => {
  let api: FakeClaudeApi | undefined;
  let clock = 0;

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function start(name: string): Promise<FakeClaudeApi> {
    clock = 0;
    api = await startDemoApi(parseDemoArgs(['--scenario', name]).scenario, { now: () => clock });
    return api;
  }

  /** What a probe and the status page see at `seconds` into the scenario. */
  async function at(fake: FakeClaudeApi, seconds: number): Promise<{ api: number | 'reset'; retryAfter?: string | null; page: string }> {
    clock = seconds * 1000;
    const page = ((await (await fetch(`${fake.url}/api/v2/status.json`)).json()) as { status: { indicator: string } }).status.indicator;
    try {
      const response = await fetch(`${fake.url}/v1/models?limit=1`, { headers: { 'x-api-key': FAKE_API_KEY, 'anthropic-version': '2023-06-01' } });
      await response.arrayBuffer();
      return { api: response.status, retryAfter: response.headers.get('retry-after'), page };
    } catch {
      return { api: 'reset', page };
    }
  }

  it('outage: fine, then 529s before the page admits it, then a red page, recovery, and again', async () => {
    const fake = await start('outage');
    assert.deepStrictEqual([await at(fake, 10), await at(fake, 50), await at(fake, 90), await at(fake, 150), await at(fake, 190)].map((s) => [s.api, s.page]), [
      [200, 'none'],
      [529, 'none'],
      [529, 'major'],
      [200, 'minor'],
      [200, 'none'],
    ]);
  });

  it('flaky: working stretches between bursts of 529, 500 and dropped connections', async () => {
    const fake = await start('flaky');
    assert.deepStrictEqual([await at(fake, 5), await at(fake, 30), await at(fake, 45), await at(fake, 60), await at(fake, 82)].map((s) => [s.api, s.page]), [
      [200, 'minor'],
      [529, 'minor'],
      [200, 'minor'],
      [500, 'minor'],
      ['reset', 'minor'],
    ]);
  });

  it('rate-limited: fine, then 429 with retry-after 30, and again', async () => {
    const fake = await start('rate-limited');
    const seen = [await at(fake, 10), await at(fake, 40), await at(fake, 125)];
    assert.deepStrictEqual(seen.map((s) => [s.api, s.retryAfter]), [
      [200, null],
      [429, '30'],
      [200, null],
    ]);
  });
});
