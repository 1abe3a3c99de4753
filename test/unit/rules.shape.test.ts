// Issue 8 §3, the retry-shape rules: claude/retry-without-backoff, claude/retry-without-jitter and
// claude/unbounded-retry in Python, TypeScript and JavaScript — findings on the mechanism's head, severities,
// library defaults, hand-written loops (waits read through names, comments ignored, the seeds' 10 % jitter),
// traps (OpenAI, comments, idiomatic code), suppressions and settings.
import * as assert from 'assert';
import { evaluate, type EvaluateOptions } from '../../src/analysis/evaluate';
import type { Finding, LanguageId } from '../../src/analysis/types';
import { ModelCatalog } from '../../src/models/catalog';
import { applyEdits, offsetOf, usageOf } from './usage.helpers';

const options: EvaluateOptions = { catalog: ModelCatalog.bundled(), asOf: '2026-11-22' };
const shapeRules = new Set(['claude/retry-without-backoff', 'claude/retry-without-jitter', 'claude/unbounded-retry']);

/** The three rules' findings as [rule, severity, 0-based line], in text order. */
async function shape(text: string, language: LanguageId, extra: Partial<EvaluateOptions> = {}): Promise<Array<[string, string, number]>> {
  return (await shapeFindings(text, language, extra)).map((f) => [f.ruleId, f.severity, f.range.startLine]);
}

async function shapeFindings(text: string, language: LanguageId, extra: Partial<EvaluateOptions> = {}): Promise<Finding[]> {
  return evaluate(await usageOf(text, language), { ...options, ...extra }).filter((f) => shapeRules.has(f.ruleId));
}

const py = (...lines: string[]): string => ['import random', 'import time', 'import anthropic', 'import backoff', 'import tenacity', 'from tenacity import retry, stop_after_attempt, wait_exponential, wait_fixed, wait_random_exponential', '', 'client = anthropic.Anthropic()', '', ...lines, ''].join('\n');
const ask = '    return client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[])';
const head = 10 - 1; // the first line of the snippet after py()'s nine lines

describe('claude/retry-without-backoff, claude/retry-without-jitter, claude/unbounded-retry: Python libraries', () => {
  it('bare tenacity @retry: no wait (error) and no stop (warning), on the @retry line, with `@retry` as the range', async () => {
    const text = py('@retry', 'def ask():', ask);
    assert.deepStrictEqual(await shape(text, 'python'), [
      ['claude/retry-without-backoff', 'error', head],
      ['claude/unbounded-retry', 'warning', head],
    ]);
    const [finding] = await shapeFindings(text, 'python');
    assert.deepStrictEqual([finding.startOffset, finding.endOffset], [offsetOf(text, '@retry\n'), offsetOf(text, '@retry\n') + '@retry'.length]);
    assert.deepStrictEqual(finding.range, { startLine: head, startColumn: 0, endLine: head, endColumn: 6 });
    assert.deepStrictEqual([finding.model, finding.replacement], [null, null]);
    assert.deepStrictEqual(finding.fixes.map((f) => [f.kind, f.isPreferred]), [['behaviour', true]]);
    assert.match(finding.message, /no wait between attempts \(the library default\)/);
  });

  it('tenacity wait_fixed: a constant wait is a warning that says how long', async () => {
    const text = py('@tenacity.retry(wait=wait_fixed(2), stop=stop_after_attempt(5))', 'def ask():', ask);
    const found = await shapeFindings(text, 'python');
    assert.deepStrictEqual(found.map((f) => [f.ruleId, f.severity, f.range.startLine, f.range.endColumn]), [['claude/retry-without-backoff', 'warning', head, '@tenacity.retry'.length]]);
    assert.match(found[0].message, /constant 2 s/);
  });

  it('tenacity wait_exponential: no jitter (info); wait_random_exponential with a stop: nothing', async () => {
    assert.deepStrictEqual(await shape(py('@retry(wait=wait_exponential(multiplier=1, max=32), stop=stop_after_attempt(8))', 'def ask():', ask), 'python'), [['claude/retry-without-jitter', 'info', head]]);
    assert.deepStrictEqual(await shape(py('@retry(wait=wait_random_exponential(multiplier=1, max=60), stop=stop_after_attempt(6))', 'def ask():', ask), 'python'), []);
  });

  it('backoff: no max_tries/max_time is unbounded; a constant generator is a warning; expo with a cap is fine', async () => {
    assert.deepStrictEqual(await shape(py('@backoff.on_exception(backoff.expo, anthropic.RateLimitError)', 'def ask():', ask), 'python'), [['claude/unbounded-retry', 'warning', head]]);
    assert.deepStrictEqual(await shape(py('@backoff.on_exception(backoff.constant, anthropic.RateLimitError, interval=1, max_tries=5)', 'def ask():', ask), 'python'), [['claude/retry-without-backoff', 'warning', head]]);
    assert.deepStrictEqual(await shape(py('@backoff.on_exception(backoff.expo, anthropic.RateLimitError, max_tries=6)', 'def ask():', ask), 'python'), []);
    // A cap held in a variable is a cap.
    assert.deepStrictEqual(await shape(py('@backoff.on_exception(backoff.expo, anthropic.RateLimitError, max_tries=ATTEMPTS)', 'def ask():', ask), 'python'), []);
  });

  it('tenacity Retrying as a for-loop iterator is a retry: unbounded and without wait, on its line', async () => {
    const text = py('def ask():', '    for attempt in tenacity.Retrying():', '        with attempt:', '            return client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[])');
    assert.deepStrictEqual(await shape(text, 'python'), [
      ['claude/retry-without-backoff', 'error', head + 1],
      ['claude/unbounded-retry', 'warning', head + 1],
    ]);
    assert.deepStrictEqual(await shape(text.replace('tenacity.Retrying()', 'tenacity.Retrying(stop=stop_after_attempt(5), wait=wait_random_exponential(max=30))'), 'python'), []);
  });

  it('reports a mechanism once however many calls it wraps', async () => {
    const text = py('@retry', 'def ask():', '    client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[])', ask);
    assert.strictEqual((await shape(text, 'python')).length, 2);
  });
});

