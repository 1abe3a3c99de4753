/// <reference types="mocha" />
// The acceptance bar of the claude/no-retry quick fix on raw HTTP (issue 8): fixture user programs that call the
// Messages API with httpx (sync, and httpx.AsyncClient) and with fetch (TypeScript, JavaScript), WITHOUT the helpers,
// go through the real analyser; the fix claude/no-retry offers is applied (imports, the helper blocks once, the call
// wrapped). The result is (a) compiled / type-checked (py_compile; tsc against Node's own types, no DOM lib and no
// SDK; node --check) and (b) run as child processes against the fake API, scripted to fail. No SDK is involved: the
// programs send the HTTP themselves. Each variant has its own fake and runs its scenarios in turn; the variants run
// side by side. The changes after the fix, for the test only: the helpers' default settings read from the
// environment (small waits, per scenario), and the API_URL line points at the fake.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../src/analysis/evaluate';
import { noRetryRule } from '../../src/analysis/rules/noRetry';
import type { LanguageId } from '../../src/analysis/types';
import { FAKE_API_KEY, FakeClaudeApi, type Outcome, type RecordedRequest } from '../fake-api/server';
import { asOf, catalog, compileFixedPrograms, python, repoRoot, run, snakeSettings, withTestSettings, type RetrySettings } from '../support/fixProof';
import { applyEdits, usageOf } from './usage.helpers';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'fixes', 'raw-http');
const workDir = path.join(repoRoot, 'out', 'fixes-proof-raw-http');

/** The claude/no-retry findings of `text`, as the editor and the CLI compute them. */
async function noRetryFindings(text: string, language: LanguageId) {
  return evaluate(await usageOf(text, language), { catalog, asOf, rules: [noRetryRule] });
}

/** The fixture with the no-retry fix applied to the call in each function of `functions`, in turn (each from the analysis of the text the previous one left). */
async function fixed(fixture: string, language: LanguageId, functions: string[]): Promise<string> {
  let text = fs.readFileSync(path.join(fixtures, fixture), 'utf8');
  for (const inFunction of functions) {
    const usage = await usageOf(text, language);
    const call = usage.calls.find((c) => c.enclosingFunction === inFunction);
    assert.ok(call, `the analyser finds the raw HTTP call in ${inFunction}`);
    const finding = evaluate(usage, { catalog, asOf, rules: [noRetryRule] }).find((f) => f.startOffset === call.calleeSpan.startOffset);
    assert.ok(finding, `claude/no-retry reports the call in ${inFunction}`);
    const [fix] = finding.fixes;
    assert.ok(fix, `claude/no-retry offers a fix for the call in ${inFunction}`);
    assert.deepStrictEqual([fix.kind, fix.title], ['behaviour', 'Wrap in retry with backoff (the request sent again on 408, 409, 429, 5xx, 529 and connection errors)']);
    text = applyEdits(text, fix.edits);
  }
  return text;
}

/** For the test only: the helpers' defaults from CLAUDE_RETRY_TEST_SETTINGS (small waits), and API_URL from CLAUDE_TEST_API_URL. */
function forTest(program: string, language: 'python' | 'script'): string {
  const once = (text: string, pattern: RegExp, replacement: string, what: string): string => {
    assert.strictEqual(text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0, 1, what);
    return text.replace(pattern, replacement);
  };
  const settings = withTestSettings(program, language);
  if (language === 'script') return once(settings, /^const API_URL = 'https:\/\/api\.anthropic\.com\/v1\/messages';?$/m, "const API_URL = process.env.CLAUDE_TEST_API_URL ?? '';", 'API_URL once');
  return once(settings, /^API_URL = "https:\/\/api\.anthropic\.com\/v1\/messages"$/m, 'API_URL = os.environ["CLAUDE_TEST_API_URL"]', 'API_URL once');
}

interface RunResult {
  ok: boolean;
  status: number | null;
  error?: string;
  message?: string;
  elapsed_ms: number;
}

interface Observed {
  result: RunResult;
  requests: RecordedRequest[];
}

interface Scenario {
  name: string;
  outcomes: Outcome[];
  /** camelCase (TS); turned into snake_case seconds for Python. */
  settings?: Partial<RetrySettings>;
}

