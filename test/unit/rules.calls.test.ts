// The call-site rules on the usage model: claude/no-retry, claude/raw-http-missing-headers and
// claude/stream-overload-unhandled in Python, TypeScript and JavaScript — findings, ranges, severities,
// settings, suppressions, the fixes they ask for, and the traps (other providers, comments, idiomatic code).
import * as assert from 'assert';
import { evaluate, type EvaluateOptions } from '../../src/analysis/evaluate';
import type { Finding, LanguageId } from '../../src/analysis/types';
import { ModelCatalog } from '../../src/models/catalog';
import { applyEdits, usageOf } from './usage.helpers';

const options: EvaluateOptions = { catalog: ModelCatalog.bundled(), asOf: '2026-11-22' };

async function findings(text: string, language: LanguageId, ruleId: string, extra: Partial<EvaluateOptions> = {}): Promise<Finding[]> {
  return evaluate(await usageOf(text, language), { ...options, ...extra }).filter((f) => f.ruleId === ruleId);
}

/** The text each finding is shown on, with its 0-based start line. */
function shown(text: string, found: readonly Finding[]): Array<[number, string]> {
  return found.map((f) => [f.range.startLine, text.slice(f.startOffset, f.endOffset)]);
}

describe('claude/no-retry', () => {
  it('Python: raw HTTP with requests, httpx, aiohttp and urllib, and LangChain with max_retries=0, with nothing around them', async () => {
    const text = [
      'import urllib.request',
      'import aiohttp, httpx, requests',
      'from langchain_anthropic import ChatAnthropic',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      'H = {"x-api-key": k, "anthropic-version": "2023-06-01"}',
      'def a():',
      '    return requests.post(API_URL, headers=H, json=body).json()',
      'def b():',
      '    return httpx.post("https://api.anthropic.com/v1/messages/count_tokens", headers=H, json=body)',
      'async def c(session):',
      '    async with session.post(API_URL, headers=H, json=body) as response:',
      '        return await response.json()',
      'def d():',
      '    request = urllib.request.Request(API_URL, data=body, headers=H)',
      '    with urllib.request.urlopen(request) as response:',
      '        return response.read()',
      'strict = ChatAnthropic(model="claude-sonnet-5-5", max_retries=0)',
      'def e():',
      '    return strict.invoke("hi")',
      '',
    ].join('\n');
    const found = await findings(text, 'python', 'claude/no-retry');
    assert.deepStrictEqual(shown(text, found), [
      [6, 'requests.post'],
      [8, 'httpx.post'],
      [10, 'session.post'],
      [14, 'urllib.request.urlopen'],
      [18, 'strict.invoke'],
    ]);
    for (const finding of found) {
      assert.strictEqual(finding.severity, 'warning');
      assert.deepStrictEqual([finding.model, finding.replacement], [null, null]);
    }
    assert.match(found[0].message, /raw HTTP \(requests\.post\) has no retries of its own/);
    assert.match(found[4].message, /ChatAnthropic has max_retries=0/);
  });

  it('Python: quiet inside a retry (decorator, loop, tenacity Retrying, a helper called in a loop), for SDK calls and LangChain defaults', async () => {
    const text = [
      'import requests, tenacity',
      'from tenacity import retry, stop_after_attempt, wait_random_exponential',
      'from langchain_anthropic import ChatAnthropic',
      'from openai import OpenAI',
      'import anthropic',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      '@retry(stop=stop_after_attempt(5), wait=wait_random_exponential(max=30))',
      'def a():',
      '    return requests.post(API_URL, headers=H, json=body)',
      'def b():',
      '    for attempt in tenacity.Retrying(stop=stop_after_attempt(3)):',
      '        with attempt:',
      '            return requests.post(API_URL, headers=H, json=body)',
      'def _send():',
      '    return requests.post(API_URL, headers=H, json=body)',
      'def c():',
      '    for attempt in range(4):',
      '        try:',
      '            return _send()',
      '        except requests.ConnectionError:',
      '            time.sleep(2 ** attempt)',
      '    raise RuntimeError("gave up")',
      'llm = ChatAnthropic(model="claude-sonnet-5-5")',
      'llm.invoke("hi")',
      'client = anthropic.Anthropic()',
      'client.messages.create(model="claude-sonnet-5-5", max_tokens=1, messages=[])',
      'requests.post("https://api.openai.com/v1/chat/completions", json=body)',
      '# requests.post(API_URL, headers=H, json=body)',
      '',
    ].join('\n');
    assert.deepStrictEqual(shown(text, await findings(text, 'python', 'claude/no-retry')), []);
  });

  it('TypeScript: fetch, node-fetch, axios, got and an axios instance whose axios-retry keeps its POST default', async () => {
    const text = [
      "import axios from 'axios';",
      "import axiosRetry from 'axios-retry';",
      "import got from 'got';",
      "import nodeFetch from 'node-fetch';",
      "const API_URL = 'https://api.anthropic.com/v1/messages';",
      'export const a = () => fetch(API_URL, { method: "POST", headers: h, body });',
      'export const b = () => nodeFetch(API_URL, { method: "POST", headers: h, body });',
      'export const c = () => axios.post(API_URL, body, { headers: h });',
      'export const d = () => got',
      '  .post(API_URL, { headers: h, json: body })',
      '  .json();',
      "const http = axios.create({ baseURL: 'https://api.anthropic.com', headers: { 'x-api-key': k, 'anthropic-version': '2023-06-01' } });",
      'axiosRetry(http, { retries: 3 });',
      "export const e = () => http.post('/v1/messages', body);",
      '',
    ].join('\n');
    const found = await findings(text, 'typescript', 'claude/no-retry');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine),
      [5, 6, 7, 8, 13],
    );
    assert.match(found[4].message, /axios-retry at its defaults never retries a POST/);
  });

  it('TypeScript/JavaScript: quiet with axios-retry told to retry the POST, p-retry or a loop around fetch, an OpenAI instance, and comments', async () => {
    const ts = [
      "import axios from 'axios';",
      "import axiosRetry from 'axios-retry';",
      "import pRetry from 'p-retry';",
      "const API_URL = 'https://api.anthropic.com/v1/messages';",
      "const careful = axios.create({ baseURL: 'https://api.anthropic.com', headers: h });",
      'axiosRetry(careful, { retries: 4, retryCondition: (error) => [429, 529].includes(error.response?.status) });',
      "export const a = () => careful.post('/v1/messages', body);",
      'export const b = () => pRetry(() => fetch(API_URL, { method: "POST", headers: h, body }), { retries: 4 });',
      "const openai = axios.create({ baseURL: 'https://api.openai.com' });",
      "export const c = () => openai.post('/v1/chat/completions', body);",
      '// fetch(API_URL, { method: "POST" });',
      'export async function d() {',
      '  for (let attempt = 0; attempt < 4; attempt++) {',
      '    let response;',
      '    try {',
      '      response = await fetch(API_URL, { method: "POST", headers: h, body });',
      '    } catch {',
      '      response = undefined;',
      '    }',
      '    if (response?.ok) return response.json();',
      '    await sleep(Math.random() * 1000 * 2 ** attempt);',
      '  }',
      '  throw new Error("gave up");',
      '}',
      '',
    ].join('\n');
    assert.deepStrictEqual(shown(ts, await findings(ts, 'typescript', 'claude/no-retry')), []);
  });

  it('JavaScript: LangChain and the Vercel AI SDK with maxRetries: 0; not at their defaults, nor with another provider', async () => {
    const js = [
      "import { anthropic } from '@ai-sdk/anthropic';",
      "import { openai } from '@ai-sdk/openai';",
      "import { ChatAnthropic } from '@langchain/anthropic';",
      "import { generateText } from 'ai';",
      "const strict = new ChatAnthropic({ model: 'claude-sonnet-5-5', maxRetries: 0 });",
      "const model = new ChatAnthropic({ model: 'claude-haiku-5-5' });",
      'export const a = () => strict.invoke(question);',
      'export const b = () => model.invoke(question);',
      "export const c = async () => (await generateText({ model: anthropic('claude-haiku-5-5'), maxRetries: 0, prompt })).text;",
      "export const d = async () => (await generateText({ model: anthropic('claude-haiku-5-5'), prompt })).text;",
      "export const e = async () => (await generateText({ model: openai('gpt-4o-mini'), maxRetries: 0, prompt })).text;",
      '',
    ].join('\n');
    const found = await findings(js, 'javascript', 'claude/no-retry');
    assert.deepStrictEqual(shown(js, found), [
      [6, 'strict.invoke'],
      [8, 'generateText'],
    ]);
    assert.match(found[0].message, /ChatAnthropic has maxRetries=0/);
    assert.match(found[1].message, /generateText has maxRetries: 0/);
  });

  it('offers the raw HTTP wrap for requests, httpx and fetch, none for aiohttp, urllib, axios, got or node-fetch', async () => {
    const wrap = 'Wrap in retry with backoff (the request sent again on 408, 409, 429, 5xx, 529 and connection errors)';
    const py = [
      'import urllib.request',
      'import aiohttp, httpx, requests',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      'H = {"x-api-key": k, "anthropic-version": "2023-06-01"}',
      'def a():',
      '    return requests.post(API_URL, headers=H, json=body).json()',
      'def b():',
      '    return httpx.post("https://api.anthropic.com/v1/messages/count_tokens", headers=H, json=body)',
      'async def c(session):',
      '    async with session.post(API_URL, headers=H, json=body) as response:',
      '        return await response.json()',
      'def d():',
      '    request = urllib.request.Request(API_URL, data=body, headers=H)',
      '    with urllib.request.urlopen(request) as response:',
      '        return response.read()',
      '',
    ].join('\n');
    const titles = (found: readonly Finding[]) => found.map((f) => f.fixes.map((fix) => fix.title));
    assert.deepStrictEqual(titles(await findings(py, 'python', 'claude/no-retry')), [[wrap], [wrap], [], []]);
    const ts = [
      "import axios from 'axios';",
      "import got from 'got';",
      "import nodeFetch from 'node-fetch';",
      "const API_URL = 'https://api.anthropic.com/v1/messages';",
      'export const a = () => fetch(API_URL, { method: "POST", headers: h, body });',
      'export const b = () => nodeFetch(API_URL, { method: "POST", headers: h, body });',
      'export const c = () => axios.post(API_URL, body, { headers: h });',
      'export const d = () => got.post(API_URL, { headers: h, json: body }).json();',
      '',
    ].join('\n');
    assert.deepStrictEqual(titles(await findings(ts, 'typescript', 'claude/no-retry')), [[wrap], [], [], []]);
  });

  it('frameworks with retries 0: the fix puts their default back where the 0 is written (LangChain Python 2, LangChain JS 6, Vercel 2); fixed, nothing left', async () => {
    const py = [
      'from langchain_anthropic import ChatAnthropic',
      'strict = ChatAnthropic(model="claude-sonnet-5-5", max_retries=0)',
      'def ask():',
      '    return strict.invoke("hi")',
      '',
    ].join('\n');
    const js = [
      "import { anthropic } from '@ai-sdk/anthropic';",
      "import { ChatAnthropic } from '@langchain/anthropic';",
      "import { generateText } from 'ai';",
      "const strict = new ChatAnthropic({ model: 'claude-sonnet-5-5', maxRetries: 0 });",
      'export const a = () => strict.invoke(question);',
      "export const b = async () => (await generateText({ model: anthropic('claude-haiku-5-5'), maxRetries: 0, prompt })).text;",
      '',
    ].join('\n');
    for (const [text, language, expected] of [
      [py, 'python', [['ChatAnthropic', 'max_retries=2', 'max_retries=2)']]],
      [js, 'javascript', [['ChatAnthropic', 'maxRetries: 6', 'maxRetries: 6 });'], ['generateText', 'maxRetries: 2', 'maxRetries: 2, prompt']]],
    ] as const) {
      const found = await findings(text, language, 'claude/no-retry');
      assert.strictEqual(found.length, expected.length, language);
      let fixedText = text;
      for (const [index, finding] of found.entries()) {
        const [fix] = finding.fixes;
        const [framework, setting] = expected[index];
        assert.deepStrictEqual([finding.fixes.length, fix.title, fix.isPreferred, fix.kind], [1, `Let ${framework} retry: ${setting} (its default)`, true, 'behaviour']);
        assert.ok(finding.message.endsWith(`Let ${framework} retry (${setting}, its default), or wrap the call in a retry with backoff.`), finding.message);
        // The edit replaces the written 0 and nothing else.
        assert.deepStrictEqual(fix.edits.map((edit) => [text.slice(edit.startOffset, edit.endOffset), edit.newText.length]), [['0', 1]]);
        fixedText = applyEdits(fixedText, fix.edits);
      }
      for (const [, , shownAfter] of expected) assert.ok(fixedText.includes(shownAfter), `${language}: ${shownAfter}`);
      assert.deepStrictEqual(await findings(fixedText, language, 'claude/no-retry'), [], `${language}: nothing left to report`);
    }
  });

  it('follows its setting and suppression comments', async () => {
    const text = 'import requests\nrequests.post("https://api.anthropic.com/v1/messages", headers=H, json=body)\n';
    assert.deepStrictEqual(await findings(text, 'python', 'claude/no-retry', { severity: { 'claude/no-retry': 'off' } }), []);
    const [error] = await findings(text, 'python', 'claude/no-retry', { severity: { 'claude/no-retry': 'error' } });
    assert.strictEqual(error.severity, 'error');
    const suppressed = text.replace('requests.post', '# claude-health-ignore-next-line\nrequests.post');
    assert.deepStrictEqual(await findings(suppressed, 'python', 'claude/no-retry'), []);
  });
});

