/// <reference types="mocha" />
// Fidelity of the fake's normal answers: Models API paging and aliases,
// messages (plain and streamed), count_tokens, auth, and the raw HTTP shapes
// (headers, error bodies) that a hand-written probe would see.
import * as assert from 'assert';
import Anthropic from '@anthropic-ai/sdk';
import { modelsIn } from '../fake-api/catalog';
import { FAKE_API_KEY, FakeClaudeApi } from '../fake-api/server';

const params = { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Hello' }] };
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('fake Claude API: normal behaviour', function () {
  this.timeout(10_000);
  let api: FakeClaudeApi;
  let client: Anthropic;

  before(async () => {
    api = await FakeClaudeApi.start();
    client = new Anthropic({ baseURL: api.url, apiKey: FAKE_API_KEY, maxRetries: 0 });
  });
  afterEach(() => api.reset());
  after(() => api.close());

  /** Raw HTTP with the key the way the docs show it (x-api-key). */
  function raw(path: string, init: RequestInit & { key?: string | null } = {}) {
    const { key = FAKE_API_KEY, ...rest } = init;
    const headers: Record<string, string> = { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
    if (key !== null) headers['x-api-key'] = key;
    return fetch(api.url + path, { ...rest, headers: { ...headers, ...(rest.headers as Record<string, string>) } });
  }

  describe('Models API', () => {
    it('models.list() iterates every page, newest first, active + deprecated only', async () => {
      const ids: string[] = [];
      for await (const model of client.models.list({ limit: 5 })) ids.push(model.id);
      assert.deepStrictEqual(ids, modelsIn(['active', 'deprecated']).map((m) => m.id));
      const pages = api.requestsFor('models');
      assert.strictEqual(pages.length, Math.ceil(ids.length / 5));
      assert.deepStrictEqual(
        pages.map((p) => p.query.after_id),
        [undefined, ids[4], ids[9], ids[14]],
      );
    });

    it('lifecycle=retired lists only retired models (the SDK sends lifecycle[]=retired)', async () => {
      const page = await client.models.list({ lifecycle: ['retired'], limit: 100 });
      assert.ok(page.data.length > 10);
      assert.ok(page.data.every((m) => m.lifecycle === 'retired' && m.retires_at !== null));
      assert.ok(page.data.some((m) => m.id === 'claude-3-opus-20240229'));
      assert.deepStrictEqual(api.requests[0].query, { 'lifecycle[]': 'retired', limit: '100' });
    });

    it('pages like the real API: limit, after_id, before_id, has_more, first_id, last_id', async () => {
      const get = async (query: string) => (await (await raw(`/v1/models?${query}`)).json()) as {
        data: { id: string; type: string }[];
        has_more: boolean;
        first_id: string | null;
        last_id: string | null;
      };
      const first = await get('limit=3');
      assert.strictEqual(first.data.length, 3);
      assert.strictEqual(first.has_more, true);
      assert.strictEqual(first.first_id, first.data[0].id);
      assert.strictEqual(first.last_id, first.data[2].id);
      assert.ok(first.data.every((m) => m.type === 'model'));

      const second = await get(`limit=3&after_id=${first.last_id}`);
      const back = await get(`limit=3&before_id=${second.first_id}`);
      assert.deepStrictEqual(back.data, first.data);
      assert.strictEqual(back.has_more, false, 'nothing before the first page');

      const all = await get('');
      assert.strictEqual(all.data.length, Math.min(20, modelsIn(['active', 'deprecated']).length), 'default limit 20');
      assert.strictEqual(all.has_more, false);
      const empty = await get(`after_id=${all.last_id}`);
      assert.deepStrictEqual(empty, { data: [], has_more: false, first_id: null, last_id: null });
    });

    it('rejects limit outside 1..1000 with 400 invalid_request_error', async () => {
      for (const limit of [0, 1001]) {
        const res = await raw(`/v1/models?limit=${limit}`);
        assert.strictEqual(res.status, 400);
        assert.strictEqual(((await res.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
      }
      assert.strictEqual((await raw('/v1/models?limit=1000')).status, 200);
    });

    it('retrieve resolves an alias to the dated entry', async () => {
      const model = await client.models.retrieve('claude-haiku-4-5');
      assert.strictEqual(model.id, 'claude-haiku-4-5-20251001');
      assert.strictEqual(model.type, 'model');
      assert.strictEqual(model.lifecycle, 'active');
      assert.ok(model.capabilities && model.max_input_tokens && model.max_tokens);
      assert.match(model.created_at, RFC3339);
    });

    it('retrieve of a retired id still describes it; an unknown id is 404 "model: <id>"', async () => {
      assert.strictEqual((await client.models.retrieve('claude-opus-4-1')).lifecycle, 'retired');
      await assert.rejects(client.models.retrieve('claude-3-opus'), (err: unknown) => {
        assert.ok(err instanceof Anthropic.NotFoundError);
        assert.strictEqual(err.apiMessage, 'model: claude-3-opus');
        return true;
      });
    });
  });

  describe('Messages API', () => {
    it('returns a realistic Message with the resolved model and _request_id', async () => {
      const message = await client.messages.create({ ...params, model: 'claude-haiku-4-5' });
      assert.match(message.id, /^msg_[A-Za-z0-9]{20,}$/);
      assert.strictEqual(message.type, 'message');
      assert.strictEqual(message.role, 'assistant');
      assert.strictEqual(message.model, 'claude-haiku-4-5-20251001');
      assert.strictEqual(message.content[0].type, 'text');
      assert.strictEqual(message.stop_reason, 'end_turn');
      assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
      assert.match(message._request_id ?? '', /^req_/);
      assert.strictEqual(api.requests[0].model, 'claude-haiku-4-5');
    });

    it('stops at max_tokens', async () => {
      const message = await client.messages.create({ ...params, max_tokens: 2 });
      assert.strictEqual(message.stop_reason, 'max_tokens');
      assert.strictEqual(message.usage.output_tokens, 2);
    });

    it('messages.stream() gives the same text and final message', async () => {
      const stream = client.messages.stream(params);
      const deltas: string[] = [];
      stream.on('text', (t) => deltas.push(t));
      const final = await stream.finalMessage();
      const expected = (await client.messages.create(params)).content[0];
      assert.ok(expected.type === 'text' && final.content[0].type === 'text');
      assert.strictEqual(final.content[0].text, expected.text);
      assert.strictEqual(deltas.join(''), expected.text);
      assert.ok(deltas.length > 1, 'text arrives in several deltas');
      assert.strictEqual(final.stop_reason, 'end_turn');
      assert.strictEqual(final.usage.output_tokens, deltas.length, 'one word, one token');
    });

    it('the raw SSE has the real event sequence, each data carrying its type', async () => {
      const res = await raw('/v1/messages', { method: 'POST', body: JSON.stringify({ ...params, stream: true }) });
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.match(res.headers.get('request-id') ?? '', /^req_/);
      const events = (await res.text())
        .trim()
        .split('\n\n')
        .map((chunk) => {
          const [eventLine, dataLine] = chunk.split('\n');
          return { event: eventLine.replace('event: ', ''), data: JSON.parse(dataLine.replace('data: ', '')) as { type: string } };
        });
      assert.ok(events.every((e) => e.event === e.data.type));
      const names = events.map((e) => e.event).filter((n, i, all) => n !== 'content_block_delta' || all[i - 1] !== n);
      assert.deepStrictEqual(names, [
        'message_start',
        'content_block_start',
        'ping',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
    });

    it('count_tokens returns {input_tokens} equal to the usage of the same request, and checks the model', async () => {
      const count = await client.messages.countTokens({ model: params.model, messages: params.messages });
      assert.deepStrictEqual(Object.keys(count), ['input_tokens']);
      assert.strictEqual(count.input_tokens, (await client.messages.create(params)).usage.input_tokens);
      await assert.rejects(
        client.messages.countTokens({ model: 'claude-2.1', messages: params.messages }),
        Anthropic.NotFoundError,
      );
    });

    it('validates the body: malformed JSON, missing model, missing messages -> 400 invalid_request_error', async () => {
      const cases: [string, RegExp][] = [
        ['{"model": ', /JSON/],
        [JSON.stringify({ max_tokens: 5, messages: params.messages }), /^model: Field required$/],
        [JSON.stringify({ model: params.model, max_tokens: 5 }), /^messages: Field required$/],
        [JSON.stringify({ model: params.model, messages: params.messages }), /^max_tokens: Field required$/],
      ];
      for (const [body, message] of cases) {
        const res = await raw('/v1/messages', { method: 'POST', body });
        assert.strictEqual(res.status, 400, body);
        const json = (await res.json()) as { type: string; error: { type: string; message: string }; request_id: string };
        assert.strictEqual(json.type, 'error');
        assert.strictEqual(json.error.type, 'invalid_request_error');
        assert.match(json.error.message, message);
        assert.strictEqual(json.request_id, res.headers.get('request-id'));
      }
    });

    it('a body over 32 MB is 413 request_too_large', async () => {
      const res = await raw('/v1/messages', { method: 'POST', body: Buffer.alloc(32 * 1024 * 1024 + 1, 0x20) });
      assert.strictEqual(res.status, 413);
      assert.strictEqual(((await res.json()) as { error: { type: string } }).error.type, 'request_too_large');
    });
  });

  describe('auth and headers', () => {
    it('no key -> 401 with the exact real body; request-id header = body request_id', async () => {
      const res = await raw('/v1/models', { key: null });
      assert.strictEqual(res.status, 401);
      assert.strictEqual(res.headers.get('content-type'), 'application/json');
      const requestId = res.headers.get('request-id');
      assert.match(requestId ?? '', /^req_[A-Za-z0-9]+$/);
      assert.deepStrictEqual(await res.json(), {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
        request_id: requestId,
      });
    });

    it('accepts the key as x-api-key or Authorization: Bearer; records how it came', async () => {
      assert.strictEqual((await raw('/v1/models')).status, 200);
      assert.strictEqual((await raw('/v1/models', { key: null, headers: { authorization: `Bearer ${FAKE_API_KEY}` } })).status, 200);
      assert.strictEqual((await raw('/v1/models', { key: 'sk-ant-api03-nope' })).status, 401);
      assert.deepStrictEqual(
        api.requests.map((r) => [r.auth, r.keyValid]),
        [
          ['x-api-key', true],
          ['bearer', true],
          ['x-api-key', false],
        ],
      );
    });

    it('accepts other keys when configured', async () => {
      const other = await FakeClaudeApi.start({ apiKeys: ['sk-ant-api03-second'] });
      try {
        assert.strictEqual((await fetch(`${other.url}/v1/models`, { headers: { 'x-api-key': 'sk-ant-api03-second' } })).status, 200);
        assert.strictEqual((await fetch(`${other.url}/v1/models`, { headers: { 'x-api-key': FAKE_API_KEY } })).status, 401);
      } finally {
        await other.close();
      }
    });

    it('successes carry organization and rate-limit headers (reset in RFC 3339), configurable', async () => {
      api.setRateLimits({ requests: { remaining: 7 }, 'output-tokens': { limit: 1000, remaining: 10 } });
      const res = await raw('/v1/models');
      assert.ok(res.headers.get('anthropic-organization-id'));
      for (const bucket of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
        assert.match(res.headers.get(`anthropic-ratelimit-${bucket}-limit`) ?? '', /^\d+$/, bucket);
        assert.match(res.headers.get(`anthropic-ratelimit-${bucket}-remaining`) ?? '', /^\d+$/, bucket);
        assert.match(res.headers.get(`anthropic-ratelimit-${bucket}-reset`) ?? '', RFC3339, bucket);
      }
      assert.strictEqual(res.headers.get('anthropic-ratelimit-requests-remaining'), '7');
      assert.strictEqual(res.headers.get('anthropic-ratelimit-output-tokens-limit'), '1000');
      assert.strictEqual(res.headers.get('anthropic-ratelimit-output-tokens-remaining'), '10');
    });

    it('a 429 has rate-limit headers with the requests bucket exhausted, and retry-after when asked', async () => {
      api.script('models', [{ kind: 'error', status: 429, retryAfter: 2 }, { kind: 'error', status: 429 }]);
      const withHeader = await raw('/v1/models');
      assert.strictEqual(withHeader.headers.get('retry-after'), '2');
      assert.strictEqual(withHeader.headers.get('anthropic-ratelimit-requests-remaining'), '0');
      const spendCap = await raw('/v1/models');
      assert.strictEqual(spendCap.headers.get('retry-after'), null, 'a spend-cap 429 has no retry-after');
      assert.ok(spendCap.headers.get('anthropic-ratelimit-requests-reset'));
    });

    it('error outcomes send retry-after-ms and x-should-retry only when asked; other errors have no rate-limit headers', async () => {
      api.script('messages', [{ kind: 'error', status: 529, retryAfterMs: 250, shouldRetry: false }]);
      const res = await raw('/v1/messages', { method: 'POST', body: JSON.stringify(params) });
      assert.strictEqual(res.headers.get('retry-after-ms'), '250');
      assert.strictEqual(res.headers.get('x-should-retry'), 'false');
      assert.strictEqual(res.headers.get('retry-after'), null);
      assert.strictEqual(res.headers.get('anthropic-ratelimit-requests-limit'), null);
      assert.deepStrictEqual(((await res.json()) as { error: unknown }).error, { type: 'overloaded_error', message: 'Overloaded' });
    });

    it('unknown paths are 404 not_found_error', async () => {
      const res = await raw('/v1/nothing');
      assert.strictEqual(res.status, 404);
      assert.strictEqual(((await res.json()) as { error: { type: string } }).error.type, 'not_found_error');
    });
  });
});