describe('retry-shape rules: Python hand-written loops', () => {
  const loop = (header: string, ...handler: string[]): string =>
    py('def ask():', `    ${header}`, '        try:', `        ${ask}`, '        except anthropic.APIStatusError as error:', '            if error.status_code != 529:', '                raise', ...handler.map((l) => `            ${l}`));

  it('while True with no sleep: error and unbounded, on the `while` keyword', async () => {
    const text = loop('while True:');
    assert.deepStrictEqual(await shape(text, 'python'), [
      ['claude/retry-without-backoff', 'error', head + 1],
      ['claude/unbounded-retry', 'warning', head + 1],
    ]);
    const [finding] = await shapeFindings(text, 'python');
    assert.deepStrictEqual([finding.range.startColumn, finding.range.endColumn], [4, 9]);
  });

  it('a constant sleep is a warning; a counted loop is bounded', async () => {
    const found = await shapeFindings(loop('for attempt in range(5):', 'time.sleep(3)'), 'python');
    assert.deepStrictEqual(found.map((f) => [f.ruleId, f.severity]), [['claude/retry-without-backoff', 'warning']]);
    assert.match(found[0].message, /constant 3 s/);
  });

  it('2 ** attempt through a variable has no jitter; full and additive jitter are jitter', async () => {
    assert.deepStrictEqual(await shape(loop('for attempt in range(5):', 'wait_time = 2 ** attempt', 'time.sleep(wait_time)'), 'python'), [['claude/retry-without-jitter', 'info', head + 1]]);
    assert.deepStrictEqual(await shape(loop('for attempt in range(5):', 'time.sleep(random.uniform(0, 2 ** attempt))'), 'python'), []);
    assert.deepStrictEqual(await shape(loop('for attempt in range(5):', 'time.sleep(2 ** attempt + random.uniform(0, 1))'), 'python'), []);
  });

  it("the seeds' 10 % jitter is no jitter, and the message says why", async () => {
    const text = loop('for attempt in range(5):', 'base_delay = 2 ** attempt', 'jitter = random.uniform(0, base_delay * 0.1)', 'time.sleep(min(base_delay + jitter, 32))');
    const found = await shapeFindings(text, 'python');
    assert.deepStrictEqual(found.map((f) => [f.ruleId, f.severity, f.range.startLine]), [['claude/retry-without-jitter', 'info', head + 1]]);
    assert.match(found[0].message, /small fraction of the wait/);
  });

  it('a comment that mentions jitter or random is not jitter', async () => {
    assert.deepStrictEqual(await shape(loop('for attempt in range(5):  # no jitter: random is for later', 'time.sleep(2 ** attempt)  # jitter?'), 'python'), [['claude/retry-without-jitter', 'info', head + 1]]);
  });

  it('a sleep of retry-after, else exponential with jitter, is backoff with jitter', async () => {
    assert.deepStrictEqual(await shape(loop('for attempt in range(5):', 'after = error.response.headers.get("retry-after")', 'time.sleep(float(after) if after else random.uniform(0, 2 ** attempt))'), 'python'), []);
    assert.deepStrictEqual(await shape(loop('for attempt in range(5):', 'time.sleep(float(error.response.headers["retry-after"]))'), 'python'), []);
  });

  it('while True with a counter checked before re-raising is bounded', async () => {
    assert.deepStrictEqual(await shape(loop('while True:', 'if attempt >= 4:', '    raise', 'attempt += 1', 'time.sleep(random.uniform(0, 2 ** attempt))'), 'python'), []);
  });

  it('traps: the same loop around OpenAI, and commented-out code, report nothing', async () => {
    const openai = ['import openai', 'oa = openai.OpenAI()', 'def ask():', '    while True:', '        try:', '            return oa.chat.completions.create(model="gpt-4o", messages=[])', '        except Exception:', '            pass', ''].join('\n');
    assert.deepStrictEqual(await shape(openai, 'python'), []);
    assert.deepStrictEqual(await shape(py('# @retry', 'def ask():', ask), 'python'), []);
    assert.deepStrictEqual(await shape(py('def ask():', ask), 'python'), []);
  });

  it('a suppression comment on the line above the head, and the severity settings', async () => {
    assert.deepStrictEqual(await shape(py('# claude-health-ignore-next-line', '@retry', 'def ask():', ask), 'python'), []);
    const text = py('@retry', 'def ask():', ask);
    assert.deepStrictEqual(await shape(text, 'python', { severity: { 'claude/retry-without-backoff': 'off', 'claude/unbounded-retry': 'error' } }), [['claude/unbounded-retry', 'error', head]]);
  });
});