/** Small waits so the whole file stays fast; each scenario may tighten them. */
const BASE_SETTINGS: RetrySettings = { maxAttempts: 8, deadlineMs: 10_000, baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 60_000 };
const DEADLINE_MS = 1_500;
const CHILD_TIMEOUT_MS = 25_000;

const overloaded: Outcome = { kind: 'error', status: 529 };
const SCENARIOS: Scenario[] = [
  { name: 'overload-then-ok', outcomes: [overloaded, overloaded] },
  { name: 'retry-after-2s', outcomes: [{ kind: 'error', status: 429, retryAfter: 2 }] },
  { name: 'retry-after-ms', outcomes: [{ kind: 'error', status: 529, retryAfterMs: 1_200 }] },
  { name: 'auth-401', outcomes: [{ kind: 'error', status: 401 }] },
  { name: 'bad-request-400', outcomes: [{ kind: 'error', status: 400 }] },
  { name: 'should-retry-false', outcomes: [{ kind: 'error', status: 529, shouldRetry: false }] },
  { name: 'connection-reset', outcomes: [{ kind: 'reset' }, { kind: 'reset' }] },
  { name: 'storm-past-deadline', outcomes: Array(200).fill(overloaded), settings: { maxAttempts: 1000, deadlineMs: DEADLINE_MS, baseDelayMs: 100, maxDelayMs: 300 } },
  { name: 'day-long-retry-after', outcomes: [{ kind: 'error', status: 429, retryAfter: 86_400 }, overloaded] },
  { name: 'attempt-cap', outcomes: Array(20).fill(overloaded), settings: { maxAttempts: 3 } },
];

type Variant = 'python-sync' | 'python-async' | 'typescript' | 'javascript';
const VARIANTS: Variant[] = ['python-sync', 'python-async', 'typescript', 'javascript'];

function command(variant: Variant): [string, string[]] {
  switch (variant) {
    case 'python-sync':
    case 'python-async':
      return [python, [path.join(workDir, 'program.py'), variant === 'python-sync' ? 'sync' : 'async']];
    case 'typescript':
      return [process.execPath, [path.join(workDir, 'build', 'program.js')]];
    case 'javascript':
      return [process.execPath, [path.join(workDir, 'program.mjs')]];
  }
}

async function runScenarios(variant: Variant): Promise<Map<string, Observed>> {
  const api = await FakeClaudeApi.start();
  const observed = new Map<string, Observed>();
  try {
    for (const scenario of SCENARIOS) {
      api.reset();
      api.script('messages', scenario.outcomes);
      const [file, args] = command(variant);
      const settings = { ...BASE_SETTINGS, ...scenario.settings };
      const env = {
        ...process.env,
        CLAUDE_TEST_API_URL: `${api.url}/v1/messages`,
        ANTHROPIC_API_KEY: FAKE_API_KEY,
        PYTHONPATH: path.join(workDir, 'site'),
        CLAUDE_RETRY_TEST_SETTINGS: JSON.stringify(variant.startsWith('python') ? snakeSettings(settings) : settings),
      };
      let result: RunResult;
      try {
        const { stdout } = await run(file, args, { env, timeout: CHILD_TIMEOUT_MS });
        result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as RunResult;
      } catch (err) {
        // A crash or a hang is that scenario's failure (its test says so), not the whole file's.
        const { stderr, killed } = err as { stderr?: string; killed?: boolean };
        result = { ok: false, status: null, error: killed ? 'child timed out' : 'child crashed', message: String(stderr ?? err).slice(-2000), elapsed_ms: -1 };
      }
      observed.set(scenario.name, { result, requests: api.requestsFor('messages') });
    }
  } finally {
    await api.close();
  }
  return observed;
}

