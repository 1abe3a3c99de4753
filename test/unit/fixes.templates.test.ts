/// <reference types="mocha" />
// The helper templates as text: styles kept, imports as data, helpers found by name and inserted once.
// That they work is fixes.proof.test.ts; this is what an edit builder relies on.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import {
  helperSource,
  importText,
  mergeImports,
  planHelpers,
  type HelperKind,
  type HelperLanguage,
  type HelperStyle,
} from '../../src/analysis/fixes/templates';
import { renderPython, renderScript } from '../../src/analysis/fixes/templates/render';

const KINDS: HelperKind[] = ['retry', 'library-retry', 'fallback', 'stream', 'http-retry'];
const LANGUAGES: HelperLanguage[] = ['python', 'typescript', 'javascript'];
const py = (over: Partial<HelperStyle> = {}): HelperStyle => ({ indent: '    ', quote: '"', async: false, ...over });
const ts = (over: Partial<HelperStyle> = {}): HelperStyle => ({ indent: '  ', quote: "'", async: true, semicolons: true, ...over });
const styleFor = (language: HelperLanguage, over: Partial<HelperStyle> = {}) => (language === 'python' ? py(over) : ts(over));

describe('retry helper templates', () => {
  it('names the helpers stably and distinctively (the edit builder finds them by these names)', () => {
    const names = (language: HelperLanguage, asyncStyle: boolean) => KINDS.map((kind) => helperSource(language, kind, styleFor(language, { async: asyncStyle })).name);
    assert.deepStrictEqual(names('python', false), ['call_claude_with_retry', 'call_claude_with_tenacity', 'call_claude_with_fallback', 'stream_claude_with_retry', 'call_claude_http_with_retry']);
    assert.deepStrictEqual(names('python', true), ['call_claude_with_retry_async', 'call_claude_with_tenacity_async', 'call_claude_with_fallback_async', 'stream_claude_with_retry_async', 'call_claude_http_with_retry_async']);
    assert.deepStrictEqual(names('typescript', true), ['callClaudeWithRetry', 'callClaudeWithPRetry', 'callClaudeWithFallback', 'streamClaudeWithRetry', 'fetchClaudeWithRetry']);
    assert.deepStrictEqual(names('javascript', true), names('typescript', true));
  });

  for (const language of LANGUAGES) {
    for (const kind of KINDS) {
      it(`${language} ${kind}: every block defines its name, and the plan puts what it needs first`, () => {
        const plan = planHelpers(language, kind, styleFor(language));
        assert.strictEqual(plan.blocks.at(-1)?.name, helperSource(language, kind, styleFor(language)).name);
        for (const block of plan.blocks) {
          const definition = language === 'python' ? new RegExp(`^(async )?def ${block.name}\\(`, 'm') : new RegExp(`^(async )?function ${block.name}\\b`, 'm');
          assert.match(block.text, definition, block.name);
          assert.ok(block.text.endsWith('\n') && !block.text.endsWith('\n\n'), `${block.name} ends with one newline`);
          for (const defined of block.defines) assert.match(block.text, new RegExp(`\\b${defined}\\b`), defined);
        }
        assert.ok(plan.blocks.length >= 2, 'the support block comes along');
      });
    }
  }

  it('inserts a helper once: with its blocks present, a second fix inserts nothing; a fallback reuses retry and support', () => {
    const first = planHelpers('python', 'retry', py());
    const present = new Set(first.blocks.map((b) => b.name));
    assert.deepStrictEqual(planHelpers('python', 'retry', py(), present), { blocks: [], imports: [] });
    assert.deepStrictEqual(planHelpers('python', 'fallback', py(), present).blocks.map((b) => b.name), ['call_claude_with_fallback']);
    assert.deepStrictEqual(planHelpers('typescript', 'stream', ts(), new Set(['claudeRetryDelayMs'])).blocks.map((b) => b.name), ['streamClaudeWithRetry']);
  });

  it('raw HTTP helpers stand on the SDK-free wait block alone: no SDK block, no SDK import; the SDK helpers share that wait block', () => {
    for (const asyncStyle of [false, true]) {
      const plan = planHelpers('python', 'http-retry', py({ async: asyncStyle }));
      assert.deepStrictEqual(plan.blocks.map((b) => b.name), ['claude_retry_wait_s', asyncStyle ? 'call_claude_http_with_retry_async' : 'call_claude_http_with_retry']);
      assert.deepStrictEqual(plan.imports.map((i) => i.module), ['email.utils', 'random', 'time', 'dataclasses', ...(asyncStyle ? ['asyncio'] : [])]);
      assert.doesNotMatch(plan.blocks.map((b) => b.text).join('\n'), /anthropic\.|with_options/);
    }
    for (const language of ['typescript', 'javascript'] as const) {
      const plan = planHelpers(language, 'http-retry', ts());
      assert.deepStrictEqual([plan.blocks.map((b) => b.name), plan.imports], [['claudeRetryWaitMs', 'fetchClaudeWithRetry'], []]);
    }
    assert.deepStrictEqual(planHelpers('python', 'retry', py()).blocks.map((b) => b.name), ['claude_retry_wait_s', 'claude_retry_delay_s', 'call_claude_with_retry']);
    assert.deepStrictEqual(planHelpers('typescript', 'retry', ts()).blocks.map((b) => b.name), ['claudeRetryWaitMs', 'claudeRetryDelayMs', 'callClaudeWithRetry']);
    // With an SDK helper in the file, the raw HTTP helper needs nothing more than itself (and the other way round).
    assert.deepStrictEqual(planHelpers('python', 'http-retry', py(), new Set(['claude_retry_wait_s', 'claude_retry_delay_s', 'call_claude_with_retry'])).blocks.map((b) => b.name), ['call_claude_http_with_retry']);
    assert.deepStrictEqual(planHelpers('typescript', 'retry', ts(), new Set(['claudeRetryWaitMs', 'fetchClaudeWithRetry'])).blocks.map((b) => b.name), ['claudeRetryDelayMs', 'callClaudeWithRetry']);
  });

  it('lists imports as data, merged per module', () => {
    assert.deepStrictEqual(planHelpers('python', 'retry', py({ async: true })).imports, [
      { module: 'email.utils' },
      { module: 'random' },
      { module: 'time' },
      { module: 'dataclasses', names: ['dataclass'] },
      { module: 'anthropic' },
      { module: 'asyncio' },
    ]);
    assert.deepStrictEqual(planHelpers('python', 'library-retry', py()).imports.map((i) => i.module), ['email.utils', 'random', 'time', 'dataclasses', 'anthropic', 'tenacity']);
    assert.deepStrictEqual(planHelpers('typescript', 'retry', ts()).imports, [{ module: '@anthropic-ai/sdk', names: ['APIConnectionError', 'APIError', 'APIUserAbortError'] }]);
    assert.deepStrictEqual(planHelpers('javascript', 'library-retry', ts()).imports.at(-1), { module: 'p-retry', defaultName: 'pRetry' });
    assert.deepStrictEqual(mergeImports([{ module: 'a', names: ['y'] }, { module: 'a' }, { module: 'a', names: ['x', 'y'] }]), [{ module: 'a', names: ['x', 'y'] }, { module: 'a' }]);
    assert.strictEqual(importText('typescript', [{ module: 'p-retry', defaultName: 'pRetry' }], ts({ quote: '"', semicolons: false })), 'import pRetry from "p-retry"\n');
  });

  it('keeps the file style: indentation, quotes, semicolons', () => {
    const tabs = helperSource('python', 'retry', py({ indent: '\t', quote: "'" })).text;
    assert.match(tabs, /^\tretry_client = client\.with_options\(max_retries=0\)$/m);
    assert.match(tabs, /^\t\twhile|^\t\tattempt \+= 1$/m);
    assert.doesNotMatch(tabs, /"/, 'single quotes throughout');
    assert.doesNotMatch(tabs, /^ +/m, 'no space indentation left');
    const twoSpaces = helperSource('python', 'retry', py({ indent: '  ' })).text;
    assert.match(twoSpaces, /^ {2}retry_client = /m);
    const noSemis = planHelpers('typescript', 'retry', ts({ semicolons: false, quote: '"', indent: '    ' })).blocks.map((b) => b.text).join('\n');
    assert.doesNotMatch(noSemis, /;$/m);
    assert.match(noSemis, /^ {4}const started = Date\.now\(\)$/m);
    assert.doesNotMatch(noSemis, /'/, 'double quotes throughout (the templates keep quotes out of comments)');
  });

  it('keeps quotes out of the templates where a swap would break them', () => {
    // Strings are written with ", comments never contain ": so swapping " for ' is safe. Check both renderings parse.
    for (const quote of ['"', "'"] as const) {
      const text = planHelpers('javascript', 'fallback', ts({ quote })).blocks.map((b) => b.text).join('\n');
      execFileSync(process.execPath, ['--check', '--input-type=module'], { input: `import { APIConnectionError, APIError, APIUserAbortError } from 'x';\n${text}` });
    }
  });

  it('parses in every style: Python with tabs or 2 spaces and either quote, JavaScript without semicolons', () => {
    const pythonPath = path.resolve(__dirname, '..', '..', '..', process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
    const pyBlocks = (style: HelperStyle) =>
      KINDS.flatMap((kind) => planHelpers('python', kind, style).blocks.map((b) => b.text));
    const program = [py({ indent: '\t', quote: "'" }), py({ indent: '  ', async: true }), py({ indent: '\t', quote: "'", async: true })]
      .map((style) => [...new Set(pyBlocks(style))].join('\n\n'))
      .join('\n\n');
    execFileSync(pythonPath, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: program });
    for (const quote of ['"', "'"] as const) {
      const blocks = KINDS.flatMap((kind) => planHelpers('javascript', kind, ts({ quote, semicolons: false, indent: '\t' })).blocks.map((b) => b.text));
      execFileSync(process.execPath, ['--check', '--input-type=module'], { input: `import pRetry from 'p-retry';\nimport { APIConnectionError, APIError, APIUserAbortError } from 'x';\n${[...new Set(blocks)].join('\n')}` });
    }
  });

  it('renders JavaScript without TypeScript-only text', () => {
    const js = planHelpers('javascript', 'stream', ts()).blocks.map((b) => b.text).join('\n');
    assert.doesNotMatch(js, /interface |: unknown|: number|<T>|readonly |«|»/);
    const tsText = planHelpers('typescript', 'stream', ts()).blocks.map((b) => b.text).join('\n');
    assert.match(tsText, /interface ClaudeRetrySettings/);
    assert.doesNotMatch(tsText, /[«»]/);
    assert.strictEqual(renderScript('a«: T» = 1;\n', ts({ semicolons: false }), 'javascript'), 'a = 1\n');
    assert.strictEqual(renderPython('if x:\n    y = "z"\n', py({ indent: '\t', quote: "'" })), "if x:\n\ty = 'z'\n");
  });

  it('writes the policy the issue asks for (full jitter, retry-after, only retryable statuses, SDK retries off)', () => {
    const pyText = planHelpers('python', 'retry', py()).blocks.map((b) => b.text).join('\n');
    assert.match(pyText, /random\.uniform\(0, min\(settings\.max_delay_s, settings\.base_delay_s \* 2 \*\* \(attempt - 1\)\)\)/, 'full jitter');
    assert.match(pyText, /retry-after-ms/);
    assert.match(pyText, /status in \(408, 409, 429\) or status >= 500/);
    assert.match(pyText, /with_options\(max_retries=0\)/);
    const tsText = planHelpers('typescript', 'retry', ts()).blocks.map((b) => b.text).join('\n');
    assert.match(tsText, /Math\.random\(\) \* Math\.min\(limits\.maxDelayMs, limits\.baseDelayMs \* 2 \*\* \(attempt - 1\)\)/, 'full jitter');
    assert.match(tsText, /request\(\{ maxRetries: 0 \}\)/);
  });
});
