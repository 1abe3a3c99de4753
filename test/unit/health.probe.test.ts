/// <reference types="mocha" />
// probeApi against the local fake Claude API (never a real host): every fault the fake offers, one
// request per probe (the SDK's retries are off), zero-token requests only, and no key in any result.
import * as assert from 'assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { FAKE_API_KEY, FakeClaudeApi, type Outcome } from '../fake-api/server';
import { probeApi, type ProbeOptions } from '../../src/health/probe';
import type { ProbeResult } from '../../src/health/types';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A one-handler HTTP server on 127.0.0.1, for answers the fake does not give. */
async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

describe('health: API probe against the fake API', function () {
  this.timeout(5_000);
  let api: FakeClaudeApi;

  before(async () => {
    api = await FakeClaudeApi.start();
  });
  afterEach(() => api.reset());
  after(() => api.close());

  /** Probes once with `outcomes` scripted for the models route; checks one request only and no key in the result. */
  async function probe(outcomes: Outcome[] = [], options: Partial<ProbeOptions> = {}): Promise<ProbeResult> {
    api.script('models', outcomes);
    const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: api.url, timeoutMs: 1_000, ...options });
    assert.strictEqual(api.requests.length, 1, `exactly one request (no retries), got ${api.requests.length}`);
    const [request] = api.requests;
    assert.strictEqual(`${request.method} ${request.path}`, 'GET /v1/models', 'a zero-token request only');
    assert.deepStrictEqual(request.query, { limit: '1' });
    assert.notStrictEqual(request.auth, 'none', 'authenticated');
    const text = JSON.stringify(result);
    assert.ok(!text.includes(FAKE_API_KEY) && !text.includes(options.apiKey ?? FAKE_API_KEY), 'the key never appears in a result');
    return result;
  }

  it('ok: status, request-id, rate limits, bytes and latency', async () => {
    api.setRateLimits({ requests: { limit: 50, remaining: 17 }, tokens: { limit: 1000, remaining: 999 } });
    const result = await probe();
    assert.strictEqual(result.outcome, 'ok');
    assert.strictEqual(result.status, 200);
    assert.strictEqual(result.requestId, api.requests[0].requestId);
    assert.match(result.requestId ?? '', /^req_/);
    assert.strictEqual(result.rateLimit?.requestsLimit, 50);
    assert.strictEqual(result.rateLimit?.requestsRemaining, 17);
    assert.strictEqual(result.rateLimit?.tokensRemaining, 999);
    assert.match(result.rateLimit?.requestsReset ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(result.bytesReceived !== undefined && result.bytesReceived > 200, `bytes ${result.bytesReceived}`);
    assert.ok(result.latencyMs >= 0 && result.latencyMs < 1_000);
    assert.strictEqual(result.detail, undefined);
    assert.strictEqual(result.errorType, undefined);
  });

  it('uses the injected clock for startedAt and latency', async () => {
    let t = 1_000_000;
    const result = await probe([], { now: () => (t += 5) });
    assert.strictEqual(result.startedAt, 1_000_005);
    assert.strictEqual(result.latencyMs, 5, 'one tick between the request and its answer');
  });

  describe('HTTP errors', () => {
    const cases: Array<[string, Outcome, ProbeResult['outcome'], string]> = [
      ['403', { kind: 'error', status: 403 }, 'auth', 'permission_error'],
      ['404', { kind: 'error', status: 404 }, 'notFound', 'not_found_error'],
      ['402', { kind: 'error', status: 402 }, 'otherStatus', 'billing_error'],
      ['500', { kind: 'error', status: 500 }, 'serverError', 'api_error'],
      ['500 "Overloaded"', { kind: 'error', status: 500, message: 'Overloaded' }, 'overloaded', 'api_error'],
      ['503', { kind: 'error', status: 503 }, 'serverError', 'api_error'],
      ['504', { kind: 'error', status: 504 }, 'serverError', 'timeout_error'],
      ['529', { kind: 'error', status: 529 }, 'overloaded', 'overloaded_error'],
      ['503 overloaded_error', { kind: 'error', status: 503, type: 'overloaded_error' }, 'overloaded', 'overloaded_error'],
    ];
    for (const [label, outcome, expected, errorType] of cases) {
      it(`${label} -> ${expected}`, async () => {
        const result = await probe([outcome]);
        assert.strictEqual(result.outcome, expected);
        assert.strictEqual(result.status, (outcome as { status: number }).status);
        assert.strictEqual(result.errorType, errorType);
        assert.strictEqual(result.requestId, api.requests[0].requestId, 'request-id captured on errors');
        assert.match(result.detail ?? '', new RegExp(`^HTTP ${result.status} ${errorType}`));
        assert.ok((result.bytesReceived ?? 0) > 0);
      });
    }

    it('401 with a wrong key -> auth, and the wrong key is not in the detail', async () => {
      const wrongKey = 'sk-ant-api03-wrong-key-AAAABBBBCCCCDDDDEEEEFFFF';
      const result = await probe([], { apiKey: wrongKey });
      assert.strictEqual(api.requests[0].keyValid, false);
      assert.strictEqual(result.outcome, 'auth');
      assert.strictEqual(result.status, 401);
      assert.strictEqual(result.errorType, 'authentication_error');
      assert.ok(result.requestId);
    });

    it('a base URL with a wrong path -> notFound', async () => {
      const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: `${api.url}/wrong`, timeoutMs: 1_000 });
      assert.strictEqual(result.outcome, 'notFound');
      assert.strictEqual(result.status, 404);
      assert.strictEqual(api.requests.length, 1);
    });
  });

  describe('429', () => {
    it('with retry-after seconds: wait, rate limits and x-should-retry', async () => {
      const result = await probe([{ kind: 'error', status: 429, retryAfter: 30, shouldRetry: false }]);
      assert.strictEqual(result.outcome, 'rateLimited');
      assert.strictEqual(result.errorType, 'rate_limit_error');
      assert.strictEqual(result.retryAfterSeconds, 30);
      assert.strictEqual(result.shouldRetry, false);
      assert.strictEqual(result.rateLimit?.requestsRemaining, 0, 'rate-limit headers parsed on a 429 too');
      assert.strictEqual(result.rateLimit?.requestsLimit, 4000);
      assert.ok(result.requestId);
    });

    it('with retry-after-ms (preferred over retry-after)', async () => {
      const result = await probe([{ kind: 'error', status: 429, retryAfterMs: 1500, retryAfter: 9 }]);
      assert.strictEqual(result.retryAfterSeconds, 1.5);
    });

    it('with retry-after as an HTTP date', async () => {
      const t = Date.UTC(2026, 10, 22, 10, 0, 0);
      const result = await probe([{ kind: 'error', status: 429, retryAfter: new Date(t + 45_000).toUTCString() }], { now: () => t });
      assert.strictEqual(result.retryAfterSeconds, 45);
    });

    it('without retry-after (a spend cap): no wait given', async () => {
      const result = await probe([{ kind: 'error', status: 429 }]);
      assert.strictEqual(result.outcome, 'rateLimited');
      assert.strictEqual(result.retryAfterSeconds, undefined);
      assert.strictEqual(result.shouldRetry, undefined);
    });
  });

  it('x-should-retry: true on a 529 is reported, and still not retried', async () => {
    const result = await probe([{ kind: 'error', status: 529, shouldRetry: true }]);
    assert.strictEqual(result.outcome, 'overloaded');
    assert.strictEqual(result.shouldRetry, true);
  });

  describe('slow, hung, broken and foreign answers', () => {
    it('slow within the timeout -> ok, with the latency', async () => {
      const result = await probe([{ kind: 'slow', ms: 150 }], { timeoutMs: 1_000 });
      assert.strictEqual(result.outcome, 'ok');
      assert.ok(result.latencyMs >= 140, `latency ${result.latencyMs}`);
    });

    it('slow beyond the timeout -> timeout', async () => {
      const result = await probe([{ kind: 'slow', ms: 1_000 }], { timeoutMs: 150 });
      assert.strictEqual(result.outcome, 'timeout');
      assert.ok(result.latencyMs >= 140 && result.latencyMs < 900, `latency ${result.latencyMs}`);
    });

    it('hang -> timeout', async () => {
      const result = await probe([{ kind: 'hang' }], { timeoutMs: 150 });
      assert.strictEqual(result.outcome, 'timeout');
      assert.strictEqual(result.status, undefined);
    });

    it('reset -> reset', async () => {
      const result = await probe([{ kind: 'reset' }]);
      assert.strictEqual(result.outcome, 'reset');
      assert.strictEqual(result.status, undefined);
      assert.ok(result.detail);
    });

    it("a proxy's HTML 502 -> malformed, with the status and no request-id", async () => {
      const result = await probe([{ kind: 'html', status: 502 }]);
      assert.strictEqual(result.outcome, 'malformed');
      assert.strictEqual(result.status, 502);
      assert.strictEqual(result.requestId, undefined);
      assert.match(result.detail ?? '', /HTML.*502 Bad Gateway/);
    });

    it('truncated JSON on a 200 -> malformed, request-id kept', async () => {
      const result = await probe([{ kind: 'malformed' }]);
      assert.strictEqual(result.outcome, 'malformed');
      assert.strictEqual(result.status, 200);
      assert.strictEqual(result.requestId, api.requests[0].requestId);
      assert.match(result.detail ?? '', /unreadable JSON/);
    });
  });

  describe('cancelling', () => {
    it('an abort while waiting -> aborted, promptly', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const result = await probe([{ kind: 'hang' }], { signal: controller.signal, timeoutMs: 2_000 });
      assert.strictEqual(result.outcome, 'aborted');
      assert.ok(Date.now() - started < 1_000);
    });

    it('an already aborted signal -> aborted, no request', async () => {
      const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: api.url, signal: AbortSignal.abort() });
      assert.strictEqual(result.outcome, 'aborted');
      assert.strictEqual(api.requests.length, 0);
    });

    it('no key -> auth, no request', async () => {
      const result = await probeApi({ apiKey: '', baseURL: api.url });
      assert.strictEqual(result.outcome, 'auth');
      assert.strictEqual(api.requests.length, 0);
    });
  });

  it('connection refused (a closed port) -> refused', async () => {
    const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 1_000 });
    assert.strictEqual(result.outcome, 'refused');
    assert.match(result.detail ?? '', /ECONNREFUSED/);
  });

  describe('a 200 that is not a model list (local server)', () => {
    const answers: Array<[string, string, string, RegExp]> = [
      ['a captive portal page', 'text/html', '<!DOCTYPE html><html><head><title>Hotel Wi-Fi login</title></head></html>', /HTML.*Hotel Wi-Fi login/],
      ['HTML labelled as JSON', 'application/json', '<html><body>Access denied</body></html>', /HTML/],
      ['JSON of another shape', 'application/json', '{"hello":"world"}', /not a model list/],
      ['an empty body', 'application/json', '', /unreadable JSON/],
    ];
    for (const [label, contentType, body, detail] of answers) {
      it(`${label} -> malformed`, async () => {
        const { url, server } = await localServer((_req, res) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(body);
        });
        try {
          const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: url, timeoutMs: 1_000 });
          assert.strictEqual(result.outcome, 'malformed');
          assert.strictEqual(result.status, 200);
          assert.match(result.detail ?? '', detail);
        } finally {
          server.closeAllConnections();
          server.close();
        }
      });
    }

    it('a body over the cap -> malformed without reading it all', async () => {
      const { url, server } = await localServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"data":[${'"x",'.repeat(200_000)}"x"]}`);
      });
      try {
        const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: url, timeoutMs: 2_000 });
        assert.strictEqual(result.outcome, 'malformed');
        assert.match(result.detail ?? '', /over \d+ bytes/);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });
});
