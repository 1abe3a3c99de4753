// The usage model (src/analysis/usage/) on Python, TypeScript and JavaScript snippets: clients, calls,
// clients followed across functions, with_options, per-request options, loops, decorators, helpers,
// streams, other providers, comments, keys, and the per-statement cache.
import * as assert from 'assert';
import { DocumentAnalysis, editorAnalysisOptions } from '../../src/analysis/documentAnalysis';
import { LineIndex } from '../../src/analysis/lineIndex';
import { buildFileUsage, UsageCache } from '../../src/analysis/usage/build';
import type { ClaudeCall, FileUsage } from '../../src/analysis/usage/types';
import { fakeKey, parsers, usageOf } from './usage.helpers';

function only<T>(items: readonly T[], what: string): T {
  assert.strictEqual(items.length, 1, `${what}: ${JSON.stringify(items.map((i) => (i as { method?: string }).method ?? i))}`);
  return items[0];
}

function attemptsOf(call: ClaudeCall): number | null | 'unknown' | undefined {
  return call.sdkRetries?.maxAttempts.value;
}

describe('usage model: Python', () => {
  it('reads client constructions with their settings and names', async () => {
    const usage = await usageOf(
      [
        'import anthropic',
        'from anthropic import AsyncAnthropic, AnthropicBedrock',
        'client = anthropic.Anthropic(max_retries=0, timeout=30)',
        'aclient = AsyncAnthropic()',
        'bedrock = AnthropicBedrock(max_retries=n)',
        '',
      ].join('\n'),
      'python',
    );
    assert.deepStrictEqual(
      usage.clients.map((c) => [c.className, c.boundTo, c.isAsync, c.maxRetries.kind === 'value' ? c.maxRetries.value : c.maxRetries.kind]),
      [
        ['Anthropic', 'client', false, 0],
        ['AsyncAnthropic', 'aclient', true, 'absent'],
        ['AnthropicBedrock', 'bedrock', false, 'unreadable'],
      ],
    );
    const timeout = usage.clients[0].timeout;
    assert.ok(timeout.kind === 'value' && timeout.value === 30);
  });

  it('follows a module-level client into a function, and sees the SDK retries it runs with', async () => {
    const usage = await usageOf(
      ['import anthropic', 'client = anthropic.Anthropic(max_retries=0)', '', 'def ask(prompt):', '    return client.messages.create(model=MODEL, max_tokens=10, messages=[])', '', 'async def ask_async(aclient: anthropic.AsyncAnthropic):', '    return await aclient.messages.create(model=MODEL, max_tokens=10, messages=[])', ''].join('\n'),
      'python',
    );
    const [call, awaited] = usage.calls;
    assert.deepStrictEqual([awaited.isAsync, awaited.client, attemptsOf(awaited)], [true, undefined, 3]); // a parameter: SDK defaults
    assert.strictEqual(call.kind, 'sdk');
    assert.strictEqual(call.method, 'messages.create');
    assert.strictEqual(call.enclosingFunction, 'ask');
    assert.strictEqual(call.client?.boundTo, 'client');
    assert.strictEqual(attemptsOf(call), 1);
    assert.strictEqual(call.isAsync, false);
    assert.deepStrictEqual(call.retryContext, []);
    assert.strictEqual(call.span.range.startLine, 4);
  });

  it('reads with_options: a derived client, and one in the call chain (per request)', async () => {
    const usage = await usageOf(
      [
        'from anthropic import Anthropic',
        'client = Anthropic()',
        'patient = client.with_options(max_retries=5)',
        'patient.messages.create(model=M, max_tokens=1, messages=[])',
        'client.with_options(max_retries=0).messages.create(model=M, max_tokens=1, messages=[])',
        'client.beta.messages.count_tokens(model=M, messages=[])',
        '',
      ].join('\n'),
      'python',
    );
    assert.deepStrictEqual(
      usage.calls.map((c) => [c.method, c.receiver, attemptsOf(c), c.requestMaxRetries.kind]),
      [
        ['messages.create', 'patient', 6, 'absent'],
        ['messages.create', 'client', 1, 'value'],
        ['beta.messages.count_tokens', 'client', 3, 'absent'],
      ],
    );
    assert.strictEqual(usage.calls[0].client?.derivedFrom, 'client');
  });

  it('hands a tenacity decorator to the library reader with its arguments as written', async () => {
    const usage = await usageOf(
      [
        'import anthropic',
        'from tenacity import retry, stop_after_attempt, wait_exponential',
        'client = anthropic.Anthropic()',
        '',
        '@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=1, max=60), reraise=True)',
        'def ask():',
        '    return client.messages.create(model=M, max_tokens=1, messages=[])',
        '',
      ].join('\n'),
      'python',
    );
    const call = only(usage.calls, 'calls');
    const decorator = only(call.retryContext, 'retry context');
    assert.strictEqual(decorator.source, 'decorator');
    assert.strictEqual(decorator.policy.mechanism, 'tenacity');
    assert.deepStrictEqual(decorator.arguments, {
      callee: 'retry',
      imported: { module: 'tenacity', name: 'retry' },
      positional: [],
      named: {
        stop: { kind: 'call', callee: 'stop_after_attempt', positional: [{ kind: 'number', value: 5 }], named: {} },
        wait: { kind: 'call', callee: 'wait_exponential', positional: [], named: { multiplier: { kind: 'number', value: 1 }, max: { kind: 'number', value: 60 } } },
        reraise: { kind: 'boolean', value: true },
      },
    });
  });

  it('hands backoff.on_exception its positional and keyword arguments (names and tuples)', async () => {
    const usage = await usageOf(
      [
        'import anthropic, backoff',
        'client = anthropic.Anthropic()',
        '@backoff.on_exception(backoff.expo, (anthropic.RateLimitError, anthropic.InternalServerError), max_tries=4)',
        'def ask():',
        '    return client.messages.create(model=M, max_tokens=1, messages=[])',
        '',
      ].join('\n'),
      'python',
    );
    const use = only(only(usage.calls, 'calls').retryContext, 'context');
    assert.deepStrictEqual(use.arguments, {
      callee: 'backoff.on_exception',
      imported: { module: 'backoff', name: 'on_exception' },
      positional: [
        { kind: 'name', name: 'backoff.expo' },
        { kind: 'tuple', items: [{ kind: 'name', name: 'anthropic.RateLimitError' }, { kind: 'name', name: 'anthropic.InternalServerError' }] },
      ],
      named: { max_tries: { kind: 'number', value: 4 } },
    });
  });

  it('reads a hand-written retry loop: cap, caught names, exponential wait, handler', async () => {
    const usage = await usageOf(
      [
        'import time, anthropic',
        'client = anthropic.Anthropic(max_retries=0)',
        'def ask():',
        '    for attempt in range(5):',
        '        try:',
        '            return client.messages.create(model=M, max_tokens=1, messages=[])',
        '        except (anthropic.RateLimitError, anthropic.APIStatusError) as error:',
        '            time.sleep(2 ** attempt)',
        '',
      ].join('\n'),
      'python',
    );
    const use = only(only(usage.calls, 'calls').retryContext, 'context');
    assert.strictEqual(use.source, 'loop');
    assert.deepStrictEqual(
      { ...use.loop, span: undefined },
      {
        loopKind: 'for',
        wait: { kind: 'exponential', initialMs: NaN, maxMs: null },
        jitter: false,
        attemptCap: 5,
        caught: ['anthropic.RateLimitError', 'anthropic.APIStatusError'],
        readsRetryAfter: false,
        handler: 'continue',
        span: undefined,
      },
    );
    assert.strictEqual(use.policy.mechanism, 'loop');
    assert.strictEqual(use.policy.maxAttempts.value, 5);
    // The walk hands the caught names to the error-name table; what it answers lands in the policy.
    const retries = use.policy.retries.value;
    assert.ok(retries.kind === 'named' && retries.names.length === 2, JSON.stringify(retries));
  });

  it('tells a while-True loop with no sleep and a bare except (tight, unbounded, swallowing)', async () => {
    const usage = await usageOf(
      ['import anthropic', 'client = anthropic.Anthropic()', 'while True:', '    try:', '        r = client.messages.create(model=M, max_tokens=1, messages=[])', '        break', '    except:', '        pass', ''].join('\n'),
      'python',
    );
    const loop = only(only(usage.calls, 'calls').retryContext, 'context').loop;
    assert.ok(loop);
    assert.deepStrictEqual([loop.wait.kind, loop.attemptCap, loop.caught, loop.handler], ['none', null, [], 'swallow']);
  });

  it('does not take a loop over items for a retry', async () => {
    const usage = await usageOf(
      ['import anthropic', 'client = anthropic.Anthropic()', 'for doc in docs:', '    try:', '        client.messages.create(model=M, max_tokens=1, messages=[doc])', '    except Exception:', '        log()', ''].join('\n'),
      'python',
    );
    assert.deepStrictEqual(only(usage.calls, 'calls').retryContext, []);
    // A while loop that goes on after a success (draining a queue) is not a retry either.
    const queue = await usageOf(
      ['import anthropic', 'client = anthropic.Anthropic()', 'while queue:', '    try:', '        client.messages.create(model=M, max_tokens=1, messages=[queue.pop()])', '    except Exception:', '        log()', ''].join('\n'),
      'python',
    );
    assert.deepStrictEqual(only(queue.calls, 'calls').retryContext, []);
  });

  it('follows a helper: the call in ask() is retried by the loop that calls ask()', async () => {
    const usage = await usageOf(
      [
        'import anthropic',
        'client = anthropic.Anthropic()',
        'def ask():',
        '    return client.messages.create(model=M, max_tokens=1, messages=[])',
        '',
        'def main():',
        '    for i in range(3):',
        '        try:',
        '            return ask()',
        '        except anthropic.APIError:',
        '            pass',
        '',
      ].join('\n'),
      'python',
    );
    const use = only(only(usage.calls, 'calls').retryContext, 'context');
    assert.strictEqual(use.source, 'loop');
    assert.strictEqual(use.via, 'ask');
    assert.strictEqual(use.loop?.attemptCap, 3);
  });

  it('resolves a retry decorator defined in the same file to the loop in its wrapper', async () => {
    const usage = await usageOf(
      [
        'import time, anthropic',
        'client = anthropic.Anthropic()',
        'def with_retries(fn):',
        '    def wrapper(*args):',
        '        for attempt in range(4):',
        '            try:',
        '                return fn(*args)',
        '            except anthropic.RateLimitError:',
        '                time.sleep(1)',
        '    return wrapper',
        '',
        '@with_retries',
        'def ask():',
        '    return client.messages.create(model=M, max_tokens=1, messages=[])',
        '',
      ].join('\n'),
      'python',
    );
    const use = only(only(usage.calls, 'calls').retryContext, 'context');
    assert.strictEqual(use.source, 'decorator');
    assert.deepStrictEqual([use.loop?.attemptCap, use.loop?.wait], [4, { kind: 'constant', ms: 1000 }]);
  });

  it('reads streams and how they are consumed', async () => {
    const usage = await usageOf(
      [
        'import anthropic',
        'client = anthropic.Anthropic()',
        'def chat():',
        '    with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
        '        for text in stream.text_stream:',
        '            print(text)',
        'def raw():',
        '    events = client.messages.create(model=M, max_tokens=1, messages=[], stream=True)',
        '    for event in events:',
        '        if event.type == "error":',
        '            handle(event)',
        '',
      ].join('\n'),
      'python',
    );
    assert.deepStrictEqual(
      usage.calls.map((c) => [c.method, c.stream]),
      [
        ['messages.stream', { consumed: 'iterated', handlesErrorEvent: false }],
        ['messages.create', { consumed: 'iterated', handlesErrorEvent: true }],
      ],
    );
  });

  it('reads raw HTTP to the API with the headers it sends, and LangChain ChatAnthropic with its retries', async () => {
    const usage = await usageOf(
      [
        'import requests',
        'from langchain_anthropic import ChatAnthropic',
        'API = "https://api.anthropic.com/v1/messages"',
        'requests.post(API, headers={"x-api-key": key, "content-type": "application/json"}, json=body)',
        'requests.post("https://api.openai.com/v1/chat/completions", headers={}, json=body)',
        'llm = ChatAnthropic(model=M, max_retries=0)',
        'llm.invoke("hi")',
        '',
      ].join('\n'),
      'python',
    );
    assert.deepStrictEqual(
      usage.calls.map((c) => [c.kind, c.method, c.headers ?? null, c.frameworkMaxRetries.kind === 'value' ? c.frameworkMaxRetries.value : null]),
      [
        ['rawHttp', 'requests.post', ['x-api-key', 'content-type'], null],
        ['langchain', 'invoke', null, 0],
      ],
    );
  });

  it('reads tenacity Retrying as a loop: the calls under `with attempt:` are inside it, shown at Retrying(', async () => {
    const text = [
      'import anthropic, tenacity',
      'quiet = anthropic.Anthropic(max_retries=0)',
      'def sweep():',
      '    for attempt in tenacity.Retrying(stop=tenacity.stop_after_attempt(3)):',
      '        with attempt:',
      '            return quiet.messages.create(model=M, max_tokens=1, messages=[])',
      '',
    ].join('\n');
    const use = only(only((await usageOf(text, 'python')).calls, 'calls').retryContext, 'context');
    assert.deepStrictEqual([use.source, use.policy.mechanism, use.policy.maxAttempts.value], ['library', 'tenacity', 3]);
    assert.strictEqual(text.slice(use.span.startOffset, use.span.endOffset), 'tenacity.Retrying(stop=tenacity.stop_after_attempt(3))');
  });

  it('sends a urllib Request built earlier with urlopen: the urlopen is the call, with the Request URL and headers', async () => {
    const text = [
      'import urllib.request',
      'API = "https://api.anthropic.com/v1/messages"',
      'H = {"x-api-key": k}',
      'def send():',
      '    request = urllib.request.Request(API, data=body, headers=H)',
      '    for attempt in range(3):',
      '        try:',
      '            with urllib.request.urlopen(request) as response:',
      '                return response.read()',
      '        except OSError:',
      '            time.sleep(2 ** attempt)',
      '',
    ].join('\n');
    const call = only((await usageOf(text, 'python')).calls, 'calls');
    assert.deepStrictEqual([call.method, call.headers, call.retryContext.map((use) => use.source)], ['urllib.request.urlopen', ['x-api-key'], ['loop']]);
  });

  it('reads a counted loop whose try guards only the request, success returned after it', async () => {
    const text = [
      'import requests',
      'API = "https://api.anthropic.com/v1/messages"',
      'def create():',
      '    for attempt in range(5):',
      '        try:',
      '            response = requests.post(API, headers=H, json=body)',
      '        except requests.ConnectionError:',
      '            response = None',
      '        if response is not None and response.ok:',
      '            return response.json()',
      '        time.sleep(random.uniform(0, 2 ** attempt))',
      '',
    ].join('\n');
    const use = only(only((await usageOf(text, 'python')).calls, 'calls').retryContext, 'context');
    assert.deepStrictEqual([use.source, use.loop?.attemptCap], ['loop', 5]);
  });

  it('tells which try around a stream sees a mid-stream error: not a 529-only handler, not a comment', async () => {
    const text = [
      'import anthropic',
      'client = anthropic.Anthropic()',
      'def only_529():',
      '    # an overloaded_error mid-stream is not handled here',
      '    try:',
      '        with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '            return stream.get_final_message()',
      '    except anthropic.APIStatusError as e:',
      '        if e.status_code == 529:',
      '            return None',
      'def sees_200():',
      '    try:',
      '        with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '            return stream.get_final_message()',
      '    except anthropic.APIStatusError as e:',
      '        if e.status_code != 200:',
      '            raise',
      'def rate_limit_only():',
      '    try:',
      '        with client.messages.stream(model=M, max_tokens=1, messages=[]) as stream:',
      '            return stream.get_final_message()',
      '    except anthropic.RateLimitError:',
      '        pass',
      '',
    ].join('\n');
    assert.deepStrictEqual((await usageOf(text, 'python')).calls.map((c) => c.stream?.handlesErrorEvent), [false, true, false]);
  });

  it('never takes OpenAI or other providers, nor commented-out code, for Claude calls', async () => {
    const usage = await usageOf(
      [
        'import anthropic',
        'from openai import OpenAI',
        'oai = OpenAI()',
        'oai.chat.completions.create(model="gpt-4o", messages=[])',
        'oai.beta.threads.messages.create(thread_id=t, content="x")',
        '# client.messages.create(model="claude-3-opus-20240229")',
        '',
      ].join('\n'),
      'python',
    );
    assert.deepStrictEqual(usage.calls, []);
  });

  it('finds key literals of real shape only, with a fingerprint, never placeholders', async () => {
    const key = fakeKey();
    const usage = await usageOf(
      [
        'import anthropic',
        `client = anthropic.Anthropic(api_key="${key}")`,
        'PLACEHOLDER = "sk-ant-api03-..."',
        'OTHER = "sk-ant-xxx"',
        `ROW = "sk-ant-api03-${'x'.repeat(93)}AA"`,
        '',
      ].join('\n'),
      'python',
    );
    const found = only(usage.keyLiterals, 'keys');
    assert.deepStrictEqual([found.kind, found.fingerprint, found.inClientConstruction, found.inComment], ['api03', key.slice(-4), true, false]);
    assert.strictEqual(found.span.endOffset - found.span.startOffset, key.length);
    assert.strictEqual(found.literalSpan.endOffset - found.literalSpan.startOffset, key.length + 2);
  });
});

