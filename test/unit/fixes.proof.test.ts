/// <reference types="mocha" />
// The acceptance bar of the retry quick fixes (issue 8): fixture user programs WITHOUT the helpers go through
// the real analyser; the real fixes are applied (their edits: imports, helper blocks once, the call rewritten),
// one after another on the fixed text, so later fixes reuse the helpers the first inserted. The result is
// (a) compiled / type-checked against the real SDKs and (b) run as child processes with the real
// @anthropic-ai/sdk and the real Python `anthropic` against the fake API, scripted to fail. Each variant
// (Python sync, Python async, TypeScript, JavaScript) has its own fake and runs its scenarios in turn; the
// variants run side by side. The one change after the fixes: the helpers' default settings read from the
// environment (small waits, per scenario), replacing the defaults line the templates write.
// The fixes built on tenacity / p-retry and the small fixes (decorators, stacked, key): fixes.proof.libraries.test.ts.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../src/analysis/evaluate';
import type { RetryLibraries } from '../../src/analysis/fixes/dependencies';
import { fallbackChain } from '../../src/analysis/fixes/fallbackChain';
import { fallbackFix, streamOverloadFix } from '../../src/analysis/fixes/retryFixes';
import { retriesDisabledRule } from '../../src/analysis/rules/retriesDisabled';
import type { Fix, LanguageId } from '../../src/analysis/types';
import { FakeClaudeApi, type Outcome } from '../fake-api/server';
import { asOf, catalog, compileFixedPrograms, fixtures, python, PythonRunner, repoRoot, ruleContext, runAgainst, snakeSettings, withTestSettings, type Observed as RunObserved } from '../support/fixProof';
import { applyEdits, usageOf } from './usage.helpers';

const workDir = path.join(repoRoot, 'out', 'fixes-proof');

type FixKind = 'wrap' | 'fallback' | 'stream';

/**
 * The fix of `kind` for the Claude call in function `inFunction`, from the real analysis of `text`: the wrap
 * fix as claude/retries-disabled offers it (through evaluate), the fallback and stream fixes from their builders.
 */
async function fixFor(text: string, language: LanguageId, inFunction: string, kind: FixKind, dependencies?: RetryLibraries): Promise<Fix> {
  const usage = await usageOf(text, language);
  const call = usage.calls.find((c) => c.enclosingFunction === inFunction);
  assert.ok(call, `the analyser finds the Claude call in ${inFunction}`);
  let fix: Fix | undefined;
  if (kind === 'wrap') {
    const findings = evaluate(usage, { catalog, asOf, rules: [retriesDisabledRule], ...(dependencies && { projectDependencies: dependencies }) });
    // The finding is on the client construction; it offers a wrap fix for each bare call through it.
    const wraps = findings.flatMap((f) => f.fixes).filter((f) => f.title.startsWith('Wrap in retry'));
    assert.ok(wraps.length > 0, `claude/retries-disabled offers a wrap fix (for the call in ${inFunction})`);
    fix = wraps.find((f) => f.title.endsWith(`(the call in ${inFunction}())`));
  } else {
    fix = (kind === 'fallback' ? fallbackFix : streamOverloadFix)(usage, call, ruleContext(dependencies));
  }
  assert.ok(fix, `a ${kind} fix for the call in ${inFunction}`);
  assert.strictEqual(fix.kind, 'behaviour');
  return fix;
}

/** The fixture with each fix applied in turn (each one built from the analysis of the text the previous one left). */
async function fixed(fixture: string, language: LanguageId, steps: Array<[string, FixKind]>, dependencies?: RetryLibraries): Promise<string> {
  let text = fs.readFileSync(path.join(fixtures, fixture), 'utf8');
  for (const [inFunction, kind] of steps) text = applyEdits(text, (await fixFor(text, language, inFunction, kind, dependencies)).edits);
  return text;
}

interface Observed extends RunObserved {
  /** For retry-after-http-date: the moment the date names (whole seconds, as HTTP dates are). */
  retryAt?: number;
}

type Kind = 'create' | 'fallback' | 'stream';

interface Scenario {
  name: string;
  kind: Kind;
  /** A function for outcomes that depend on the time they are scripted (an HTTP date). */
  outcomes: Outcome[] | (() => Outcome[]);
  /** camelCase (TS); turned into snake_case for Python. */
  settings?: Record<string, number>;
}