describe('claude/raw-http-missing-headers', () => {
  it('Python: an error naming the missing header; headers held in a name are followed', async () => {
    const text = [
      'import requests, httpx',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      'NO_VERSION = {"x-api-key": k, "content-type": "application/json"}',
      'requests.post(API_URL, headers=NO_VERSION, json=body)',
      'httpx.post(API_URL, headers={"anthropic-version": "2023-06-01"}, json=body)',
      'requests.post(API_URL, json=body)',
      'requests.post(API_URL, headers={"X-Api-Key": k, "Anthropic-Version": "2023-06-01"}, json=body)',
      'requests.post(API_URL, headers={"authorization": f"Bearer {token}", "anthropic-version": "2023-06-01"}, json=body)',
      '',
    ].join('\n');
    const found = await findings(text, 'python', 'claude/raw-http-missing-headers');
    assert.deepStrictEqual(shown(text, found), [
      [3, 'requests.post'],
      [4, 'httpx.post'],
      [5, 'requests.post'],
    ]);
    assert.deepStrictEqual(found.map((f) => f.severity), ['error', 'error', 'error']);
    assert.match(found[0].message, /does not send anthropic-version \(the API answers 400/);
    assert.doesNotMatch(found[0].message, /x-api-key \(/);
    assert.match(found[1].message, /does not send x-api-key \(the API answers 401/);
    assert.match(found[2].message, /anthropic-version .* or x-api-key/);
  });

  it('TypeScript/JavaScript: fetch, axios without headers, an axios instance with its default headers; not judged when unreadable', async () => {
    const ts = [
      "import axios from 'axios';",
      "const API_URL = 'https://api.anthropic.com/v1/messages';",
      "await fetch(API_URL, { method: 'POST', headers: { 'x-api-key': k }, body });",
      'await axios.post(API_URL, body);',
      "const http = axios.create({ baseURL: 'https://api.anthropic.com', headers: { 'x-api-key': k, 'anthropic-version': '2023-06-01' } });",
      "await http.post('/v1/messages', body);",
      "await fetch(API_URL, { method: 'POST', headers: headersFor(k), body });",
      "await fetch(API_URL, { method: 'POST', headers: { ...base, 'x-api-key': k }, body });",
      "await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { authorization: k }, body });",
      '',
    ].join('\n');
    const found = await findings(ts, 'typescript', 'claude/raw-http-missing-headers');
    assert.deepStrictEqual(shown(ts, found), [
      [2, 'fetch'],
      [3, 'axios.post'],
    ]);
    const js = ts.replace(/^import axios from 'axios';/, "const axios = require('axios');");
    assert.deepStrictEqual(shown(js, await findings(js, 'javascript', 'claude/raw-http-missing-headers')), [
      [2, 'fetch'],
      [3, 'axios.post'],
    ]);
  });
});

describe('claude/stream-overload-unhandled', () => {
  it('Python: an info on an unguarded stream and on a handler that acts only on 529; quiet when the handler sees the 200', async () => {
    const text = [
      'import anthropic',
      'from anthropic import APIStatusError',
      'client = anthropic.Anthropic()',
      '# an overloaded_error in a comment handles nothing',
      'def a():',
      '    with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '        for text in stream.text_stream:',
      '            print(text)',
      'def b():',
      '    try:',
      '        with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '            for text in stream.text_stream:',
      '                print(text)',
      '    except APIStatusError as e:',
      '        if e.status_code == 529:',
      '            print("busy")',
      'def c():',
      '    try:',
      '        with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '            return stream.get_final_message()',
      '    except anthropic.APIStatusError as error:',
      '        if error.status_code != 200:',
      '            raise',
      '    return client.messages.create(model=M, max_tokens=1, messages=[])',
      'def d():',
      '    try:',
      '        events = client.messages.create(model=M, max_tokens=1, messages=[], stream=True)',
      '        for event in events:',
      '            print(event)',
      '    except anthropic.RateLimitError:',
      '        pass',
      'def e():',
      '    events = client.messages.create(model=M, max_tokens=1, messages=[], stream=True)',
      '    for event in events:',
      '        if event.type == "error":',
      '            handle(event)',
      '',
    ].join('\n');
    const found = await findings(text, 'python', 'claude/stream-overload-unhandled');
    assert.deepStrictEqual(
      found.map((f) => f.range.startLine),
      [5, 10, 26],
    );
    assert.deepStrictEqual(found.map((f) => f.severity), ['info', 'info', 'info']);
    assert.match(found[0].message, /status_code 200/);
    assert.strictEqual(text.slice(found[0].startOffset, found[0].endOffset), 'client.messages.stream');
  });

  it('TypeScript/JavaScript: unguarded streams and a 529-only catch; quiet for a catch that sees the mid-stream error', async () => {
    const ts = [
      "import Anthropic from '@anthropic-ai/sdk';",
      'const client = new Anthropic();',
      'export async function a(send: (t: string) => void) {',
      '  const stream = client.messages.stream({ model, max_tokens: 1, messages: [] });',
      "  stream.on('text', send);",
      '  await stream.finalMessage();',
      '}',
      'export async function b() {',
      '  const events = await client.messages.create({ model, max_tokens: 1, stream: true, messages: [] });',
      '  for await (const event of events) send(event);',
      '}',
      'export async function c() {',
      '  try {',
      '    const stream = client.beta.messages.stream({ model, max_tokens: 1, messages: [] });',
      '    for await (const event of stream) send(event);',
      '  } catch (error) {',
      '    if (error instanceof Anthropic.APIError && error.status === 529) return;',
      '    throw error;',
      '  }',
      '}',
      'export async function d() {',
      '  try {',
      '    const stream = client.messages.stream({ model, max_tokens: 1, messages: [] });',
      '    return await stream.finalMessage();',
      '  } catch (error) {',
      '    if (!(error instanceof Anthropic.APIError) || error.status !== undefined) throw error;',
      '    return client.messages.create({ model, max_tokens: 1, messages: [] });',
      '  }',
      '}',
      'export async function e() {',
      '  const stream = client.messages.stream({ model, max_tokens: 1, messages: [] });',
      "  stream.on('error', report);",
      '  return stream.finalMessage();',
      '}',
      '',
    ].join('\n');
    const found = await findings(ts, 'typescript', 'claude/stream-overload-unhandled');
    assert.deepStrictEqual(shown(ts, found), [
      [3, 'client.messages.stream'],
      [8, 'client.messages.create'],
      [13, 'client.beta.messages.stream'],
    ]);
    assert.match(found[0].message, /APIError with no status/);
    const js = ts.replace(/: \(t: string\) => void/, '').replace("import Anthropic from '@anthropic-ai/sdk';", "const Anthropic = require('@anthropic-ai/sdk');");
    assert.strictEqual((await findings(js, 'javascript', 'claude/stream-overload-unhandled')).length, 3);
  });

  it('is quiet inside a retry that retries the mid-stream error, for non-streaming calls, and off by its setting', async () => {
    const text = [
      'import anthropic',
      'from tenacity import retry, retry_if_exception_type, stop_after_attempt',
      'client = anthropic.Anthropic()',
      '@retry(retry=retry_if_exception_type(anthropic.APIStatusError), stop=stop_after_attempt(3))',
      'def a():',
      '    with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '        return stream.get_final_message()',
      'client.messages.create(model=M, max_tokens=1, messages=[])',
      'def b():',
      '    with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '        return stream.get_final_message()',
      '',
    ].join('\n');
    assert.deepStrictEqual((await findings(text, 'python', 'claude/stream-overload-unhandled')).map((f) => f.range.startLine), [9]);
    assert.deepStrictEqual(await findings(text, 'python', 'claude/stream-overload-unhandled', { severity: { 'claude/stream-overload-unhandled': 'off' } }), []);
  });
});
