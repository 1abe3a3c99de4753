/// <reference types="mocha" />
// The acceptance bar of issue 8 for the library-based and the small quick fixes, as fixes.proof.test.ts does it
// for the self-written helpers: fixture programs WITHOUT the fix go through the real analyser, the fix a rule offers
// (through evaluate) is applied, the result is compiled / type-checked against the real SDKs and libraries
// (tenacity 9 and backoff 2 in .venv, p-retry 9 from node_modules), then run as child processes against the fake
// API, which records every request. Each group of runs has its own fake; the groups run side by side.
//   1. The wrap fix built on tenacity (sync, async) and on p-retry: the create scenarios of the self-written helper.
//   2. The decorator fixes (tenacity wait / jitter / stop, backoff max_tries): backs off (gaps measured at the
//      fake, with jitter) and stops (capped attempts on a 529 storm).
//   3. The stacked fix: N outer attempts make N requests, not N × 3 (the program before the fix is run too).
//   4. The key fix: the key comes from ANTHROPIC_API_KEY; unset, the program fails with a clear error.
// Test-only substitutions, after the fixes: the wrap helpers' defaults read from CLAUDE_RETRY_TEST_SETTINGS (as
// in fixes.proof.test.ts); the decorator fixes' `wait_random_exponential(multiplier=1, max=60)` becomes
// `multiplier=0.2` (waits drawn below 0.2, 0.4, 0.8... s instead of 1, 2, 4... s). Nothing else is changed.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hardcodedApiKeyRule } from '../../src/analysis/rules/hardcodedApiKey';
import { retriesDisabledRule } from '../../src/analysis/rules/retriesDisabled';
import { retryStackedRule } from '../../src/analysis/rules/retryStacked';
import { fixedWait } from '../../src/analysis/rules/retryShapeFixes';
import { retryWithoutBackoffRule } from '../../src/analysis/rules/retryWithoutBackoff';
import { retryWithoutJitterRule } from '../../src/analysis/rules/retryWithoutJitter';
import { unboundedRetryRule } from '../../src/analysis/rules/unboundedRetry';
import type { LanguageId, Rule } from '../../src/analysis/types';
import { FakeClaudeApi, type Outcome } from '../fake-api/server';
import {
  compileFixedPrograms,
  findingsOf,
  gapsOf,
  onLineWith,
  python,
  PythonRunner,
  readFixture,
  repoRoot,
  runAgainst,
  snakeSettings,
  withRuleFix,
  withTestSettings,
  type ChildRun,
  type Observed,
  type RetrySettings,
} from '../support/fixProof';
import { applyEdits, fakeKey } from './usage.helpers';

const workDir = path.join(repoRoot, 'out', 'fixes-proof-libraries');
const at = (name: string): string => path.join(workDir, name);
const write = (name: string, text: string): void => fs.writeFileSync(at(name), text);

const overloaded: Outcome = { kind: 'error', status: 529 };
const storm = (n: number, extra: Partial<Outcome> = {}): Outcome[] => Array(n).fill({ ...overloaded, ...extra });

// ---------- 1. the wrap fix on tenacity and p-retry ----------

const BASE_SETTINGS: RetrySettings = { maxAttempts: 8, deadlineMs: 10_000, baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 60_000 };
const DEADLINE_MS = 1_500;

interface WrapScenario {
  name: string;
  outcomes: Outcome[];
  settings?: Partial<RetrySettings>;
}

const WRAP_SCENARIOS: WrapScenario[] = [
  { name: 'overload-then-ok', outcomes: [overloaded, overloaded] },
  { name: 'retry-after-2s', outcomes: [{ kind: 'error', status: 429, retryAfter: 2 }] },
  { name: 'auth-401', outcomes: [{ kind: 'error', status: 401 }] },
  { name: 'bad-request-400', outcomes: [{ kind: 'error', status: 400 }] },
  { name: 'should-retry-false', outcomes: [{ kind: 'error', status: 529, shouldRetry: false }] },
  { name: 'connection-reset', outcomes: [{ kind: 'reset' }, { kind: 'reset' }] },
  { name: 'storm-past-deadline', outcomes: storm(200), settings: { maxAttempts: 1000, deadlineMs: DEADLINE_MS, baseDelayMs: 100, maxDelayMs: 300 } },
  { name: 'day-long-retry-after', outcomes: [{ kind: 'error', status: 429, retryAfter: 86_400 }, overloaded] },
  { name: 'no-stacked-retries', outcomes: storm(20), settings: { maxAttempts: 3 } },
];