/** Small waits so the whole file stays fast; each scenario may tighten them. */
const BASE_SETTINGS = { maxAttempts: 8, deadlineMs: 10_000, baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 60_000 };
const DEADLINE_MS = 1_500;
const CHILD_TIMEOUT_MS = 25_000; // the HTTP-date scenario waits 10 s by design

const overloaded: Outcome = { kind: 'error', status: 529 };
const SCENARIOS: Scenario[] = [
  { name: 'overload-then-ok', kind: 'create', outcomes: [overloaded, overloaded] },
  { name: 'retry-after-2s', kind: 'create', outcomes: [{ kind: 'error', status: 429, retryAfter: 2 }] },
  { name: 'auth-401', kind: 'create', outcomes: [{ kind: 'error', status: 401 }] },
  { name: 'bad-request-400', kind: 'create', outcomes: [{ kind: 'error', status: 400 }] },
  // 10 s ahead when scripted: a loaded machine (load 10 on 2 cores) took over 6 s to start Python before its first request.
  { name: 'retry-after-http-date', kind: 'create', outcomes: () => [{ kind: 'error', status: 503, retryAfter: new Date(Date.now() + 10_000).toUTCString() }] },
  { name: 'should-retry-false', kind: 'create', outcomes: [{ kind: 'error', status: 529, shouldRetry: false }] },
  { name: 'connection-reset', kind: 'create', outcomes: [{ kind: 'reset' }, { kind: 'reset' }] },
  { name: 'storm-past-deadline', kind: 'create', outcomes: Array(200).fill(overloaded), settings: { maxAttempts: 1000, deadlineMs: DEADLINE_MS, baseDelayMs: 100, maxDelayMs: 300 } },
  { name: 'day-long-retry-after', kind: 'create', outcomes: [{ kind: 'error', status: 429, retryAfter: 86_400 }, overloaded] },
  { name: 'no-stacked-retries', kind: 'create', outcomes: Array(20).fill(overloaded), settings: { maxAttempts: 3 } },
  { name: 'fallback-on-overload', kind: 'fallback', outcomes: [overloaded, overloaded], settings: { maxAttempts: 2 } },
  { name: 'stream-overload-restarts', kind: 'stream', outcomes: [{ kind: 'streamError' }] },
  { name: 'stream-overload-falls-back', kind: 'stream', outcomes: [{ kind: 'streamError' }, { kind: 'streamError' }] },
];

type Variant = 'python-sync' | 'python-async' | 'typescript' | 'javascript';
const VARIANTS: Variant[] = ['python-sync', 'python-async', 'typescript', 'javascript'];

function command(variant: Variant, kind: Kind): [string, string[]] {
  switch (variant) {
    case 'python-sync':
    case 'python-async':
      return [python, [path.join(workDir, 'program.py'), variant === 'python-sync' ? 'sync' : 'async', kind]];
    case 'typescript':
      return [process.execPath, [path.join(workDir, 'build', 'program.js'), kind]];
    case 'javascript':
      return [process.execPath, [path.join(workDir, 'program.mjs'), kind]];
  }
}

async function runScenarios(variant: Variant): Promise<Map<string, Observed>> {
  const api = await FakeClaudeApi.start();
  const runner = new PythonRunner(); // one interpreter for the variant's Python runs
  const observed = new Map<string, Observed>();
  try {
    for (const scenario of SCENARIOS) {
      const outcomes = typeof scenario.outcomes === 'function' ? scenario.outcomes() : scenario.outcomes;
      const retryAfter = outcomes[0]?.kind === 'error' ? outcomes[0].retryAfter : undefined;
      const retryAt = typeof retryAfter === 'string' ? Date.parse(retryAfter) : undefined;
      const [file, args] = command(variant, scenario.kind);
      const settings = { ...BASE_SETTINGS, ...scenario.settings };
      const testSettings = JSON.stringify(variant.startsWith('python') ? snakeSettings(settings) : settings);
      const seen = await runAgainst(api, { file, args, outcomes, env: { CLAUDE_RETRY_TEST_SETTINGS: testSettings }, timeoutMs: CHILD_TIMEOUT_MS }, runner);
      observed.set(scenario.name, { ...seen, retryAt });
    }
  } finally {
    runner.close();
    await api.close();
  }
  return observed;
}

