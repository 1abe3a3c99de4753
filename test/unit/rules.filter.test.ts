// The retry-filter rules on the usage model: claude/retries-non-retryable, claude/ignores-retry-after,
// claude/retry-swallowed and claude/retry-stacked — findings, ranges, severities, traps (OpenAI, comments,
// idiomatic code), the usage facts they need, and the stacked fix applied and analysed again.
import * as assert from 'assert';
import { evaluate, type EvaluateOptions } from '../../src/analysis/evaluate';
import type { Finding, LanguageId } from '../../src/analysis/types';
import { ModelCatalog } from '../../src/models/catalog';
import { applyEdits, offsetOf, usageOf } from './usage.helpers';

const options: EvaluateOptions = { catalog: ModelCatalog.bundled(), asOf: '2026-11-22' };
const filterRules = ['claude/retries-non-retryable', 'claude/ignores-retry-after', 'claude/retry-swallowed', 'claude/retry-stacked'];

async function all(text: string, language: LanguageId, extra: Partial<EvaluateOptions> = {}): Promise<Finding[]> {
  return evaluate(await usageOf(text, language), { ...options, ...extra });
}

async function findings(text: string, language: LanguageId, ruleId: string): Promise<Finding[]> {
  return (await all(text, language)).filter((f) => f.ruleId === ruleId);
}

/** Rule ids of the filter rules reported, as `line:rule` (1-based lines). */
async function reported(text: string, language: LanguageId): Promise<string[]> {
  return (await all(text, language)).filter((f) => filterRules.includes(f.ruleId)).map((f) => `${f.range.startLine + 1}:${f.ruleId.replace('claude/', '')}`);
}

const py = (...lines: string[]): string => ['import anthropic', 'import time', 'client = anthropic.Anthropic()', ...lines, ''].join('\n');
const ts = (...lines: string[]): string => ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', 'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));', ...lines, ''].join('\n');