type WrapVariant = 'tenacity-sync' | 'tenacity-async' | 'p-retry';
const WRAP_VARIANTS: WrapVariant[] = ['tenacity-sync', 'tenacity-async', 'p-retry'];

function wrapCommand(variant: WrapVariant): [string, string[]] {
  if (variant === 'p-retry') return [process.execPath, [at('build/program-p-retry.mjs')]];
  return [python, [at('program_tenacity.py'), variant === 'tenacity-sync' ? 'sync' : 'async']];
}

async function runWrapScenarios(variant: WrapVariant): Promise<Map<string, Observed>> {
  const api = await FakeClaudeApi.start();
  const runner = new PythonRunner();
  const observed = new Map<string, Observed>();
  try {
    const [file, args] = wrapCommand(variant);
    for (const scenario of WRAP_SCENARIOS) {
      const settings = { ...BASE_SETTINGS, ...scenario.settings };
      const testSettings = JSON.stringify(variant === 'p-retry' ? settings : snakeSettings(settings));
      observed.set(scenario.name, await runAgainst(api, { file, args, outcomes: scenario.outcomes, env: { CLAUDE_RETRY_TEST_SETTINGS: testSettings } }, runner));
    }
  } finally {
    runner.close();
    await api.close();
  }
  return observed;
}

// ---------- 2. the decorator fixes ----------

/** The waits the decorators are given here: the fixture's own and, after the substitution, the fixes'. */
const DECORATOR_MULTIPLIER_S = 0.2;
const DECORATOR_ATTEMPTS = 6; // what the stop / max_tries fixes write (fixedStop, fixedMaxTries)

interface DecoratorCase {
  function: string;
  /** The fixes applied in turn: the rule, and the text on the decorator's line that picks the finding. */
  fixes: Array<[Rule, string]>;
  /** The exponential cap of wait n (1-based), in seconds: what a full-jitter wait draws below. */
  cap: (n: number) => number;
}

const expCap = (max: number) => (n: number) => Math.min(max, DECORATOR_MULTIPLIER_S * 2 ** (n - 1));
const DECORATOR_CASES: DecoratorCase[] = [
  { function: 'ask_bare', fixes: [[retryWithoutBackoffRule, '@tenacity.retry'], [unboundedRetryRule, '@tenacity.retry']], cap: expCap(60) },
  { function: 'ask_bare_async', fixes: [[retryWithoutBackoffRule, '@tenacity.retry'], [unboundedRetryRule, '@tenacity.retry']], cap: expCap(60) },
  { function: 'ask_fixed_wait', fixes: [[retryWithoutBackoffRule, '@retry(wait=wait_fixed(0.2)']], cap: expCap(60) },
  { function: 'ask_no_jitter', fixes: [[retryWithoutJitterRule, 'wait_exponential(multiplier=0.2, max=2)']], cap: expCap(2) },
  { function: 'ask_backoff', fixes: [[unboundedRetryRule, '@backoff.on_exception']], cap: expCap(Infinity) },
];

/** Each decorated function in the fixture sits on the line after its decorator; a finding is picked by its line. */
async function fixedDecorators(): Promise<string> {
  let text = readFixture('program_decorators.py');
  for (const { function: name, fixes } of DECORATOR_CASES) {
    for (const [rule, needle] of fixes) {
      const lines = text.split('\n');
      const decoratorLine = lines.findIndex((line) => new RegExp(`^(async )?def ${name}\\(`).test(line)) - 1;
      assert.ok(lines[decoratorLine]?.includes(needle), `${name}: its decorator is ${lines[decoratorLine]}`);
      text = (await withRuleFix(text, 'python', rule, (finding) => finding.range.startLine === decoratorLine)).text;
    }
  }
  return text;
}

