/// <reference types="mocha" />
// The retry quick fixes' edit builders (src/analysis/fixes/retryFixes.ts) on the real analysis of small files:
// the call shapes of templates/python.ts and script.ts, imports added once (ESM or CommonJS as the file does),
// helpers inserted once and reused, the file's indentation, quotes and async style, tenacity / p-retry when the
// project depends on them, the fallback chain from the catalog, and where the builders refuse. What the fixed
// programs do against the API is fixes.proof.test.ts's part.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as typescript from 'typescript';
import { evaluate } from '../../src/analysis/evaluate';
import type { RetryLibraries } from '../../src/analysis/fixes/dependencies';
import { fallbackFix, streamOverloadFix, wrapInRetryFix } from '../../src/analysis/fixes/retryFixes';
import { noRetryRule } from '../../src/analysis/rules/noRetry';
import { retriesDisabledRule } from '../../src/analysis/rules/retriesDisabled';
import type { Fix, LanguageId, RuleContext } from '../../src/analysis/types';
import type { ClaudeCall, FileUsage } from '../../src/analysis/usage/types';
import { asOf, catalog, ruleContext } from '../support/fixProof';
import { applyEdits, usageOf } from './usage.helpers';

type Builder = (usage: FileUsage, call: ClaudeCall, context: RuleContext) => Fix | undefined;