describe('usage model: TypeScript and JavaScript', () => {
  it('reads new Anthropic({ maxRetries }), follows it into a function, and reads per-request options', async () => {
    const usage = await usageOf(
      [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic({ maxRetries: 0 });',
        'export async function ask() {',
        '  await client.messages.create({ model, max_tokens: 1, messages: [] });',
        '  return client.messages.create({ model, max_tokens: 1, messages: [] }, { maxRetries: 3 });',
        '}',
        '',
      ].join('\n'),
      'typescript',
    );
    assert.deepStrictEqual(
      usage.clients.map((c) => [c.className, c.boundTo, c.maxRetries.kind === 'value' ? c.maxRetries.value : c.maxRetries.kind]),
      [['Anthropic', 'client', 0]],
    );
    assert.deepStrictEqual(
      usage.calls.map((c) => [c.method, c.isAsync, c.client?.boundTo, c.enclosingFunction, attemptsOf(c)]),
      [
        ['messages.create', true, 'client', 'ask', 1],
        ['messages.create', false, 'client', 'ask', 4],
      ],
    );
  });

  it('hands p-retry its options, with the import it resolves to', async () => {
    const usage = await usageOf(
      [
        "import Anthropic from '@anthropic-ai/sdk';",
        "import pRetry from 'p-retry';",
        'const client = new Anthropic();',
        'const ask = () => pRetry(() => client.messages.create({ model, max_tokens: 1, messages: [] }), { retries: 5 });',
        '',
      ].join('\n'),
      'typescript',
    );
    const call = only(usage.calls, 'calls');
    assert.strictEqual(call.enclosingFunction, 'ask');
    const use = only(call.retryContext, 'context');
    assert.strictEqual(use.source, 'library');
    assert.strictEqual(use.policy.mechanism, 'p-retry');
    assert.deepStrictEqual(use.arguments, { callee: 'pRetry', imported: { module: 'p-retry', name: 'default' }, positional: [{ kind: 'function' }], named: { retries: { kind: 'number', value: 5 } } });
  });

  it('reads a for loop with try/catch: cap, instanceof names, re-throw', async () => {
    const usage = await usageOf(
      [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic({ maxRetries: 0 });',
        'async function ask() {',
        '  for (let attempt = 0; attempt < 4; attempt++) {',
        '    try {',
        '      return await client.messages.create({ model, max_tokens: 1, messages: [] });',
        '    } catch (err) {',
        '      if (!(err instanceof Anthropic.RateLimitError)) throw err;',
        '      await sleep(1000 * 2 ** attempt + Math.random() * 100);',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      'typescript',
    );
    const loop = only(only(usage.calls, 'calls').retryContext, 'context').loop;
    assert.ok(loop);
    assert.deepStrictEqual([loop.attemptCap, loop.caught, loop.handler, loop.wait.kind, loop.jitter], [4, ['Anthropic.RateLimitError'], 'reraise', 'exponential', true]);
  });

  it('reads streams, fetch with headers, the Vercel AI SDK, and leaves OpenAI alone (JavaScript, require)', async () => {
    const usage = await usageOf(
      [
        "const Anthropic = require('@anthropic-ai/sdk');",
        "const { anthropic } = require('@ai-sdk/anthropic');",
        "const { generateText } = require('ai');",
        "const OpenAI = require('openai');",
        'const client = new Anthropic();',
        'const openai = new OpenAI();',
        'async function main() {',
        '  const stream = client.messages.stream({ model, max_tokens: 1, messages: [] });',
        '  for await (const event of stream) console.log(event);',
        "  await fetch('https://api.anthropic.com/v1/messages', { method: 'POST', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body });",
        "  await generateText({ model: anthropic('claude-sonnet-4-5-20250929'), maxRetries: 0, prompt });",
        "  await openai.chat.completions.create({ model: 'gpt-4o', messages: [] });",
        '}',
        '',
      ].join('\n'),
      'javascript',
    );
    assert.deepStrictEqual(
      usage.calls.map((c) => [c.kind, c.method, c.stream?.consumed ?? null, c.headers ?? null, c.frameworkMaxRetries.kind === 'value' ? c.frameworkMaxRetries.value : null]),
      [
        ['sdk', 'messages.stream', 'iterated', null, null],
        ['rawHttp', 'fetch', null, ['x-api-key', 'anthropic-version'], null],
        ['vercel', 'generateText', null, null, 0],
      ],
    );
    assert.strictEqual(usage.calls[0].client?.boundTo, 'client');
  });

  it('runs a call inside a cockatiel policy built elsewhere in the file: the mechanism is shown at the policy', async () => {
    const text = [
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { handleAll, retry as retryPolicy } from 'cockatiel';",
      'const bare = new Anthropic({ maxRetries: 0 });',
      'const policy = retryPolicy(handleAll, { maxAttempts: 3 });',
      'export const a = (t: string) => policy.execute(() => bare.messages.create({ model, max_tokens: 1, messages: [] }));',
      'async function ask() { return bare.messages.create({ model, max_tokens: 1, messages: [] }); }',
      'export const b = () => policy.execute(() => ask());',
      '',
    ].join('\n');
    const usage = await usageOf(text, 'typescript');
    assert.deepStrictEqual(
      usage.calls.map((c) => c.retryContext.map((use) => [use.source, use.policy.mechanism, use.span.range.startLine, use.via ?? null])),
      [[['library', 'cockatiel', 3, null]], [['library', 'cockatiel', 3, 'ask']]],
    );
  });

  it('reads an axios instance with a base URL: its calls, default headers and the axios-retry attached to it', async () => {
    const text = [
      "import axios from 'axios';",
      "import axiosRetry from 'axios-retry';",
      "const http = axios.create({ baseURL: 'https://api.anthropic.com', headers: { 'x-api-key': k, 'anthropic-version': '2023-06-01' } });",
      'axiosRetry(http, { retries: 3 });',
      "export const a = () => http.post('/v1/messages', body, { headers: { 'content-type': 'application/json' } });",
      "const other = axios.create({ baseURL: 'https://api.openai.com' });",
      "export const b = () => other.post('/v1/chat/completions', body);",
      '',
    ].join('\n');
    const [call, ...rest] = (await usageOf(text, 'typescript')).calls;
    assert.deepStrictEqual(rest, []);
    assert.deepStrictEqual([call.kind, call.method, call.headers], ['rawHttp', 'http.post', ['x-api-key', 'anthropic-version', 'content-type']]);
    assert.deepStrictEqual(
      call.retryContext.map((use) => [use.policy.mechanism, use.policy.retriesPost.value, use.span.range.startLine]),
      [['axios-retry', false, 3]],
    );
  });

  it('takes no generateText with another provider for a Claude call', async () => {
    const text = ["import { anthropic } from '@ai-sdk/anthropic';", "import { openai } from '@ai-sdk/openai';", "import { generateText } from 'ai';", "await generateText({ model: openai('gpt-4o'), maxRetries: 0, prompt });", "await generateText({ model: anthropic('claude-haiku-5-5'), prompt });", ''].join('\n');
    assert.deepStrictEqual((await usageOf(text, 'typescript')).calls.map((c) => c.span.range.startLine), [4]);
  });

  it('ignores calls in comments', async () => {
    const usage = await usageOf(["import Anthropic from '@anthropic-ai/sdk';", '// client.messages.create({ model })', '/* await client.messages.create({}) */', ''].join('\n'), 'typescript');
    assert.deepStrictEqual(usage.calls, []);
  });
});

describe('usage model: incremental', () => {
  const statements = (n: number): string =>
    ['import anthropic', 'client = anthropic.Anthropic(max_retries=0)', ...Array.from({ length: n }, (_, i) => `def ask${i}():\n    return client.messages.create(model=M, max_tokens=${i}, messages=[])\n`)].join('\n');

  async function build(text: string, cache: UsageCache): Promise<FileUsage> {
    const parser = await parsers.parserFor('python');
    const tree = parser.parse(text);
    assert.ok(tree);
    try {
      return buildFileUsage(text, tree, LineIndex.of(text), [], 'python', cache);
    } finally {
      tree.delete();
    }
  }

  it('re-reads only the statement an edit touched, and links the result as a fresh build would', async () => {
    const cache = new UsageCache();
    const before = statements(40);
    const first = await build(before, cache);
    assert.strictEqual(first.calls.length, 40);
    assert.strictEqual(cache.statementsRead, 42);
    const after = before.replace('max_tokens=20,', 'max_tokens=200,');
    const second = await build(after, cache);
    assert.strictEqual(cache.statementsRead, 1);
    const fresh = await build(after, new UsageCache());
    assert.deepStrictEqual(second, fresh);
  });

  it('DocumentAnalysis: a keystroke re-reads one statement, and the usage equals a fresh analysis', async () => {
    const parser = await parsers.parserFor('python');
    const analysis = new DocumentAnalysis(parser, editorAnalysisOptions, 'python');
    try {
      const before = statements(40);
      analysis.open(before);
      assert.strictEqual(analysis.usage().calls.length, 40);
      const at = before.indexOf('max_tokens=20,') + 'max_tokens=2'.length;
      const after = `${before.slice(0, at)}5${before.slice(at)}`;
      analysis.applyEdits([{ startOffset: at, oldEndOffset: at, newText: '5' }], after);
      const edited = analysis.usage();
      assert.strictEqual(analysis.usageStatementsRead, 1);
      assert.deepStrictEqual(edited, await usageOf(after, 'python'));
    } finally {
      analysis.dispose();
    }
  });

  it('a build over its time budget is partial (no calls), and later builds go on to the full result', async () => {
    const text = statements(10);
    const parser = await parsers.parserFor('python');
    const tree = parser.parse(text);
    assert.ok(tree);
    try {
      const cache = new UsageCache();
      const lines = LineIndex.of(text);
      let usage = buildFileUsage(text, tree, lines, [], 'python', cache, 0);
      assert.deepStrictEqual([cache.incomplete, usage.calls], [true, []]);
      let builds = 1;
      while (cache.incomplete && builds < 50) {
        usage = buildFileUsage(text, tree, lines, [], 'python', cache, 0);
        builds++;
      }
      assert.strictEqual(builds, 12); // one statement per build: 2 + 10
      assert.deepStrictEqual(usage, buildFileUsage(text, tree, lines, [], 'python', new UsageCache()));
    } finally {
      tree.delete();
    }
  });

  it('a file without Claude text builds nothing', async () => {
    const cache = new UsageCache();
    const usage = await build('import os\nprint(os.getcwd())\n', cache);
    assert.deepStrictEqual([usage.calls, usage.clients, usage.keyLiterals, cache.statementsRead], [[], [], [], 0]);
  });
});
