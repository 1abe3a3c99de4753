/// <reference types="mocha" />
// fetchStatusPage against the fake status page (never status.claude.com), and with stub fetches for
// what the fake cannot serve. No key or auth header may ever be sent to the page.
import * as assert from 'assert';
import { createServer } from 'node:net';
import { FakeClaudeApi } from '../fake-api/server';
import { fetchStatusPage, MAX_STATUS_PAGE_BYTES, statusPageLink } from '../../src/health/statusPage';
import type { StatusPageFailure, StatusPageSnapshot } from '../../src/health/types';

type Result = StatusPageSnapshot | StatusPageFailure;

function snapshotOf(result: Result): StatusPageSnapshot {
  assert.ok(!('error' in result), `expected a snapshot, got ${JSON.stringify(result)}`);
  return result;
}

function failureOf(result: Result): StatusPageFailure {
  assert.ok('error' in result, `expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

/** A fetch that answers every request with `body`. */
function stubFetch(body: string | null, init: ResponseInit = {}): typeof fetch {
  return async () => new Response(body, init);
}

describe('health: status page client', function () {
  this.timeout(5_000);
  let api: FakeClaudeApi;
  const t = Date.UTC(2026, 10, 22, 12, 0, 0);

  before(async () => {
    api = await FakeClaudeApi.start({ now: () => t }); // one clock for the page's times and ours
  });
  afterEach(() => api.reset());
  after(() => api.close());

  const fetchFake = (options: { kind?: 'summary' | 'status'; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Result> =>
    fetchStatusPage({ pageUrl: api.url, timeoutMs: 1_000, now: () => t, ...options });

  it('operational: indicator none, the API component, every component, nothing open', async () => {
    const snapshot = snapshotOf(await fetchFake());
    assert.strictEqual(snapshot.indicator, 'none');
    assert.strictEqual(snapshot.description, 'All Systems Operational');
    assert.strictEqual(snapshot.fetchedAt, t);
    assert.strictEqual(snapshot.pageUrl, api.url);
    assert.deepStrictEqual(snapshot.apiComponent, { name: 'Claude API (api.anthropic.com)', status: 'operational' });
    assert.deepStrictEqual(snapshot.components.map((c) => c.name), [
      'claude.ai',
      'platform.claude.com (formerly console.anthropic.com)',
      'Claude API (api.anthropic.com)',
      'Claude Code',
    ]);
    assert.deepStrictEqual(snapshot.incidents, []);
    assert.deepStrictEqual(snapshot.maintenances, []);
    assert.strictEqual(snapshot.partial, undefined);
  });

  it('never sends a key or any auth header, only GET summary.json', async () => {
    await fetchFake();
    const [request] = api.requests;
    assert.strictEqual(api.requests.length, 1);
    assert.strictEqual(`${request.method} ${request.path}`, 'GET /api/v2/summary.json');
    assert.strictEqual(request.auth, 'none');
    assert.ok(!('x-api-key' in request.headers) && !('authorization' in request.headers) && !('cookie' in request.headers));
  });

  it('degraded: minor, API degraded, the incident with its link', async () => {
    api.setStatus('degraded');
    const snapshot = snapshotOf(await fetchFake());
    assert.strictEqual(snapshot.indicator, 'minor');
    assert.strictEqual(snapshot.apiComponent?.status, 'degraded_performance');
    assert.strictEqual(snapshot.incidents.length, 1);
    const [incident] = snapshot.incidents;
    assert.strictEqual(incident.name, 'Elevated errors on Claude API');
    assert.strictEqual(incident.status, 'investigating');
    assert.strictEqual(incident.impact, 'minor');
    assert.match(incident.url ?? '', /^https:\/\/stspg\.io\//);
    assert.strictEqual(incident.startedAt, new Date(t - 12 * 60_000).toISOString());
    assert.ok(incident.id);
  });

  it('outage: major, API major_outage', async () => {
    api.setStatus('outage');
    const snapshot = snapshotOf(await fetchFake());
    assert.strictEqual(snapshot.indicator, 'major');
    assert.strictEqual(snapshot.apiComponent?.status, 'major_outage');
    assert.strictEqual(snapshot.components.find((c) => c.name === 'Claude Code')?.status, 'partial_outage');
    assert.strictEqual(snapshot.incidents[0]?.impact, 'major');
  });

  it('maintenance: indicator maintenance, API under maintenance, the active window', async () => {
    api.setStatus('maintenance');
    const snapshot = snapshotOf(await fetchFake());
    assert.strictEqual(snapshot.indicator, 'maintenance');
    assert.strictEqual(snapshot.apiComponent?.status, 'under_maintenance');
    assert.strictEqual(snapshot.maintenances.length, 1);
    assert.strictEqual(snapshot.maintenances[0].status, 'in_progress');
    assert.strictEqual(snapshot.maintenances[0].scheduledFor, new Date(t - 12 * 60_000).toISOString());
    assert.strictEqual(snapshot.maintenances[0].scheduledUntil, new Date(t + 48 * 60_000).toISOString());
  });

  it('garbage (valid JSON, wrong fields) -> malformed', async () => {
    api.setStatus('garbage');
    const failure = failureOf(await fetchFake());
    assert.strictEqual(failure.error, 'malformed');
    assert.strictEqual(failure.fetchedAt, t);
  });

  it('an HTML 503 -> http, with the status and page title', async () => {
    api.setStatus('html');
    const failure = failureOf(await fetchFake());
    assert.strictEqual(failure.error, 'http');
    assert.strictEqual(failure.status, 503);
    assert.match(failure.detail, /503 Service Temporarily Unavailable/);
  });

  it('the cheap poll: status.json, indicator only, marked partial', async () => {
    api.setStatus('outage');
    const snapshot = snapshotOf(await fetchFake({ kind: 'status' }));
    assert.strictEqual(api.requests[0].path, '/api/v2/status.json');
    assert.strictEqual(snapshot.partial, true);
    assert.strictEqual(snapshot.indicator, 'major');
    assert.deepStrictEqual([snapshot.components, snapshot.incidents, snapshot.maintenances], [[], [], []]);
    assert.strictEqual(snapshot.apiComponent, undefined);
  });

  it('garbage status.json -> malformed', async () => {
    api.setStatus('garbage');
    assert.strictEqual(failureOf(await fetchFake({ kind: 'status' })).error, 'malformed');
  });

  describe('faults', () => {
    it('hang -> timeout', async () => {
      api.script('status', [{ kind: 'hang' }]);
      const started = Date.now();
      const failure = failureOf(await fetchFake({ timeoutMs: 150 }));
      assert.strictEqual(failure.error, 'timeout');
      assert.ok(Date.now() - started < 1_000);
    });

    it('slow beyond the timeout -> timeout; within -> a snapshot', async () => {
      api.script('status', [{ kind: 'slow', ms: 1_000 }, { kind: 'slow', ms: 50 }]);
      assert.strictEqual(failureOf(await fetchFake({ timeoutMs: 150 })).error, 'timeout');
      snapshotOf(await fetchFake({ timeoutMs: 1_000 }));
    });

    it('reset -> network', async () => {
      api.script('status', [{ kind: 'reset' }]);
      const failure = failureOf(await fetchFake());
      assert.strictEqual(failure.error, 'network');
      assert.ok(failure.detail);
    });

    it('truncated JSON -> malformed', async () => {
      api.script('status', [{ kind: 'malformed' }]);
      assert.strictEqual(failureOf(await fetchFake()).error, 'malformed');
    });

    it('an HTML page with 200 (a captive portal) -> malformed', async () => {
      api.script('status', [{ kind: 'html', status: 200 }]);
      const failure = failureOf(await fetchFake());
      assert.strictEqual(failure.error, 'malformed');
      assert.match(failure.detail, /HTML/);
    });

    it('a wrong path (404) -> http', async () => {
      const failure = failureOf(await fetchStatusPage({ pageUrl: `${api.url}/nope`, timeoutMs: 1_000 }));
      assert.strictEqual(failure.error, 'http');
      assert.strictEqual(failure.status, 404);
    });

    it('connection refused -> network', async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const failure = failureOf(await fetchStatusPage({ pageUrl: `http://127.0.0.1:${port}`, timeoutMs: 1_000 }));
      assert.strictEqual(failure.error, 'network');
      assert.match(failure.detail, /ECONNREFUSED/);
    });

    it('abort via signal -> aborted; an aborted signal sends nothing', async () => {
      api.script('status', [{ kind: 'hang' }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      assert.strictEqual(failureOf(await fetchFake({ signal: controller.signal, timeoutMs: 2_000 })).error, 'aborted');
      api.reset();
      assert.strictEqual(failureOf(await fetchFake({ signal: AbortSignal.abort() })).error, 'aborted');
      assert.strictEqual(api.requests.length, 0);
    });
  });

  describe('with a stub fetch', () => {
    const summary = JSON.stringify({ status: { indicator: 'minor', description: 'Minor Service Outage' }, components: [{ name: 'Claude API', status: 'partial_outage' }] });

    it('tolerates any content type', async () => {
      for (const type of ['text/plain', 'application/octet-stream', 'application/json; charset=utf-8']) {
        const snapshot = snapshotOf(await fetchStatusPage({ pageUrl: 'https://status.example.test', fetchImpl: stubFetch(summary, { headers: { 'content-type': type } }) }));
        assert.strictEqual(snapshot.apiComponent?.status, 'partial_outage', type);
      }
    });

    it('a body over the size cap -> malformed', async () => {
      const huge = `{"status":{"indicator":"none"},"pad":"${'x'.repeat(MAX_STATUS_PAGE_BYTES)}"}`;
      const failure = failureOf(await fetchStatusPage({ pageUrl: 'https://status.example.test', fetchImpl: stubFetch(huge) }));
      assert.strictEqual(failure.error, 'malformed');
      assert.match(failure.detail, /over \d+ bytes/);
    });

    it('asks the right URL, with no credentials', async () => {
      const seen: Array<{ url: string; init?: RequestInit }> = [];
      const recording: typeof fetch = async (input, init) => {
        seen.push({ url: String(input), init });
        return new Response(summary);
      };
      await fetchStatusPage({ pageUrl: 'https://status.example.test/api/v2/summary.json', fetchImpl: recording, kind: 'status' });
      assert.strictEqual(seen[0].url, 'https://status.example.test/api/v2/status.json');
      assert.strictEqual(seen[0].init?.credentials, 'omit');
      assert.deepStrictEqual(Object.keys(seen[0].init?.headers ?? {}), ['accept']);
    });

    it('a fetch that throws synchronously-ish or with odd values -> network, never a throw', async () => {
      const throwing: typeof fetch = () => {
        throw 'not even an Error';
      };
      assert.strictEqual(failureOf(await fetchStatusPage({ pageUrl: 'https://status.example.test', fetchImpl: throwing })).error, 'network');
      const empty = failureOf(await fetchStatusPage({ pageUrl: 'https://status.example.test', fetchImpl: stubFetch(null) }));
      assert.strictEqual(empty.error, 'malformed');
    });
  });

  it('statusPageLink: the page base, cleaned; the default for non-web URLs', () => {
    assert.strictEqual(statusPageLink('https://status.claude.com'), 'https://status.claude.com');
    assert.strictEqual(statusPageLink('https://status.claude.com/'), 'https://status.claude.com');
    assert.strictEqual(statusPageLink(' https://status.claude.com/api/v2/summary.json?x=1#y '), 'https://status.claude.com');
    assert.strictEqual(statusPageLink('https://example.com/status/'), 'https://example.com/status');
    assert.strictEqual(statusPageLink('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.strictEqual(statusPageLink('javascript:alert(1)'), 'https://status.claude.com');
    assert.strictEqual(statusPageLink('not a url'), 'https://status.claude.com');
  });
});
