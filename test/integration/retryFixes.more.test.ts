// The rest of the retry fixes in the real extension host, through the code action API and applied as one
// WorkspaceEdit each: the model fallback, the mid-stream overload restart, the tenacity / backoff decorator
// fixes, the stacked-retries fix; fix-all taking only the safe fixes; no fix of the same kind offered again on
// code a fix wrote; and the contributed snippets, offered and inserted, giving code the analyser accepts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { fallbackChain } from '../../src/analysis/fixes/fallbackChain';
import { ModelCatalog } from '../../src/models/catalog';
import { judgementDay } from '../runners/fakeTarget';
import { activateExtension, applyAction, codeOf, diagnosticsWhen, extensionId, quickFixes } from './helpers';

type Language = 'python' | 'typescript' | 'javascript';

/** A model alias on a line of its own in every fixture: its pin fix shows the findings are the current text's. */
const controlLine: Record<Language, string> = {
  python: 'FAST_MODEL = "claude-haiku-4-5"',
  typescript: "export const FAST_MODEL = 'claude-haiku-4-5';",
  javascript: "const FAST_MODEL = 'claude-haiku-4-5';",
};
const controlPin = 'Pin to claude-haiku-4-5-20251001';

/** The titles of every retry quick fix (a fix the user chooses, never part of fix-all). */
const retryFixTitle = /^(Let the SDK retry|Wrap in retry|Fall back to|Restart the stream|Back off with full jitter|Add full jitter|Cap the attempts|Switch the SDK's retries off)/;

/** The lower-tier models the fallback fixes must chain to, from the catalog on the tests' judgement day. */
function chainFor(model: string): string[] {
  return fallbackChain(ModelCatalog.bundled(), model, judgementDay).models;
}

async function open(language: Language, lines: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language, content: lines.join('\n') });
  await vscode.window.showTextDocument(document);
  return document;
}

const count = (document: vscode.TextDocument, pattern: RegExp): number => document.getText().match(pattern)?.length ?? 0;

/** The fix titled `title` (exactly, or matching) among the quick fixes at a diagnostic. */
async function fixAt(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string | RegExp): Promise<vscode.CodeAction | undefined> {
  const fixes = await quickFixes(document, diagnostic.range);
  const found = fixes.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  if (!found) assert.fail(`no fix "${String(title)}" at ${codeOf(diagnostic)}; offered: ${fixes.map((a) => a.title).join(' | ')}`);
  return found;
}

/**
 * The diagnostic of `rule` on the line above `marker` (a decorator above its `def`) once the file has `left` of
 * them: an edit that moved lines leaves the old diagnostics where the text was until the analysis catches up.
 */
async function diagnosticAbove(document: vscode.TextDocument, rule: string, marker: string, left: number): Promise<vscode.Diagnostic> {
  const lineAbove = (): number => document.positionAt(document.getText().indexOf(marker)).line - 1;
  const findings = await diagnosticsWhen(document.uri, rule, (d) => d.length === left && d.some((x) => x.range.start.line === lineAbove()));
  return findings.find((d) => d.range.start.line === lineAbove())!;
}

/**
 * No retry fix of `titles` is offered anywhere in the file (the whole file as the range), while the control
 * line's pin is: the provider answers only from findings of the current text, so the check is not vacuous.
 */
async function assertNoFixLeft(document: vscode.TextDocument, titles: RegExp = retryFixTitle): Promise<void> {
  const all = await quickFixes(document, new vscode.Range(0, 0, document.lineCount, 0));
  const titlesOffered = all.map((a) => a.title);
  assert.ok(titlesOffered.includes(controlPin), `the control's pin is offered (the findings are current): ${titlesOffered.join(' | ')}`);
  assert.deepStrictEqual(titlesOffered.filter((t) => titles.test(t)), [], 'no fix of the same kind is offered again');
}

