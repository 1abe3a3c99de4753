/// <reference types="mocha" />
// Issue 9, checks 4-9 (auth, rate limits, models, clock, status page, live call) through the runner, with
// the real @anthropic-ai/sdk against the local fake API on 127.0.0.1 (never a real host). Each HTTP outcome
// gives its verdict, owner and next step; the key never appears in a report.
import * as assert from 'assert';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import * as net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { FakeClaudeApi, type Outcome, type ScriptRoute } from '../fake-api/server';
import { makeTestPki, refusedPort, startConnectProxy, startTlsServer } from '../support/netServers';
import { keyPiecesIn } from '../support/secretLeaks';
import { warmUpApiChecks } from '../../src/diagnose/api/exchange';
import { diagnosisChecks } from '../../src/diagnose/checks';
import { runDiagnosis } from '../../src/diagnose/run';
import type { CheckId, CheckResult, DiagnoseDependencies, DiagnoseInputs, DiagnosisCheck, DiagnosisReport } from '../../src/diagnose/types';
import { doctorExitCode } from '../../src/diagnose/verdict';
import { ModelCatalog } from '../../src/models/catalog';
import { diagnoseInputs } from '../support/diagnoseInputs';

/** A key of the real shape, new each run, that only this fake accepts. */
const KEY = `sk-ant-api03-${randomBytes(70).toString('base64url').slice(0, 93)}AA`;
const TOKEN = `gw-token-${randomBytes(16).toString('hex')}`;

const mine = (ids: CheckId[]): DiagnosisCheck[] => diagnosisChecks.filter((c) => ids.includes(c.id));
const API_CHECKS: CheckId[] = ['auth', 'rateLimits', 'models', 'clock', 'statusPage', 'liveCall'];
/** The real checks the API checks build on: the key hands over the credential, the configuration the proxy, then the network chain. */
const BEFORE: CheckId[] = ['key', 'configuration', 'dns', 'connect', 'tls'];
type Candidate = DiagnoseInputs['credentials'][number];
const keyCandidate: Candidate = { source: 'ANTHROPIC_API_KEY', raw: KEY };

