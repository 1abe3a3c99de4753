/// <reference types="mocha" />
// fetchLiveModels against the local fake Claude API (never a real host), and the merge of what it
// fetched into the bundled catalog.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { MODEL_CATALOG } from '../fake-api/catalog';
import { FAKE_API_KEY, FakeClaudeApi } from '../fake-api/server';
import { ModelCatalog } from '../../src/models/catalog';
import { fetchLiveModels, isLiveModelsError, LiveModelsError, toLiveModel, type LiveModelsErrorReason } from '../../src/models/liveModels';

const TODAY = '2026-11-22';

/** Runs the fetch and returns the LiveModelsError it threw (fails on success or on any other error). */
async function failure(fetching: Promise<unknown>): Promise<LiveModelsError> {
  try {
    await fetching;
  } catch (err) {
    assert.ok(isLiveModelsError(err), `expected a LiveModelsError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected the fetch to fail');
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('models: live list from the Models API (fake)', function () {
  this.timeout(5_000);
  let api: FakeClaudeApi;
  const options = (): { apiKey: string; baseURL: string } => ({ apiKey: FAKE_API_KEY, baseURL: api.url });

  before(async () => {
    api = await FakeClaudeApi.start();
  });
  afterEach(() => api.reset());
  after(() => api.close());

  it('lists active, deprecated and retired models, mapped to LiveModel', async () => {
    const models = await fetchLiveModels(options());
    assert.deepStrictEqual(models.map((m) => m.id).sort(), MODEL_CATALOG.map((m) => m.id).sort());
    assert.deepStrictEqual(models.find((m) => m.id === 'claude-sonnet-4-5-20250929'), {
      id: 'claude-sonnet-4-5-20250929', lifecycle: 'deprecated', displayName: 'Claude Sonnet 4.5', createdAt: '2025-09-29',
      deprecatedAt: '2026-09-16', retiresAt: '2026-11-30', maxInputTokens: 200_000, maxTokens: 64_000, line: 'sonnet',
    });
    assert.strictEqual(models.find((m) => m.id === 'claude-2.1')?.line, null);
    assert.strictEqual(models.find((m) => m.id === 'claude-opus-5')?.retiresAt, null);
    // the default list and the retired list, through the SDK (1.12.0 sends the key as a bearer token), no retries
    const requests = api.requestsFor('models');
    assert.strictEqual(requests.length, 2);
    assert.ok(requests.every((r) => r.auth !== 'none' && r.keyValid && r.method === 'GET' && r.path === '/v1/models'));
    assert.deepStrictEqual(requests.map((r) => JSON.stringify(r.query).includes('retired')).sort(), [false, true]);
  });

  it('follows every page', async () => {
    const models = await fetchLiveModels({ ...options(), pageSize: 5 });
    assert.strictEqual(models.length, MODEL_CATALOG.length);
    assert.ok(api.requestsFor('models').length > 4, `${api.requestsFor('models').length} requests`);
  });

  it('live wins when merged into the bundle; bundle-only IDs stay', async () => {
    const live = ModelCatalog.bundled().withLive(await fetchLiveModels(options()), TODAY);
    assert.deepStrictEqual(live.source, { source: 'live', asOf: TODAY });
    const sonnet = live.info('claude-sonnet-4-5-20250929');
    assert.strictEqual(sonnet?.deprecatedAt, '2026-09-16', 'a date only the live list has');
    assert.strictEqual(sonnet?.displayName, 'Claude Sonnet 4.5');
    assert.strictEqual(sonnet?.contextWindow, 200_000);
    assert.strictEqual(sonnet?.replacement, 'claude-sonnet-5-5', 'replacements stay from the bundle');
    assert.ok(live.info('claude-haiku-4-5'), 'aliases are never listed live, and are kept');
    assert.ok(live.info('claude-instant-1.0'), 'long-retired IDs are kept');
    // The fake agrees with the facts, so the judgements do not change.
    assert.strictEqual(live.judge('claude-sonnet-4-5', TODAY).kind, 'deprecated');
    assert.strictEqual(live.judge('claude-mythos-preview', TODAY).kind, 'deprecated');
    assert.strictEqual(live.judge('claude-3-opus-20240229', TODAY).kind, 'retired');
    assert.strictEqual(live.judge('claude-opus-5', TODAY).kind, 'current');
  });

  describe('errors are typed, never raw', () => {
    const cases: [string, Parameters<FakeClaudeApi['script']>[1], LiveModelsErrorReason, number | undefined][] = [
      ['403 permission_error', [{ kind: 'error', status: 403 }], 'auth', 403],
      ['500 api_error', [{ kind: 'error', status: 500 }], 'server', 500],
      ['529 overloaded_error', [{ kind: 'error', status: 529 }], 'server', 529],
      ['429 rate_limit_error', [{ kind: 'error', status: 429 }], 'rateLimited', 429],
      ['404 not_found_error', [{ kind: 'error', status: 404 }], 'notFound', 404],
      ['408 request timeout', [{ kind: 'error', status: 408 }], 'timeout', 408],
      ['HTML 502 from a proxy', [{ kind: 'html' }, { kind: 'html' }], 'server', 502],
      ['malformed JSON on a 200', [{ kind: 'malformed' }, { kind: 'malformed' }], 'server', undefined],
    ];
    for (const [name, outcomes, reason, status] of cases) {
      it(`${name} -> ${reason}`, async () => {
        api.script('models', outcomes);
        const err = await failure(fetchLiveModels(options()));
        assert.strictEqual(err.reason, reason);
        assert.strictEqual(err.status, status);
        assert.ok(err instanceof LiveModelsError && err.name === 'LiveModelsError');
      });
    }

    it('401 (wrong key) -> auth, with status and request-id', async () => {
      const err = await failure(fetchLiveModels({ ...options(), apiKey: 'sk-ant-api03-wrong' }));
      assert.strictEqual(err.reason, 'auth');
      assert.strictEqual(err.status, 401);
      assert.match(err.requestId ?? '', /^req_/);
      assert.ok(api.requestsFor('models').some((r) => r.requestId === err.requestId));
      assert.ok(!err.message.includes('sk-ant'), 'no key in the message');
    });

    it('no key -> auth, without a request', async () => {
      assert.strictEqual((await failure(fetchLiveModels({ ...options(), apiKey: '' }))).reason, 'auth');
      assert.strictEqual(api.requests.length, 0);
    });

    it('a hang and a small timeout -> timeout, promptly', async () => {
      api.script('models', [{ kind: 'hang' }, { kind: 'hang' }]);
      const started = Date.now();
      const err = await failure(fetchLiveModels({ ...options(), timeoutMs: 150 }));
      assert.strictEqual(err.reason, 'timeout');
      assert.ok(Date.now() - started < 1_500, `${Date.now() - started} ms`);
    });

    it('connection refused -> network', async () => {
      const err = await failure(fetchLiveModels({ apiKey: FAKE_API_KEY, baseURL: `http://127.0.0.1:${await closedPort()}` }));
      assert.strictEqual(err.reason, 'network');
    });

    it('cancelled by the caller -> other', async () => {
      api.script('models', [{ kind: 'hang' }, { kind: 'hang' }]);
      const controller = new AbortController();
      const fetching = fetchLiveModels({ ...options(), signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      assert.strictEqual((await failure(fetching)).reason, 'other');
      assert.strictEqual((await failure(fetchLiveModels({ ...options(), signal: AbortSignal.abort() }))).reason, 'other');
    });
  });

  it('toLiveModel skips entries without a usable id and drops bad fields, never throws', () => {
    for (const raw of [null, 42, 'claude-opus-5', {}, { id: 7 }, { id: '' }, { id: 'has space' }]) assert.strictEqual(toLiveModel(raw), undefined, JSON.stringify(raw));
    assert.deepStrictEqual(
      toLiveModel({ id: 'claude-opus-9', lifecycle: 'weird', created_at: '1970-01-01T00:00:00Z', retires_at: 'soon', deprecated_at: 5, max_tokens: -1, max_input_tokens: '1000', display_name: 3, line: 'Bad Line' }),
      { id: 'claude-opus-9', lifecycle: 'active' },
    );
    assert.strictEqual(toLiveModel({ id: 'claude-x-1' }, true)?.lifecycle, 'retired', 'from the retired list');
    assert.strictEqual(toLiveModel({ id: 'claude-x-1', retires_at: '2027-01-01T00:00:00Z' })?.lifecycle, 'deprecated');
    assert.strictEqual(toLiveModel({ id: 'claude-x-1', retires_at: '2027-01-01T02:00:00+05:00' })?.retiresAt, '2026-12-31', 'UTC day');
  });

  it('loads the SDK only when fetching: requiring the models modules does not load it', () => {
    const root = path.resolve(__dirname, '../../src/models');
    const script = `require(${JSON.stringify(path.join(root, 'liveModels'))}); require(${JSON.stringify(path.join(root, 'catalog'))});
      process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('@anthropic-ai'))));`;
    assert.strictEqual(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }), 'false');
  });
});