describe('more retry fixes through the code action API (in the real extension host)', function () {
  this.timeout(40_000);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  describe('the fallback fix (claude/retries-disabled offers "Fall back …")', () => {
    interface FallbackCase {
      language: Language;
      lines: string[];
      /** A call rewritten (its message argument named), for the chain the catalog gives (quoted as the file quotes). */
      rewritten: (models: string, argument: string) => string;
      helper: RegExp;
      /** What the helpers need imported, once. */
      imports: RegExp[];
      /** Rendering that must not be there (types in JavaScript). */
      absent?: RegExp;
    }
    const cases: FallbackCase[] = [
      {
        language: 'python',
        lines: [
          'import anthropic',
          '',
          'client = anthropic.Anthropic(max_retries=0)',
          controlLine.python,
          '',
          '',
          'def ask(prompt):',
          '    return client.messages.create(model="claude-opus-5", max_tokens=64, messages=[{"role": "user", "content": prompt}])',
          '',
          '',
          'def summarise(text):',
          '    return client.messages.create(model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": text}])',
          '',
        ],
        rewritten: (models, argument) => `    return call_claude_with_fallback(client, ${models}, lambda retry_client, model: retry_client.messages.create(model=model, max_tokens=64, messages=[{"role": "user", "content": ${argument}}]))`,
        helper: /^def call_claude_with_fallback\(/gm,
        imports: [/^import random$/gm, /^import time$/gm, /^import anthropic$/gm],
      },
      {
        language: 'typescript',
        lines: [
          "import Anthropic from '@anthropic-ai/sdk';",
          '',
          'const client = new Anthropic({ maxRetries: 0 });',
          controlLine.typescript,
          '',
          'export async function ask(prompt: string): Promise<Anthropic.Message> {',
          "  return await client.messages.create({ model: 'claude-opus-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] });",
          '}',
          '',
          'export async function summarise(text: string): Promise<Anthropic.Message> {',
          "  return await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: text }] });",
          '}',
          '',
        ],
        rewritten: (models, argument) => `  return await callClaudeWithFallback(${models}, (model, options) => client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: ${argument} }] }, options));`,
        helper: /^async function callClaudeWithFallback</gm,
        imports: [/^import \{ APIConnectionError, APIError, APIUserAbortError \} from '@anthropic-ai\/sdk';$/gm],
      },
      {
        // CommonJS: the helpers' imports as require, no types.
        language: 'javascript',
        lines: [
          "'use strict';",
          "const Anthropic = require('@anthropic-ai/sdk');",
          '',
          'const client = new Anthropic({ maxRetries: 0 });',
          controlLine.javascript,
          '',
          'async function ask(prompt) {',
          "  return await client.messages.create({ model: 'claude-opus-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] });",
          '}',
          '',
          'async function summarise(text) {',
          "  return await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: text }] });",
          '}',
          '',
          'module.exports = { ask, summarise, FAST_MODEL };',
          '',
        ],
        rewritten: (models, argument) => `  return await callClaudeWithFallback(${models}, (model, options) => client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: ${argument} }] }, options));`,
        helper: /^async function callClaudeWithFallback\(/gm,
        imports: [/^const \{ APIConnectionError, APIError, APIUserAbortError \} = require\('@anthropic-ai\/sdk'\);$/gm],
        absent: /^interface |: unknown\b|^import /m,
      },
    ];

    for (const c of cases) {
      it(`${c.language}: the chain from the catalog, the finding gone, a second fallback reusing the helper, none offered again`, async () => {
        const document = await open(c.language, c.lines);
        const rule = 'claude/retries-disabled';
        const quote = c.language === 'python' ? '"' : "'";
        const list = (models: string[]) => `[${models.map((m) => `${quote}${m}${quote}`).join(', ')}]`;
        const fallBack = async (call: string, model: string): Promise<void> => {
          const [finding] = await diagnosticsWhen(document.uri, rule, (d) => d.length === 1);
          const chain = chainFor(model);
          assert.ok(chain.length >= 2, `${model} has a lower tier`);
          await applyAction(await fixAt(document, finding, `Fall back to ${chain.slice(1).join(', ')} on overload (with retries) (the call in ${call}())`), `the fallback for ${call}()`);
        };

        await fallBack('ask', 'claude-opus-5');
        assert.ok(document.getText().includes(`${c.rewritten(list(chainFor('claude-opus-5')), 'prompt')}\n`), document.getText());
        assert.strictEqual(count(document, c.helper), 1);
        // The call in summarise() is still bare: the finding stays, now about one call.
        const [remaining] = await diagnosticsWhen(document.uri, rule, (d) => d.length === 1 && d[0].message.includes('a call through it'));
        const stillOffered = (await quickFixes(document, remaining.range)).map((a) => a.title);
        assert.deepStrictEqual(stillOffered.filter((t) => t.endsWith('(the call in ask())')), [], 'no fix offered again for the fixed call');
        await fallBack('summarise', 'claude-sonnet-5-5');
        assert.ok(document.getText().includes(`${c.rewritten(list(chainFor('claude-sonnet-5-5')), 'text')}\n`), document.getText());
        assert.strictEqual(count(document, c.helper), 1, 'the second fix reuses the helper');
        for (const line of c.imports) assert.strictEqual(count(document, line), 1, `${String(line)} once`);
        if (c.absent) assert.doesNotMatch(document.getText(), c.absent);
        await diagnosticsWhen(document.uri, rule, (d) => d.length === 0);
        await assertNoFixLeft(document);
      });
    }
  });

  describe('the stream overload fix (claude/stream-overload-unhandled)', () => {
    interface StreamCase {
      language: Language;
      lines: string[];
      first: (models: string) => string;
      helper: RegExp;
      imports: RegExp[];
    }
    const cases: StreamCase[] = [
      {
        language: 'python',
        lines: [
          'import anthropic',
          '',
          'client = anthropic.Anthropic()',
          controlLine.python,
          '',
          '',
          'def story():',
          '    with client.messages.stream(model="claude-opus-5", max_tokens=64, messages=[]) as stream:',
          '        return stream.get_final_message()',
          '',
          '',
          'def poem():',
          '    with client.messages.stream(model="claude-sonnet-5-5", max_tokens=64, messages=[]) as stream:',
          '        message = stream.get_final_message()',
          '    return message',
          '',
        ],
        first: (models) => `    return stream_claude_with_retry(client, ${models}, lambda stream_client, model: stream_client.messages.stream(model=model, max_tokens=64, messages=[]), lambda stream: stream.get_final_message())\n`,
        helper: /^def stream_claude_with_retry\(/gm,
        imports: [/^import random$/gm, /^import time$/gm],
      },
      {
        language: 'typescript',
        lines: [
          "import Anthropic from '@anthropic-ai/sdk';",
          '',
          'const client = new Anthropic();',
          controlLine.typescript,
          '',
          'export async function story(): Promise<Anthropic.Message> {',
          "  return await client.messages.stream({ model: 'claude-opus-5', max_tokens: 64, messages: [] }).finalMessage();",
          '}',
          '',
          'export async function poem(): Promise<Anthropic.Message> {',
          "  const message = await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [] }).finalMessage();",
          '  return message;',
          '}',
          '',
        ],
        first: (models) => `  return await streamClaudeWithRetry(${models}, (model) => client.messages.stream({ model, max_tokens: 64, messages: [] }), (stream) => stream.finalMessage());\n`,
        helper: /^async function streamClaudeWithRetry</gm,
        imports: [/^import \{ APIConnectionError, APIError, APIUserAbortError \} from '@anthropic-ai\/sdk';$/gm],
      },
      {
        // An ES module in JavaScript: import lines, no types.
        language: 'javascript',
        lines: [
          "import Anthropic from '@anthropic-ai/sdk';",
          '',
          'const client = new Anthropic();',
          `export ${controlLine.javascript}`,
          '',
          'export async function story() {',
          "  return await client.messages.stream({ model: 'claude-opus-5', max_tokens: 64, messages: [] }).finalMessage();",
          '}',
          '',
          'export async function poem() {',
          "  const message = await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [] }).finalMessage();",
          '  return message;',
          '}',
          '',
        ],
        first: (models) => `  return await streamClaudeWithRetry(${models}, (model) => client.messages.stream({ model, max_tokens: 64, messages: [] }), (stream) => stream.finalMessage());\n`,
        helper: /^async function streamClaudeWithRetry\(/gm,
        imports: [/^import \{ APIConnectionError, APIError, APIUserAbortError \} from '@anthropic-ai\/sdk';$/gm],
      },
    ];

    for (const c of cases) {
      it(`${c.language}: restart then fall back, the finding gone with each fix, the helper once, none offered again`, async () => {
        const document = await open(c.language, c.lines);
        const rule = 'claude/stream-overload-unhandled';
        const quote = c.language === 'python' ? '"' : "'";
        const list = (models: string[]) => `[${models.map((m) => `${quote}${m}${quote}`).join(', ')}]`;
        const restart = async (left: number, model: string): Promise<void> => {
          const findings = await diagnosticsWhen(document.uri, rule, (d) => d.length === left);
          const chain = chainFor(model);
          await applyAction(await fixAt(document, findings[0], `Restart the stream once on a mid-stream overload, then fall back to ${chain.slice(1).join(', ')}`), `the stream fix for ${model}`);
        };

        await restart(2, 'claude-opus-5');
        assert.ok(document.getText().includes(c.first(list(chainFor('claude-opus-5')))), document.getText());
        // The rewritten call (now inside the helper's lambda) is not reported again: one finding left, the other stream's.
        await restart(1, 'claude-sonnet-5-5');
        assert.strictEqual(count(document, c.helper), 1, 'the second fix reuses the helper');
        for (const line of c.imports) assert.strictEqual(count(document, line), 1, `${String(line)} once`);
        await diagnosticsWhen(document.uri, rule, (d) => d.length === 0);
        await assertNoFixLeft(document);
      });
    }
  });

  it('the decorator fixes (tenacity wait / jitter / stop, backoff max_tries): each finding gone, each import added once, none offered again', async () => {
    const call = (name: string) => `    return client.messages.create(model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": ${name}}])`;
    const document = await open('python', [
      'import anthropic',
      'import backoff',
      'from tenacity import retry, stop_after_delay, wait_exponential',
      '',
      'client = anthropic.Anthropic(max_retries=0)',
      controlLine.python,
      '',
      '',
      '@retry',
      'def ask(prompt):',
      call('prompt'),
      '',
      '',
      '@retry',
      'def summarise(text):',
      call('text'),
      '',
      '',
      '@retry(wait=wait_exponential(multiplier=1, max=30), stop=stop_after_delay(120))',
      'def translate(text):',
      call('text'),
      '',
      '',
      '@backoff.on_exception(backoff.expo, anthropic.RateLimitError)',
      'def classify(text):',
      call('text'),
      '',
    ]);
    const backoffRule = 'claude/retry-without-backoff';
    const jitterRule = 'claude/retry-without-jitter';
    const unboundedRule = 'claude/unbounded-retry';
    /** Waits until `rule` has `left` findings, then applies `title` at the one above `marker`. */
    const fix = async (rule: string, left: number, marker: string, title: string): Promise<void> => {
      await applyAction(await fixAt(document, await diagnosticAbove(document, rule, marker, left), title), `"${title}" above ${marker}`);
    };
    const wait = 'Back off with full jitter: wait=wait_random_exponential(multiplier=1, max=60)';
    const stop = 'Cap the attempts: stop=stop_after_attempt(6)';

    await fix(backoffRule, 2, 'def ask(', wait);
    assert.match(document.getText(), /^@retry\(wait=wait_random_exponential\(multiplier=1, max=60\)\)\ndef ask\(/m);
    await fix(backoffRule, 1, 'def summarise(', wait);
    await fix(jitterRule, 1, 'def translate(', 'Add full jitter: wait_random_exponential');
    await fix(unboundedRule, 3, 'def ask(', stop);
    await fix(unboundedRule, 2, 'def summarise(', stop);
    await fix(unboundedRule, 1, 'def classify(', 'Cap the attempts: max_tries=6');
    for (const rule of [backoffRule, jitterRule, unboundedRule]) await diagnosticsWhen(document.uri, rule, (d) => d.length === 0);

    const text = document.getText();
    assert.strictEqual(text.match(/^@retry\(wait=wait_random_exponential\(multiplier=1, max=60\), stop=stop_after_attempt\(6\)\)$/gm)?.length, 2, text);
    assert.match(text, /^@retry\(wait=wait_random_exponential\(multiplier=1, max=30\), stop=stop_after_delay\(120\)\)$/m);
    assert.match(text, /^@backoff\.on_exception\(backoff\.expo, anthropic\.RateLimitError, max_tries=6\)$/m);
    // The first fix of each kind adds its import; the later ones (and the jitter fix) find it there.
    assert.strictEqual(text.match(/^from tenacity import wait_random_exponential$/gm)?.length, 1);
    assert.strictEqual(text.match(/^from tenacity import stop_after_attempt$/gm)?.length, 1);
    assert.strictEqual(text.match(/^from tenacity import /gm)?.length, 3);
    await assertNoFixLeft(document, /^(Back off with full jitter|Add full jitter|Cap the attempts)/);
  });

  describe('the stacked-retries fix (claude/retry-stacked)', () => {
    const cases: Array<{ language: Language; lines: string[]; title: string; fixed: string }> = [
      {
        language: 'python',
        lines: [
          'import anthropic',
          'from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_random_exponential',
          '',
          'client = anthropic.Anthropic()',
          controlLine.python,
          '',
          '',
          '@retry(wait=wait_random_exponential(multiplier=1, max=60), stop=stop_after_attempt(5), retry=retry_if_exception_type(anthropic.RateLimitError))',
          'def ask(prompt):',
          '    return client.messages.create(model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": prompt}])',
          '',
        ],
        title: "Switch the SDK's retries off inside this retry: with_options(max_retries=0)",
        fixed: '    return client.with_options(max_retries=0).messages.create(model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": prompt}])\n',
      },
      {
        language: 'typescript',
        lines: [
          "import Anthropic from '@anthropic-ai/sdk';",
          "import pRetry from 'p-retry';",
          '',
          'const client = new Anthropic();',
          controlLine.typescript,
          '',
          'export async function ask(prompt: string): Promise<Anthropic.Message> {',
          "  return pRetry(() => client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] }), { retries: 5, randomize: true });",
          '}',
          '',
        ],
        title: "Switch the SDK's retries off inside this retry: { maxRetries: 0 }",
        fixed: "  return pRetry(() => client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] }, { maxRetries: 0 }), { retries: 5, randomize: true });\n",
      },
    ];
    for (const c of cases) {
      it(`${c.language}: the SDK's retries switched off on the wrapped call, the finding gone, none offered again`, async () => {
        const document = await open(c.language, c.lines);
        const [finding] = await diagnosticsWhen(document.uri, 'claude/retry-stacked', (d) => d.length === 1);
        await applyAction(await fixAt(document, finding, c.title), 'the stacked fix');
        assert.ok(document.getText().includes(c.fixed), document.getText());
        await diagnosticsWhen(document.uri, 'claude/retry-stacked', (d) => d.length === 0);
        await assertNoFixLeft(document);
      });
    }
  });

  describe('fix-all (source.fixAll.claudeHealth)', () => {
    const cases: Array<{ language: Language; lines: string[]; behaviourRules: string[] }> = [
      {
        language: 'python',
        lines: [
          'import anthropic',
          'from tenacity import retry',
          '',
          'client = anthropic.Anthropic(max_retries=0)',
          '',
          '',
          'def ask(prompt):',
          '    return client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=[{"role": "user", "content": prompt}])',
          '',
          '',
          '@retry',
          'def summarise(text):',
          '    return client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=64, messages=[{"role": "user", "content": text}])',
          '',
        ],
        behaviourRules: ['claude/retries-disabled', 'claude/retry-without-backoff', 'claude/unbounded-retry', 'claude/retries-non-retryable'],
      },
      {
        language: 'typescript',
        lines: [
          "import Anthropic from '@anthropic-ai/sdk';",
          '',
          'const client = new Anthropic({ maxRetries: 0 });',
          '',
          "export const ask = () => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [] });",
          "export const story = () => new Anthropic().messages.stream({ model: 'claude-3-5-sonnet-latest', max_tokens: 64, messages: [] }).finalMessage();",
          '',
        ],
        behaviourRules: ['claude/retries-disabled', 'claude/stream-overload-unhandled'],
      },
    ];
    for (const c of cases) {
      it(`${c.language}: pins the model names and leaves every behaviour fix (retries, fallback, stream) to the user`, async () => {
        const document = await open(c.language, c.lines);
        const original = document.getText();
        const ready = (d: vscode.Diagnostic[]) => ['claude/model-alias', 'claude/model-retired', ...c.behaviourRules].every((rule) => d.some((x) => codeOf(x) === rule));
        await diagnosticsWhen(document.uri, undefined, ready);
        // The behaviour fixes are there to be chosen, each preferred for its finding.
        const offered = (await quickFixes(document, new vscode.Range(0, 0, document.lineCount, 0))).map((a) => a.title);
        assert.ok(offered.some((t) => retryFixTitle.test(t)), offered.join(' | '));
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.claudeHealth')) ?? [];
        const fixAll = actions.filter((a) => a.title.startsWith('Fix all Claude'));
        assert.deepStrictEqual(fixAll.map((a) => a.title), ['Fix all Claude model names (2)']);
        const edits = fixAll[0].edit?.get(document.uri) ?? [];
        assert.deepStrictEqual(edits.map((e) => [document.getText(e.range), e.newText]), [
          ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
          ['claude-3-5-sonnet-latest', 'claude-sonnet-5-5'],
        ]);
        await applyAction(fixAll[0], 'fix-all');
        assert.strictEqual(document.getText(), original.replace('claude-haiku-4-5', 'claude-haiku-4-5-20251001').replace('claude-3-5-sonnet-latest', 'claude-sonnet-5-5'));
        // Analysed again: the model findings gone, every behaviour finding still there with its fixes.
        const left = await diagnosticsWhen(document.uri, undefined, (d) => !d.some((x) => codeOf(x).startsWith('claude/model-')));
        assert.deepStrictEqual([...new Set(left.map(codeOf))].sort(), [...c.behaviourRules].sort());
        const stillOffered = (await quickFixes(document, new vscode.Range(0, 0, document.lineCount, 0))).map((a) => a.title);
        assert.ok(stillOffered.some((t) => retryFixTitle.test(t)), stillOffered.join(' | '));
      });
    }
  });

  describe('the snippets (contributes.snippets)', () => {
    const snippetFile: Record<string, string> = { python: 'python', typescript: 'typescript', typescriptreact: 'typescript', javascript: 'javascript', javascriptreact: 'javascript' };
    const snippetsOf = (languageId: string): Record<string, { prefix: string; body: string[] }> => {
      const root = vscode.extensions.getExtension(extensionId)!.extensionPath;
      return JSON.parse(fs.readFileSync(path.join(root, 'snippets', `${snippetFile[languageId]}.json`), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    };

    it('are offered as snippet completions in Python, TypeScript and JavaScript documents (and their React variants)', async () => {
      for (const languageId of Object.keys(snippetFile)) {
        const document = await vscode.workspace.openTextDocument({ language: languageId, content: '' });
        const prefixes = Object.values(snippetsOf(languageId)).map((s) => s.prefix).sort();
        const labels = await completionsUntil(document, (items) => items.length >= prefixes.length);
        assert.deepStrictEqual(labels, prefixes, languageId);
        assert.ok(labels.includes('claude-retry'));
      }
    });

    /** A call through each helper, as its docs show it, and the client it uses (retries off: only the helper retries). */
    const uses: Array<{ language: Language; name: string; lines: string[] }> = [
      ...[
        ['Claude: call with retry', 'reply = call_claude_with_retry(client, lambda retry_client: retry_client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[]))'],
        ['Claude: call with retry (tenacity)', 'reply = call_claude_with_tenacity(client, lambda retry_client: retry_client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=[]))'],
        ['Claude: model fallback on overload', 'reply = call_claude_with_fallback(client, ["claude-opus-5", "claude-sonnet-5-5"], lambda retry_client, model: retry_client.messages.create(model=model, max_tokens=8, messages=[]))'],
        ['Claude: stream with overload retry', 'reply = stream_claude_with_retry(client, ["claude-opus-5", "claude-sonnet-5-5"], lambda stream_client, model: stream_client.messages.stream(model=model, max_tokens=8, messages=[]), lambda stream: stream.get_final_message())'],
      ].map(([name, use]) => ({ language: 'python' as const, name, lines: ['client = anthropic.Anthropic(max_retries=0)', controlLine.python, use] })),
      {
        language: 'python',
        name: 'Claude: stream with overload retry (async)',
        lines: [
          'client = anthropic.AsyncAnthropic(max_retries=0)',
          controlLine.python,
          '',
          '',
          'async def story():',
          '    return await stream_claude_with_retry_async(client, ["claude-opus-5"], lambda stream_client, model: stream_client.messages.stream(model=model, max_tokens=8, messages=[]), lambda stream: stream.get_final_message())',
        ],
      },
      ...(['typescript', 'javascript'] as const).flatMap((language) =>
        [
          ['Claude: call with retry', "export const ask = () => callClaudeWithRetry((options) => client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 8, messages: [] }, options));"],
          ['Claude: model fallback on overload', "export const ask = () => callClaudeWithFallback(['claude-opus-5', 'claude-sonnet-5-5'], (model, options) => client.messages.create({ model, max_tokens: 8, messages: [] }, options));"],
          ['Claude: stream with overload retry', "export const story = () => streamClaudeWithRetry(['claude-opus-5', 'claude-sonnet-5-5'], (model) => client.messages.stream({ model, max_tokens: 8, messages: [] }), (stream) => stream.finalMessage());"],
        ].map(([name, use]) => ({ language, name, lines: ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', `export ${controlLine.javascript}`, use] })),
      ),
    ];
    for (const use of uses) {
      it(`${use.language} "${use.name}": inserted as the snippet file has it; a call through it gets no retry finding`, async () => {
        const document = await open(use.language, []);
        const snippet = snippetsOf(use.language)[use.name];
        assert.ok(snippet, `${use.name} is in the ${use.language} snippets`);
        await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: use.language, name: use.name });
        // The body without its final tab stop, snippet escapes undone: the helper's text.
        const expected = `${snippet.body.slice(0, -1).join('\n').replace(/\\([\\$}])/g, '$1')}\n`;
        assert.strictEqual(`${document.getText()}`, expected);
        const editor = vscode.window.activeTextEditor!;
        const end = document.lineAt(document.lineCount - 1).range.end;
        assert.strictEqual(await editor.edit((edit) => edit.insert(end, `\n${use.lines.join('\n')}\n`)), true);
        // The control's finding means the analysis saw the call; nothing else may be reported.
        const findings = await diagnosticsWhen(document.uri, undefined, (d) => d.some((x) => codeOf(x) === 'claude/model-alias'));
        assert.deepStrictEqual(findings.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`), [`claude/model-alias@${document.getText().split('\n').findIndex((l) => l.includes('claude-haiku-4-5')) + 1}`]);
      });
    }
  });
});

/** Our snippet completions' labels (prefix `claude-`) at the start of `document`, asked again until `ready`. */
async function completionsUntil(document: vscode.TextDocument, ready: (labels: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 0));
    const labels = list.items
      .filter((item) => item.kind === vscode.CompletionItemKind.Snippet)
      .map((item) => (typeof item.label === 'string' ? item.label : item.label.label))
      .filter((label) => label.startsWith('claude-'))
      .sort();
    if (ready(labels) || Date.now() > deadline) return labels;
    await new Promise((r) => setTimeout(r, 100));
  }
}