describe('retry quick fixes: the proof against the fake API with the real SDKs', function () {
  this.timeout(120_000);
  const chain = fallbackChain(catalog, 'claude-opus-5').models;
  const results = new Map<Variant, Map<string, Observed>>();
  const programs: Record<'python' | 'typescript' | 'javascript', string> = { python: '', typescript: '', javascript: '' };

  before(async () => {
    if (!fs.existsSync(python)) throw new Error(`Python interpreter not found at ${python} (see test/fake-api/README.md, Python)`);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    const write = (name: string, text: string) => fs.writeFileSync(path.join(workDir, name), text);
    const pySteps: Array<[string, FixKind]> = [
      ['ask', 'wrap'], ['ask_with_fallback', 'fallback'], ['ask_streaming', 'stream'],
      ['ask_async', 'wrap'], ['ask_with_fallback_async', 'fallback'], ['ask_streaming_async', 'stream'],
    ];
    const scriptSteps: Array<[string, FixKind]> = [['ask', 'wrap'], ['askWithFallback', 'fallback'], ['askStreaming', 'stream']];
    programs.python = await fixed('program.py', 'python', pySteps);
    programs.typescript = await fixed('program.ts', 'typescript', scriptSteps);
    programs.javascript = await fixed('program.mjs', 'javascript', scriptSteps);
    write('program.py', withTestSettings(programs.python, 'python'));
    write('program.ts', withTestSettings(programs.typescript, 'script'));
    write('program.mjs', withTestSettings(programs.javascript, 'script'));
    // (a) compile and type-check.
    await compileFixedPrograms(workDir, {
      python: ['program.py'],
      javascript: ['program.mjs'],
      typescript: ['program.ts'],
      compilerOptions: { module: 'commonjs', lib: ['ES2022', 'DOM'], esModuleInterop: true },
    });

    // (b) run every scenario in every variant.
    const all = await Promise.all(VARIANTS.map(async (variant) => [variant, await runScenarios(variant)] as const));
    for (const [variant, observed] of all) results.set(variant, observed);
  });

  it('uses a fallback chain from the catalog: opus, then lower tiers', () => {
    assert.deepStrictEqual(chain, ['claude-opus-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']);
  });

  it('the fixes insert each helper once and the imports once, however many calls they rewrite', () => {
    const once = (program: string, pattern: RegExp, what: string) => assert.strictEqual(program.match(pattern)?.length ?? 0, 1, what);
    once(programs.python, /^def claude_retry_delay_s\(/gm, 'the Python support block once');
    once(programs.python, /^def call_claude_with_retry\(/gm, 'the sync retry helper once (the fallback reuses it)');
    once(programs.python, /^async def call_claude_with_retry_async\(/gm, 'the async retry helper once');
    once(programs.python, /^import time$/gm, 'import time once');
    once(programs.python, /^import anthropic$/gm, 'import anthropic: the file has it, not added again');
    for (const program of [programs.typescript, programs.javascript]) {
      once(program, /^function claudeRetryDelayMs\(/gm, 'the TS/JS support block once');
      once(program, /^async function callClaudeWithRetry\b/gm, 'the retry helper once');
      once(program, /^import \{ APIConnectionError, APIError, APIUserAbortError \} from '@anthropic-ai\/sdk';$/gm, 'the SDK error import once');
    }
  });

  it('after the fixes the analyser reports no disabled retries on the fixed calls', async () => {
    for (const [program, language] of [[programs.python, 'python'], [programs.typescript, 'typescript'], [programs.javascript, 'javascript']] as const) {
      // The stream calls keep their finding (the stream fix restarts on overload; it does not turn the SDK's retries on).
      const findings = evaluate(await usageOf(program, language), { catalog, asOf, rules: [retriesDisabledRule] });
      const created = findings.map((f) => program.slice(f.startOffset, f.endOffset)).filter((callee) => callee.endsWith('.create'));
      assert.deepStrictEqual(created, [], `${language}: the wrapped and fallback calls are not reported any more`);
    }
  });

  for (const variant of VARIANTS) {
    describe(variant, () => {
      const get = (name: string): Observed => {
        const observed = results.get(variant)?.get(name);
        assert.ok(observed, `no result for ${name}`);
        return observed;
      };

      it('529, 529, then 200: succeeds on the third attempt', () => {
        const { result, models } = get('overload-then-ok');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(models.length, 3);
      });

      it('429 with retry-after: 2 waits at least 2 s, then succeeds', () => {
        const { result, models } = get('retry-after-2s');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(models.length, 2);
        assert.ok(result.elapsed_ms >= 2_000, `waited only ${result.elapsed_ms} ms`);
      });

      it('401: exactly one attempt, the SDK error unchanged', () => {
        const { result, models } = get('auth-401');
        assert.deepStrictEqual([result.ok, result.error, models.length], [false, 'AuthenticationError', 1]);
      });

      it('400: exactly one attempt', () => {
        const { result, models } = get('bad-request-400');
        assert.deepStrictEqual([result.ok, result.error, models.length], [false, 'BadRequestError', 1]);
      });

      it('503 with retry-after as an HTTP date: the next attempt waits until that moment', () => {
        const { result, models, times, retryAt } = get('retry-after-http-date');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(models.length, 2);
        assert.ok(retryAt !== undefined && retryAt - times[0] >= 300, 'the date is still ahead when the first attempt fails');
        // 50 ms of slack: the helper reads the date against its own clock, the fake stamps arrival on another.
        assert.ok(times[1] >= retryAt - 50, `retried ${retryAt - times[1]} ms before the date`);
      });

      it('x-should-retry: false on a 529: the API says no, one attempt', () => {
        const { result, models } = get('should-retry-false');
        assert.deepStrictEqual([result.ok, models.length], [false, 1]);
        assert.doesNotMatch(result.error ?? '', /GaveUp/);
      });

      it('connection reset twice, then 200: connection errors are retried', () => {
        const { result, models } = get('connection-reset');
        assert.strictEqual(result.ok, true, result.message);
        assert.strictEqual(models.length, 3);
      });

      it('a 529 storm longer than the deadline: gives up by the deadline, saying so', () => {
        const { result, models } = get('storm-past-deadline');
        assert.strictEqual(result.ok, false);
        assert.match(result.error ?? '', /^ClaudeRetryGaveUp/);
        assert.match(result.message ?? '', /deadline/);
        assert.ok(models.length >= 3, `only ${models.length} attempts before the deadline`);
        assert.ok(result.elapsed_ms <= DEADLINE_MS + 500, `took ${result.elapsed_ms} ms for a ${DEADLINE_MS} ms deadline`);
      });

      it('429 with a day-long retry-after: gives up at once, calling it a quota', () => {
        const { result, models } = get('day-long-retry-after');
        assert.strictEqual(result.ok, false);
        assert.match(result.error ?? '', /^ClaudeRetryGaveUp/);
        assert.match(result.message ?? '', /quota/);
        assert.strictEqual(models.length, 1);
        assert.ok(result.elapsed_ms < 1_000, `took ${result.elapsed_ms} ms`);
      });

      it('the SDK retries are off inside: 3 attempts allowed make 3 requests, not 9', () => {
        const { result, models } = get('no-stacked-retries');
        assert.strictEqual(result.ok, false);
        assert.strictEqual(models.length, 3);
      });

      it('fallback: after the retries of an overloaded model, the next model is really asked', () => {
        const { result, models } = get('fallback-on-overload');
        assert.strictEqual(result.ok, true, result.message);
        assert.deepStrictEqual(models, [chain[0], chain[0], chain[1]]);
        assert.strictEqual(result.model, chain[1]);
      });

      it('an overloaded_error event mid-stream: the stream starts again from the beginning', () => {
        const { result, models } = get('stream-overload-restarts');
        assert.strictEqual(result.ok, true, result.message);
        assert.deepStrictEqual(models, [chain[0], chain[0]]);
      });

      it('overloaded mid-stream twice: falls back to the next model', () => {
        const { result, models } = get('stream-overload-falls-back');
        assert.strictEqual(result.ok, true, result.message);
        assert.deepStrictEqual(models, [chain[0], chain[0], chain[1]]);
        assert.strictEqual(result.model, chain[1]);
      });
    });
  }
});