/** The builder's fix for the `index`-th Claude call of `text`, and the text with it applied. */
async function build(builder: Builder, text: string, language: LanguageId, index = 0, dependencies?: RetryLibraries): Promise<{ fix: Fix | undefined; text: string }> {
  const usage = await usageOf(text, language);
  const call = usage.calls[index];
  assert.ok(call, `call ${index} found`);
  const fix = builder(usage, call, ruleContext(dependencies));
  return { fix, text: fix ? applyEdits(text, fix.edits) : text };
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
const pythonPath = path.resolve(__dirname, '..', '..', '..', process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
/** Throws unless `text` is valid Python (the real interpreter's parser). */
const parsesAsPython = (text: string): void => void execFileSync(pythonPath, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text });
/** Throws unless `text` is valid JavaScript (an ES module, as node --check reads it). */
const parsesAsModule = (text: string): void => void execFileSync(process.execPath, ['--check', '--input-type=module'], { input: text });

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
      const fix = wrapInRetryFix(usage, second, ruleContext());
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

    it('refuses what it cannot rewrite safely: streams, a call used further (.withResponse())', async () => {
      const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', "export const raw = () => client.messages.create({ model: 'claude-opus-5', max_tokens: 8, messages: [] }).withResponse();", "export const s = () => client.messages.stream({ model: 'claude-opus-5', max_tokens: 8, messages: [] });", ''].join('\n');
      assert.strictEqual((await build(wrapInRetryFix, ts, 'typescript', 0)).fix, undefined);
      assert.strictEqual((await build(wrapInRetryFix, ts, 'typescript', 1)).fix, undefined);
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

  describe('wrap raw HTTP in retry (claude/no-retry)', () => {
    const RAW_TITLE = 'Wrap in retry with backoff (the request sent again on 408, 409, 429, 5xx, 529 and connection errors)';
    const requestsFile = [
      '"""Labels rows over raw HTTP."""',
      'import os',
      '',
      'import requests',
      '',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      'HEADERS = {"x-api-key": os.environ["ANTHROPIC_API_KEY"], "anthropic-version": "2023-06-01"}',
      '',
      '',
      'def label(rows):',
      '    return requests.post(API_URL, headers=HEADERS, json={"model": "claude-haiku-5-5", "max_tokens": 8, "messages": rows}, timeout=60).json()',
      '',
      '',
      'def count(rows):',
      '    response = requests.post(',
      '        "https://api.anthropic.com/v1/messages/count_tokens",',
      '        headers=HEADERS,',
      '        json={"model": "claude-haiku-5-5", "messages": rows},',
      '    )',
      '    response.raise_for_status()',
      '    return response.json()["input_tokens"]',
      '',
    ].join('\n');

    it('Python requests: the call re-sent in a lambda, requests connection errors, the helper without any SDK; a behaviour fix', async () => {
      const { fix, text } = await build(wrapInRetryFix, requestsFile, 'python');
      assert.ok(fix);
      assert.deepStrictEqual([fix.kind, fix.isPreferred, fix.title], ['behaviour', false, RAW_TITLE]);
      assert.ok(text.startsWith('"""Labels rows over raw HTTP."""\nimport os\n\nimport requests\nimport email.utils\nimport random\nimport time\nfrom dataclasses import dataclass\n\n\n# Retry support'), text.slice(0, 240));
      // What user code reads after the call still works: the helper returns the response, `.json()` follows it.
      assert.match(text, /^ {4}return call_claude_http_with_retry\(lambda: requests\.post\(API_URL, headers=HEADERS, json=\{"model": "claude-haiku-5-5", "max_tokens": 8, "messages": rows\}, timeout=60\), connection_errors=\(requests\.ConnectionError, requests\.Timeout\)\)\.json\(\)$/m);
      assert.match(text, /^def call_claude_http_with_retry\(request, connection_errors=\(\), settings=ClaudeRetrySettings\(\)\):$/m);
      assert.ok(text.indexOf('def claude_retry_wait_s(') < text.indexOf('def call_claude_http_with_retry('), 'the wait block first');
      assert.doesNotMatch(text, /^import anthropic|anthropic\.API|claude_retry_delay_s|with_options/m, 'no SDK: raw HTTP code may not have it installed');
      parsesAsPython(text);
    });

    it('a second raw HTTP fix reuses the helper (one edit), keeps a multi-line call as written, and leaves nothing to report', async () => {
      const first = await build(wrapInRetryFix, requestsFile, 'python');
      const second = await build(wrapInRetryFix, first.text, 'python', 1);
      assert.strictEqual(second.fix?.edits.length, 1, 'no import, no helper: just the call');
      assert.match(second.text, /^ {4}response = call_claude_http_with_retry\(lambda: requests\.post\(\n {8}"https:\/\/api\.anthropic\.com\/v1\/messages\/count_tokens",\n {8}headers=HEADERS,\n {8}json=\{"model": "claude-haiku-5-5", "messages": rows\},\n {4}\), connection_errors=\(requests\.ConnectionError, requests\.Timeout\)\)\n {4}response\.raise_for_status\(\)$/m);
      assert.strictEqual(count(second.text, /^def call_claude_http_with_retry\(/gm), 1);
      assert.strictEqual(count(second.text, /^def claude_retry_wait_s\(/gm), 1);
      parsesAsPython(second.text);
      const left = evaluate(await usageOf(second.text, 'python'), { catalog, asOf }).map((f) => `${f.ruleId} ${second.text.slice(f.startOffset, f.endOffset)}`);
      assert.deepStrictEqual(left, [], 'claude/no-retry and every retry rule are quiet on the wrapped calls');
    });

    it('Python sessions and clients: requests.Session and httpx.Client bound by name, `with … as`, or an annotated parameter', async () => {
      const source = [
        'import httpx',
        'import requests',
        'API_URL = "https://api.anthropic.com/v1/messages"',
        'session = requests.Session()',
        'def a(body):',
        '    return session.post(API_URL, json=body)',
        'def b(body):',
        '    with httpx.Client(timeout=httpx.Timeout(30)) as http_client:',
        '        return http_client.post(API_URL, json=body)',
        'def c(api_client: httpx.Client, body):',
        '    return api_client.request("POST", "https://api.anthropic.com/v1/messages", json=body)',
        'async def d(body):',
        '    async with requests.Session() as other, httpx.AsyncClient() as async_client:',
        '        return await async_client.post(API_URL, json=body)',
        '',
      ].join('\n');
      const texts = await Promise.all([0, 1, 2, 3].map(async (index) => (await build(wrapInRetryFix, source, 'python', index)).text));
      assert.match(texts[3], /return await call_claude_http_with_retry_async\(lambda: async_client\.post\(API_URL, json=body\), connection_errors=httpx\.TransportError\)$/m, 'the second item of a with');
      assert.match(texts[0], /return call_claude_http_with_retry\(lambda: session\.post\(API_URL, json=body\), connection_errors=\(requests\.ConnectionError, requests\.Timeout\)\)$/m);
      assert.match(texts[1], /return call_claude_http_with_retry\(lambda: http_client\.post\(API_URL, json=body\), connection_errors=httpx\.TransportError\)$/m);
      assert.match(texts[2], /return call_claude_http_with_retry\(lambda: api_client\.request\("POST", "https:\/\/api\.anthropic\.com\/v1\/messages", json=body\), connection_errors=httpx\.TransportError\)$/m);
    });

    it('Python httpx.AsyncClient: the async helper and asyncio, `await` kept where it was', async () => {
      const source = [
        'import httpx',
        '',
        'API_URL = "https://api.anthropic.com/v1/messages"',
        '',
        '',
        'async def ask(body):',
        '    async with httpx.AsyncClient(timeout=30) as client:',
        '        response = await client.post(API_URL, json=body)',
        '    return response.json()',
        '',
      ].join('\n');
      const { fix, text } = await build(wrapInRetryFix, source, 'python');
      assert.ok(fix);
      assert.match(text, /^import asyncio$/m);
      assert.match(text, /^async def call_claude_http_with_retry_async\(request, connection_errors=\(\), settings=ClaudeRetrySettings\(\)\):$/m);
      assert.match(text, /^ {8}response = await call_claude_http_with_retry_async\(lambda: client\.post\(API_URL, json=body\), connection_errors=httpx\.TransportError\)$/m);
      assert.doesNotMatch(text, /^def call_claude_http_with_retry\(/m, 'only the async helper');
      parsesAsPython(text);
    });

    it('after an SDK fix in the same file, the raw HTTP helper reuses the wait block; and the other way round', async () => {
      const mixed = [
        'import anthropic',
        'import httpx',
        '',
        'client = anthropic.Anthropic(max_retries=0)',
        'API_URL = "https://api.anthropic.com/v1/messages"',
        '',
        '',
        'def ask(prompt):',
        '    return client.messages.create(model="claude-opus-5", max_tokens=8, messages=[{"role": "user", "content": prompt}])',
        '',
        '',
        'def ask_raw(body):',
        '    return httpx.post(API_URL, json=body)',
        '',
      ].join('\n');
      for (const order of [[0, 1], [1, 0]]) {
        let text = mixed;
        for (const index of order) text = (await build(wrapInRetryFix, text, 'python', index)).text;
        assert.strictEqual(count(text, /^def claude_retry_wait_s\(/gm), 1, `the wait block once (order ${order})`);
        assert.strictEqual(count(text, /^class ClaudeRetrySettings:/gm), 1);
        for (const helper of ['claude_retry_delay_s', 'call_claude_with_retry', 'call_claude_http_with_retry']) assert.strictEqual(count(text, new RegExp(`^def ${helper}\\(`, 'gm')), 1, helper);
        // A helper's default argument builds ClaudeRetrySettings when it is defined: that class comes first.
        for (const helper of ['call_claude_with_retry', 'call_claude_http_with_retry']) assert.ok(text.indexOf('class ClaudeRetrySettings') < text.indexOf(`def ${helper}(`), `${helper} after the settings (order ${order})`);
        assert.ok(text.indexOf('def call_claude_http_with_retry(') < text.indexOf('client = anthropic.Anthropic'), 'helpers before the code');
        parsesAsPython(text);
      }
    });

    it('TypeScript fetch: the fetch helper with no SDK import, `.then` after the call kept, typed; the helper reused by a second fix', async () => {
      const ts = [
        "const API_URL = 'https://api.anthropic.com/v1/messages';",
        "const headers = { 'x-api-key': process.env.ANTHROPIC_API_KEY ?? '', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };",
        '',
        'export async function ask(question: string): Promise<unknown> {',
        "  const response = await fetch(API_URL, { method: 'POST', headers, body: JSON.stringify({ model: 'claude-haiku-5-5', max_tokens: 8, messages: [{ role: 'user', content: question }] }) });",
        '  return response.json();',
        '}',
        '',
        "export const count = (body: string) => fetch('https://api.anthropic.com/v1/messages/count_tokens', { method: 'POST', headers, body }).then((r) => r.json());",
        '',
      ].join('\n');
      const first = await build(wrapInRetryFix, ts, 'typescript');
      assert.strictEqual(first.fix?.title, RAW_TITLE);
      assert.match(first.text, /^ {2}const response = await fetchClaudeWithRetry\(\(\) => fetch\(API_URL, \{ method: 'POST', headers, body: JSON\.stringify\(/m);
      assert.match(first.text, /^async function fetchClaudeWithRetry\(request: \(\) => Promise<Response>, settings: ClaudeRetrySettings = \{\}\): Promise<Response> \{$/m);
      assert.doesNotMatch(first.text, /@anthropic-ai\/sdk|claudeRetryDelayMs|isClaudeOverloaded/, 'no SDK');
      const second = await build(wrapInRetryFix, first.text, 'typescript', 1);
      assert.strictEqual(second.fix?.edits.length, 1);
      assert.match(second.text, /^export const count = \(body: string\) => fetchClaudeWithRetry\(\(\) => fetch\('https:\/\/api\.anthropic\.com\/v1\/messages\/count_tokens', \{ method: 'POST', headers, body \}\)\)\.then\(\(r\) => r\.json\(\)\);$/m);
      const left = evaluate(await usageOf(second.text, 'typescript'), { catalog, asOf }).map((f) => `${f.ruleId} ${second.text.slice(f.startOffset, f.endOffset)}`);
      assert.deepStrictEqual(left, []);
    });

    it('JavaScript CommonJS fetch: no types, no semicolons where the file has none, the helpers after its header comment', async () => {
      const js = [
        '// Counts tokens for the nightly report.',
        '',
        'async function countTokens(text) {',
        "  const response = await fetch('https://api.anthropic.com/v1/messages/count_tokens', { method: 'POST', headers: { 'x-api-key': process.env.ANTHROPIC_API_KEY, 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'claude-haiku-5-5', messages: [{ role: 'user', content: text }] }) })",
        '  return (await response.json()).input_tokens',
        '}',
        '',
        'module.exports = { countTokens }',
        '',
      ].join('\n');
      const { fix, text } = await build(wrapInRetryFix, js, 'javascript');
      assert.ok(fix);
      assert.ok(text.startsWith('// Counts tokens for the nightly report.\n\n// Retry support for Claude API calls'), text.slice(0, 120));
      assert.doesNotMatch(text, /interface |: unknown|: number|;$/m);
      assert.match(text, /const response = await fetchClaudeWithRetry\(\(\) => fetch\('https:\/\/api\.anthropic\.com\/v1\/messages\/count_tokens', /);
      parsesAsModule(text.replace('module.exports = { countTokens }', ''));
    });

    it('refuses what it cannot re-send as written: aiohttp, urllib, axios, got, node-fetch, a streamed response, an await in the arguments, an unknown or unawaited client', async () => {
      const py = [
        'import urllib.request',
        'import aiohttp, httpx, requests',
        'API_URL = "https://api.anthropic.com/v1/messages"',
        'async def a(session):',
        '    async with session.post(API_URL, json=body) as response:',
        '        return await response.json()',
        'def b():',
        '    prepared = urllib.request.Request(API_URL, data=body, headers=H)',
        '    with urllib.request.urlopen(prepared) as response:',
        '        return response.read()',
        'def c():',
        '    return requests.post(API_URL, json=body, stream=True)',
        'async def d(client: httpx.AsyncClient):',
        '    return await client.post(API_URL, json=await build_body())',
        'def e(http_client):',
        '    return http_client.post(API_URL, json=body)',
        'async def f(client: httpx.AsyncClient):',
        '    pending = client.post(API_URL, json=body)',
        '    return await pending',
        'def g():',
        '    either_client = httpx.Client()',
        '    return either_client.post(API_URL, json=body)',
        'def h():',
        '    either_client = requests.Session()  # the same name, another library: which one g sees is not clear from the text',
        '',
      ].join('\n');
      const pyUsage = await usageOf(py, 'python');
      assert.deepStrictEqual(pyUsage.calls.map((call) => call.method), ['session.post', 'urllib.request.urlopen', 'requests.post', 'client.post', 'http_client.post', 'client.post', 'either_client.post']);
      for (const call of pyUsage.calls) assert.strictEqual(wrapInRetryFix(pyUsage, call, ruleContext()), undefined, `${call.method} in ${call.enclosingFunction}`);
      const ts = [
        "import axios from 'axios';",
        "import got from 'got';",
        "import fetch from 'node-fetch';",
        "const API_URL = 'https://api.anthropic.com/v1/messages';",
        'export const a = () => axios.post(API_URL, body, { headers: h });',
        'export const b = () => got.post(API_URL, { headers: h, json: body }).json();',
        "export const c = () => fetch(API_URL, { method: 'POST', headers: h, body });",
        '',
      ].join('\n');
      const tsUsage = await usageOf(ts, 'typescript');
      assert.strictEqual(tsUsage.calls.length, 3);
      for (const call of tsUsage.calls) assert.strictEqual(wrapInRetryFix(tsUsage, call, ruleContext()), undefined, call.method);
      const awaitInside = ["const API_URL = 'https://api.anthropic.com/v1/messages';", "export const d = async () => fetch(API_URL, { method: 'POST', headers: h, body: await makeBody() });", ''].join('\n');
      assert.strictEqual((await build(wrapInRetryFix, awaitInside, 'typescript')).fix, undefined);
    });
  });

  describe("the corpus's raw HTTP and framework calls (test/fixtures/retry-corpus)", () => {
    const corpus = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'retry-corpus');
    /** Applies every claude/no-retry fix of the file in turn (each from the analysis of the text the previous one left). */
    async function fixAll(text: string, language: LanguageId): Promise<{ text: string; titles: string[]; left: string[] }> {
      const titles: string[] = [];
      for (let round = 0; round < 20; round++) {
        const found = evaluate(await usageOf(text, language), { catalog, asOf, rules: [noRetryRule] });
        const next = found.find((f) => f.fixes.length > 0);
        if (!next) return { text, titles, left: found.map((f) => text.slice(f.startOffset, f.endOffset).split(/\s/)[0]) };
        titles.push(next.fixes[0].title.replace(/ \(.*$/, ''));
        text = applyEdits(text, next.fixes[0].edits);
      }
      throw new Error('a fix did not remove its finding');
    }

    it('Python: requests and httpx wrapped, LangChain given its retries back; aiohttp left as it was; the result parses', async () => {
      const { text, titles, left } = await fixAll(fs.readFileSync(path.join(corpus, 'python', 'broken', 'raw_http_broken.py'), 'utf8'), 'python');
      assert.deepStrictEqual(titles, ['Wrap in retry with backoff', 'Wrap in retry with backoff', 'Let ChatAnthropic retry: max_retries=2']);
      assert.deepStrictEqual(left, ['session.post'], 'aiohttp: no fix');
      // The comment after `requests.post(` stays inside the call's parentheses, where Python allows it.
      assert.match(text, /response = call_claude_http_with_retry\(lambda: requests\.post\( {2}# expect: claude\/raw-http-missing-headers, claude\/no-retry\n/);
      assert.strictEqual(count(text, /^def call_claude_http_with_retry\(/gm), 1);
      parsesAsPython(text);
    });

    it('TypeScript and JavaScript: fetch wrapped (count_tokens too); axios and got left as they were; the result parses', async () => {
      const ts = await fixAll(fs.readFileSync(path.join(corpus, 'typescript', 'broken', 'rawHttpBroken.ts'), 'utf8'), 'typescript');
      assert.deepStrictEqual([ts.titles.length, ts.left], [2, ['axios.post', 'got']]);
      assert.strictEqual(count(ts.text, /^async function fetchClaudeWithRetry\(/gm), 1);
      const diagnostics = typescript.transpileModule(ts.text, { reportDiagnostics: true, compilerOptions: { target: typescript.ScriptTarget.ES2022 } }).diagnostics ?? [];
      assert.deepStrictEqual(diagnostics.map((d) => typescript.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'TypeScript syntax');
      const js = await fixAll(fs.readFileSync(path.join(corpus, 'javascript', 'broken', 'rawHttp.js'), 'utf8'), 'javascript');
      assert.deepStrictEqual([js.titles.length, js.left], [1, ['axios.post']]);
      assert.match(js.text, /const response = await fetchClaudeWithRetry\(\(\) => fetch\('https:\/\/api\.anthropic\.com\/v1\/messages\/count_tokens', \{ \/\/ expect: /);
      execFileSync(process.execPath, ['--check', '--input-type=commonjs'], { input: js.text });
    });
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