describe('retry-shape rules: TypeScript', () => {
  const ts = (...lines: string[]): string => ["import Anthropic from '@anthropic-ai/sdk';", "import pRetry from 'p-retry';", "import { ConstantBackoff, handleAll, retry } from 'cockatiel';", 'const client = new Anthropic();', 'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));', ...lines, ''].join('\n');
  const call = "client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 8, messages: [] })";
  const first = 5;

  it('while (true) with no wait: error and unbounded, on `while`', async () => {
    const text = ts('export async function ask() {', '  while (true) {', `    try { return await ${call}; } catch (error) { console.warn(error); }`, '  }', '}');
    assert.deepStrictEqual(await shape(text, 'typescript'), [
      ['claude/retry-without-backoff', 'error', first + 1],
      ['claude/unbounded-retry', 'warning', first + 1],
    ]);
  });

  it('for (let a = 1; ; a++) with a counter check: bounded; setTimeout(resolve, 1000) is a constant wait', async () => {
    const text = ts('export async function ask() {', '  for (let attempt = 1; ; attempt++) {', `    try { return await ${call}; } catch (error) {`, '      if (attempt >= 4) throw error;', '      await new Promise((resolve) => setTimeout(resolve, 1000));', '    }', '  }', '}');
    assert.deepStrictEqual(await shape(text, 'typescript'), [['claude/retry-without-backoff', 'warning', first + 1]]);
  });

  it('for (;;) with no check is unbounded; a doubling delay has no jitter', async () => {
    const text = ts('export async function ask() {', '  let delay = 500;', '  for (;;) {', `    try { return await ${call}; } catch (error) {`, '      await sleep(delay); // jitter later', '      delay = Math.min(delay * 2, 60_000);', '    }', '  }', '}');
    assert.deepStrictEqual(await shape(text, 'typescript'), [
      ['claude/retry-without-jitter', 'info', first + 2],
      ['claude/unbounded-retry', 'warning', first + 2],
    ]);
  });

  it('p-retry: the default randomize: false is no jitter; randomize: true is; retries: Infinity is unbounded', async () => {
    assert.deepStrictEqual(await shape(ts(`export const ask = () => pRetry(() => ${call}, { retries: 4 });`), 'typescript'), [['claude/retry-without-jitter', 'info', first]]);
    assert.deepStrictEqual(await shape(ts(`export const ask = () => pRetry(() => ${call}, { retries: 4, randomize: true });`), 'typescript'), []);
    const found = await shapeFindings(ts(`export const ask = () => pRetry(() => ${call}, { retries: Infinity, randomize: true });`), 'typescript');
    assert.deepStrictEqual(found.map((f) => [f.ruleId, f.range.startColumn, f.range.endColumn]), [['claude/unbounded-retry', 25, 31]]);
  });

  it('cockatiel: a policy bound to a name and run by execute() is judged at its construction', async () => {
    const text = ts('const policy = retry(handleAll, { backoff: new ConstantBackoff(50) });', `export const ask = () => policy.execute(() => ${call});`, `export const again = () => policy.execute(() => ${call});`);
    assert.deepStrictEqual(await shape(text, 'typescript'), [
      ['claude/retry-without-backoff', 'warning', first],
      ['claude/unbounded-retry', 'warning', first],
    ]);
    const capped = text.replace('{ backoff: new ConstantBackoff(50) }', '{ maxAttempts: 3 }');
    assert.deepStrictEqual(await shape(capped, 'typescript'), [['claude/retry-without-backoff', 'error', first]]);
    // execute() on a name that is no retry policy of this file is nothing.
    assert.deepStrictEqual(await shape(ts(`export const ask = (db: { execute(f: () => unknown): unknown }) => db.execute(() => ${call});`), 'typescript'), []);
  });
});