/** Waits briefly for the client side to close every connection to the fake (a kept-alive idle socket fails this). */
async function noOpenConnections(api: FakeClaudeApi): Promise<void> {
  for (let i = 0; i < 50 && api.openConnections > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.strictEqual(api.openConnections, 0, 'every connection of the diagnosis is closed when it ends');
}

describe('diagnose: the API checks against the fake API (real SDK)', function () {
  this.timeout(15_000);
  let api: FakeClaudeApi;

  before(async () => {
    api = await FakeClaudeApi.start({ apiKeys: [KEY, TOKEN] });
  });
  afterEach(() => {
    api.reset();
  });
  after(() => api.close());

  function inputs(extra: Partial<DiagnoseInputs> = {}): DiagnoseInputs {
    return diagnoseInputs({ credentials: [keyCandidate], baseUrl: api.url, statusPageUrl: api.url, timeoutMs: 2_000, timeZone: 'UTC', ...extra });
  }

  interface Run {
    report: DiagnosisReport;
    byId: Map<CheckId, CheckResult>;
    exit: number;
  }

  async function diagnose(options: { script?: Array<[ScriptRoute, Outcome[]]>; inputs?: Partial<DiagnoseInputs>; credential?: Candidate; checks?: CheckId[]; deps?: DiagnoseDependencies } = {}): Promise<Run> {
    for (const [route, outcomes] of options.script ?? []) api.script(route, outcomes);
    const credentials = [options.credential ?? keyCandidate];
    const report = await runDiagnosis(mine([...BEFORE, ...(options.checks ?? API_CHECKS)]), { ...inputs(options.inputs), credentials }, options.deps);
    for (const id of BEFORE) assert.ok(['pass', 'skipped', 'warn'].includes(report.checks.find((c) => c.id === id)?.status ?? 'absent'), `${id} let the API checks run`);
    const text = JSON.stringify(report);
    assert.deepStrictEqual(keyPiecesIn(text, KEY), [], 'no piece of the key in the report');
    assert.ok(!text.includes(TOKEN), 'nor the auth token');
    return { report, byId: new Map(report.checks.map((c) => [c.id, c])), exit: doctorExitCode(report.checks, report.verdict) };
  }

  describe('auth: GET /v1/models', () => {
    it('200: every check passes, one zero-token request with the key, and the verdict gives the latency', async () => {
      const { report, byId, exit } = await diagnose({ inputs: { models: [{ id: 'claude-opus-4-8', where: 'app.py:3' }] } });
      const models = api.requestsFor('models');
      assert.strictEqual(models.length, 1, 'one request (no retries)');
      assert.deepStrictEqual([models[0].method, models[0].path, models[0].query, models[0].auth], ['GET', '/v1/models', { limit: '1' }, 'bearer']);
      assert.strictEqual(models[0].keyValid, true);
      const auth = byId.get('auth')!;
      assert.strictEqual(auth.status, 'pass');
      assert.deepStrictEqual(auth.requestIds, [models[0].requestId]);
      assert.ok(auth.evidence.some((e) => e.label === 'Credential' && e.value === `sk-ant-api03-…${KEY.slice(-4)} from ANTHROPIC_API_KEY, sent as Authorization: Bearer`), JSON.stringify(auth.evidence));
      for (const id of ['rateLimits', 'models', 'clock', 'statusPage'] as const) assert.strictEqual(byId.get(id)?.status, 'pass', `${id}: ${byId.get(id)?.summary}`);
      assert.strictEqual(byId.get('liveCall')?.skippedBecause, 'off: it costs tokens');
      assert.strictEqual(api.requestsFor('messages').length, 0, 'no token-costing request without --live');
      assert.match(report.verdict.sentence, /^All good: \d+ ms to the API\.$/);
      assert.strictEqual(report.verdict.owner, 'none');
      assert.strictEqual(exit, 0);
      await noOpenConnections(api);
    });

    it('an auth token goes as Authorization: Bearer, never as x-api-key (SDK 1.12 sends API keys as Bearer too)', async () => {
      const { byId } = await diagnose({ credential: { source: 'ANTHROPIC_AUTH_TOKEN', raw: TOKEN }, checks: ['auth'] });
      assert.strictEqual(byId.get('auth')?.status, 'pass');
      const [request] = api.requestsFor('models');
      assert.strictEqual(request.auth, 'bearer');
      assert.strictEqual(request.keyValid, true);
      assert.strictEqual(request.headers['x-api-key'], undefined);
    });

    it('401: "Your API key was rejected (401).", yours, and what builds on it is skipped, not failed again', async () => {
      const wrong: Candidate = { source: 'ANTHROPIC_API_KEY', raw: `sk-ant-api03-${'w'.repeat(93)}AA` };
      const { report, byId, exit } = await diagnose({ credential: wrong, inputs: { models: [{ id: 'claude-opus-4-8' }] } });
      assert.strictEqual(api.requestsFor('models')[0].keyValid, false);
      assert.deepStrictEqual([report.verdict.sentence, report.verdict.owner, report.verdict.causeCheck], ['Your API key was rejected (401).', 'you', 'auth']);
      assert.match(report.verdict.nextStep ?? '', /create a new key in the Claude Console/);
      for (const id of ['rateLimits', 'models', 'clock'] as const) assert.strictEqual(byId.get(id)?.skippedBecause, 'Authentication did not pass', id);
      assert.strictEqual(byId.get('liveCall')?.skippedBecause, 'Model access did not pass', 'the skip propagates down the chain');
      assert.strictEqual(api.requestsFor('count_tokens').length, 0);
      assert.strictEqual(exit, 1);
      assert.ok(!JSON.stringify(report).includes('w'.repeat(20)), 'the wrong key is not quoted either');
    });

    it('403: not permitted, yours', async () => {
      const { report } = await diagnose({ script: [['models', [{ kind: 'error', status: 403 }]]], checks: ['auth'] });
      assert.strictEqual(report.verdict.sentence, 'Your API key is not permitted to use the API (403 permission_error).');
      assert.strictEqual(report.verdict.owner, 'you');
    });

    it('404 at a custom base URL: the base URL is wrong, and where it came from is named', async () => {
      const { report, exit } = await diagnose({ inputs: { baseUrl: `${api.url}/anthropic`, baseUrlSource: 'ANTHROPIC_BASE_URL' }, checks: ['auth'] });
      assert.strictEqual(api.requests[0].path, '/anthropic/v1/models');
      assert.strictEqual(report.verdict.sentence, `The base URL ${api.url}/anthropic does not serve the Claude API (404 on GET /v1/models).`);
      assert.strictEqual(report.verdict.owner, 'you');
      assert.match(report.verdict.nextStep ?? '', /in ANTHROPIC_BASE_URL/);
      assert.strictEqual(exit, 1);
    });

    const anthropicSide: Array<[string, Outcome, string]> = [
      ['500', { kind: 'error', status: 500 }, 'The Claude API failed with an internal error (500 api_error).'],
      ['503', { kind: 'error', status: 503 }, 'The Claude API is unavailable (503).'],
      ['529', { kind: 'error', status: 529 }, 'The Claude API is overloaded (529).'],
    ];
    for (const [label, outcome, sentence] of anthropicSide) {
      it(`${label}: Anthropic's, exit 3, with the request-id in the next step`, async () => {
        const { report, byId, exit } = await diagnose({ script: [['models', [outcome]]], checks: ['auth', 'rateLimits'] });
        assert.strictEqual(report.verdict.sentence, sentence);
        assert.strictEqual(report.verdict.owner, 'anthropic');
        const requestId = api.requestsFor('models')[0].requestId!;
        assert.deepStrictEqual(byId.get('auth')?.requestIds, [requestId]);
        assert.ok(report.verdict.nextStep?.includes(requestId), report.verdict.nextStep);
        assert.strictEqual(exit, 3);
      });
    }

    const more: Array<[string, Outcome, string, string, number]> = [
      ['402', { kind: 'error', status: 402 }, "Your organisation cannot be billed (402 billing_error).", 'you', 1],
      ['400', { kind: 'error', status: 400 }, 'The API refused GET /v1/models (HTTP 400 invalid_request_error).', 'you', 1],
      ['408', { kind: 'error', status: 408 }, 'The Claude API timed out the request (408).', 'anthropic', 3],
      ['504', { kind: 'error', status: 504 }, 'The Claude API timed out on its side (504).', 'anthropic', 3],
      ['500 "Overloaded"', { kind: 'error', status: 500, message: 'Overloaded' }, 'The Claude API is overloaded (500 overloaded).', 'anthropic', 3],
    ];
    for (const [label, outcome, sentence, owner, code] of more) {
      it(`${label}: ${owner}, exit ${code}`, async () => {
        const { report, exit } = await diagnose({ script: [['models', [outcome]]], checks: ['auth'] });
        assert.deepStrictEqual([report.verdict.sentence, report.verdict.owner, exit], [sentence, owner, code]);
      });
    }

    it('a 5xx from a custom gateway without the API\'s request-id is the gateway\'s, not Anthropic\'s', async () => {
      const { report, exit } = await diagnose({ script: [['models', [{ kind: 'html', status: 503 }]]], inputs: { baseUrlSource: '--base-url' }, checks: ['auth'] });
      // An HTML page is a proxy's first of all.
      assert.strictEqual(report.verdict.sentence, 'A proxy or captive portal answered instead of the API (HTTP 503, page title: 503 Service Temporarily Unavailable).');
      assert.strictEqual(exit, 1);
    });

    it('an HTML page instead of JSON: a proxy or captive portal, your network, with the page title', async () => {
      const { report, byId } = await diagnose({ script: [['models', [{ kind: 'html', status: 502 }]]], checks: ['auth'] });
      assert.strictEqual(report.verdict.sentence, 'A proxy or captive portal answered instead of the API (HTTP 502, page title: 502 Bad Gateway).');
      assert.strictEqual(report.verdict.owner, 'network');
      assert.strictEqual(byId.get('auth')?.requestIds, undefined, 'the page carries no request-id: it never reached Anthropic');
    });

    it('a captive portal\'s sign-in page with a 200 is caught too', async () => {
      const { report } = await diagnose({ script: [['models', [{ kind: 'html', status: 200 }]]], checks: ['auth'] });
      assert.match(report.verdict.sentence, /^A proxy or captive portal answered instead of the API \(HTTP 200, page title: 200 Error\)\.$/);
    });

    it('malformed JSON on a 200: the answer was altered on the way, your network', async () => {
      const { report } = await diagnose({ script: [['models', [{ kind: 'malformed' }]]], checks: ['auth'] });
      assert.match(report.verdict.sentence, /^The answer from 127\.0\.0\.1:\d+ to GET \/v1\/models was not the API's JSON \(unreadable JSON/);
      assert.strictEqual(report.verdict.owner, 'network');
    });

    it('a connection reset after connecting: cut on the path, your network', async () => {
      const { report } = await diagnose({ script: [['models', [{ kind: 'reset' }]]], checks: ['auth'] });
      assert.match(report.verdict.sentence, /^The connection to 127\.0\.0\.1:\d+ was cut after it was established \((ECONNRESET|UND_ERR_SOCKET|reset)\): a firewall or proxy on the path is closing it\.$/);
      assert.strictEqual(report.verdict.owner, 'network');
    });

    it('the fake hanging on /v1/models: a timeout within inputs.timeoutMs, and the connection closed', async () => {
      const started = Date.now();
      const { report } = await diagnose({ script: [['models', [{ kind: 'hang' }]]], inputs: { timeoutMs: 500 }, checks: ['auth'] });
      assert.ok(Date.now() - started < 1_500);
      assert.match(report.verdict.sentence, /accepted the connection but sent no answer within 500 ms\.$/);
      await noOpenConnections(api);
    });

    it('a 429 leaves the key unjudged (a warning) and the rate-limit check names the cause', async () => {
      const { report, byId } = await diagnose({ script: [['models', [{ kind: 'error', status: 429, retryAfter: 120 }]]], checks: ['auth', 'rateLimits'] });
      assert.strictEqual(byId.get('auth')?.status, 'warn');
      assert.match(byId.get('auth')?.summary ?? '', /the key was not judged: rate-limited/);
      assert.strictEqual(byId.get('rateLimits')?.status, 'fail');
      assert.strictEqual(report.verdict.causeCheck, 'rateLimits');
      assert.strictEqual(report.verdict.owner, 'limits');
    });
  });

  describe('through a proxy (the configuration check\'s proxyUrl)', () => {
    it('every API request goes through the CONNECT proxy, and its connections are closed at the end', async () => {
      const proxy = await startConnectProxy();
      try {
        const { report, byId } = await diagnose({ inputs: { proxy: { env: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` } }, models: [{ id: 'claude-opus-4-8' }] }, checks: ['auth', 'models', 'statusPage'] });
        assert.match(report.verdict.sentence, /^All good/, report.verdict.sentence);
        const authority = new URL(api.url).host;
        // connect's own tunnel, then auth's, count_tokens' and the status page's requests.
        assert.ok(proxy.connects.filter((c) => c.authority === authority).length >= 4, JSON.stringify(proxy.connects));
        for (const id of ['auth', 'statusPage'] as const) {
          assert.ok(byId.get(id)?.evidence.some((e) => e.label === 'Proxy' && e.value === `http://127.0.0.1:${proxy.port}`), `${id}: ${JSON.stringify(byId.get(id)?.evidence)}`);
        }
        await proxy.idle(1_000);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('over HTTPS (a local TLS server in front of the fake, certificate from a test CA)', () => {
    it('auth, models and the live call pass over TLS when the CA is trusted, and close their connections', async () => {
      const pki = makeTestPki();
      const front = await startTlsServer(pki.trusted, { forwardTo: Number(new URL(api.url).port) });
      try {
        const { report, byId } = await diagnose({
          inputs: { baseUrl: `https://127.0.0.1:${front.port}`, models: [{ id: 'claude-opus-4-8' }], live: true },
          checks: ['auth', 'models', 'liveCall'],
          deps: { extraCaCertificates: [pki.testCa] },
        });
        assert.strictEqual(byId.get('tls')?.status, 'pass', byId.get('tls')?.summary);
        assert.match(report.verdict.sentence, /^All good/, report.verdict.sentence);
        assert.deepStrictEqual([api.requestsFor('models').length, api.requestsFor('count_tokens').length, api.requestsFor('messages').length], [1, 1, 1]);
        await front.idle(1_000);
      } finally {
        await front.close();
        pki.dispose();
      }
    });
  });

  describe('auth: hanging servers and cancellation close their sockets', () => {
    let server: Server;
    let url: string;
    const sockets = new Set<Socket>();
    const closed: Socket[] = [];

    before(async () => {
      // Accepts, reads the request, never answers: past TCP and TLS, the API holds the request.
      server = createServer(() => undefined);
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => closed.push(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const allClosed = async (): Promise<void> => {
      for (let i = 0; i < 50 && closed.length < sockets.size; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.strictEqual(closed.length, sockets.size, 'every socket the check opened is closed');
    };

    it('no answer within the timeout: a failure within the timeout (not the watchdog), sockets closed', async () => {
      const started = Date.now();
      const { report, exit } = await diagnose({ inputs: { baseUrl: url, timeoutMs: 600 }, checks: ['auth'] });
      const took = Date.now() - started;
      assert.ok(took >= 550 && took < 1_500, `took ${took} ms`);
      assert.match(report.verdict.sentence, /^127\.0\.0\.1:\d+ accepted the connection but sent no answer within 600 ms\.$/);
      assert.strictEqual(report.verdict.owner, 'anthropic', 'the default host, no proxy: the API is not answering');
      assert.strictEqual(exit, 3);
      assert.ok(sockets.size >= 1);
      await allClosed();
    });

    it('the same hang at a custom gateway is the network\'s', async () => {
      const { report } = await diagnose({ inputs: { baseUrl: url, baseUrlSource: '--base-url', timeoutMs: 300 }, checks: ['auth'] });
      assert.strictEqual(report.verdict.owner, 'network');
      assert.match(report.verdict.nextStep ?? '', /gateway/);
      await allClosed();
    });

    it('cancellation ends the request at once and closes its socket', async () => {
      const controller = new AbortController();
      const before = sockets.size;
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const { report } = await diagnose({ inputs: { baseUrl: url, timeoutMs: 10_000 }, checks: ['auth'], deps: { signal: controller.signal } });
      assert.ok(Date.now() - started < 1_000);
      assert.strictEqual(report.cancelled, true);
      assert.ok(sockets.size > before, 'the request was under way');
      await allClosed();
    });
  });

  describe('rate limits', () => {
    // A clock that runs at real speed from a known instant: reset times in the report are then known.
    const clockFrom = (iso: string): (() => number) => {
      const offset = Date.parse(iso) - Date.now();
      return () => Date.now() + offset;
    };

    it('a 429 with retry-after: "You are over your rate limit until 14:05." in the face\'s zone', async () => {
      const { report, byId } = await diagnose({ script: [['models', [{ kind: 'error', status: 429, retryAfter: 120 }]]], checks: ['auth', 'rateLimits'], deps: { now: clockFrom('2026-12-01T14:03:00.000Z') } });
      assert.strictEqual(report.verdict.sentence, 'You are over your rate limit until 14:05.');
      assert.strictEqual(report.verdict.owner, 'limits');
      assert.ok(byId.get('rateLimits')?.evidence.some((e) => e.label === 'retry-after' && e.value === '120 s'));
      const newYork = await diagnose({ script: [['models', [{ kind: 'error', status: 429, retryAfter: 120 }]]], checks: ['auth', 'rateLimits'], inputs: { timeZone: 'America/New_York' }, deps: { now: clockFrom('2026-12-01T14:03:00.000Z') } });
      assert.strictEqual(newYork.report.verdict.sentence, 'You are over your rate limit until 09:05.');
    });

    it('a short wait shows the seconds', async () => {
      const { report } = await diagnose({ script: [['models', [{ kind: 'error', status: 429, retryAfter: 30 }]]], checks: ['auth', 'rateLimits'], deps: { now: clockFrom('2026-12-01T14:03:00.000Z') } });
      assert.strictEqual(report.verdict.sentence, 'You are over your rate limit until 14:03:30.');
    });

    it('a spend cap (a 429 with no retry-after) is called out as not transient', async () => {
      const { report, exit } = await diagnose({ script: [['models', [{ kind: 'error', status: 429 }]]], checks: ['auth', 'rateLimits'] });
      assert.strictEqual(report.verdict.sentence, "Your organisation's spend limit is reached (429 with no retry-after): it will not clear by waiting.");
      assert.match(report.verdict.nextStep ?? '', /retrying does not help/);
      assert.strictEqual(exit, 1);
    });

    it('a retry-after of hours is a cap too, with the time it lifts', async () => {
      const { report } = await diagnose({ script: [['models', [{ kind: 'error', status: 429, retryAfter: 5 * 3600 }]]], checks: ['auth', 'rateLimits'], deps: { now: clockFrom('2026-12-01T14:03:00.000Z') } });
      assert.strictEqual(report.verdict.sentence, 'Your API usage is capped until 19:03 (429, retry-after 5 h): not a passing rate limit.');
    });

    it('remaining requests and tokens with their reset; a warning below 10% of a limit', async () => {
      api.setRateLimits({ requests: { limit: 50, remaining: 40, resetMs: 30_000 }, 'output-tokens': { limit: 80_000, remaining: 80_000 } });
      const healthy = await diagnose({ checks: ['auth', 'rateLimits'] });
      const rate = healthy.byId.get('rateLimits')!;
      assert.strictEqual(rate.status, 'pass');
      assert.strictEqual(rate.summary, '40 of 50 requests left.');
      assert.ok(rate.evidence.some((e) => e.label === 'Requests' && /^40 of 50 left, full again at \d\d:\d\d:\d\d \(in (29|30) s\)$/.test(e.value)), JSON.stringify(rate.evidence));
      assert.ok(rate.evidence.some((e) => e.label === 'Output tokens' && e.value.startsWith('80,000 of 80,000 left')));

      api.setRateLimits({ requests: { limit: 50, remaining: 4 } });
      const low = await diagnose({ checks: ['auth', 'rateLimits'] });
      const warn = low.byId.get('rateLimits')!;
      assert.strictEqual(warn.status, 'warn');
      assert.match(warn.cause ?? '', /^Your requests rate limit is nearly used up: 4 of 50 left until \d\d:\d\d\.$/);
      assert.strictEqual(low.report.verdict.owner, 'none', 'a warning: it works');
      assert.match(low.report.verdict.sentence, /^Works: \d+ ms to the API, with a warning: Your requests rate limit is nearly used up/);
      assert.strictEqual(low.exit, 0);
    });
  });

  describe('models: count_tokens per model, the catalog beside the API', () => {
    it('available, retired, unknown and not enabled for this key, checked side by side', async () => {
      api.setLatency(200);
      const started = Date.now();
      const { report, byId } = await diagnose({
        inputs: { models: [{ id: 'claude-opus-4-8', where: 'a.py:1' }, { id: 'claude-3-opus-20240229', where: 'b.py:2' }, { id: 'claude-opus-9', where: 'c.ts:3' }] },
        checks: ['auth', 'models'],
      });
      const took = Date.now() - started;
      // auth (200 ms) then three count_tokens side by side (200 ms): about 400; one after another would be 800.
      assert.ok(took < 700, `took ${took} ms`);
      assert.deepStrictEqual(api.requestsFor('count_tokens').map((r) => r.model).sort(), ['claude-3-opus-20240229', 'claude-opus-4-8', 'claude-opus-9']);
      const models = byId.get('models')!;
      assert.strictEqual(models.status, 'fail');
      assert.strictEqual(models.owner, 'you');
      assert.match(models.cause ?? '', /^2 of 3 models are not available: claude-3-opus-20240229 \(retired\), claude-opus-9 \(unknown\)\.$/);
      assert.match(models.nextStep ?? '', /Replace claude-3-opus-20240229 with claude-opus-\S+ \(b\.py:2\)/);
      const line = (id: string) => models.evidence.find((e) => e.label === id)?.value ?? '';
      assert.match(line('claude-opus-4-8'), /^available \(count_tokens 200 in \d+ ms\); current \[a\.py:1\]$/);
      assert.match(line('claude-3-opus-20240229'), /^404 from count_tokens; retired on 2026-01-05; replacement claude-opus-/);
      assert.match(line('claude-opus-9'), /^404 from count_tokens; unknown/);
      assert.strictEqual(models.requestIds?.length, 3);
      assert.strictEqual(report.verdict.causeCheck, 'models');
    });

    it('one model: the sentence names it and its replacement; a 404 for a current model means not enabled for this key', async () => {
      const retired = await diagnose({ inputs: { models: [{ id: 'claude-3-opus-20240229' }] }, checks: ['auth', 'models'] });
      assert.match(retired.report.verdict.sentence, /^The model claude-3-opus-20240229 is retired \(404\); use claude-opus-\S+\.$/);
      api.reset();
      const refused = await diagnose({ script: [['count_tokens', [{ kind: 'error', status: 404, message: 'model: claude-opus-4-8' }]]], inputs: { models: [{ id: 'claude-opus-4-8' }] }, checks: ['auth', 'models'] });
      assert.strictEqual(refused.report.verdict.sentence, 'The model claude-opus-4-8 is not available to this key (404).');
      assert.match(refused.byId.get('models')?.evidence[0].value ?? '', /the catalog lists it as current: not enabled for this key/);
    });

    it('the live API wins over the bundled table: a model the table calls retired that answers is available', async () => {
      const table = ModelCatalog.fromModels([{ id: 'claude-opus-4-8', lifecycle: 'retired', retiresAt: '2026-01-01', line: 'opus', generation: '4.8' }], { source: 'bundled', asOf: '2026-02-01' });
      const { byId } = await diagnose({ inputs: { models: [{ id: 'claude-opus-4-8' }], catalog: table }, checks: ['auth', 'models'] });
      const models = byId.get('models')!;
      assert.strictEqual(models.status, 'pass', models.summary);
      assert.match(models.evidence[0].value, /the bundled table says retired on 2026-01-01, but the API still serves it/);
    });

    it('a deprecated model that still answers is a warning with its replacement', async () => {
      const table = ModelCatalog.fromModels(
        [
          { id: 'claude-sonnet-4-6', lifecycle: 'deprecated', retiresAt: '2099-01-01', replacement: 'claude-sonnet-5-5', line: 'sonnet', generation: '4.6' },
          { id: 'claude-sonnet-5-5', lifecycle: 'active', line: 'sonnet', generation: '5.5' },
        ],
        { source: 'bundled', asOf: '2026-02-01' },
      );
      const { report, byId } = await diagnose({ inputs: { models: [{ id: 'claude-sonnet-4-6', where: 'x.py:9' }], catalog: table }, checks: ['auth', 'models'] });
      const models = byId.get('models')!;
      assert.strictEqual(models.status, 'warn');
      assert.match(models.cause ?? '', /^The model claude-sonnet-4-6 still works but retires on 2099-01-01 \(in \d+ days\)\.$/);
      assert.strictEqual(models.nextStep, 'Move to claude-sonnet-5-5 (x.py:9) before then.');
      assert.strictEqual(doctorExitCode(report.checks, report.verdict), 0);
    });

    it('a count_tokens the API cannot answer leaves the model unjudged (a warning, not a 404)', async () => {
      const { byId } = await diagnose({ script: [['count_tokens', [{ kind: 'error', status: 529 }]]], inputs: { models: [{ id: 'claude-opus-4-8' }] }, checks: ['auth', 'models'] });
      const models = byId.get('models')!;
      assert.strictEqual(models.status, 'warn');
      assert.strictEqual(models.owner, 'anthropic');
    });

    it('no models given: skipped as not applicable', async () => {
      const { byId } = await diagnose({ checks: ['auth', 'models'] });
      assert.strictEqual(byId.get('models')?.status, 'skipped');
      assert.strictEqual(api.requestsFor('count_tokens').length, 0);
    });
  });

  describe('clock: skew against the server\'s Date header', () => {
    const cases: Array<[string, number, CheckResult['status'], RegExp]> = [
      ['in step', 0, 'pass', /^In step with the server/],
      ['45 s behind the server (the server is ahead)', 45_000, 'warn', /^This machine's clock is 4[4-6] s behind the server's\.$/],
      ['7 minutes ahead of the server', -7 * 60_000, 'fail', /^This machine's clock is (6 min 5\d s|7 min( \d s)?) ahead of the server's\.$/],
    ];
    for (const [label, offset, status, sentence] of cases) {
      it(`${label}: ${status}`, async () => {
        api.setDateOffset(offset);
        const { byId, report } = await diagnose({ checks: ['auth', 'clock'] });
        const clock = byId.get('clock')!;
        assert.strictEqual(clock.status, status, clock.summary);
        assert.match(clock.summary, sentence);
        if (status === 'fail') {
          assert.strictEqual(report.verdict.sentence, clock.cause);
          assert.strictEqual(report.verdict.owner, 'you');
        }
      });
    }
  });

  describe('status page', () => {
    it('operational: passes with the indicator and the API component', async () => {
      const { byId } = await diagnose({ checks: ['statusPage'] });
      const page = byId.get('statusPage')!;
      assert.strictEqual(page.status, 'pass');
      assert.strictEqual(page.summary, 'All Systems Operational; Claude API (api.anthropic.com): operational.');
      assert.strictEqual(api.requestsFor('status')[0].auth, 'none', 'no key goes to the status page');
    });

    it('an incident while requests work: Anthropic\'s warning leads the verdict, exit 0, with its link', async () => {
      api.setStatus('degraded');
      const { report, byId, exit } = await diagnose({ checks: ['auth', 'statusPage'] });
      assert.match(report.verdict.sentence, /^Anthropic reports an incident: Elevated errors on Claude API\. \(Your own requests work: \d+ ms to the API\.\)$/);
      assert.strictEqual(report.verdict.owner, 'anthropic');
      assert.ok(byId.get('statusPage')?.evidence.some((e) => e.label === 'Incident' && e.value.includes('https://stspg.io/')));
      assert.strictEqual(exit, 0);
    });

    it('a major outage of the API component while auth fails with 5xx is the explanation, exit 3', async () => {
      api.setStatus('outage');
      const { report, exit } = await diagnose({ script: [['models', [{ kind: 'error', status: 529 }]]], checks: ['auth', 'statusPage'] });
      assert.strictEqual(report.verdict.sentence, 'Anthropic reports an incident: Claude API unavailable. (Your own request failed too: The Claude API is overloaded (529).)');
      assert.strictEqual(report.verdict.causeCheck, 'statusPage');
      assert.strictEqual(report.verdict.owner, 'anthropic');
      assert.strictEqual(exit, 3);
    });

    it('an outage on the page does not explain a failure of yours (a 401 stays the verdict)', async () => {
      api.setStatus('outage');
      const wrong: Candidate = { source: 'ANTHROPIC_API_KEY', raw: `sk-ant-api03-${'x'.repeat(93)}AA` };
      const { report } = await diagnose({ credential: wrong, checks: ['auth', 'statusPage'] });
      assert.strictEqual(report.verdict.sentence, 'Your API key was rejected (401).');
    });

    it('maintenance: a warning owned by Anthropic with the maintenance name', async () => {
      api.setStatus('maintenance');
      const { byId } = await diagnose({ checks: ['statusPage'] });
      const page = byId.get('statusPage')!;
      assert.strictEqual(page.status, 'warn');
      assert.strictEqual(page.cause, 'Anthropic reports maintenance: Scheduled maintenance of the Claude API.');
    });

    it('unreachable or not JSON: a warning without a cause, never the verdict\'s cause', async () => {
      api.setStatus('html');
      const { report, byId, exit } = await diagnose({ checks: ['auth', 'statusPage'] });
      const page = byId.get('statusPage')!;
      assert.strictEqual(page.status, 'warn');
      assert.strictEqual(page.cause, undefined);
      assert.strictEqual(page.owner, 'network');
      assert.match(report.verdict.sentence, /^All good: \d+ ms to the API\.$/, 'the page\'s warning stays in the table, out of the verdict');
      assert.strictEqual(report.verdict.owner, 'none');
      assert.strictEqual(exit, 0);
      const closedPort = await diagnose({ checks: ['statusPage'], inputs: { statusPageUrl: `http://127.0.0.1:${await refusedPort()}` } });
      const refused = closedPort.byId.get('statusPage')!;
      assert.strictEqual(refused.status, 'warn');
      assert.match(refused.summary, /^Could not read the status page \(ECONNREFUSED/, refused.summary);
    });
  });

  describe('live call', () => {
    it('only with live: one token to the cheapest current model, with its request-id', async () => {
      const { byId } = await diagnose({ inputs: { live: true }, checks: ['auth', 'models', 'liveCall'] });
      const live = byId.get('liveCall')!;
      assert.strictEqual(live.status, 'pass', live.summary);
      const [message] = api.requestsFor('messages');
      assert.match(message.model ?? '', /^claude-haiku-/);
      assert.deepStrictEqual(live.requestIds, [message.requestId]);
      assert.match(live.summary, new RegExp(`^${message.model} answered in \\d+ ms \\(request-id ${message.requestId}\\)\\.$`));
    });

    it('a failing live call is explained like any request (529: Anthropic\'s)', async () => {
      const { report } = await diagnose({ script: [['messages', [{ kind: 'error', status: 529 }]]], inputs: { live: true }, checks: ['auth', 'models', 'liveCall'] });
      assert.strictEqual(report.verdict.causeCheck, 'liveCall');
      assert.strictEqual(report.verdict.owner, 'anthropic');
    });
  });
});

describe('warmUpApiChecks', () => {
  it('loads and exercises the SDK and undici without opening a single connection, and resolves', async () => {
    const connect = net.Socket.prototype.connect;
    let connections = 0;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connections++;
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
    try {
      await warmUpApiChecks();
    } finally {
      net.Socket.prototype.connect = connect;
    }
    assert.strictEqual(connections, 0);
  });
});

describe('fake API: injected latency and Date offset', function () {
  this.timeout(5_000);
  let api: FakeClaudeApi;
  before(async () => {
    api = await FakeClaudeApi.start();
  });
  after(() => api.close());

  it('delays every API and status page answer by latencyMs, settable over /__control/latency', async () => {
    const control = await fetch(`${api.url}/__control/latency`, { method: 'POST', body: JSON.stringify({ ms: 120 }) });
    assert.strictEqual(control.status, 200);
    for (const path of ['/api/v2/summary.json', '/v1/models']) {
      const started = Date.now();
      await (await fetch(api.url + path)).text();
      assert.ok(Date.now() - started >= 115, `${path} delayed`);
    }
    api.reset();
    const started = Date.now();
    await (await fetch(`${api.url}/api/v2/status.json`)).text();
    assert.ok(Date.now() - started < 100, 'reset ends it');
  });

  it('skews the Date header by dateOffsetMs, settable over /__control/clock; bad values are refused', async () => {
    const control = await fetch(`${api.url}/__control/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: -3_600_000 }) });
    assert.strictEqual(control.status, 200);
    const date = Date.parse((await fetch(`${api.url}/api/v2/status.json`)).headers.get('date') ?? '');
    assert.ok(Math.abs(date - (Date.now() - 3_600_000)) < 2_000);
    const bad = await fetch(`${api.url}/__control/latency`, { method: 'POST', body: JSON.stringify({ ms: -1 }) });
    assert.strictEqual(bad.status, 400);
    api.reset();
  });
});