describe('claude/retries-non-retryable', () => {
  it('Python: `except Exception` loop, bare tenacity, APIStatusError, backoff APIError, stamina on=Exception are warnings on their heads', async () => {
    const text = py(
      'from tenacity import retry, retry_if_exception_type, stop_after_attempt',
      'import backoff, stamina',
      'def a():',
      '    for attempt in range(3):', // 7
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except Exception:',
      '            if attempt == 2:',
      '                raise',
      '            time.sleep(2 ** attempt)',
      '@retry', // 14
      'def b():',
      '    return client.messages.create(model="m", max_tokens=1, messages=[])',
      '@retry(retry=retry_if_exception_type(anthropic.APIStatusError), stop=stop_after_attempt(3))', // 17
      'def c():',
      '    return client.messages.create(model="m", max_tokens=1, messages=[])',
      '@backoff.on_exception(backoff.expo, anthropic.APIError, max_tries=3)', // 20
      'def d():',
      '    return client.messages.create(model="m", max_tokens=1, messages=[])',
      '@stamina.retry(on=Exception, attempts=3)', // 23
      'def e():',
      '    return client.messages.create(model="m", max_tokens=1, messages=[])',
    );
    const found = await findings(text, 'python', 'claude/retries-non-retryable');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine + 1),
      [7, 14, 17, 20, 23],
    );
    assert.ok(found.every((f) => f.severity === 'warning' && f.model === null && f.replacement === null));
    // The range is the mechanism's name on its first line: `for`, `@retry`.
    assert.deepStrictEqual(found[0].range, { startLine: 6, startColumn: 4, endLine: 6, endColumn: 7 });
    assert.deepStrictEqual([found[1].startOffset, found[1].endOffset], [offsetOf(text, '@retry\n'), offsetOf(text, '@retry\n') + '@retry'.length]);
    assert.match(found[2].message, /`anthropic\.APIStatusError`/);
    assert.match(found[1].message, /every failure \(tenacity's default/);
  });

  it('Python: a status test that re-raises the rest is a filter; one that lets the rest fall through is not', async () => {
    const text = py(
      'def filtered():',
      '    for attempt in range(4):', // 5
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.APIStatusError as e:',
      '            if e.status_code != 529:',
      '                raise',
      '            time.sleep(2 ** attempt)',
      '    raise RuntimeError("gave up")',
      'def leaky():',
      '    for attempt in range(4):', // 14
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.APIStatusError as e:',
      '            if e.status_code == 529:',
      '                time.sleep(2 ** attempt)',
      '    raise RuntimeError("gave up")',
    );
    assert.deepStrictEqual(
      (await findings(text, 'python', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1),
      [14],
    );
  });

  it('TypeScript: p-retry and async-retry by default are warnings; AbortError / bail() in the function and shouldRetry are filters', async () => {
    const text = ts(
      "import pRetry, { AbortError } from 'p-retry';",
      "import retry from 'async-retry';",
      'export const a = () => pRetry(() => client.messages.create({ model: "m", max_tokens: 1, messages: [] }));', // 6
      'export const b = () => pRetry(async () => {',
      '  try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      '  catch (error) { if (error instanceof Anthropic.BadRequestError) throw new AbortError("no"); throw error; }',
      '});',
      'export const c = () => retry(async (bail) => {',
      '  try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      '  catch (error) { if (error instanceof Anthropic.AuthenticationError) { bail(error); return; } throw error; }',
      '}, { retries: 3 });',
      'export const d = () => retry(async () => client.messages.create({ model: "m", max_tokens: 1, messages: [] }), { retries: 3 });', // 15
      'export const e = () => pRetry(() => client.messages.create({ model: "m", max_tokens: 1, messages: [] }), { shouldRetry: ({ error }) => error instanceof Anthropic.RateLimitError });',
    );
    assert.deepStrictEqual(
      (await findings(text, 'typescript', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1),
      [6, 15],
    );
  });

  it('JavaScript: a catch with no throw retries everything; `instanceof APIError` with a status test is a filter', async () => {
    const text = [
      "const Anthropic = require('@anthropic-ai/sdk');",
      'const client = new Anthropic();',
      'async function a() {',
      '  for (let attempt = 0; attempt < 3; attempt++) {', // 4
      '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      '    catch (error) { if (error.status === 529) await new Promise((r) => setTimeout(r, 1000)); }',
      '  }',
      '  throw new Error("gave up");',
      '}',
      'async function b() {',
      '  for (let attempt = 0; ; attempt++) {',
      '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      '    catch (error) {',
      '      if (!(error instanceof Anthropic.APIError) || error.status !== 529 || attempt >= 4) throw error;',
      '      await new Promise((r) => setTimeout(r, 1000 * Math.random() * 2 ** attempt));',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepStrictEqual(
      (await findings(text, 'javascript', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1),
      [4],
    );
  });

  it('TypeScript: a cockatiel policy bound to a name and run later with execute() is judged at the call that built it', async () => {
    const text = ts(
      "import { ConstantBackoff, handleAll, handleType, retry as retryPolicy } from 'cockatiel';",
      'const eager = retryPolicy(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(50) });', // 5
      'const careful = retryPolicy(handleType(Anthropic.RateLimitError), { maxAttempts: 3 });',
      'export const a = () => eager.execute(() => client.messages.create({ model: "m", max_tokens: 1, messages: [] }));',
      'export const b = () => careful.execute(() => client.messages.create({ model: "m", max_tokens: 1, messages: [] }, { maxRetries: 0 }));',
    );
    assert.deepStrictEqual(await reported(text, 'typescript'), ['5:retries-non-retryable', '5:retry-stacked']);
    const [finding] = await findings(text, 'typescript', 'claude/retries-non-retryable');
    assert.deepStrictEqual([finding.startOffset, finding.endOffset], [offsetOf(text, 'retryPolicy(handleAll'), offsetOf(text, 'retryPolicy(handleAll') + 'retryPolicy'.length]);
  });

  it('never reports the SDK, OpenAI, commented-out code or a filtered library', async () => {
    const text = py(
      'from openai import OpenAI',
      'from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_random_exponential',
      'openai_client = OpenAI()',
      'def plain():',
      '    return client.messages.create(model="m", max_tokens=1, messages=[])',
      'def other():',
      '    while True:',
      '        try:',
      '            return openai_client.chat.completions.create(model="gpt-4o", messages=[])',
      '        except Exception:',
      '            pass',
      '# for attempt in range(3):',
      '#     try:',
      '#         client.messages.create(model="m")',
      '#     except Exception:',
      '#         pass',
      '@retry(retry=retry_if_exception_type((anthropic.RateLimitError, anthropic.OverloadedError)), stop=stop_after_attempt(5), wait=wait_random_exponential(max=30))',
      'def sane():',
      '    return client.with_options(max_retries=0).messages.create(model="m", max_tokens=1, messages=[])',
    );
    assert.deepStrictEqual(await reported(text, 'python'), []);
  });

  it('follows its severity setting and suppression comments', async () => {
    const text = py('def a():', '    # claude-health-ignore-next-line', '    while True:', '        try:', '            return client.messages.create(model="m")', '        except Exception:', '            time.sleep(1)');
    assert.deepStrictEqual(await findings(text, 'python', 'claude/retries-non-retryable'), []);
    const unsuppressed = text.replace('    # claude-health-ignore-next-line\n', '');
    const [info] = (await all(unsuppressed, 'python', { severity: { 'claude/retries-non-retryable': 'info' } })).filter((f) => f.ruleId === 'claude/retries-non-retryable');
    assert.strictEqual(info.severity, 'info');
    assert.deepStrictEqual(
      (await all(unsuppressed, 'python', { severity: { 'claude/retries-non-retryable': 'off' } })).filter((f) => f.ruleId === 'claude/retries-non-retryable'),
      [],
    );
  });
});

describe('claude/ignores-retry-after', () => {
  it('Python: a loop on 429/529 that never reads retry-after is info; reading it on one branch counts; a 503-only loop and libraries are not judged', async () => {
    const text = py(
      'from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_random_exponential',
      'def a():',
      '    for attempt in range(4):  # no retry-after here, only in this comment', // 6
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except (anthropic.RateLimitError, anthropic.OverloadedError):',
      '            if attempt == 3:',
      '                raise',
      '            time.sleep(2 ** attempt)',
      'def b():',
      '    attempt = 0',
      '    while attempt < 5:',
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.APIStatusError as e:',
      '            attempt += 1',
      '            if e.status_code == 429:',
      '                time.sleep(int(e.response.headers.get("retry-after", 1)))',
      '            elif e.status_code == 529:',
      '                time.sleep(2 ** attempt)',
      '            else:',
      '                raise',
      '    raise RuntimeError("gave up")',
      'def c():',
      '    for attempt in range(4):',
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.APIStatusError as e:',
      '            if e.status_code == 503 and attempt < 3:',
      '                time.sleep(2 ** attempt)',
      '                continue',
      '            raise',
      '@retry(retry=retry_if_exception_type(anthropic.RateLimitError), stop=stop_after_attempt(5), wait=wait_random_exponential(max=30))',
      'def d():',
      '    return client.messages.create(model="m", max_tokens=1, messages=[])',
    );
    const found = await findings(text, 'python', 'claude/ignores-retry-after');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine + 1),
      [6],
    );
    assert.strictEqual(found[0].severity, 'info');
    assert.match(found[0].message, /429 rate limits and 529 overloads/);
  });

  it('TypeScript: `instanceof RateLimitError` loop is info; one that reads retry-after is not', async () => {
    const text = ts(
      'export async function a() {',
      '  for (let attempt = 1; attempt <= 5; attempt++) {', // 5
      '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      '    catch (error) { if (!(error instanceof Anthropic.RateLimitError) || attempt === 5) throw error; await sleep(1000 * 2 ** attempt * Math.random()); }',
      '  }',
      '  throw new Error("gave up");',
      '}',
      'export async function b() {',
      '  for (let attempt = 1; attempt <= 5; attempt++) {',
      '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      '    catch (error) {',
      '      if (!(error instanceof Anthropic.RateLimitError) || attempt === 5) throw error;',
      "      await sleep(Number(error.headers?.get?.('retry-after') ?? 1) * 1000);",
      '    }',
      '  }',
      '  throw new Error("gave up");',
      '}',
    );
    assert.deepStrictEqual(
      (await findings(text, 'typescript', 'claude/ignores-retry-after')).map((f) => f.range.startLine + 1),
      [5],
    );
  });
});

describe('claude/retry-swallowed', () => {
  it('Python (a): tenacity around a function that catches everything never fires, and only this rule is reported there', async () => {
    const text = py(
      'from tenacity import retry, stop_after_attempt, wait_exponential',
      '@retry(stop=stop_after_attempt(4), wait=wait_exponential(max=30))', // 5
      'def vendor_of():',
      '    try:',
      '        return client.messages.create(model="m", max_tokens=1, messages=[])',
      '    except Exception:',
      '        return None',
    );
    assert.deepStrictEqual(await reported(text, 'python'), ['5:retry-swallowed']);
    const [finding] = await findings(text, 'python', 'claude/retry-swallowed');
    assert.strictEqual(finding.severity, 'warning');
    assert.match(finding.message, /can never fire/);
    // A handler that re-raises lets the retry fire: the usual findings come back.
    const reraising = text.replace('        return None', '        raise');
    assert.deepStrictEqual(await reported(reraising, 'python'), ['5:retries-non-retryable', '5:retry-stacked']);
  });

  it('JavaScript: a wrapper of the file applied to a function (`withRetries(fn)`) is judged at its loop', async () => {
    const text = [
      "const Anthropic = require('@anthropic-ai/sdk');",
      'const client = new Anthropic();',
      'function withRetries(fn, attempts = 3) {',
      '  return async (...args) => {',
      '    for (let attempt = 0; attempt < attempts; attempt++) {', // 5
      '      try { return await fn(...args); }',
      '      catch (error) { console.error(error); await new Promise((r) => setTimeout(r, Math.random() * 1000 * 2 ** attempt)); }',
      '    }',
      '    return null;',
      '  };',
      '}',
      'const summarize = withRetries((job) => client.messages.create({ model: "m", max_tokens: 1, messages: job.messages }));',
      'const later = setTimeout(() => client.messages.create({ model: "m", max_tokens: 1, messages: [] }), 10);',
      'module.exports = { summarize, later };',
      '',
    ].join('\n');
    assert.deepStrictEqual(await reported(text, 'javascript'), ['5:retries-non-retryable', '5:ignores-retry-after', '5:retry-swallowed', '5:retry-stacked']);
  });

  it('Python (b): backoff raise_on_giveup=False, and a bounded loop that drops the error; not a loop that raises after, nor `while True`', async () => {
    const text = py(
      'import backoff',
      '@backoff.on_exception(backoff.expo, anthropic.RateLimitError, max_tries=3, raise_on_giveup=False)', // 5
      'def a():',
      '    return client.with_options(max_retries=0).messages.create(model="m", max_tokens=1, messages=[])',
      'def b():',
      '    for i in range(10):', // 9
      '        try:',
      '            response = client.with_options(max_retries=0).messages.create(model="m", max_tokens=1, messages=[])',
      '            break',
      '        except anthropic.RateLimitError:',
      '            time.sleep(2 ** i)',
      '    return response',
      'def c():',
      '    for i in range(10):',
      '        try:',
      '            return client.with_options(max_retries=0).messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.RateLimitError:',
      '            time.sleep(2 ** i)',
      '    raise RuntimeError("Claude is busy")',
      'def d():',
      '    while True:',
      '        try:',
      '            return client.with_options(max_retries=0).messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.RateLimitError:',
      '            time.sleep(2)',
    );
    assert.deepStrictEqual(
      (await findings(text, 'python', 'claude/retry-swallowed')).map((f) => f.range.startLine + 1),
      [5, 9],
    );
  });

  it('TypeScript: p-retry around a function that resolves undefined on any error; a loop that returns undefined after the attempts', async () => {
    const text = ts(
      "import pRetry from 'p-retry';",
      'export const a = () => pRetry(async () => {', // 5
      '  try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }, { maxRetries: 0 }); }',
      '  catch (error) { console.error(error); return undefined; }',
      '}, { retries: 4, randomize: true });',
      'export async function b() {',
      '  for (let attempt = 0; attempt < 3; attempt++) {', // 10
      '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }, { maxRetries: 0 }); }',
      '    catch { await sleep(Math.random() * 1000 * 2 ** attempt); }',
      '  }',
      '  return undefined;',
      '}',
      'export async function c() {',
      '  let last;',
      '  for (let attempt = 0; attempt < 3; attempt++) {',
      '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }, { maxRetries: 0 }); }',
      '    catch (error) { last = error; await sleep(Math.random() * 1000 * 2 ** attempt); }',
      '  }',
      '  throw last;',
      '}',
    );
    assert.deepStrictEqual(
      (await findings(text, 'typescript', 'claude/retry-swallowed')).map((f) => f.range.startLine + 1),
      [5, 10],
    );
  });
});

describe('claude/retry-stacked', () => {
  it('Python: says the product; a zero-retry client inside and raw HTTP are not stacked; a client passed in has the default', async () => {
    const text = py(
      'import requests',
      'quiet = anthropic.Anthropic(max_retries=0)',
      'patient = anthropic.Anthropic(max_retries=4)',
      'def a():',
      '    for attempt in range(5):', // 8
      '        try:',
      '            return patient.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.RateLimitError:',
      '            if attempt == 4:',
      '                raise',
      '            time.sleep(2 ** attempt)',
      'def b():',
      '    for attempt in range(5):',
      '        try:',
      '            return quiet.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.RateLimitError:',
      '            if attempt == 4:',
      '                raise',
      '            time.sleep(2 ** attempt)',
      'def c(passed_in):',
      '    for attempt in range(3):', // 24
      '        try:',
      '            return passed_in.messages.create(model="m", max_tokens=1, messages=[])',
      '        except anthropic.RateLimitError:',
      '            if attempt == 2:',
      '                raise',
      '            time.sleep(2 ** attempt)',
      'def d():',
      '    for attempt in range(3):',
      '        try:',
      '            return requests.post("https://api.anthropic.com/v1/messages", headers={"x-api-key": "k", "anthropic-version": "2023-06-01"}).json()',
      '        except requests.ConnectionError:',
      '            if attempt == 2:',
      '                raise',
      '            time.sleep(2 ** attempt)',
    );
    const found = await findings(text, 'python', 'claude/retry-stacked');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine + 1),
      [8, 24],
    );
    assert.strictEqual(found[0].severity, 'info');
    assert.match(found[0].message, /up to 5 × 5 = 25 requests/);
    assert.match(found[1].message, /up to 3 × 3 = 9 requests/);
  });

  it('Python fix: with_options(max_retries=0) on the call, applied and analysed again (idempotent)', async () => {
    const text = py('from tenacity import retry, stop_after_attempt, retry_if_exception_type, wait_random_exponential', '@retry(retry=retry_if_exception_type(anthropic.RateLimitError), stop=stop_after_attempt(5), wait=wait_random_exponential(max=30))', 'def a():', '    return client.messages.create(model="m", max_tokens=1, messages=[])');
    const [finding] = await findings(text, 'python', 'claude/retry-stacked');
    const fix = finding.fixes[0];
    assert.deepStrictEqual([fix.kind, fix.isPreferred], ['behaviour', true]);
    const once = applyEdits(text, fix.edits);
    assert.match(once, /return client\.with_options\(max_retries=0\)\.messages\.create\(model="m"/);
    assert.deepStrictEqual(await findings(once, 'python', 'claude/retry-stacked'), []);
    // A per-request value already written is set to 0 in place.
    const written = text.replace('client.messages', 'client.with_options(max_retries=3).messages');
    const [again] = await findings(written, 'python', 'claude/retry-stacked');
    assert.match(applyEdits(written, again.fixes[0].edits), /client\.with_options\(max_retries=0\)\.messages\.create/);
  });

  it('TypeScript fix: `{ maxRetries: 0 }` request options (also after a trailing comma); idempotent', async () => {
    const text = ts(
      "import pRetry from 'p-retry';",
      'export const a = () =>',
      '  pRetry(() => client.messages.create({ model: "m", max_tokens: 1, messages: [] }), { retries: 4, randomize: true, shouldRetry: ({ error }) => error instanceof Anthropic.RateLimitError });',
      'export const b = () =>',
      '  pRetry(() => client.messages.create(',
      '    { model: "m", max_tokens: 1, messages: [] },',
      '  ), { retries: 2, randomize: true, shouldRetry: ({ error }) => error instanceof Anthropic.RateLimitError });',
    );
    const found = await findings(text, 'typescript', 'claude/retry-stacked');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine + 1),
      [6, 8],
    );
    assert.match(found[0].message, /up to 5 × 3 = 15 requests/);
    let fixedText = text;
    for (const finding of [...found].reverse()) fixedText = applyEdits(fixedText, finding.fixes[0].edits);
    assert.match(fixedText, /messages: \[\] \}, \{ maxRetries: 0 \}\), \{ retries: 4/);
    assert.match(fixedText, /messages: \[\] \}, \{ maxRetries: 0 \},\n {2}\), \{ retries: 2/);
    assert.deepStrictEqual(await findings(fixedText, 'typescript', 'claude/retry-stacked'), []);
  });

  it('JavaScript: LangChain and Vercel at their defaults count; no fix offered through a helper others may call bare', async () => {
    const text = [
      "import { ChatAnthropic } from '@langchain/anthropic';",
      "import Anthropic from '@anthropic-ai/sdk';",
      "import pRetry from 'p-retry';",
      "const model = new ChatAnthropic({ model: 'claude-haiku-5-5' });",
      'const client = new Anthropic();',
      'export const a = () => pRetry(() => model.invoke("q"), { retries: 2, randomize: true, shouldRetry: () => true });', // 6
      'async function ask() { return client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }',
      'export async function b() {',
      '  for (let attempt = 0; attempt < 3; attempt++) {', // 9
      '    try { return await ask(); }',
      '    catch (error) { if (!(error instanceof Anthropic.RateLimitError) || attempt === 2) throw error; await new Promise((r) => setTimeout(r, Math.random() * 1000 * 2 ** attempt)); }',
      '  }',
      '  throw new Error("gave up");',
      '}',
      '',
    ].join('\n');
    const found = await findings(text, 'javascript', 'claude/retry-stacked');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine + 1),
      [6, 9],
    );
    assert.deepStrictEqual(
      found.map((f) => f.fixes.length),
      [0, 0],
    );
  });
});

