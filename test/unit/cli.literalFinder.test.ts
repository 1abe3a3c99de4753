/// <reference types="mocha" />
// Issue 7 item 6: the CLI reports an ID whose line does not parse (an unclosed quote) from the text,
// where the tree has an error on that line; the editor keeps its last good parse instead.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analysis/documentAnalysis';
import { languageFromFileName } from '../../src/analysis/languages';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import type { LanguageId } from '../../src/analysis/types';
import { createLiteralFinder } from '../../src/cli/literalFinder';

const root = path.resolve(__dirname, '..', '..', '..');
const wasm = nodeModulesWasmLocator(path.join(root, 'node_modules'));
const finder = createLiteralFinder(wasm);

async function found(text: string, language: LanguageId): Promise<string[]> {
  return (await finder.find(text, language)).map((literal) => `${literal.range.startLine + 1}:${literal.model}:${literal.role}`);
}

describe('CLI literal finding: unclosed quotes', function () {
  this.timeout(20000);

  it('Python: an ID after an unclosed quote is found from the text, with its role', async () => {
    const text = [
      'import anthropic',
      'client = anthropic.Anthropic()',
      'reply = client.messages.create(model="claude-3-opus-20240229, max_tokens=5, messages=[])',
      'MODEL = "claude-haiku-4-5-20251001"',
      '',
    ].join('\n');
    assert.deepStrictEqual(await found(text, 'python'), ['3:claude-3-opus-20240229:apiCall', '4:claude-haiku-4-5-20251001:constant']);
  });

  it('TypeScript: the same in an object argument', async () => {
    const text = [
      "import Anthropic from '@anthropic-ai/sdk';",
      'const client = new Anthropic();',
      "export const reply = client.messages.create({ model: 'claude-3-opus-20240229, max_tokens: 5, messages: [] });",
      '',
    ].join('\n');
    assert.deepStrictEqual(await found(text, 'typescript'), ['3:claude-3-opus-20240229:apiCall']);
  });

  it('traps: a quote closed later on the line (prose), a comment, and a clean file stay as they were', async () => {
    const text = [
      'print("claude-3-opus-20240229 is retired, see the docs")',
      '# model="claude-3-opus-20240229',
      'broken = (',
      '',
    ].join('\n');
    assert.deepStrictEqual(await found(text, 'python'), ['2:claude-3-opus-20240229:other']);
  });

  it('the editor analysis (no text fallback) does not take it from the text', async () => {
    const parsers = new TreeSitterParsers(wasm);
    const text = 'reply = client.messages.create(model="claude-3-opus-20240229, max_tokens=5)\n';
    assert.deepStrictEqual(analyzeText(text, await parsers.parserFor('python')).literals, []);
  });
});

describe('CLI literal finding on the rule cases (windowed parses)', function () {
  this.timeout(20000);

  for (const name of ['cases.py', 'cases.ts', 'cases.tsx', 'cases.js', 'cases.jsx']) {
    it(`${name}: finds what the editor's whole-file analysis finds`, async () => {
      const text = fs.readFileSync(path.join(root, 'test', 'fixtures', 'rules', name), 'utf8');
      const language = languageFromFileName(name);
      assert.ok(language);
      const editor = analyzeText(text, await new TreeSitterParsers(wasm).parserFor(language)).literals;
      assert.deepStrictEqual(await found(text, language), editor.map((l) => `${l.range.startLine + 1}:${l.model}:${l.role}`));
    });
  }
});
