// Shared by the proof tests of the quick fixes (test/unit/fixes.proof*.test.ts): where the fixtures and tools
// are, the fixes as a rule offers them through evaluate, the compile step (strict TypeScript settings), the one
// test-only change to the helpers' defaults, and running a fixed program as a child process against the fake
// API, recording what the fake saw.
import * as assert from 'assert';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { evaluate } from '../../src/analysis/evaluate';
import type { RetryLibraries } from '../../src/analysis/fixes/dependencies';
import type { Finding, Fix, LanguageId, Rule, RuleContext } from '../../src/analysis/types';
import { ModelCatalog } from '../../src/models/catalog';
import { FAKE_API_KEY, type FakeClaudeApi, type Outcome } from '../fake-api/server';
import { applyEdits, usageOf } from '../unit/usage.helpers';

export const run = promisify(execFile);
export const repoRoot = path.resolve(__dirname, '..', '..', '..'); // out/test/support -> repo root
export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'fixes');
export const python = path.resolve(repoRoot, process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
export const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
export const catalog = ModelCatalog.bundled();

/** The TypeScript settings a careful user's project has: every fixed program must type-check under them. */
const strictCompilerOptions = {
  target: 'ES2022',
  types: ['node'],
  typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  skipLibCheck: true,
  outDir: 'build',
  rootDir: '.',
};

/**
 * Step (a) of every proof: the fixed programs in `workDir` compile. Python through py_compile, JavaScript
 * through `node --check`, TypeScript through tsc with the strict options plus `compilerOptions` (module, lib).
 * A failure here is a fix that does not compile in user code.
 */
export async function compileFixedPrograms(
  workDir: string,
  programs: { python: string[]; javascript?: string[]; typescript: string[]; compilerOptions: Record<string, unknown> },
): Promise<void> {
  const at = (name: string): string => path.join(workDir, name);
  fs.writeFileSync(at('tsconfig.json'), JSON.stringify({ compilerOptions: { ...strictCompilerOptions, ...programs.compilerOptions }, files: programs.typescript }));
  await run(python, ['-m', 'py_compile', ...programs.python.map(at)]);
  for (const file of programs.javascript ?? []) await run(process.execPath, ['--check', at(file)]);
  await run(process.execPath, [tsc, '-p', at('tsconfig.json')]).catch((err: { stdout?: string }) => {
    throw new Error(`tsc failed on the fixed TypeScript programs:\n${err.stdout ?? String(err)}`);
  });
}
export const asOf = catalog.source.asOf;

/** The rule context evaluate gives the rules, for the builders no rule attaches. */
export function ruleContext(projectDependencies?: RetryLibraries): RuleContext {
  return {
    judge: (model) => catalog.judge(model, asOf),
    asOf,
    newestOfLine: (line) => catalog.newestOfLine(line, asOf),
    catalog: catalog.source,
    ...(projectDependencies && { projectDependencies }),
  };
}

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(fixtures, name), 'utf8');
}

/** The findings `rule` reports on `text`, through evaluate as the editor and the CLI run it. */
export async function findingsOf(text: string, language: LanguageId, rule: Rule, projectDependencies?: RetryLibraries): Promise<Finding[]> {
  return evaluate(await usageOf(text, language), { catalog, asOf, rules: [rule], ...(projectDependencies && { projectDependencies }) });
}

/**
 * `text` with the fix `rule` offers on the finding `pick` chooses applied. Asserts there is exactly one such
 * finding with exactly one fix, a behaviour fix (these fixes never go into fix-all).
 */
export async function withRuleFix(text: string, language: LanguageId, rule: Rule, pick: (finding: Finding, text: string) => boolean, projectDependencies?: RetryLibraries): Promise<{ text: string; fix: Fix }> {
  const picked = (await findingsOf(text, language, rule, projectDependencies)).filter((finding) => pick(finding, text));
  assert.strictEqual(picked.length, 1, `one ${rule.id} finding picked, got ${picked.length}`);
  assert.strictEqual(picked[0].fixes.length, 1, `${rule.id} offers one fix on line ${picked[0].range.startLine + 1}`);
  const [fix] = picked[0].fixes;
  assert.strictEqual(fix.kind, 'behaviour');
  return { text: applyEdits(text, fix.edits), fix };
}

/** The finding whose line holds `needle`. */
export const onLineWith =
  (needle: string) =>
  (finding: Finding, text: string): boolean =>
    (text.split(/\r?\n/)[finding.range.startLine] ?? '').includes(needle);

/**
 * The one change after the retry fixes: the helpers' defaults read from CLAUDE_RETRY_TEST_SETTINGS (small waits
 * for the test). TS/JS: the `const CLAUDE_RETRY_DEFAULTS = {…};` line; Python: the five ClaudeRetrySettings defaults.
 */
export function withTestSettings(program: string, language: 'python' | 'script'): string {
  if (language === 'script') {
    const defaults = /^const CLAUDE_RETRY_DEFAULTS = \{[^\n]*\};?$/m;
    assert.strictEqual(program.match(new RegExp(defaults.source, 'gm'))?.length ?? 0, 1, 'the helpers define CLAUDE_RETRY_DEFAULTS once');
    return program.replace(defaults, 'const CLAUDE_RETRY_DEFAULTS = JSON.parse(process.env.CLAUDE_RETRY_TEST_SETTINGS ?? "{}");');
  }
  let count = 0;
  const out = program.replace(/^( +)(max_attempts|deadline_s|base_delay_s|max_delay_s|max_retry_after_s): (int|float) = [0-9.]+/gm, (_m, indent: string, field: string, type: string) => {
    count++;
    return `${indent}${field}: ${type} = ${type}(__import__("json").loads(__import__("os").environ["CLAUDE_RETRY_TEST_SETTINGS"])["${field}"])`;
  });
  assert.strictEqual(count, 5, 'the five ClaudeRetrySettings defaults, once');
  return out;
}

