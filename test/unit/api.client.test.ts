/// <reference types="mocha" />
// The shared SDK client factory and error classifier (src/api) against the fake API, judged with the
// SDK's own error classes: one attempt per call, only the credential we pass, and one outcome per
// status that the probe and the model list both follow.
import * as assert from 'assert';
import Anthropic from '@anthropic-ai/sdk';
import { createApiClient, loadSdk } from '../../src/api/client';
import { classifyApiError } from '../../src/api/errors';
import type { ApiOutcome } from '../../src/api/types';
import { probeApi } from '../../src/health/probe';
import { fetchLiveModels, isLiveModelsError, type LiveModelsErrorReason } from '../../src/models/liveModels';
import { FAKE_API_KEY, FakeClaudeApi, type Outcome } from '../fake-api/server';

describe('api: the SDK client factory and the error classifier', function () {
  this.timeout(10_000);
  let api: FakeClaudeApi;
  let sdk: Awaited<ReturnType<typeof loadSdk>>;
  const client = (timeoutMs = 5_000): Anthropic => createApiClient(sdk, { apiKey: FAKE_API_KEY, baseURL: api.url, timeoutMs });

  /** What `models.list` threw against one scripted outcome. */
  async function thrownBy(outcome: Outcome, timeoutMs?: number): Promise<unknown> {
    api.script('models', [outcome]);
    try {
      await client(timeoutMs).models.list({ limit: 1 });
    } catch (err) {
      return err;
    }
    return assert.fail('expected models.list to throw');
  }

  before(async () => {
    api = await FakeClaudeApi.start();
    sdk = await loadSdk();
  });
  afterEach(() => api.reset());
  after(() => api.close());

  it('makes one attempt: no SDK retries, even on a 529 the SDK would retry twice', async () => {
    await thrownBy({ kind: 'error', status: 529 });
    assert.strictEqual(api.requestsFor('models').length, 1);
  });

  it('sends the key it was given, never a token from the environment', async () => {
    const saved = process.env.ANTHROPIC_AUTH_TOKEN;
    process.env.ANTHROPIC_AUTH_TOKEN = 'sk-ant-oat01-EnvironmentTokenThatMustNotBeSent000000000000';
    try {
      await client().models.list({ limit: 1 });
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_AUTH_TOKEN;
      else process.env.ANTHROPIC_AUTH_TOKEN = saved;
    }
    const [request] = api.requestsFor('models');
    assert.strictEqual(request.keyValid, true, 'the fake accepts only FAKE_API_KEY: the environment token was sent instead');
  });

  it('an auth token is the only credential sent: no ANTHROPIC_API_KEY from the environment rides along', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'sk-ant-api03-EnvironmentKeyThatMustNotBeSent0000000000000000';
    try {
      await createApiClient(sdk, { authToken: FAKE_API_KEY, baseURL: api.url, timeoutMs: 5_000 }).models.list({ limit: 1 });
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
    const [request] = api.requestsFor('models');
    assert.strictEqual(request.auth, 'bearer');
    assert.strictEqual(request.keyValid, true, 'the token given, not the environment key');
  });

  it('sends through the fetch it is given', async () => {
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await createApiClient(sdk, { apiKey: FAKE_API_KEY, baseURL: api.url, timeoutMs: 5_000, fetch: counting }).models.list({ limit: 1 });
    assert.deepStrictEqual(seen, [`${api.url}/v1/models?limit=1`]);
  });

  describe("the SDK's real error classes, one outcome each (facts §2-3)", () => {
    const cases: Array<[string, Outcome, abstract new (...args: never[]) => Error, ApiOutcome, number | undefined]> = [
      ['400', { kind: 'error', status: 400 }, Anthropic.BadRequestError, 'otherStatus', 400],
      ['401', { kind: 'error', status: 401 }, Anthropic.AuthenticationError, 'auth', 401],
      ['403', { kind: 'error', status: 403 }, Anthropic.PermissionDeniedError, 'auth', 403],
      ['404', { kind: 'error', status: 404 }, Anthropic.NotFoundError, 'notFound', 404],
      ['408', { kind: 'error', status: 408 }, Anthropic.RequestTimeoutError, 'timeout', 408],
      ['409', { kind: 'error', status: 409 }, Anthropic.ConflictError, 'otherStatus', 409],
      ['413', { kind: 'error', status: 413 }, Anthropic.ContentTooLargeError, 'otherStatus', 413],
      ['429', { kind: 'error', status: 429, retryAfter: 7 }, Anthropic.RateLimitError, 'rateLimited', 429],
      ['500', { kind: 'error', status: 500 }, Anthropic.InternalServerError, 'serverError', 500],
      ['503', { kind: 'error', status: 503 }, Anthropic.ServiceUnavailableError, 'serverError', 503],
      ['504', { kind: 'error', status: 504 }, Anthropic.GatewayTimeoutError, 'serverError', 504],
      ['529', { kind: 'error', status: 529 }, Anthropic.OverloadedError, 'overloaded', 529],
      ['a proxy HTML page', { kind: 'html' }, Anthropic.InternalServerError, 'malformed', 502],
      ['a dropped connection', { kind: 'reset' }, Anthropic.APIConnectionError, 'reset', undefined],
      ['truncated JSON on a 200', { kind: 'malformed' }, SyntaxError, 'malformed', undefined],
    ];
    for (const [name, outcome, cls, expected, status] of cases) {
      it(`${name} -> ${cls.name} -> ${expected}`, async () => {
        const err = await thrownBy(outcome);
        assert.ok(err instanceof cls, `the SDK threw ${(err as Error)?.constructor?.name}`);
        const found = classifyApiError(err);
        assert.strictEqual(found.outcome, expected);
        assert.strictEqual(found.status, status);
        if (status !== undefined && outcome.kind === 'error') assert.match(found.requestId ?? '', /^req_/);
      });
    }

    it('a hang past the timeout -> APIConnectionTimeoutError -> timeout', async () => {
      const err = await thrownBy({ kind: 'hang' }, 200);
      assert.ok(err instanceof Anthropic.APIConnectionTimeoutError, `the SDK threw ${(err as Error)?.constructor?.name}`);
      assert.strictEqual(classifyApiError(err).outcome, 'timeout');
    });

    it('retry-after of a 429 is read (and not capped here: the caller decides)', async () => {
      const found = classifyApiError(await thrownBy({ kind: 'error', status: 429, retryAfter: 9_999_999_999 }));
      assert.strictEqual(found.retryAfterSeconds, 9_999_999_999);
    });
  });

  describe('the probe and the model list agree (they disagreed on 404, 408 and 429)', () => {
    const reasonOf: Record<ApiOutcome, LiveModelsErrorReason | undefined> = {
      ok: undefined,
      auth: 'auth',
      notFound: 'notFound',
      rateLimited: 'rateLimited',
      overloaded: 'server',
      serverError: 'server',
      malformed: 'server',
      otherStatus: 'other',
      timeout: 'timeout',
      dns: 'network',
      refused: 'network',
      reset: 'network',
      tls: 'network',
      network: 'network',
      aborted: 'other',
    };
    for (const status of [404, 408, 429, 400, 401, 500, 529]) {
      it(`HTTP ${status}`, async () => {
        api.script('models', [{ kind: 'error', status }]);
        const probed = await probeApi({ apiKey: FAKE_API_KEY, baseURL: api.url });
        api.script('models', [{ kind: 'error', status }, { kind: 'error', status }]);
        let reason: LiveModelsErrorReason | undefined;
        try {
          await fetchLiveModels({ apiKey: FAKE_API_KEY, baseURL: api.url });
        } catch (err) {
          assert.ok(isLiveModelsError(err));
          reason = err.reason;
          assert.strictEqual(err.status, status);
        }
        assert.strictEqual(reason, reasonOf[probed.outcome], `probe: ${probed.outcome}, model list: ${reason}`);
      });
    }
  });
});