describe('claude/no-retry quick fix on raw HTTP: the proof against the fake API', function () {
  this.timeout(120_000);
  const results = new Map<Variant, Map<string, Observed>>();
  const programs: Record<'python' | 'typescript' | 'javascript', string> = { python: '', typescript: '', javascript: '' };

  before(async () => {
    if (!fs.existsSync(python)) throw new Error(`Python interpreter not found at ${python} (see test/fake-api/README.md, Python)`);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    const write = (name: string, text: string) => fs.writeFileSync(path.join(workDir, name), text);
    programs.python = await fixed('program.py', 'python', ['ask', 'ask_async']);
    programs.typescript = await fixed('program.ts', 'typescript', ['ask']);
    programs.javascript = await fixed('program.mjs', 'javascript', ['ask']);
    write('program.py', forTest(programs.python, 'python'));
    // .venv has httpx2 (what anthropic 1.13 depends on): the httpx API under its own name, with alias_httpx() to
    // make `import httpx` resolve to it. The programs import httpx as users write it; where no httpx is installed,
    // the children start with that alias (PYTHONPATH below).
    fs.mkdirSync(path.join(workDir, 'site'));
    write(path.join('site', 'sitecustomize.py'), 'try:\n    import httpx  # noqa: F401\nexcept ImportError:\n    import httpx2\n\n    httpx2.alias_httpx()\n');
    write('program.ts', forTest(programs.typescript, 'script'));
    write('program.mjs', forTest(programs.javascript, 'script'));
    // (a) compile and type-check, against Node's own types only (no DOM lib, no SDK): fetch, Response and
    // Headers come from @types/node.
    await compileFixedPrograms(workDir, { python: ['program.py'], javascript: ['program.mjs'], typescript: ['program.ts'], compilerOptions: { module: 'commonjs', lib: ['ES2022'] } });

    // (b) run every scenario in every variant.
    const all = await Promise.all(VARIANTS.map(async (variant) => [variant, await runScenarios(variant)] as const));
    for (const [variant, observed] of all) results.set(variant, observed);
  });

  it('rewrites the calls as documented, inserts the helper and the wait block once, and no SDK import', () => {
    const once = (program: string, pattern: RegExp, what: string) => assert.strictEqual(program.match(pattern)?.length ?? 0, 1, what);
    once(programs.python, /^def claude_retry_wait_s\(/gm, 'the SDK-free wait block once (both helpers use it)');
    once(programs.python, /^def call_claude_http_with_retry\(/gm, 'the sync helper once');
    once(programs.python, /^async def call_claude_http_with_retry_async\(/gm, 'the async helper once');
    once(programs.python, /^import time$/gm, 'import time: the file has it, not added again');
    assert.match(programs.python, /^import httpx\nimport email\.utils\nimport random\nfrom dataclasses import dataclass\n\n\n# Retry support/m, 'only the missing imports, after the existing ones');
    assert.match(programs.python, /^ {4}response = call_claude_http_with_retry\(lambda: httpx\.post\(API_URL, headers=HEADERS, json=BODY, timeout=30\), connection_errors=httpx\.TransportError\)$/m);
    assert.match(programs.python, /^ {8}response = await call_claude_http_with_retry_async\(lambda: client\.post\(API_URL, headers=HEADERS, json=BODY\), connection_errors=httpx\.TransportError\)$/m);
    for (const program of [programs.typescript, programs.javascript]) {
      once(program, /^function claudeRetryWaitMs\(/gm, 'the wait block once');
      once(program, /^async function fetchClaudeWithRetry\(/gm, 'the fetch helper once');
      assert.match(program, /const response = await fetchClaudeWithRetry\(\(\) => fetch\(API_URL, \{\n {4}method: 'POST',/);
    }
    for (const program of Object.values(programs)) assert.doesNotMatch(program, /anthropic-ai\/sdk|^import anthropic|claude_retry_delay_s|claudeRetryDelayMs/m, 'raw HTTP needs no SDK');
    assert.doesNotMatch(programs.javascript, /;$/m, 'the JavaScript fixture has no semicolons, nor do its helpers');
    for (const program of [programs.typescript, programs.javascript]) assert.ok(program.startsWith('// A user program BEFORE'), 'a file with no imports keeps its header comment first');
    assert.match(programs.typescript, /^async function fetchClaudeWithRetry\(request: \(\) => Promise<Response>, settings: ClaudeRetrySettings = \{\}\): Promise<Response> \{$/m);
  });

  it('after the fix, claude/no-retry and every other retry rule are quiet on the fixed calls; the fix is not offered again', async () => {
    for (const [program, language] of [[programs.python, 'python'], [programs.typescript, 'typescript'], [programs.javascript, 'javascript']] as const) {
      assert.deepStrictEqual(await noRetryFindings(program, language), [], `${language}: no claude/no-retry`);
      const all = evaluate(await usageOf(program, language), { catalog, asOf }).map((f) => `${f.ruleId} ${program.slice(f.startOffset, f.endOffset)}`);
      assert.deepStrictEqual(all, [], `${language}: no rule reports anything on the fixed program`);
    }
  });

  for (const variant of VARIANTS) {
    describe(variant, () => {
      const get = (name: string): Observed => {
        const observed = results.get(variant)?.get(name);
        assert.ok(observed, `no result for ${name}`);
        return observed;
      };

      it('529, 529, then 200: succeeds on the third attempt, the same request sent each time', () => {
        const { result, requests } = get('overload-then-ok');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(result.status, 200);
        assert.strictEqual(requests.length, 3);
        for (const request of requests) {
          // URL, headers and body as written: the key accepted, the version header there, the body's model read.
          assert.deepStrictEqual([request.method, request.path, request.auth, request.keyValid, request.headers['anthropic-version'], request.headers['content-type'], request.model], ['POST', '/v1/messages', 'x-api-key', true, '2023-06-01', 'application/json', 'claude-opus-5']);
        }
      });

      it('429 with retry-after: 2 waits at least 2 s, then succeeds', () => {
        const { result, requests } = get('retry-after-2s');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(requests.length, 2);
        assert.ok(requests[1].time - requests[0].time >= 2_000, `retried after ${requests[1].time - requests[0].time} ms`);
      });

      it('529 with retry-after-ms: 1200 waits at least 1.2 s (retry-after-ms wins over the backoff)', () => {
        const { result, requests } = get('retry-after-ms');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(requests.length, 2);
        assert.ok(requests[1].time - requests[0].time >= 1_200, `retried after ${requests[1].time - requests[0].time} ms`);
      });

      it('401: exactly one attempt, and the code after the call reads the 401 response as before', () => {
        const { result, requests } = get('auth-401');
        assert.deepStrictEqual([result.ok, result.status, result.error, requests.length], [false, 401, 'authentication_error', 1]);
      });

      it('400: exactly one attempt, the response handed back', () => {
        const { result, requests } = get('bad-request-400');
        assert.deepStrictEqual([result.ok, result.status, result.error, requests.length], [false, 400, 'invalid_request_error', 1]);
      });

      it('x-should-retry: false on a 529: the API says no, one attempt, the response handed back', () => {
        const { result, requests } = get('should-retry-false');
        assert.deepStrictEqual([result.ok, result.status, result.error, requests.length], [false, 529, 'overloaded_error', 1]);
      });

      it('connection reset twice, then 200: connection errors are retried', () => {
        const { result, requests } = get('connection-reset');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(requests.length, 3);
      });

      it('a 529 storm longer than the deadline: gives up by the deadline, saying so, with the last status', () => {
        const { result, requests } = get('storm-past-deadline');
        assert.strictEqual(result.ok, false);
        assert.match(result.error ?? '', /^ClaudeRetryGaveUp/, result.message);
        assert.match(result.message ?? '', /deadline is reached: HTTP 529/);
        assert.strictEqual(result.status, 529);
        assert.ok(requests.length >= 3, `only ${requests.length} attempts before the deadline`);
        assert.ok(result.elapsed_ms <= DEADLINE_MS + 500, `took ${result.elapsed_ms} ms for a ${DEADLINE_MS} ms deadline`);
      });

      it('429 with a day-long retry-after: gives up at once, calling it a quota', () => {
        const { result, requests } = get('day-long-retry-after');
        assert.strictEqual(result.ok, false);
        assert.match(result.error ?? '', /^ClaudeRetryGaveUp/, result.message);
        assert.match(result.message ?? '', /quota/);
        assert.strictEqual(result.status, 429);
        assert.strictEqual(requests.length, 1);
        assert.ok(result.elapsed_ms < 1_000, `took ${result.elapsed_ms} ms`);
      });

      it('the attempt cap: 3 attempts allowed make 3 requests, then it gives up', () => {
        const { result, requests } = get('attempt-cap');
        assert.match(result.error ?? '', /^ClaudeRetryGaveUp/, result.message);
        assert.match(result.message ?? '', /failed 3 times/);
        assert.strictEqual(requests.length, 3);
      });
    });
  }
});
