/// <reference types="mocha" />
// Fidelity of the fake's errors and faults, judged by the official TS SDK:
// it must raise its own error classes with requestID set, and retry exactly as
// against the real API (facts §2). Attempts are counted on the server.
import * as assert from 'assert';
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { FAKE_API_KEY, FakeClaudeApi, type Outcome } from '../fake-api/server';

const params = { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Hello' }] };
/** Retries wait what retry-after-ms says: keeps retry tests fast. */
const fast = { retryAfterMs: 1 };

describe('fake Claude API: errors and faults through the TypeScript SDK', function () {
  this.timeout(10_000);
  let api: FakeClaudeApi;
  let client: Anthropic;
  const noRetry = () => new Anthropic({ baseURL: api.url, apiKey: FAKE_API_KEY, maxRetries: 0 });
  const attempts = () => api.requestsFor('messages').length;

  before(async () => {
    api = await FakeClaudeApi.start();
    client = new Anthropic({ baseURL: api.url, apiKey: FAKE_API_KEY });
  });
  afterEach(() => api.reset());
  after(() => api.close());

  /** Runs the call and returns what it threw (fails if it did not throw). */
  async function thrown(call: Promise<unknown>): Promise<APIError> {
    try {
      await call;
    } catch (err) {
      return err as APIError;
    }
    return assert.fail('expected the call to throw');
  }

  describe('error classes by status', () => {
    const cases: [number, abstract new (...args: never[]) => APIError, string][] = [
      [400, Anthropic.BadRequestError, 'invalid_request_error'],
      [401, Anthropic.AuthenticationError, 'authentication_error'],
      [403, Anthropic.PermissionDeniedError, 'permission_error'],
      [404, Anthropic.NotFoundError, 'not_found_error'],
      [413, Anthropic.ContentTooLargeError, 'request_too_large'],
      [429, Anthropic.RateLimitError, 'rate_limit_error'],
      [500, Anthropic.InternalServerError, 'api_error'],
      [503, Anthropic.ServiceUnavailableError, 'api_error'],
      [504, Anthropic.GatewayTimeoutError, 'timeout_error'],
      [529, Anthropic.OverloadedError, 'overloaded_error'],
    ];
    for (const [status, cls, type] of cases) {
      it(`${status} -> ${cls.name} (${type}) with requestID`, async () => {
        api.script('messages', [{ kind: 'error', status }]);
        const err = await thrown(noRetry().messages.create(params));
        assert.ok(err instanceof cls, `got ${err?.constructor?.name}: ${err}`);
        assert.strictEqual(err.status, status);
        assert.strictEqual(err.type, type);
        assert.match(err.requestID ?? '', /^req_[A-Za-z0-9]{20,}$/);
        assert.strictEqual((err.error as { request_id?: string }).request_id, err.requestID, 'body request_id = header');
        assert.strictEqual(api.requests[0].requestId, err.requestID, 'the server recorded the same id');
      });
    }

    it('a wrong key is a real 401, sent before any model check', async () => {
      const bad = new Anthropic({ baseURL: api.url, apiKey: 'sk-ant-api03-wrong', maxRetries: 0 });
      const err = await thrown(bad.messages.create({ ...params, model: 'claude-3-opus' }));
      assert.ok(err instanceof Anthropic.AuthenticationError);
      assert.strictEqual(err.apiMessage, 'invalid x-api-key');
    });

    it('unknown and retired models are 404 not_found_error "model: <id>"', async () => {
      for (const model of ['claude-3-opus', 'claude-3-opus-20240229', 'claude-opus-4-1']) {
        const err = await thrown(noRetry().messages.create({ ...params, model }));
        assert.ok(err instanceof Anthropic.NotFoundError, model);
        assert.strictEqual(err.apiMessage, `model: ${model}`);
      }
    });
  });

  describe('retries, counted on the server', () => {
    it('529 is tried 3 times with the default maxRetries 2', async () => {
      api.script('messages', Array(3).fill({ kind: 'error', status: 529, ...fast }));
      const err = await thrown(client.messages.create(params));
      assert.ok(err instanceof Anthropic.OverloadedError);
      assert.strictEqual(attempts(), 3);
      assert.deepStrictEqual(
        api.requests.map((r) => r.headers['x-stainless-retry-count']),
        ['0', '1', '2'],
      );
    });

    it('a 529 then success returns the answer after 2 attempts', async () => {
      api.script('messages', [{ kind: 'error', status: 529, ...fast }]);
      const message = await client.messages.create(params);
      assert.strictEqual(message.type, 'message');
      assert.strictEqual(attempts(), 2);
    });

    it('400 and 401 are not retried', async () => {
      api.script('messages', [{ kind: 'error', status: 400 }]);
      assert.ok((await thrown(client.messages.create(params))) instanceof Anthropic.BadRequestError);
      assert.strictEqual(attempts(), 1);
      api.reset();
      const bad = new Anthropic({ baseURL: api.url, apiKey: 'sk-ant-api03-wrong' });
      assert.ok((await thrown(bad.messages.create(params))) instanceof Anthropic.AuthenticationError);
      assert.strictEqual(attempts(), 1);
    });

    it('x-should-retry: false stops retries of a 529', async () => {
      api.script('messages', [{ kind: 'error', status: 529, shouldRetry: false, ...fast }]);
      assert.ok((await thrown(client.messages.create(params))) instanceof Anthropic.OverloadedError);
      assert.strictEqual(attempts(), 1);
    });

    it('x-should-retry: true makes a 400 retried', async () => {
      api.script('messages', Array(3).fill({ kind: 'error', status: 400, shouldRetry: true, ...fast }));
      assert.ok((await thrown(client.messages.create(params))) instanceof Anthropic.BadRequestError);
      assert.strictEqual(attempts(), 3);
    });

    it('overload as a 500 api_error "Overloaded" is an InternalServerError, retried', async () => {
      api.script('messages', Array(3).fill({ kind: 'error', status: 500, message: 'Overloaded', ...fast }));
      const err = await thrown(client.messages.create(params));
      assert.ok(err instanceof Anthropic.InternalServerError && !(err instanceof Anthropic.OverloadedError));
      assert.strictEqual(err.apiMessage, 'Overloaded');
      assert.strictEqual(attempts(), 3);
    });

    it('retry-after: 1 is honoured (>= ~1 s between attempts on the server)', async () => {
      api.script('messages', [{ kind: 'error', status: 429, retryAfter: 1 }]);
      await client.messages.create(params);
      const [first, second] = api.requests;
      assert.strictEqual(api.requests.length, 2);
      const gap = second.time - first.time;
      assert.ok(gap >= 950 && gap < 3000, `gap ${gap} ms`);
    });

    it('without retry headers the SDK backs off 0.5 s minus up to 25% jitter', async () => {
      api.script('messages', [{ kind: 'error', status: 529 }]);
      await new Anthropic({ baseURL: api.url, apiKey: FAKE_API_KEY, maxRetries: 1 }).messages.create(params);
      const gap = api.requests[1].time - api.requests[0].time;
      assert.ok(gap >= 360 && gap < 1500, `gap ${gap} ms`);
    });
  });

  describe('streaming errors', () => {
    it('an error event after the 200 is an APIError without status, overloaded_error, not retried', async () => {
      api.script('messages', [{ kind: 'streamError' }]);
      const err = await thrown(client.messages.stream(params).finalMessage());
      assert.ok(err instanceof Anthropic.APIError);
      assert.ok(!(err instanceof Anthropic.OverloadedError), 'no status, so not the 529 class');
      assert.strictEqual(err.status, undefined);
      assert.strictEqual(err.type, 'overloaded_error');
      assert.match(err.requestID ?? '', /^req_/);
      assert.strictEqual(attempts(), 1);
    });

    it('create({stream: true}) yields message_start, then throws', async () => {
      api.script('messages', [{ kind: 'streamError' }]);
      const seen: string[] = [];
      const stream = await client.messages.create({ ...params, stream: true });
      const err = await thrown(
        (async () => {
          for await (const event of stream) seen.push(event.type);
        })(),
      );
      assert.deepStrictEqual(seen, ['message_start']);
      assert.strictEqual(err.type, 'overloaded_error');
    });

    it('streamError on a non-streaming request is served as a 529', async () => {
      api.script('messages', [{ kind: 'streamError' }]);
      assert.ok((await thrown(noRetry().messages.create(params))) instanceof Anthropic.OverloadedError);
    });
  });

  describe('faults', () => {
    it('an HTML proxy page (502) is an InternalServerError with the HTML as message and no requestID', async () => {
      api.script('messages', [{ kind: 'html', status: 502 }]);
      const err = await thrown(noRetry().messages.create(params));
      assert.ok(err instanceof Anthropic.InternalServerError);
      assert.strictEqual(err.status, 502);
      assert.match(err.message, /502 Bad Gateway/);
      assert.ok(!err.requestID, 'a proxy page never reached Anthropic');
      assert.strictEqual(err.type, null);
    });

    it('malformed JSON on a 200 surfaces as a SyntaxError (not an APIError), not retried', async () => {
      api.script('messages', [{ kind: 'malformed' }]);
      const err: unknown = await thrown(client.messages.create(params));
      assert.ok(err instanceof SyntaxError, `got ${String(err)}`);
      assert.ok(!(err instanceof Anthropic.APIError));
      assert.strictEqual(attempts(), 1);
    });

    it('hang + SDK timeout -> APIConnectionTimeoutError', async () => {
      api.script('messages', [{ kind: 'hang' }]);
      const err = await thrown(noRetry().messages.create(params, { timeout: 200 }));
      assert.ok(err instanceof Anthropic.APIConnectionTimeoutError, `got ${err}`);
      assert.strictEqual(api.requests[0].status, undefined, 'never answered');
    });

    it('reset -> APIConnectionError (not a timeout)', async () => {
      api.script('messages', [{ kind: 'reset' }]);
      const err = await thrown(noRetry().messages.create(params));
      assert.ok(err instanceof Anthropic.APIConnectionError && !(err instanceof Anthropic.APIConnectionTimeoutError), `got ${err}`);
      assert.strictEqual(err.status, undefined);
    });

    it('connection errors are retried', async () => {
      api.script('messages', [{ kind: 'reset' }]);
      await new Anthropic({ baseURL: api.url, apiKey: FAKE_API_KEY, maxRetries: 1 }).messages.create(params);
      assert.strictEqual(attempts(), 2);
    });

    it('slow delays a normal answer', async () => {
      api.script('messages', [{ kind: 'slow', ms: 250 } satisfies Outcome]);
      const started = Date.now();
      const message = await noRetry().messages.create(params);
      assert.ok(Date.now() - started >= 240);
      assert.strictEqual(message.role, 'assistant');
    });
  });
});