describe('usage facts for the filter rules', () => {
  it('a loop is read without its comments: "retry-after" in a comment is not a read', async () => {
    const usage = await usageOf(py('def a():', '    for i in range(3):  # TODO honour retry-after, then raise', '        try:', '            return client.messages.create(model="m")', '        except anthropic.RateLimitError:', '            time.sleep(1)'), 'python');
    const loop = usage.calls[0].retryContext[0].loop;
    assert.ok(loop);
    assert.strictEqual(loop.readsRetryAfter, false);
    assert.strictEqual(loop.handler, 'continue');
  });

  it('a JS `for (;;)` around a try is a retry loop; a counter checked in the handler caps it', async () => {
    const usage = await usageOf(ts('export async function a() {', '  for (let attempt = 0; ; attempt++) {', '    try { return await client.messages.create({ model: "m", max_tokens: 1, messages: [] }); }', '    catch (error) { if (attempt >= 3) throw error; await sleep(1000); }', '  }', '}'), 'typescript');
    const [use] = usage.calls[0].retryContext;
    assert.strictEqual(use?.policy.mechanism, 'loop');
    assert.strictEqual(use.loop?.attemptCap, 'bounded');
  });

  it('the status filter, the raise after the loop, and neverFires land in the model', async () => {
    const usage = await usageOf(
      py('def a():', '    for i in range(3):', '        try:', '            return client.messages.create(model="m")', '        except anthropic.APIStatusError as e:', '            if e.status_code not in (429, 529):', '                raise', '            time.sleep(1)', '    raise RuntimeError("busy")'),
      'python',
    );
    const [use] = usage.calls[0].retryContext;
    assert.deepStrictEqual(use.loop?.statusFilter, ['429', '529']);
    assert.strictEqual(use.loop?.raisesAfterLoop, true);
    assert.deepStrictEqual(use.policy.retries.value, { kind: 'named', names: ['429', '529'], includesNonRetryable: [] });
    assert.strictEqual(use.policy.onExhaustion.value, 'reraise');
    assert.strictEqual(use.neverFires, undefined);
  });
});

