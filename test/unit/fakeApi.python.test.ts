/// <reference types="mocha" />
// Fidelity of the fake judged by the official Python SDK (`anthropic` 1.13.0):
// runs test/fake-api/python/sdk_fidelity.py against an in-process fake and
// checks its observations. The interpreter is CLAUDE_HEALTH_PYTHON, else the
// repo's .venv; a missing interpreter fails the test (never a silent skip).
import * as assert from 'assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FAKE_API_KEY, FakeClaudeApi } from '../fake-api/server';

const repoRoot = path.resolve(__dirname, '..', '..', '..'); // out/test/unit -> repo root
const python = path.resolve(repoRoot, process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
const script = path.join(repoRoot, 'test', 'fake-api', 'python', 'sdk_fidelity.py');

interface Observation {
  ok: boolean;
  result?: unknown;
  class?: string;
  is_api_status_error?: boolean;
  status_code?: number | null;
  request_id?: string | null;
  body_request_id?: string | null;
  type?: string | null;
  attempts: number;
}
type Results = Record<string, Observation> & { sdk_version: string; sends_x_api_key: boolean };

describe('fake Claude API: Python SDK fidelity', function () {
  this.timeout(60_000);
  let api: FakeClaudeApi;
  let results: Results;

  before(async () => {
    if (!fs.existsSync(python)) {
      throw new Error(
        `Python interpreter not found at ${python}. Create it with ` +
          '`python3 -m venv .venv && .venv/bin/pip install anthropic==1.13.0` in the repo root, ' +
          'or set CLAUDE_HEALTH_PYTHON to an interpreter that has anthropic 1.13.0.',
      );
    }
    api = await FakeClaudeApi.start();
    // Async on purpose: the fake answers from this same event loop.
    const { stdout } = await promisify(execFile)(python, [script, api.url, FAKE_API_KEY], { timeout: 50_000 });
    results = JSON.parse(stdout) as Results;
  });
  after(() => api?.close());

  it('runs the pinned SDK version, which sends the key as x-api-key', () => {
    assert.strictEqual(results.sdk_version, '1.13.0');
    assert.strictEqual(results.sends_x_api_key, true);
  });

  const errors: [string, string, number, string, number][] = [
    ['auth_401', 'AuthenticationError', 401, 'authentication_error', 1],
    ['not_found_404', 'NotFoundError', 404, 'not_found_error', 1],
    ['rate_limit_429', 'RateLimitError', 429, 'rate_limit_error', 1],
    ['service_unavailable_503', 'InternalServerError', 503, 'api_error', 1],
    ['bad_request_400', 'BadRequestError', 400, 'invalid_request_error', 1],
    ['overloaded_529_retried', 'OverloadedError', 529, 'overloaded_error', 3],
    ['should_retry_false_529', 'OverloadedError', 529, 'overloaded_error', 1],
  ];
  for (const [key, cls, status, type, attempts] of errors) {
    it(`${key}: ${cls}, status ${status}, ${type}, request_id, ${attempts} attempt(s)`, () => {
      const o = results[key];
      assert.deepStrictEqual(
        [o.ok, o.class, o.status_code, o.type, o.attempts],
        [false, cls, status, type, attempts],
      );
      assert.match(o.request_id ?? '', /^req_/);
      assert.strictEqual(o.body_request_id, o.request_id);
    });
  }

  it('a 529 then success returns the answer after 2 attempts', () => {
    assert.deepStrictEqual([results.overloaded_529_then_ok.ok, results.overloaded_529_then_ok.attempts], [true, 2]);
  });

  it('streams', () => {
    assert.ok(results.stream.ok);
    assert.match(String(results.stream.result), /fake Claude API/);
  });

  it('a mid-stream error is an APIStatusError with status_code 200, overloaded_error, not retried', () => {
    const o = results.stream_error;
    assert.deepStrictEqual(
      [o.ok, o.class, o.is_api_status_error, o.status_code, o.type, o.attempts],
      [false, 'APIStatusError', true, 200, 'overloaded_error', 1],
    );
  });

  it('pages models.list(), resolves an alias, counts tokens', () => {
    const ids = results.models_paged.result as string[];
    assert.strictEqual(ids[0], 'claude-fable-5-2');
    assert.strictEqual(results.models_paged.attempts, Math.ceil(ids.length / 4));
    assert.strictEqual(results.alias.result, 'claude-haiku-4-5-20251001');
    assert.ok((results.count_tokens.result as number) > 0);
  });
});
