/// <reference types="mocha" />
// The retry quick fixes' edit builders (src/analysis/fixes/retryFixes.ts) on the real analysis of small files:
// the call shapes of templates/python.ts and script.ts, imports added once (ESM or CommonJS as the file does),
// helpers inserted once and reused, the file's indentation, quotes and async style, tenacity / p-retry when the
// project depends on them, the fallback chain from the catalog, and where the builders refuse. What the fixed
// programs do against the API is fixes.proof.test.ts's part.
import * as assert from 'assert';
import { evaluate } from '../../src/analysis/evaluate';
import type { RetryLibraries } from '../../src/analysis/fixes/dependencies';
import { fallbackFix, streamOverloadFix, wrapInRetryFix } from '../../src/analysis/fixes/retryFixes';
import { retriesDisabledRule } from '../../src/analysis/rules/retriesDisabled';
import type { Fix, LanguageId, RuleContext } from '../../src/analysis/types';
import type { ClaudeCall, FileUsage } from '../../src/analysis/usage/types';
import { ModelCatalog } from '../../src/models/catalog';
import { applyEdits, usageOf } from './usage.helpers';

const catalog = ModelCatalog.bundled();
const asOf = catalog.source.asOf;

function context(projectDependencies?: RetryLibraries): RuleContext {
  return {
    judge: (model) => catalog.judge(model, asOf),
    asOf,
    newestOfLine: (line) => catalog.newestOfLine(line, asOf),
    catalog: catalog.source,
    ...(projectDependencies && { projectDependencies }),
  };
}

type Builder = (usage: FileUsage, call: ClaudeCall, context: RuleContext) => Fix | undefined;