/** The one substitution of group 2: the fixes' wait with a 0.2 s multiplier instead of 1 s. */
function withSmallWaits(program: string): string {
  const count = program.split(fixedWait).length - 1;
  assert.strictEqual(count, 3, `the wait fix's text ${fixedWait} three times (ask_bare, ask_bare_async, ask_fixed_wait)`);
  return program.split(fixedWait).join(fixedWait.replace('multiplier=1,', `multiplier=${DECORATOR_MULTIPLIER_S},`));
}

// ---------- 3. the stacked fix ----------

/** The outer retries allow 3 attempts; the SDK's default adds 2 retries to each. retry-after-ms keeps the SDK's waits short. */
const OUTER_ATTEMPTS = 3;
const stackedStorm = (): Outcome[] => storm(20, { retryAfterMs: 10 });

// ---------- 4. the key fix ----------

const KEY_PLACEHOLDER = 'KEY_PLACEHOLDER';

async function withKeyFixes(text: string, language: LanguageId): Promise<string> {
  let out = text;
  for (;;) {
    const findings = await findingsOf(out, language, hardcodedApiKeyRule);
    if (findings.length === 0) return out;
    out = (await withRuleFix(out, language, hardcodedApiKeyRule, (finding) => finding.startOffset === findings[0].startOffset)).text;
  }
}