/** The retry helpers' settings in TS terms (ms). */
export interface RetrySettings {
  maxAttempts: number;
  deadlineMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

/** The same settings as ClaudeRetrySettings (Python, seconds) reads them. */
export function snakeSettings(settings: RetrySettings): Record<string, number> {
  return {
    max_attempts: settings.maxAttempts,
    deadline_s: settings.deadlineMs / 1000,
    base_delay_s: settings.baseDelayMs / 1000,
    max_delay_s: settings.maxDelayMs / 1000,
    max_retry_after_s: settings.maxRetryAfterMs / 1000,
  };
}

/** The one JSON line a fixture program prints. */
export interface RunResult {
  ok: boolean;
  model?: string;
  error?: string;
  message?: string;
  elapsed_ms: number;
}

/** A run of a program and what the fake saw of it. */
export interface Observed {
  result: RunResult;
  /** The model each messages request named, in order (one entry per attempt). */
  models: string[];
  /** When the fake received each messages request (Date.now ms). */
  times: number[];
  /** Whether each messages request carried the fake's valid key. */
  keyValid: boolean[];
}

/** The waits between consecutive requests at the fake, in ms. */
export function gapsOf(observed: Pick<Observed, 'times'>): number[] {
  return observed.times.slice(1).map((time, i) => time - observed.times[i]);
}

/**
 * One Python interpreter that runs fixture programs in turn (test/support/python_runner.py): the cost of importing
 * anthropic is paid once per runner, not once per run. A run that outlives its timeout kills the interpreter (the
 * next run starts a new one). Close it when done.
 */
export class PythonRunner {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buffered = '';
  private waiting: ((line: string) => void) | undefined;

  async run(program: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number } | 'timeout'> {
    const child = this.start();
    const answer = new Promise<string>((resolve) => (this.waiting = resolve));
    child.stdin.write(`${JSON.stringify({ program, args, env })}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const line = await Promise.race([answer, timedOut]);
    clearTimeout(timer);
    if (line === 'timeout') {
      this.close();
      return 'timeout';
    }
    return JSON.parse(line) as { stdout: string; stderr: string; code: number };
  }

  close(): void {
    this.child?.kill();
    this.child = undefined;
    this.buffered = '';
    this.waiting = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(python, [path.join(repoRoot, 'test', 'support', 'python_runner.py')], { stdio: 'pipe' });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      const end = this.buffered.indexOf('\n');
      if (end < 0) return;
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(line);
    });
    child.stderr.resume(); // the programs' stderr comes back in the answers; the runner itself writes none
    // The interpreter dying (or failing to start) answers the run in progress as a crash, not a timeout.
    const died = (why: string) => {
      if (this.child !== child) return;
      const waiting = this.waiting;
      this.close();
      waiting?.(JSON.stringify({ stdout: '', stderr: `python_runner.py: ${why}`, code: 1 }));
    };
    child.on('exit', (code, signal) => died(`exited (${signal ?? code})`));
    child.on('error', (error) => died(error.message));
    this.child = child;
    return child;
  }
}

export interface ChildRun {
  file: string;
  args: string[];
  outcomes: Outcome[];
  /** Extra environment (CLAUDE_RETRY_TEST_SETTINGS, ...); ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY are set here. */
  env?: Record<string, string>;
  /** Leave ANTHROPIC_API_KEY unset. */
  withoutKey?: boolean;
  timeoutMs?: number;
}

/**
 * Runs one program against `api` (reset and scripted first) and records what the fake saw. A crash or a hang is
 * that run's failure (its test says so), not the whole file's. The runner's own key and base URL never reach it.
 * With `runner`, Python programs run in that interpreter instead of a new one each.
 */
export async function runAgainst(api: FakeClaudeApi, child: ChildRun, runner?: PythonRunner): Promise<Observed> {
  api.reset();
  api.script('messages', child.outcomes);
  const env: NodeJS.ProcessEnv = { ...process.env, ...child.env, ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: FAKE_API_KEY };
  for (const name of ['ANTHROPIC_AUTH_TOKEN', ...(child.withoutKey ? ['ANTHROPIC_API_KEY'] : [])]) delete env[name];
  let result: RunResult;
  const timeout = child.timeoutMs ?? 25_000;
  try {
    if (runner && child.file === python) {
      const [program, ...args] = child.args;
      const answer = await runner.run(program, args, env, timeout);
      if (answer === 'timeout') throw Object.assign(new Error('timed out'), { killed: true });
      if (answer.code !== 0) throw Object.assign(new Error(`exit ${answer.code}`), { stderr: answer.stderr });
      result = JSON.parse(answer.stdout.trim().split('\n').at(-1) ?? '') as RunResult;
    } else {
      const { stdout } = await run(child.file, child.args, { env, timeout });
      result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as RunResult;
    }
  } catch (err) {
    const { stderr, killed } = err as { stderr?: string; killed?: boolean };
    result = { ok: false, error: killed ? 'child timed out' : 'child crashed', message: String(stderr ?? err).slice(-2000), elapsed_ms: -1 };
  }
  const requests = api.requestsFor('messages');
  return { result, models: requests.map((r) => r.model ?? '?'), times: requests.map((r) => r.time), keyValid: requests.map((r) => r.keyValid) };
}
