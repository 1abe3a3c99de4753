/// <reference types="mocha" />
// Steering the fake: scripts, scenarios on an injected clock, the HTTP control
// endpoints other processes use, request records (with keys redacted), close(),
// and the CLI the demo and end-to-end tests start.
import * as assert from 'assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { FAKE_API_KEY, FakeClaudeApi, type RecordedRequest } from '../fake-api/server';

describe('fake Claude API: control', function () {
  this.timeout(10_000);
  let clock = 0;
  let api: FakeClaudeApi;

  before(async () => (api = await FakeClaudeApi.start({ now: () => clock })));
  beforeEach(() => (clock = Date.parse('2026-11-20T10:00:00Z')));
  afterEach(() => api.reset());
  after(() => api.close());

  const models = () => fetch(`${api.url}/v1/models`, { headers: { 'x-api-key': FAKE_API_KEY } });
  const indicator = async () =>
    ((await (await fetch(`${api.url}/api/v2/status.json`)).json()) as { status: { indicator: string } }).status.indicator;
  const control = (action: string, body?: unknown) =>
    fetch(`${api.url}/__control/${action}`, {
      method: body === undefined && action === 'requests' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  describe('script()', () => {
    it('consumes one outcome per request, route queue before "*" (API routes only), then normal', async () => {
      api.script('*', [{ kind: 'error', status: 503 }]);
      api.script('models', [{ kind: 'error', status: 529 }, { kind: 'error', status: 500 }]);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await models()).status);
      assert.deepStrictEqual(statuses, [529, 500, 503, 200]);
      assert.deepStrictEqual(
        api.requests.map((r) => r.source),
        ['script', 'script', 'script', 'normal'],
      );
      api.script('*', [{ kind: 'error', status: 503 }]);
      assert.strictEqual((await fetch(`${api.url}/api/v2/status.json`)).status, 200, "'*' leaves the status page alone");
    });

    it('rejects malformed outcomes with a clear message', () => {
      assert.throws(() => api.script('models', [{ kind: 'explode' } as never]), /unknown outcome kind "explode"/);
      assert.throws(() => api.script('models', [{ kind: 'error', status: 200 }]), /HTTP error status/);
      assert.throws(() => api.script('nowhere' as never, []), /route must be one of/);
    });
  });

  describe('scenario() with an injected clock', () => {
    it("'healthy-outage-healthy' moves through its steps as the clock advances", async () => {
      api.scenario('healthy-outage-healthy');
      const at = async (ms: number) => {
        clock += ms;
        return [(await models()).status, await indicator()];
      };
      assert.deepStrictEqual(await at(0), [200, 'none']);
      assert.deepStrictEqual(await at(9_999), [200, 'none']);
      assert.deepStrictEqual(await at(1), [529, 'major']);
      assert.deepStrictEqual(await at(19_999), [529, 'major']);
      assert.deepStrictEqual(await at(1), [200, 'none']);
      assert.deepStrictEqual(await at(86_400_000), [200, 'none'], 'the last step stays in effect');
      assert.strictEqual(api.requests.filter((r) => r.source === 'scenario').length, 6);
    });

    it('custom steps can loop; steps without status fall back to the set status', async () => {
      api.setStatus('degraded');
      api.scenario({ loop: true, steps: [{ forMs: 100, api: { kind: 'error', status: 429, retryAfter: 5 } }, { forMs: 100, status: 'outage' }] });
      const seen = [];
      for (let i = 0; i < 4; i++, clock += 100) seen.push([(await models()).status, await indicator()]);
      assert.deepStrictEqual(seen, [
        [429, 'minor'],
        [200, 'major'],
        [429, 'minor'],
        [200, 'major'],
      ]);
    });

    it('a scripted outcome wins over the scenario; scenario(undefined) stops it', async () => {
      api.scenario('overloaded');
      api.script('models', [{ kind: 'ok' }]);
      assert.deepStrictEqual([(await models()).status, (await models()).status], [200, 529]);
      api.scenario(undefined);
      assert.strictEqual((await models()).status, 200);
    });

    it('unknown names are rejected with the known ones listed', () => {
      assert.throws(() => api.scenario('sunny'), /unknown scenario "sunny"; known: healthy, healthy-outage-healthy/);
    });
  });

  describe('records', () => {
    it('record method, path, query, time, route, outcome and status, with keys redacted', async () => {
      await fetch(`${api.url}/v1/models?limit=2`, { headers: { 'x-api-key': FAKE_API_KEY } });
      await fetch(`${api.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-ant-api03-some-other-secret' },
        body: JSON.stringify({ model: 'claude-opus-5', messages: [{ role: 'user', content: 'x' }] }),
      });
      const [list, count] = api.requests;
      const { headers, requestId, ...rest } = list;
      assert.deepStrictEqual(rest, {
        seq: 1,
        time: clock,
        method: 'GET',
        path: '/v1/models',
        query: { limit: '2' },
        auth: 'x-api-key',
        keyValid: true,
        route: 'models',
        model: undefined,
        outcome: { kind: 'ok' },
        source: 'normal',
        status: 200,
      });
      assert.match(requestId ?? '', /^req_/);
      assert.strictEqual(headers['x-api-key'], '[REDACTED]');
      assert.strictEqual(count.headers.authorization, 'Bearer [REDACTED]');
      assert.deepStrictEqual([count.route, count.model, count.status, count.keyValid], ['count_tokens', 'claude-opus-5', 401, false]);
      const everything = JSON.stringify(await (await control('requests')).json());
      assert.ok(!everything.includes(FAKE_API_KEY) && !everything.includes('some-other-secret'), 'no key leaks into records');
    });
  });

  describe('HTTP control endpoints (no key needed)', () => {
    it('POST /__control/script queues outcomes', async () => {
      const res = await control('script', { route: 'models', outcomes: [{ kind: 'error', status: 429, retryAfter: 3 }] });
      assert.deepStrictEqual([res.status, await res.json()], [200, { ok: true }]);
      const served = await models();
      assert.deepStrictEqual([served.status, served.headers.get('retry-after')], [429, '3']);
    });

    it('POST /__control/scenario takes a name, steps, or null to stop', async () => {
      assert.strictEqual((await control('scenario', { name: 'overloaded' })).status, 200);
      assert.deepStrictEqual([(await models()).status, await indicator()], [529, 'minor']);
      assert.strictEqual((await control('scenario', [{ forMs: 10, api: { kind: 'error', status: 503 } }])).status, 200);
      assert.strictEqual((await models()).status, 503);
      assert.strictEqual((await control('scenario', null)).status, 200);
      assert.strictEqual((await models()).status, 200);
    });

    it('POST /__control/status sets the page state', async () => {
      assert.strictEqual((await control('status', { state: 'outage' })).status, 200);
      assert.strictEqual(await indicator(), 'major');
    });

    it('POST /__control/ratelimits changes header values', async () => {
      assert.strictEqual((await control('ratelimits', { requests: { remaining: 1 } })).status, 200);
      assert.strictEqual((await models()).headers.get('anthropic-ratelimit-requests-remaining'), '1');
      assert.strictEqual((await control('ratelimits', { requests: { remaining: 'lots' } })).status, 400);
    });

    it('GET /__control/requests lists records; POST /__control/reset clears everything', async () => {
      await control('status', { state: 'outage' });
      await control('script', { route: 'status', outcomes: [{ kind: 'hang' }] });
      await fetch(`${api.url}/api/v2/summary.json`, { signal: AbortSignal.timeout(100) }).catch(() => undefined);
      const listed = (await (await control('requests')).json()) as { requests: RecordedRequest[] };
      assert.deepStrictEqual(
        listed.requests.map((r) => [r.route, r.outcome.kind]),
        [['status', 'hang']],
      );
      assert.strictEqual((await control('reset')).status, 200);
      assert.deepStrictEqual(await (await control('requests')).json(), { requests: [] });
      assert.strictEqual(await indicator(), 'none');
    });

    it('invalid bodies are 400 with a message; unknown actions 404', async () => {
      const cases: [string, unknown, RegExp][] = [
        ['script', { route: 'models', outcomes: [{ kind: 'slow' }] }, /outcome.ms/],
        ['script', { route: 'models' }, /outcomes must be a list/],
        ['scenario', { name: 'nope' }, /unknown scenario/],
        ['status', { state: 'on-fire' }, /status state must be one of/],
      ];
      for (const [action, body, message] of cases) {
        const res = await control(action, body);
        assert.strictEqual(res.status, 400, action);
        assert.match(((await res.json()) as { error: string }).error, message);
      }
      assert.strictEqual((await control('explode', {})).status, 404);
    });
  });

  it('close() ends hanging and slow requests at once', async () => {
    const other = await FakeClaudeApi.start();
    other.script('*', [{ kind: 'hang' }, { kind: 'slow', ms: 60_000 }]);
    const hanging = fetch(`${other.url}/v1/models`).catch((err: Error) => err);
    const slow = fetch(`${other.url}/v1/models`).catch((err: Error) => err);
    while (other.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 500, 'close did not wait');
    assert.ok((await hanging) instanceof Error);
    assert.ok((await slow) instanceof Error);
  });

  describe('cli', () => {
    const cli = path.join(__dirname, '..', 'fake-api', 'cli.js');

    function run(args: string[]) {
      const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const firstLine = new Promise<string>((resolve) => {
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          resolve(line);
        });
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, lines, firstLine, exited, stderr: () => stderr };
    }

    it('prints exactly one FAKE_API_URL line, runs the scenario, stops on SIGTERM', async () => {
      const proc = run(['--scenario', 'overloaded']);
      try {
        const line = await proc.firstLine;
        const match = /^FAKE_API_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        assert.ok(match, line);
        const res = await fetch(`${match[1]}/v1/models`, { headers: { 'x-api-key': FAKE_API_KEY } });
        assert.strictEqual(res.status, 529);
      } finally {
        proc.child.kill('SIGTERM');
      }
      assert.strictEqual(await proc.exited, 0);
      assert.deepStrictEqual(proc.lines.length, 1);
    });

    it('fails fast with a message on a bad scenario', async () => {
      const proc = run(['--scenario', 'sunny']);
      assert.strictEqual(await proc.exited, 2);
      assert.match(proc.stderr(), /unknown scenario "sunny"/);
      assert.deepStrictEqual(proc.lines, []);
    });
  });
});