describe('raw HTTP that does not throw on a status: the catch sees connection errors, a status test after it filters', () => {
  const fetchLoop = (statusTest: string[], waitLine = 'await sleep(Math.random() * 1000 * 2 ** attempt);'): string =>
    ts(
      "const API_URL = 'https://api.anthropic.com/v1/messages';",
      'const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504, 529]);',
      'export async function create(payload: object) {',
      '  for (let attempt = 0; attempt < 5; attempt++) {', // 7 + helper lines
      '    let response: Response | undefined;',
      '    try {',
      "      response = await fetch(API_URL, { method: 'POST', headers: { 'x-api-key': k, 'anthropic-version': '2023-06-01' }, body: JSON.stringify(payload) });",
      '    } catch {',
      '      response = undefined; // a network error: retried',
      '    }',
      ...statusTest,
      `    ${waitLine}`,
      '  }',
      "  throw new Error('no answer');",
      '}',
    );
  const setFilter = ['    if (response && !RETRYABLE.has(response.status)) {', '      if (!response.ok) throw new Error(`status ${response.status}`);', '      return response.json();', '    }'];

  it('fetch in a bare catch, then `!RETRYABLE.has(status)` that throws or returns: not a retry of non-retryable errors (the model says so)', async () => {
    const text = fetchLoop(setFilter);
    assert.deepStrictEqual(await findings(text, 'typescript', 'claude/retries-non-retryable'), []);
    const [use] = (await usageOf(text, 'typescript')).calls[0].retryContext;
    assert.deepStrictEqual([use?.loop?.caught, use?.loop?.statusFilter, use?.policy.retries.value], [['connection'], [], { kind: 'predicate' }]);
  });

  it('a status list after the try is what the loop retries, with connection errors', async () => {
    const text = fetchLoop(['    if (response && response.status !== 429 && response.status !== 529) {', '      if (!response.ok) throw new Error(`status ${response.status}`);', '      return response.json();', '    }']);
    const [use] = (await usageOf(text, 'typescript')).calls[0].retryContext;
    assert.deepStrictEqual(use?.policy.retries.value, { kind: 'named', names: ['connection', '429', '529'], includesNonRetryable: [] });
    assert.deepStrictEqual(await findings(text, 'typescript', 'claude/retries-non-retryable'), []);
    // It retries 429/529 and reads no retry-after: that rule is still judged.
    assert.deepStrictEqual((await findings(text, 'typescript', 'claude/ignores-retry-after')).map((f) => f.range.startLine + 1), [7]);
  });

  it('stays a warning when nothing after the try stops the other statuses (only success returns), or when the try throws on a status', async () => {
    const successOnly = fetchLoop(['    if (response && response.status === 200) return response.json();']);
    assert.deepStrictEqual((await findings(successOnly, 'typescript', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1), [7]);
    const okOnly = fetchLoop(['    if (response?.ok) return response.json();']);
    assert.deepStrictEqual((await findings(okOnly, 'typescript', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1), [7]);
    const throwsInTry = fetchLoop(setFilter).replace("JSON.stringify(payload) });", "JSON.stringify(payload) });\n      if (!response.ok) throw new Error('bad');");
    assert.deepStrictEqual((await findings(throwsInTry, 'typescript', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1), [7]);
  });

  it('Python: requests.post under `except requests.RequestException`, then `status_code not in RETRYABLE` that raises: connection errors only', async () => {
    const text = [
      'import random, time, requests',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      'RETRYABLE = {408, 409, 429, 500, 502, 503, 504, 529}',
      'def create(payload):',
      '    for attempt in range(5):', // 5
      '        try:',
      '            response = requests.post(API_URL, headers=H, json=payload, timeout=60)',
      '        except requests.RequestException:',
      '            response = None',
      '        if response is not None and response.status_code not in RETRYABLE:',
      '            response.raise_for_status()',
      '            return response.json()',
      '        time.sleep(random.uniform(0, 2 ** attempt))',
      '    raise RuntimeError("no answer")',
      '',
    ].join('\n');
    assert.deepStrictEqual(await findings(text, 'python', 'claude/retries-non-retryable'), []);
    const [use] = (await usageOf(text, 'python')).calls[0].retryContext;
    assert.deepStrictEqual([use?.loop?.caught, use?.loop?.statusFilter], [['connection'], []]);
    // The same loop with raise_for_status() inside the try: the except sees every status error.
    const raising = text.replace('timeout=60)', 'timeout=60)\n            response.raise_for_status()');
    assert.deepStrictEqual((await findings(raising, 'python', 'claude/retries-non-retryable')).map((f) => f.range.startLine + 1), [5]);
  });
});

describe('claude/ignores-retry-after: a helper of the file that reads the header', () => {
  const statusList = ['    if (response && response.status !== 429 && response.status !== 529) {', '      if (!response.ok) throw new Error(`status ${response.status}`);', '      return response.json();', '    }'];
  const loopWith = (helper: string[]): string =>
    ts(
      "const API_URL = 'https://api.anthropic.com/v1/messages';",
      ...helper,
      'export async function create(payload: object) {',
      '  for (let attempt = 0; attempt < 5; attempt++) {',
      '    let response: Response | undefined;',
      '    try {',
      "      response = await fetch(API_URL, { method: 'POST', headers: { 'x-api-key': k, 'anthropic-version': '2023-06-01' }, body: JSON.stringify(payload) });",
      '    } catch {',
      '      response = undefined;',
      '    }',
      ...statusList,
      '    const asked = response ? serverWaitMs(response) : undefined;',
      '    await sleep(asked ?? Math.random() * 1000 * 2 ** attempt);',
      '  }',
      "  throw new Error('no answer');",
      '}',
    );

  it('a loop that calls serverWaitMs(response), which reads retry-after-ms, reads it', async () => {
    const reads = loopWith(['function serverWaitMs(response: Response): number | undefined {', "  const ms = response.headers.get('retry-after-ms');", '  return ms === null ? undefined : Number(ms);', '}']);
    assert.deepStrictEqual(await findings(reads, 'typescript', 'claude/ignores-retry-after'), []);
    const [use] = (await usageOf(reads, 'typescript')).calls[0].retryContext;
    assert.deepStrictEqual([use?.loop?.readsRetryAfter, use?.policy.honoursRetryAfter.value], [true, true]);
    // The same helper reading another header: the loop still ignores retry-after.
    const other = loopWith(['function serverWaitMs(response: Response): number | undefined {', "  return response.headers.has('x-wait') ? 1000 : undefined;", '}']);
    assert.deepStrictEqual((await findings(other, 'typescript', 'claude/ignores-retry-after')).map((f) => f.range.startLine + 1), [9]);
  });

  it('Python: an SDK loop sleeping server_wait(error), a function of the file that reads retry-after', async () => {
    const text = py(
      'def server_wait(error):',
      '    return float(error.response.headers.get("retry-after", "1"))',
      'def ask():',
      '    for attempt in range(5):', // 7
      '        try:',
      '            return client.messages.create(model="m", max_tokens=1, messages=[])',
      '        except (anthropic.RateLimitError, anthropic.OverloadedError) as error:',
      '            if attempt == 4:',
      '                raise',
      '            time.sleep(server_wait(error))',
    );
    assert.deepStrictEqual(await findings(text, 'python', 'claude/ignores-retry-after'), []);
    const without = text.replace('"retry-after", "1"', '"x-wait", "1"');
    assert.deepStrictEqual((await findings(without, 'python', 'claude/ignores-retry-after')).map((f) => f.range.startLine + 1), [7]);
  });
});