/** The builder's fix for the `index`-th Claude call of `text`, and the text with it applied. */
async function build(builder: Builder, text: string, language: LanguageId, index = 0, dependencies?: RetryLibraries): Promise<{ fix: Fix | undefined; text: string }> {
  const usage = await usageOf(text, language);
  const call = usage.calls[index];
  assert.ok(call, `call ${index} found`);
  const fix = builder(usage, call, context(dependencies));
  return { fix, text: fix ? applyEdits(text, fix.edits) : text };
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('retry quick fixes: the edit builders', () => {
  const python = [
    '"""A module."""',
    'import anthropic',
    '',
    'client = anthropic.Anthropic(max_retries=0)',
    '',
    '',
    'def ask(prompt):',
    '    return client.messages.create(model="claude-opus-5", max_tokens=64, messages=[{"role": "user", "content": prompt}])',
    '',
    '',
    'def summarise(text):',
    '    reply = client.messages.create(',
    '        model="claude-sonnet-4-6",',
    '        max_tokens=64,',
    '        messages=[{"role": "user", "content": text}],',
    '    )',
    '    return reply',
    '',
  ].join('\n');

  describe('wrap in retry', () => {
    it('Python sync: imports after the existing ones, the helpers after them, the call in the documented shape; a behaviour fix', async () => {
      const { fix, text } = await build(wrapInRetryFix, python, 'python');
      assert.ok(fix);
      assert.deepStrictEqual([fix.kind, fix.isPreferred], ['behaviour', false]);
      assert.match(fix.title, /^Wrap in retry with backoff \(and switch the SDK's retries off inside\)$/);
      assert.ok(text.startsWith('"""A module."""\nimport anthropic\nimport email.utils\nimport random\nimport time\nfrom dataclasses import dataclass\n\n\n# Retry support'), text.slice(0, 200));
      assert.strictEqual(count(text, /^import anthropic$/gm), 1, 'the import the file has is not added again');
      assert.match(text, /^def call_claude_with_retry\(client, request, settings=ClaudeRetrySettings\(\)\):$/m);
      assert.ok(text.indexOf('def claude_retry_delay_s(') < text.indexOf('def call_claude_with_retry('), 'support first');
      assert.ok(text.indexOf('def call_claude_with_retry(') < text.indexOf('client = anthropic.Anthropic'), 'helpers before the code');
      assert.match(text, /^ {4}return call_claude_with_retry\(client, lambda retry_client: retry_client\.messages\.create\(model="claude-opus-5", max_tokens=64, messages=\[\{"role": "user", "content": prompt\}\]\)\)$/m);
    });

    it('a second wrap reuses the helpers: only the call changes; nothing left to fix afterwards', async () => {
      const first = await build(wrapInRetryFix, python, 'python');
      const usage = await usageOf(first.text, 'python');
      const second = usage.calls.find((call) => call.enclosingFunction === 'summarise');
      assert.ok(second);
      const fix = wrapInRetryFix(usage, second, context());
      assert.ok(fix);
      assert.strictEqual(fix.edits.length, 1, 'no import, no helper: just the call');
      const text = applyEdits(first.text, fix.edits);
      assert.strictEqual(count(text, /^def call_claude_with_retry\(/gm), 1);
      assert.strictEqual(count(text, /^import time$/gm), 1);
      assert.match(text, /reply = call_claude_with_retry\(client, lambda retry_client: retry_client\.messages\.create\(\n {8}model="claude-sonnet-4-6",/);
      // Both calls are retried now: claude/retries-disabled has nothing left to say (the helper's own
      // `retry_client = client.with_options(max_retries=0)` is not taken for the lambda's receiver).
      const left = evaluate(await usageOf(text, 'python'), { catalog, asOf, rules: [retriesDisabledRule] });
      assert.deepStrictEqual(left.map((f) => text.slice(f.startOffset, f.endOffset)), []);
    });

    it('Python async: the async helper and asyncio, `await` kept where it was', async () => {
      const source = ['import anthropic', '', 'client = anthropic.AsyncAnthropic(max_retries=0)', '', '', 'async def ask():', '    return await client.messages.create(model="claude-opus-5", max_tokens=8, messages=[])', ''].join('\n');
      const { fix, text } = await build(wrapInRetryFix, source, 'python');
      assert.ok(fix);
      assert.match(text, /^import asyncio$/m);
      assert.match(text, /^async def call_claude_with_retry_async\(/m);
      assert.match(text, /^ {4}return await call_claude_with_retry_async\(client, lambda retry_client: retry_client\.messages\.create\(model="claude-opus-5", max_tokens=8, messages=\[\]\)\)$/m);
    });

    it("keeps the file's indentation and quotes (2 spaces, single quotes)", async () => {
      const source = ["import anthropic", '', "client = anthropic.Anthropic(max_retries=0)", '', 'def ask():', "  return client.messages.create(model='claude-opus-5', max_tokens=8, messages=[])", ''].join('\n');
      const { text } = await build(wrapInRetryFix, source, 'python');
      assert.match(text, /^ {2}retry_client = client\.with_options\(max_retries=0\)$/m, 'helpers indented with 2 spaces');
      assert.match(text, /^ {2}max_attempts: int = 8/m);
      assert.match(text, /raise ClaudeRetryGaveUp\(f'Claude API call failed/, 'single quotes');
      assert.doesNotMatch(text.slice(text.indexOf('# Retry support'), text.indexOf('def ask')), /"(?!"")/, 'no double quote left in the helpers but docstrings');
    });

    it('tenacity when the project depends on it', async () => {
      const { fix, text } = await build(wrapInRetryFix, python, 'python', 0, { tenacity: true, pRetry: false });
      assert.ok(fix);
      assert.match(fix.title, /\(tenacity\)/);
      assert.match(text, /^import tenacity$/m);
      assert.match(text, /return call_claude_with_tenacity\(client, lambda retry_client: retry_client\.messages\.create\(/);
    });

    it('TypeScript: the SDK error import once, the request options merged, semicolons as the file writes them', async () => {
      const ts = [
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const client = new Anthropic({ maxRetries: 0 });',
        '',
        'export async function ask(prompt: string): Promise<Anthropic.Message> {',
        "  return await client.messages.create({ model: 'claude-opus-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] }, { timeout: 5_000 });",
        '}',
        '',
        'export const count = () => client.messages.create({ model: "claude-opus-5", max_tokens: 1, messages: [] });',
        '',
      ].join('\n');
      const first = await build(wrapInRetryFix, ts, 'typescript');
      assert.ok(first.fix);
      assert.match(first.text, /^import Anthropic from '@anthropic-ai\/sdk';\nimport \{ APIConnectionError, APIError, APIUserAbortError \} from '@anthropic-ai\/sdk';\n/);
      assert.match(first.text, /^interface ClaudeRetrySettings \{$/m, 'the TypeScript rendering');
      assert.match(first.text, /return await callClaudeWithRetry\(\(options\) => client\.messages\.create\(\{ model: 'claude-opus-5', max_tokens: 64, messages: \[\{ role: 'user', content: prompt \}\] \}, \{ \.\.\.\{ timeout: 5_000 \}, \.\.\.options \}\)\);$/m);
      const second = await build(wrapInRetryFix, first.text, 'typescript', 1);
      assert.strictEqual(second.fix?.edits.length, 1);
      assert.match(second.text, /^export const count = \(\) => callClaudeWithRetry\(\(options\) => client\.messages\.create\(\{ model: "claude-opus-5", max_tokens: 1, messages: \[\] \}, options\)\);$/m);
      assert.strictEqual(count(second.text, /^async function callClaudeWithRetry/gm), 1);
      // The wrapped calls pass the helper's `options` ({ maxRetries: 0 }, inside a retry): not reported again.
      const left = evaluate(await usageOf(second.text, 'typescript'), { catalog, asOf, rules: [retriesDisabledRule] });
      assert.deepStrictEqual(left.map((f) => second.text.slice(f.startOffset, f.endOffset)), []);
    });

    it('JavaScript CommonJS: require, no types, no semicolons when the file has none; p-retry (ESM-only) is not used there', async () => {
      const js = ["'use strict'", "const Anthropic = require('@anthropic-ai/sdk')", '', 'const client = new Anthropic({ maxRetries: 0 })', '', 'async function ask() {', "  return await client.messages.create({ model: 'claude-opus-5', max_tokens: 8, messages: [] })", '}', '', 'module.exports = { ask }', ''].join('\n');
      const { fix, text } = await build(wrapInRetryFix, js, 'javascript', 0, { tenacity: false, pRetry: true });
      assert.ok(fix);
      assert.ok(text.startsWith("'use strict'\nconst Anthropic = require('@anthropic-ai/sdk')\nconst { APIConnectionError, APIError, APIUserAbortError } = require('@anthropic-ai/sdk')\n"), text.slice(0, 200));
      assert.doesNotMatch(text, /interface |: unknown|p-retry/);
      assert.doesNotMatch(text.slice(text.indexOf('// Retry support')), /;\n/, 'no semicolons');
      assert.match(text, /return await callClaudeWithRetry\(\(options\) => client\.messages\.create\(\{ model: 'claude-opus-5', max_tokens: 8, messages: \[\] \}, options\)\)$/m);
    });

    it('a TypeScript file without a single annotation still gets the typed helpers (the grammar says TypeScript)', async () => {
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', "export const ask = () => client.messages.create({ model: 'claude-opus-5', max_tokens: 8, messages: [] });", ''].join('\n');
      assert.match((await build(wrapInRetryFix, ts, 'typescript')).text, /^function isClaudeOverloaded\(error: unknown\): boolean \{$/m);
      assert.match((await build(wrapInRetryFix, ts, 'javascript')).text, /^function isClaudeOverloaded\(error\) \{$/m);
    });

    it('ES module with p-retry in the project: callClaudeWithPRetry and its default import', async () => {
      const mjs = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', "export const ask = () => client.messages.create({ model: 'claude-opus-5', max_tokens: 8, messages: [] });", ''].join('\n');
      const { fix, text } = await build(wrapInRetryFix, mjs, 'javascript', 0, { tenacity: false, pRetry: true });
      assert.match(fix?.title ?? '', /\(p-retry\)/);
      assert.match(text, /^import pRetry from 'p-retry';$/m);
      assert.match(text, /callClaudeWithPRetry\(\(options\) => client\.messages\.create\(/);
    });

    it('refuses what it cannot rewrite safely: streams, a call used further (.withResponse()), raw HTTP', async () => {
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', "export const raw = () => client.messages.create({ model: 'claude-opus-5', max_tokens: 8, messages: [] }).withResponse();", "export const s = () => client.messages.stream({ model: 'claude-opus-5', max_tokens: 8, messages: [] });", ''].join('\n');
      assert.strictEqual((await build(wrapInRetryFix, ts, 'typescript', 0)).fix, undefined);
      assert.strictEqual((await build(wrapInRetryFix, ts, 'typescript', 1)).fix, undefined);
      const http = ['import requests', '', 'requests.post("https://api.anthropic.com/v1/messages", headers={"x-api-key": "k", "anthropic-version": "2023-06-01"}, json={})', ''].join('\n');
      assert.strictEqual((await build(wrapInRetryFix, http, 'python')).fix, undefined);
    });

    it('claude/retries-disabled offers it after raising the retries, once for each bare call through the client, with the fallback', async () => {
      const findings = evaluate(await usageOf(python, 'python'), { catalog, asOf, rules: [retriesDisabledRule] });
      assert.strictEqual(findings.length, 1, 'one finding, at the client construction');
      assert.deepStrictEqual(findings[0].fixes.map((f) => [f.title, f.isPreferred, f.kind]), [
        ['Let the SDK retry: max_retries=4', true, 'behaviour'],
        ["Wrap in retry with backoff (and switch the SDK's retries off inside) (the call in ask())", false, 'behaviour'],
        ['Fall back to claude-sonnet-5-5, claude-haiku-5-5 on overload (with retries) (the call in ask())', false, 'behaviour'],
        ["Wrap in retry with backoff (and switch the SDK's retries off inside) (the call in summarise())", false, 'behaviour'],
        ['Fall back to claude-haiku-5-5 on overload (with retries) (the call in summarise())', false, 'behaviour'],
      ]);
      const tenacity = evaluate(await usageOf(python, 'python'), { catalog, asOf, rules: [retriesDisabledRule], projectDependencies: { tenacity: true, pRetry: false } });
      assert.match(tenacity[0].fixes[1].title, /\(tenacity\)/);
    });
  });

  it('claude/retries-disabled leaves the wrap and fallback edits unbuilt until a code action reads them', async () => {
    // A keystroke re-runs the rules; building the helper text for every call each time would cost it (issue 8 figure).
    const findings = evaluate(await usageOf(python, 'python'), { catalog, asOf, rules: [retriesDisabledRule] });
    const callFixes = findings.flatMap((f) => f.fixes).filter((f) => /^(Wrap in retry|Fall back)/.test(f.title));
    assert.ok(callFixes.length >= 2, 'a wrap and a fallback fix per bare call');
    for (const fix of callFixes) {
      assert.strictEqual(typeof Object.getOwnPropertyDescriptor(fix, 'edits')?.get, 'function', `${fix.title}: edits still lazy`);
      assert.match(fix.title, /\(the call in (ask|summarise)\(\)\)$/, 'retitled with its call');
    }
    assert.ok(callFixes.every((fix) => fix.edits.length > 0), 'and built when read');
  });

  describe('the fixed code, judged by every rule', () => {
    // The helpers' own loops must not read as a retry to fix: a user who applied a fix gets no new finding.
    const allFindings = async (text: string, language: LanguageId) =>
      evaluate(await usageOf(text, language), { catalog, asOf }).map((f) => `${f.ruleId} ${JSON.stringify(text.slice(f.startOffset, f.endOffset))}`);
    for (const [builder, name] of [[wrapInRetryFix, 'wrap'], [fallbackFix, 'fallback']] as const) {
      it(`Python: after the ${name} fix on both calls, no rule reports anything`, async () => {
        let text = python;
        for (const index of [0, 1]) text = (await build(builder, text, 'python', index)).text;
        assert.deepStrictEqual(await allFindings(text, 'python'), []);
      });
    }
    // The rewritten stream call sits in the helper's lambda: claude/stream-overload-unhandled must know the helper restarts it.
    it('Python and TypeScript: after the stream fix on every stream, no rule reports anything', async () => {
      const py = ['import anthropic', '', 'client = anthropic.Anthropic()', '', '', 'def story():', '    with client.messages.stream(model="claude-opus-5", max_tokens=8, messages=[]) as stream:', '        return stream.get_final_message()', '', '', 'async def poem(async_client):', '    async with async_client.messages.stream(model="claude-sonnet-5-5", max_tokens=8, messages=[]) as stream:', '        return await stream.get_final_message()', ''].join('\n');
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const story = async () => await client.messages.stream({ model: 'claude-opus-5', max_tokens: 8, messages: [] }).finalMessage();", "export const poem = async () => await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 8, messages: [] }).finalMessage();", ''].join('\n');
      for (const [source, language] of [[py, 'python'], [ts, 'typescript']] as const) {
        let text = source;
        for (const index of [0, 1]) {
          const { fix, text: fixed } = await build(streamOverloadFix, text, language, index);
          assert.ok(fix, `the stream fix for stream ${index} (${language})`);
          text = fixed;
        }
        assert.deepStrictEqual(await allFindings(text, language), [], language);
      }
    });

    it('TypeScript: after the wrap fix, no rule reports anything', async () => {
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", '', 'const client = new Anthropic({ maxRetries: 0 });', '', 'export async function ask(prompt: string) {', "  return await client.messages.create({ model: 'claude-opus-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] });", '}', ''].join('\n');
      const { text } = await build(wrapInRetryFix, ts, 'typescript');
      assert.deepStrictEqual(await allFindings(text, 'typescript'), []);
    });
  });

  describe('fallback', () => {
    it('Python: the chain of current lower tiers from the catalog, the model literal becomes the parameter', async () => {
      const { fix, text } = await build(fallbackFix, python, 'python');
      assert.strictEqual(fix?.title, 'Fall back to claude-sonnet-5-5, claude-haiku-5-5 on overload (with retries)');
      assert.match(text, /^ {4}return call_claude_with_fallback\(client, \["claude-opus-5", "claude-sonnet-5-5", "claude-haiku-5-5"\], lambda retry_client, model: retry_client\.messages\.create\(model=model, max_tokens=64, /m);
      assert.ok(text.indexOf('def call_claude_with_retry(') < text.indexOf('def call_claude_with_fallback('), 'the retry helper it uses first');
    });

    it('after a wrap fix, the fallback helper goes after the helpers already there (its default needs ClaudeRetrySettings)', async () => {
      const wrapped = await build(wrapInRetryFix, python, 'python');
      const { fix, text } = await build(fallbackFix, wrapped.text, 'python', 1);
      assert.ok(fix);
      assert.strictEqual(count(text, /^def call_claude_with_retry\(/gm), 1);
      assert.ok(text.indexOf('def call_claude_with_retry(') < text.indexOf('def call_claude_with_fallback('));
      assert.ok(text.indexOf('def call_claude_with_fallback(') < text.indexOf('client = anthropic.Anthropic'));
      assert.match(text, /reply = call_claude_with_fallback\(client, \["claude-sonnet-4-6", "claude-haiku-5-5"\], lambda retry_client, model: retry_client\.messages\.create\(\n {8}model=model,/);
    });

    it('TypeScript: model shorthand, options merged', async () => {
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const ask = (messages: Anthropic.MessageParam[]) => client.messages.create({ model: 'claude-opus-5', max_tokens: 8, messages }, { timeout: 1 });", ''].join('\n');
      const { text } = await build(fallbackFix, ts, 'typescript');
      assert.match(text, /callClaudeWithFallback\(\['claude-opus-5', 'claude-sonnet-5-5', 'claude-haiku-5-5'\], \(model, options\) => client\.messages\.create\(\{ model, max_tokens: 8, messages \}, \{ \.\.\.\{ timeout: 1 \}, \.\.\.options \}\)\);$/m);
    });

    it('none for the lowest tier or a model that is not a literal in the call', async () => {
      assert.strictEqual((await build(fallbackFix, python.replace('claude-opus-5', 'claude-haiku-5-5'), 'python')).fix, undefined);
      assert.strictEqual((await build(fallbackFix, python.replace('model="claude-opus-5"', 'model=MODEL'), 'python')).fix, undefined);
    });
  });

  describe('stream overload', () => {
    it('TypeScript: stream(PARAMS).finalMessage() restarts once, then falls back', async () => {
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', 'export async function ask(): Promise<Anthropic.Message> {', "  return await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 8, messages: [] }).finalMessage();", '}', ''].join('\n');
      const { fix, text } = await build(streamOverloadFix, ts, 'typescript');
      assert.strictEqual(fix?.title, 'Restart the stream once on a mid-stream overload, then fall back to claude-haiku-5-5');
      assert.match(text, /^ {2}return await streamClaudeWithRetry\(\['claude-sonnet-4-6', 'claude-haiku-5-5'\], \(model\) => client\.messages\.stream\(\{ model, max_tokens: 8, messages: \[\] \}\), \(stream\) => stream\.finalMessage\(\)\);$/m);
      assert.match(text, /^async function streamClaudeWithRetry</m);
    });

    it('Python: a `with … as s:` that only returns or keeps the final message, sync and async', async () => {
      const sync = ['import anthropic', '', 'client = anthropic.Anthropic()', '', '', 'def ask():', '    with client.messages.stream(model="claude-opus-5", max_tokens=8, messages=[]) as stream:', '        message = stream.get_final_message()', '    return message', ''].join('\n');
      const { text } = await build(streamOverloadFix, sync, 'python');
      assert.match(text, /^ {4}message = stream_claude_with_retry\(client, \["claude-opus-5", "claude-sonnet-5-5", "claude-haiku-5-5"\], lambda stream_client, model: stream_client\.messages\.stream\(model=model, max_tokens=8, messages=\[\]\), lambda stream: stream\.get_final_message\(\)\)\n {4}return message$/m);
      const asyncSource = sync.replace('anthropic.Anthropic()', 'anthropic.AsyncAnthropic()').replace('def ask', 'async def ask').replace('    with', '    async with').replace('= stream.get', '= await stream.get');
      const asyncFixed = await build(streamOverloadFix, asyncSource, 'python');
      assert.match(asyncFixed.text, /^ {4}message = await stream_claude_with_retry_async\(client, /m);
      assert.match(asyncFixed.text, /^async def stream_claude_with_retry_async\(/m);
    });

    it('none where the stream is read as it arrives (a restart would repeat what was shown)', async () => {
      const printing = ['import anthropic', '', 'client = anthropic.Anthropic()', '', '', 'def ask():', '    with client.messages.stream(model="claude-opus-5", max_tokens=8, messages=[]) as stream:', '        for text in stream.text_stream:', '            print(text, end="")', ''].join('\n');
      assert.strictEqual((await build(streamOverloadFix, printing, 'python')).fix, undefined);
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "const stream = client.messages.stream({ model: 'claude-opus-5', max_tokens: 8, messages: [] });", "stream.on('text', (t) => process.stdout.write(t));", ''].join('\n');
      assert.strictEqual((await build(streamOverloadFix, ts, 'typescript')).fix, undefined);
    });
  });
});