describe('library-based and small quick fixes: the proof against the fake API with the real SDKs and libraries', function () {
  this.timeout(120_000);
  const key = fakeKey('api03', 11);
  const programs = { tenacity: '', pRetry: '', decorators: '', stackedPy: '', stackedTs: '', keyPy: '', keyTs: '' };
  const wrap = new Map<WrapVariant, Map<string, Observed>>();
  const observed = new Map<string, Observed>();
  const get = (name: string): Observed => {
    const found = observed.get(name);
    assert.ok(found, `no run ${name}`);
    return found;
  };

  before(async () => {
    if (!fs.existsSync(python)) throw new Error(`Python interpreter not found at ${python} (see test/fake-api/README.md, Python)`);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });

    // 1. the wrap fix, as claude/retries-disabled offers it in a project that depends on tenacity / p-retry.
    const wrapIn = async (fixture: string, language: LanguageId, functions: string[], dependencies: { tenacity: boolean; pRetry: boolean }) => {
      let text = readFixture(fixture);
      for (const name of functions) {
        const findings = await findingsOf(text, language, retriesDisabledRule, dependencies);
        const fix = findings.flatMap((f) => f.fixes).find((f) => f.title.startsWith('Wrap in retry') && f.title.endsWith(`(the call in ${name}())`));
        assert.ok(fix, `claude/retries-disabled offers the wrap fix for the call in ${name}`);
        text = applyEdits(text, fix.edits);
      }
      return text;
    };
    programs.tenacity = await wrapIn('program_tenacity.py', 'python', ['ask', 'ask_async'], { tenacity: true, pRetry: false });
    programs.pRetry = await wrapIn('program-p-retry.mts', 'typescript', ['ask'], { tenacity: false, pRetry: true });
    // 2. the decorator fixes.
    programs.decorators = await fixedDecorators();
    // 3. the stacked fix on every stacked retry in the file.
    const unstack = async (fixture: string, language: LanguageId, heads: string[]) => {
      let text = readFixture(fixture);
      for (const head of heads) text = (await withRuleFix(text, language, retryStackedRule, onLineWith(head))).text;
      return text;
    };
    programs.stackedPy = await unstack('program_stacked.py', 'python', ['for attempt in range(3)', '@tenacity.retry(']);
    programs.stackedTs = await unstack('program-stacked.mts', 'typescript', ['for (let attempt = 0', 'pRetry(() =>']);
    // 4. the key fix, on a key of real shape written in for the placeholder.
    const keyed = (fixture: string) => readFixture(fixture).split(KEY_PLACEHOLDER).join(key);
    programs.keyPy = await withKeyFixes(keyed('program_key.py'), 'python');
    programs.keyTs = await withKeyFixes(keyed('program-key.mts'), 'typescript');

    write('program_tenacity.py', withTestSettings(programs.tenacity, 'python'));
    write('program-p-retry.mts', withTestSettings(programs.pRetry, 'script'));
    write('program_decorators.py', withSmallWaits(programs.decorators));
    write('program_decorators_before.py', readFixture('program_decorators.py'));
    write('program_stacked.py', programs.stackedPy);
    write('program_stacked_before.py', readFixture('program_stacked.py'));
    write('program-stacked.mts', programs.stackedTs);
    write('program-stacked-before.mts', readFixture('program-stacked.mts'));
    write('program_key.py', programs.keyPy);
    write('program_key_before.py', keyed('program_key.py'));
    write('program-key.mts', programs.keyTs);
    write('program-key-before.mts', keyed('program-key.mts'));
    // (a) compile and type-check. ES modules (p-retry is ESM only): .mts compiles to .mjs under module nodenext,
    // with the real packages' types.
    await compileFixedPrograms(workDir, {
      python: ['program_tenacity.py', 'program_decorators.py', 'program_stacked.py', 'program_key.py'],
      typescript: ['program-p-retry.mts', 'program-stacked.mts', 'program-stacked-before.mts', 'program-key.mts', 'program-key-before.mts'],
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022', 'DOM'] },
    });

    // (b) the runs, each group on its own fake, side by side.
    const group = async (runs: Array<[string, ChildRun]>) => {
      const api = await FakeClaudeApi.start();
      const runner = new PythonRunner();
      try {
        for (const [name, child] of runs) observed.set(name, await runAgainst(api, child, runner));
      } finally {
        runner.close();
        await api.close();
      }
    };
    const py = (file: string, ...args: string[]) => ({ file: python, args: [at(file), ...args] });
    const node = (file: string, ...args: string[]) => ({ file: process.execPath, args: [at(`build/${file}`), ...args] });
    const decoratorRuns: Array<[string, ChildRun]> = DECORATOR_CASES.flatMap(({ function: name }): Array<[string, ChildRun]> => [
      [`${name} storm`, { ...py('program_decorators.py', name), outcomes: storm(20) }],
      [`${name} overload-then-ok`, { ...py('program_decorators.py', name), outcomes: [overloaded, overloaded] }],
    ]);
    decoratorRuns.push(['ask_no_jitter before', { ...py('program_decorators_before.py', 'ask_no_jitter'), outcomes: storm(20) }]);
    await Promise.all([
      ...WRAP_VARIANTS.map(async (variant) => wrap.set(variant, await runWrapScenarios(variant))),
      // Storms wait about 3 s each (5 s before the jitter fix): four groups, so no group waits more than about 8 s.
      group(decoratorRuns.slice(0, 3)),
      group(decoratorRuns.slice(3, 6)),
      group(decoratorRuns.slice(6, 9)),
      group(decoratorRuns.slice(9)),
      group([
        ['py ask_loop before', { ...py('program_stacked_before.py', 'ask_loop'), outcomes: stackedStorm() }],
        ['py ask_loop', { ...py('program_stacked.py', 'ask_loop'), outcomes: stackedStorm() }],
        ['py ask_tenacity before', { ...py('program_stacked_before.py', 'ask_tenacity'), outcomes: stackedStorm() }],
        ['py ask_tenacity', { ...py('program_stacked.py', 'ask_tenacity'), outcomes: stackedStorm() }],
      ]),
      group([
        ['ts askLoop before', { ...node('program-stacked-before.mjs', 'askLoop'), outcomes: stackedStorm() }],
        ['ts askLoop', { ...node('program-stacked.mjs', 'askLoop'), outcomes: stackedStorm() }],
        ['ts askPRetry before', { ...node('program-stacked-before.mjs', 'askPRetry'), outcomes: stackedStorm() }],
        ['ts askPRetry', { ...node('program-stacked.mjs', 'askPRetry'), outcomes: stackedStorm() }],
      ]),
      group([
        ['py key before', { ...py('program_key_before.py'), outcomes: [] }],
        ['py key', { ...py('program_key.py'), outcomes: [] }],
        ['py key unset', { ...py('program_key.py'), outcomes: [], withoutKey: true }],
        ['ts sdk key before', { ...node('program-key-before.mjs', 'sdk'), outcomes: [] }],
        ['ts sdk key', { ...node('program-key.mjs', 'sdk'), outcomes: [] }],
        ['ts sdk key unset', { ...node('program-key.mjs', 'sdk'), outcomes: [], withoutKey: true }],
        ['ts fetch key', { ...node('program-key.mjs', 'fetch'), outcomes: [] }],
        ['ts fetch key unset', { ...node('program-key.mjs', 'fetch'), outcomes: [], withoutKey: true }],
      ]),
    ]);
  });

  describe('the wrap fix on tenacity and p-retry', () => {
    it('builds on the library the project depends on, with the SDK retries off inside', () => {
      assert.match(programs.tenacity, /^import tenacity$/m);
      assert.match(programs.tenacity, /call_claude_with_tenacity\(client, lambda retry_client: retry_client\.messages\.create\(/);
      assert.match(programs.tenacity, /await call_claude_with_tenacity_async\(async_client, lambda retry_client:/);
      assert.match(programs.pRetry, /^import pRetry from 'p-retry';$/m);
      assert.match(programs.pRetry, /await callClaudeWithPRetry\(\(options\) => client\.messages\.create\(params, \{ \.\.\.\{ timeout: 60_000 \}, \.\.\.options \}\)\)/);
    });

    for (const variant of WRAP_VARIANTS) {
      describe(variant, () => {
        const scenario = (name: string): Observed => {
          const found = wrap.get(variant)?.get(name);
          assert.ok(found, `no result for ${name}`);
          return found;
        };

        it('529, 529, then 200: succeeds on the third attempt', () => {
          const { result, models } = scenario('overload-then-ok');
          assert.strictEqual(result.ok, true, result.message);
          assert.strictEqual(models.length, 3);
        });

        it('429 with retry-after: 2 waits at least 2 s, then succeeds', () => {
          const { result, times } = scenario('retry-after-2s');
          assert.strictEqual(result.ok, true, result.message);
          assert.strictEqual(times.length, 2);
          assert.ok(gapsOf({ times })[0] >= 2_000 - 20, `retried after ${gapsOf({ times })[0]} ms`);
        });

        it('401: exactly one attempt, the SDK error unchanged', () => {
          const { result, models } = scenario('auth-401');
          assert.deepStrictEqual([result.ok, result.error, models.length], [false, 'AuthenticationError', 1], result.message);
        });

        it('400: exactly one attempt', () => {
          const { result, models } = scenario('bad-request-400');
          assert.deepStrictEqual([result.ok, result.error, models.length], [false, 'BadRequestError', 1], result.message);
        });

        it('x-should-retry: false on a 529: one attempt', () => {
          const { result, models } = scenario('should-retry-false');
          assert.deepStrictEqual([result.ok, models.length], [false, 1]);
          assert.doesNotMatch(result.error ?? '', /GaveUp/);
        });

        it('connection reset twice, then 200: connection errors are retried', () => {
          const { result, models } = scenario('connection-reset');
          assert.strictEqual(result.ok, true, result.message);
          assert.strictEqual(models.length, 3);
        });

        it('a 529 storm longer than the deadline: gives up by the deadline, saying so', () => {
          const { result, models } = scenario('storm-past-deadline');
          assert.strictEqual(result.ok, false);
          assert.match(result.error ?? '', /^ClaudeRetryGaveUp/, result.message);
          assert.match(result.message ?? '', /deadline/);
          assert.ok(models.length >= 3, `only ${models.length} attempts before the deadline`);
          assert.ok(result.elapsed_ms <= DEADLINE_MS + 500, `took ${result.elapsed_ms} ms for a ${DEADLINE_MS} ms deadline`);
        });

        it('429 with a day-long retry-after: gives up at once, calling it a quota', () => {
          const { result, models } = scenario('day-long-retry-after');
          assert.strictEqual(result.ok, false);
          assert.match(result.error ?? '', /^ClaudeRetryGaveUp/, result.message);
          assert.match(result.message ?? '', /quota/);
          assert.strictEqual(models.length, 1);
          assert.ok(result.elapsed_ms < 1_000, `took ${result.elapsed_ms} ms`);
        });

        it('no stacked retries: 3 attempts allowed make 3 requests, and the give-up says so', () => {
          const { result, models } = scenario('no-stacked-retries');
          assert.strictEqual(result.ok, false);
          assert.match(result.error ?? '', /^ClaudeRetryGaveUp/, result.message);
          assert.strictEqual(models.length, 3);
        });
      });
    }
  });

  describe('the decorator fixes (tenacity wait / jitter / stop, backoff max_tries)', () => {
    it('write what the rules promise, and the rules have nothing left to fix', async () => {
      assert.match(programs.decorators, /^@tenacity\.retry\(wait=tenacity\.wait_random_exponential\(multiplier=1, max=60\), stop=tenacity\.stop_after_attempt\(6\)\)\ndef ask_bare\(/m);
      assert.match(programs.decorators, /^@retry\(wait=wait_random_exponential\(multiplier=1, max=60\), stop=stop_after_attempt\(6\)\)\ndef ask_fixed_wait\(/m);
      assert.match(programs.decorators, /^from tenacity import wait_random_exponential$/m);
      assert.match(programs.decorators, /^@tenacity\.retry\(wait=tenacity\.wait_random_exponential\(multiplier=0\.2, max=2\), stop=tenacity\.stop_after_attempt\(6\)\)\ndef ask_no_jitter\(/m);
      assert.match(programs.decorators, /^@backoff\.on_exception\(backoff\.expo, anthropic\.APIStatusError, factor=0\.2, max_tries=6\)$/m);
      for (const rule of [retryWithoutBackoffRule, retryWithoutJitterRule, unboundedRetryRule]) {
        assert.deepStrictEqual((await findingsOf(programs.decorators, 'python', rule)).map((f) => f.message), [], rule.id);
      }
    });

    const allGaps: Array<{ gap: number; cap: number }> = [];
    for (const { function: name, cap } of DECORATOR_CASES) {
      describe(name, () => {
        it(`a 529 storm: stops after ${DECORATOR_ATTEMPTS} attempts`, () => {
          const { result, models } = get(`${name} storm`);
          assert.strictEqual(result.ok, false, result.message);
          assert.notStrictEqual(result.error, 'child timed out');
          assert.strictEqual(models.length, DECORATOR_ATTEMPTS);
        });

        it('backs off: the waits at the fake stay under the exponential caps and add up to far more than a tight loop', () => {
          const gaps = gapsOf(get(`${name} storm`));
          assert.strictEqual(gaps.length, DECORATOR_ATTEMPTS - 1);
          gaps.forEach((gap, i) => {
            allGaps.push({ gap, cap: cap(i + 1) * 1000 });
            // 400 ms of slack: the request itself (a Python SDK call on a loaded machine) comes on top of the wait.
            assert.ok(gap <= cap(i + 1) * 1000 + 400, `wait ${i + 1} was ${gap} ms, over its cap of ${cap(i + 1) * 1000} ms`);
          });
          // Full jitter draws each wait from 0 to its cap (0.2, 0.4, ... 3.2 s): the five add up to less than 250 ms
          // about once in 40,000 runs. A tight loop's five requests took 84 ms here on a loaded machine.
          const total = gaps.reduce((a, b) => a + b, 0);
          assert.ok(total >= 250, `the waits add up to ${total} ms: ${gaps.join(', ')}`);
        });

        it('jitter: at least one wait is well below its cap (wait_exponential would wait the cap itself)', () => {
          // Each wait is under 90 % of its cap with probability 0.9; all five above it: about once in 10^5 runs.
          const gaps = gapsOf(get(`${name} storm`));
          assert.ok(gaps.some((gap, i) => gap < 0.9 * cap(i + 1) * 1000), `waits ${gaps.join(', ')} ms against caps ${gaps.map((_, i) => cap(i + 1) * 1000).join(', ')}`);
        });

        it('529, 529, then 200: succeeds on the third attempt', () => {
          const { result, models } = get(`${name} overload-then-ok`);
          assert.strictEqual(result.ok, true, result.message);
          assert.strictEqual(models.length, 3);
        });
      });
    }

    it('before the jitter fix, the same storm waits the caps themselves (what the jitter test tells apart)', () => {
      const gaps = gapsOf(get('ask_no_jitter before'));
      assert.ok(gaps.length === DECORATOR_ATTEMPTS - 1 && gaps.every((gap, i) => gap >= 0.9 * expCap(2)(i + 1) * 1000), `waits ${gaps.join(', ')} ms`);
    });
  });

  describe('the stacked fix', () => {
    it('switches the SDK retries off on the wrapped calls only, and the rule has nothing left to report', async () => {
      assert.strictEqual(programs.stackedPy.split('client.with_options(max_retries=0).messages.create(').length - 1, 2);
      assert.match(programs.stackedTs, /return await client\.messages\.create\(params, \{ maxRetries: 0 \}\);/);
      assert.match(programs.stackedTs, /pRetry\(\(\) => client\.messages\.create\(params, \{ maxRetries: 0 \}\), \{ retries: 2/);
      assert.deepStrictEqual(await findingsOf(programs.stackedPy, 'python', retryStackedRule), []);
      assert.deepStrictEqual(await findingsOf(programs.stackedTs, 'typescript', retryStackedRule), []);
    });

    for (const run of ['py ask_loop', 'py ask_tenacity', 'ts askLoop', 'ts askPRetry']) {
      it(`${run}: ${OUTER_ATTEMPTS} outer attempts on a 529 storm make ${OUTER_ATTEMPTS} requests (before the fix: ${OUTER_ATTEMPTS} × 3)`, () => {
        const before = get(`${run} before`);
        const after = get(run);
        assert.deepStrictEqual([before.result.ok, after.result.ok], [false, false], `${before.result.message} / ${after.result.message}`);
        assert.match(after.result.error ?? '', /Overloaded|InternalServer/, after.result.message);
        assert.strictEqual(before.models.length, OUTER_ATTEMPTS * 3, 'before: each outer attempt is 1 + 2 SDK retries');
        assert.strictEqual(after.models.length, OUTER_ATTEMPTS);
      });
    }
  });

  describe('the key fix', () => {
    it('the key literal is gone: read from ANTHROPIC_API_KEY, nothing left to report', async () => {
      for (const [program, language] of [[programs.keyPy, 'python'], [programs.keyTs, 'typescript']] as const) {
        assert.ok(!program.includes(key) && !program.includes(key.slice(-12)), `${language}: no trace of the key`);
        assert.deepStrictEqual(await findingsOf(program, language, hardcodedApiKeyRule), [], language);
      }
      assert.match(programs.keyPy, /^import os$/m);
      assert.match(programs.keyPy, /anthropic\.Anthropic\(api_key=os\.environ\["ANTHROPIC_API_KEY"\], max_retries=0\)/);
    });

    for (const [label, name] of [['Python SDK client', 'py key'], ['TypeScript SDK client', 'ts sdk key']] as const) {
      it(`${label}: before the fix it sends the written key; after it, the key from the environment works`, () => {
        const before = get(`${name} before`);
        assert.deepStrictEqual([before.result.ok, before.keyValid], [false, [false]], before.result.message);
        const after = get(name);
        assert.strictEqual(after.result.ok, true, after.result.message);
        assert.deepStrictEqual(after.keyValid, [true]);
      });
    }

    it('raw fetch with the key in a constant: the key from the environment works', () => {
      const after = get('ts fetch key');
      assert.strictEqual(after.result.ok, true, after.result.message);
      assert.deepStrictEqual(after.keyValid, [true]);
    });

    for (const name of ['py key unset', 'ts sdk key unset', 'ts fetch key unset']) {
      it(`${name.replace(' unset', '')}: with ANTHROPIC_API_KEY unset it fails before any request, naming the variable`, () => {
        const { result, models } = get(name);
        assert.strictEqual(result.ok, false);
        assert.notStrictEqual(result.error, 'child timed out');
        assert.match(result.message ?? '', /ANTHROPIC_API_KEY/, result.message);
        assert.strictEqual(models.length, 0);
      });
    }
  });
});