describe('retry-shape rules: JavaScript', () => {
  const js = (...lines: string[]): string => ["import Anthropic from '@anthropic-ai/sdk';", "import retry from 'async-retry';", "import { backOff } from 'exponential-backoff';", 'const client = new Anthropic();', ...lines, ''].join('\n');
  const call = "client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 8, messages: [] })";

  it("exponential-backoff's default jitter 'none' is info; jitter: 'full' is fine", async () => {
    assert.deepStrictEqual(await shape(js(`export const ask = () => backOff(() => ${call});`), 'javascript'), [['claude/retry-without-jitter', 'info', 4]]);
    assert.deepStrictEqual(await shape(js(`export const ask = () => backOff(() => ${call}, { jitter: 'full' });`), 'javascript'), []);
  });

  it('async-retry with factor 1 and min = max is a constant wait; its defaults are fine', async () => {
    assert.deepStrictEqual(await shape(js(`export const ask = () => retry(() => ${call}, { retries: 6, factor: 1, minTimeout: 1000, maxTimeout: 1000 });`), 'javascript'), [['claude/retry-without-backoff', 'warning', 4]]);
    assert.deepStrictEqual(await shape(js(`export const ask = () => retry(() => ${call});`), 'javascript'), []);
  });

  it('a counted loop with no wait is an error but bounded; a loop around OpenAI is nothing', async () => {
    const loop = js('export async function ask() {', '  for (let attempt = 0; attempt < 5; attempt++) {', `    try { return await ${call}; } catch (error) { console.warn(error); }`, '  }', '}');
    assert.deepStrictEqual(await shape(loop, 'javascript'), [['claude/retry-without-backoff', 'error', 5]]);
    const openai = ["import OpenAI from 'openai';", 'const oa = new OpenAI();', 'export async function ask() {', '  while (true) {', "    try { return await oa.chat.completions.create({ model: 'gpt-4o', messages: [] }); } catch (error) { console.warn(error); }", '  }', '}', ''].join('\n');
    assert.deepStrictEqual(await shape(openai, 'javascript'), []);
  });
});

