// The CLI parses only windows around candidate IDs; it must find exactly what a whole-file parse finds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { languageFromFileName } from '../../src/analysis/languages';
import { findModelLiterals } from '../../src/analysis/findLiterals';
import { LineIndex } from '../../src/analysis/lineIndex';
import { findModelIdCandidates } from '../../src/analysis/modelIdCandidates';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import { skipReasonFor } from '../../src/analysis/prefilter';
import type { LanguageId, ModelLiteral } from '../../src/analysis/types';
import { createLiteralFinder } from '../../src/cli/literalFinder';
import { parseWindows } from '../../src/cli/parseWindows';

const root = path.resolve(__dirname, '..', '..', '..');
const wasm = nodeModulesWasmLocator(path.join(root, 'node_modules'));

/** Every source file under `dir` that mentions a Claude model. */
function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(full));
    else if (languageFromFileName(entry.name) && fs.readFileSync(full, 'utf8').includes('claude-')) out.push(full);
  }
  return out;
}

describe('CLI parse windows', function () {
  this.timeout(60_000);
  const parsers = new TreeSitterParsers(wasm);

  /** What the analysis core finds with a whole-file parse (nothing in generated, minified or binary text). */
  async function wholeFileLiterals(text: string, language: LanguageId): Promise<ModelLiteral[]> {
    if (skipReasonFor(text) !== undefined) return [];
    const tree = (await parsers.parserFor(language)).parse(text);
    try {
      return findModelLiterals(text, tree);
    } finally {
      tree?.delete();
    }
  }

  it('finds the same literals as a whole-file parse, on the fixtures and the Anthropic SDK sources', async () => {
    const finder = createLiteralFinder(wasm);
    const files = [...sourcesUnder(path.join(root, 'test', 'fixtures', 'cli')), ...sourcesUnder(path.join(root, 'node_modules', '@anthropic-ai', 'sdk'))];
    assert.ok(files.length > 10, `only ${files.length} files`);
    let windowed = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const language = languageFromFileName(file) as LanguageId;
      if (parseWindows(text, LineIndex.of(text), findModelIdCandidates(text))) windowed++;
      assert.deepStrictEqual(await finder.find(text, language), await wholeFileLiterals(text, language), file);
    }
    assert.ok(windowed >= 10, `windows used for only ${windowed} of ${files.length} files`);
  });

  it('windows hold the statement around the ID and the comment line above it', () => {
    const text = ['import anthropic', '', 'def ask():', '    # claude-health-ignore-next-line', '    return client.messages.create(', '        model="claude-3-opus-20240229",', '    )', '', 'OTHER = 1', ''].join('\n');
    const padded = `${'x = 1\n'.repeat(40)}${text}${'y = 2\n'.repeat(40)}`;
    const windows = parseWindows(padded, LineIndex.of(padded), findModelIdCandidates(padded));
    assert.ok(windows);
    assert.strictEqual(windows.length, 1);
    const parsed = padded.slice(windows[0].startIndex, windows[0].endIndex);
    assert.ok(parsed.startsWith('def ask():'), parsed);
    assert.ok(parsed.includes('claude-health-ignore-next-line') && parsed.trimEnd().endsWith(')'), parsed);
  });

  it('parses the whole file when a window could start inside a docstring, template or block comment', () => {
    const filler = 'x = 1\n'.repeat(40);
    for (const opener of ['"""', "'''", '`', '/*']) {
      const text = `${filler}${opener}\nUsage:\nMODEL = "claude-3-opus-20240229"\n${filler}`;
      assert.strictEqual(parseWindows(text, LineIndex.of(text), findModelIdCandidates(text)), undefined, opener);
    }
  });

  it('parses the whole file when the windows would cover most of it', () => {
    const text = 'MODEL = "claude-3-opus-20240229"\nOTHER = "claude-haiku-4-5"\n';
    assert.strictEqual(parseWindows(text, LineIndex.of(text), findModelIdCandidates(text)), undefined);
  });

  it('a docstring with code-like lines is still a docstring', async () => {
    const finder = createLiteralFinder(wasm);
    const text = `${'x = 1\n'.repeat(40)}"""\nUsage:\nMODEL = "claude-3-opus-20240229"\n"""\n${'y = 2\n'.repeat(40)}`;
    assert.deepStrictEqual(await finder.find(text, 'python'), await wholeFileLiterals(text, 'python'));
  });
});