describe('retry-shape fixes on Python decorators (behaviour fixes, never in fix-all)', () => {
  /** Applies the finding of `rule`'s preferred fix. */
  async function fixed(text: string, rule: string): Promise<string> {
    const finding = (await shapeFindings(text, 'python')).find((f) => f.ruleId === rule);
    assert.ok(finding, `${rule} is reported`);
    const fix = finding.fixes.find((f) => f.isPreferred);
    assert.ok(fix, `${rule} has a fix`);
    assert.strictEqual(fix.kind, 'behaviour');
    return applyEdits(text, fix.edits);
  }
  const header = ['import anthropic', 'from tenacity import retry', '', 'client = anthropic.Anthropic()', ''];
  const body = ['def ask():', '    return client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[])', ''];

  it('bare @retry: the backoff fix adds a full-jitter wait and its import; the unbounded fix adds a stop; both together leave nothing', async () => {
    const text = [...header, '@retry', ...body].join('\n');
    const waited = await fixed(text, 'claude/retry-without-backoff');
    assert.strictEqual(waited, ['import anthropic', 'from tenacity import retry', 'from tenacity import wait_random_exponential', '', 'client = anthropic.Anthropic()', '', '@retry(wait=wait_random_exponential(multiplier=1, max=60))', ...body].join('\n'));
    const both = await fixed(waited, 'claude/unbounded-retry');
    assert.match(both, /^@retry\(wait=wait_random_exponential\(multiplier=1, max=60\), stop=stop_after_attempt\(6\)\)$/m);
    assert.strictEqual(both.match(/^from tenacity import stop_after_attempt$/gm)?.length, 1);
    assert.deepStrictEqual(await shape(both, 'python'), []);
  });

  it('wait_fixed is replaced; the module spelling tenacity.* needs no import; a trailing comma stays valid', async () => {
    const text = ['import anthropic', 'import tenacity', 'client = anthropic.Anthropic()', '@tenacity.retry(', '    wait=tenacity.wait_fixed(2),', '    stop=tenacity.stop_after_attempt(5),', ')', ...body].join('\n');
    const out = await fixed(text, 'claude/retry-without-backoff');
    assert.strictEqual(out, text.replace('wait=tenacity.wait_fixed(2)', 'wait=tenacity.wait_random_exponential(multiplier=1, max=60)'));
    assert.deepStrictEqual(await shape(out, 'python'), []);
    const unbounded = ['import anthropic', 'import tenacity', 'client = anthropic.Anthropic()', '@tenacity.retry(', '    wait=tenacity.wait_random_exponential(max=30),', ')', ...body].join('\n');
    const capped = await fixed(unbounded, 'claude/unbounded-retry');
    assert.match(capped, /wait=tenacity\.wait_random_exponential\(max=30\), stop=tenacity\.stop_after_attempt\(6\),\n\)/);
    assert.deepStrictEqual(await shape(capped, 'python'), []);
  });

  it('wait_exponential becomes wait_random_exponential with the same arguments, reusing an existing import', async () => {
    const text = ['import anthropic', 'from tenacity import retry, stop_after_attempt, wait_exponential, wait_random_exponential', 'client = anthropic.Anthropic()', '@retry(wait=wait_exponential(multiplier=1, min=1, max=32), stop=stop_after_attempt(8))', ...body].join('\n');
    const out = await fixed(text, 'claude/retry-without-jitter');
    assert.strictEqual(out, text.replace('wait=wait_exponential(', 'wait=wait_random_exponential('));
    assert.deepStrictEqual(await shape(out, 'python'), []);
  });

  it('backoff without max_tries gets max_tries=6; loops and JS libraries get no fix', async () => {
    const text = ['import anthropic', 'import backoff', 'client = anthropic.Anthropic()', '@backoff.on_exception(backoff.expo, anthropic.RateLimitError)', ...body].join('\n');
    const out = await fixed(text, 'claude/unbounded-retry');
    assert.match(out, /^@backoff\.on_exception\(backoff\.expo, anthropic\.RateLimitError, max_tries=6\)$/m);
    assert.deepStrictEqual(await shape(out, 'python'), []);
    const loop = ['import anthropic', 'client = anthropic.Anthropic()', 'def ask():', '    while True:', '        try:', '            return client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[])', '        except anthropic.RateLimitError:', '            pass', ''].join('\n');
    for (const finding of await shapeFindings(loop, 'python')) assert.deepStrictEqual(finding.fixes, []);
  });
});
