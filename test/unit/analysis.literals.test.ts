import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analysis/documentAnalysis';
import { languageFromFileName } from '../../src/analysis/languages';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import type { LanguageParser } from '../../src/analysis/parsers';
import type { LanguageId, ModelLiteral } from '../../src/analysis/types';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'analysis');
const parsers = new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules')));

function readFixture(name: string): { text: string; language: LanguageId } {
  // TypeScript fixtures that must not compile carry a `.txt` suffix (tsc and ESLint read test/**/*.ts).
  const language = languageFromFileName(name.replace(/\.txt$/, ''));
  assert.ok(language, name);
  return { text: fs.readFileSync(path.join(fixtures, name), 'utf8'), language };
}

async function literalsOf(text: string, language: LanguageId): Promise<ModelLiteral[]> {
  return analyzeText(text, await parsers.parserFor(language)).literals;
}

/** `constant+template`: the role, then the flags set (comment, template, suppressed). */
function describeLiteral(literal: ModelLiteral): string {
  const flags = [literal.inComment && 'comment', literal.inTemplate && 'template', literal.suppressed && 'suppressed'].filter(Boolean);
  return [literal.role, ...flags].join('+');
}

/** The expectations written in the fixture: line → descriptions after `expect:`. */
function expectationsOf(text: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  text.split('\n').forEach((line, index) => {
    const match = /expect: ([\w+ ]+)/.exec(line);
    if (match) expected.set(index, match[1].trim().split(/\s+/));
  });
  return expected;
}

/** Line and UTF-16 column of an offset, computed independently of the analyser. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, column: before[before.length - 1].length };
}

function assertRangeMatchesOffsets(text: string, literal: ModelLiteral): void {
  assert.strictEqual(text.slice(literal.startOffset, literal.endOffset), literal.model);
  const start = positionOf(text, literal.startOffset);
  const end = positionOf(text, literal.endOffset);
  assert.deepStrictEqual(literal.range, { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column });
}

describe('analysis: model literals in fixtures (all five languages)', function () {
  this.timeout(20000);

  for (const name of ['usage.py', 'usage.ts', 'usage.tsx', 'usage.js', 'usage.jsx']) {
    it(`${name}: finds exactly the literals its expect: comments list, with their roles and flags`, async () => {
      const { text, language } = readFixture(name);
      const literals = await literalsOf(text, language);
      const expected = expectationsOf(text);
      const actual = new Map<number, string[]>();
      for (const literal of literals) {
        assertRangeMatchesOffsets(text, literal);
        const line = literal.range.startLine;
        actual.set(line, [...(actual.get(line) ?? []), describeLiteral(literal)]);
      }
      const lines = text.split('\n');
      for (const line of new Set([...expected.keys(), ...actual.keys()])) {
        assert.deepStrictEqual(actual.get(line) ?? [], expected.get(line) ?? [], `line ${line + 1}: ${lines[line].trim()}`);
      }
    });
  }

  it('reports OpenAI model names and claude-code / claude-ai strings in no language', async () => {
    for (const name of ['usage.py', 'usage.ts', 'usage.tsx', 'usage.js', 'usage.jsx']) {
      const { text, language } = readFixture(name);
      const models = (await literalsOf(text, language)).map((literal) => literal.model);
      for (const notAModel of ['gpt-4o', 'claude-code', 'claude-ai']) assert.ok(!models.includes(notAModel), `${name}: ${notAModel}`);
    }
  });

  it('keeps Bedrock and Vertex spellings whole, with their platform prefixes and suffixes', async () => {
    const { text, language } = readFixture('usage.py');
    const models = (await literalsOf(text, language)).map((literal) => literal.model);
    for (const id of ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-3-5-sonnet-v2@20241022']) {
      assert.ok(models.includes(id), id);
    }
  });

  it('does not report a partial ID next to an interpolation, in f-strings and template literals', async () => {
    const py = await literalsOf('size = "opus"\nx = f"claude-3-{size}-20240229"\ny = f"{size}claude-3-opus-20240229"\n', 'python');
    assert.deepStrictEqual(py, []);
    const ts = await literalsOf('const x = `claude-${size}`;\nconst y = `${a}claude-3-opus-20240229`;\n', 'typescript');
    assert.deepStrictEqual(ts, []);
  });

  it('reports a whole ID inside an f-string or template literal, flagged inTemplate', async () => {
    const [py] = await literalsOf('x = f"{a} claude-3-opus-20240229 {b}"\n', 'python');
    assert.strictEqual(py.model, 'claude-3-opus-20240229');
    assert.strictEqual(py.inTemplate, true);
    const [ts] = await literalsOf('const x = `${a} claude-3-opus-20240229`;\n', 'typescript');
    assert.strictEqual(ts.inTemplate, true);
    const [plain] = await literalsOf('const x = `claude-3-opus-20240229`;\n', 'typescript');
    assert.strictEqual(plain.inTemplate, false, 'a template without interpolation is a plain literal');
  });

  it('gives exact ranges after non-ASCII text (UTF-16 columns, not bytes)', async () => {
    const text = 'greeting = "héllo wörld 😀"; model = "claude-3-opus-20240229"\n';
    const [literal] = await literalsOf(text, 'python');
    const column = text.indexOf('claude-');
    assert.strictEqual(column, 38, 'the emoji counts two UTF-16 code units');
    assert.deepStrictEqual(literal.range, { startLine: 0, startColumn: column, endLine: 0, endColumn: column + 22 });
    assert.strictEqual(literal.startOffset, column);
  });

  it('gives exact ranges in CRLF files (the \\r belongs to the line before)', async () => {
    for (const [language, text] of [
      ['python', '# ünïcode 😀\r\nimport anthropic\r\n\r\nclient.messages.create(\r\n    model="claude-3-opus-20240229",\r\n)\r\n'],
      ['typescript', '// ünïcode 😀\r\nconst r = await client.messages.create({\r\n  model: \'claude-3-opus-20240229\',\r\n});\r\n'],
    ] as const) {
      const literals = await literalsOf(text, language);
      assert.strictEqual(literals.length, 1, language);
      const [literal] = literals;
      assert.strictEqual(literal.role, 'apiCall', language);
      const line = text.split('\r\n').findIndex((l) => l.includes('claude-'));
      const column = text.split('\r\n')[line].indexOf('claude-');
      assert.deepStrictEqual(literal.range, { startLine: line, startColumn: column, endLine: line, endColumn: column + 22 }, language);
      assertRangeMatchesOffsets(text, literal);
    }
  });

  for (const name of ['broken.py', 'broken.ts.txt']) {
    it(`${name}: a file that does not parse (unclosed brackets) still gives its literals`, async () => {
      const { text, language } = readFixture(name);
      const literals = await literalsOf(text, language);
      assert.deepStrictEqual(
        literals.map((literal) => literal.model),
        ['claude-3-opus-20240229', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5'],
      );
      for (const literal of literals) assertRangeMatchesOffsets(text, literal);
      assert.strictEqual(literals[0].role, 'apiCall');
    });
  }

  it('finds Claude- typos with a capital C, which the rules report as unknown', async () => {
    const [literal] = await literalsOf('MODEL = "Claude-3-Opus-20240229"\n', 'python');
    assert.strictEqual(literal?.model, 'Claude-3-Opus-20240229');
  });
});

describe('analysis: files that are not analysed', function () {
  this.timeout(20000);
  let python: LanguageParser;
  let javascript: LanguageParser;
  before(async () => {
    python = await parsers.parserFor('python');
    javascript = await parsers.parserFor('javascript');
  });

  it('skips a huge file (over 1 MiB) quietly, without scanning it', () => {
    const text = 'MODEL = "claude-3-opus-20240229"\n'.repeat(40_000);
    assert.ok(text.length > 1024 * 1024);
    const result = analyzeText(text, python);
    assert.deepStrictEqual(result, { literals: [], skipReason: 'tooLarge' });
  });

  it('skips a binary file (NUL characters)', () => {
    const text = `\u0000\u0001PNG\u0000claude-3-opus-20240229\u0000${'\u00ff'.repeat(1000)}`;
    assert.deepStrictEqual(analyzeText(text, python), { literals: [], skipReason: 'binary' });
  });

  it('skips a minified one-line JavaScript file, quickly', () => {
    const statement = 'var a=function(b){return b.messages.create({model:"claude-3-opus-20240229",max_tokens:1})};';
    const text = statement.repeat(5000); // ~450 KB on one line
    const start = performance.now();
    const result = analyzeText(text, javascript);
    const ms = performance.now() - start;
    assert.deepStrictEqual(result, { literals: [], skipReason: 'minified' });
    assert.ok(ms < 50, `${ms} ms`);
  });

  it('does no work for a file without claude- at all', () => {
    const text = 'import os\n\nprint("hello from anthropic")\n'.repeat(1000);
    assert.deepStrictEqual(analyzeText(text, python), { literals: [], skipReason: undefined });
  });

  it('falls back to the text when a parse is abandoned (time limit), and never throws', () => {
    const text = 'import anthropic\nclient.messages.create(model="claude-3-opus-20240229")\nMODEL = "claude-haiku-4-5"\n# see claude-2.1\n';
    const result = analyzeText(text, python, { parseTimeoutMs: -1 });
    assert.deepStrictEqual(
      result.literals.map((literal) => [literal.model, literal.role, literal.inComment]),
      [
        ['claude-3-opus-20240229', 'apiCall', false],
        ['claude-haiku-4-5', 'constant', false],
        ['claude-2.1', 'other', true],
      ],
    );
  });

  it('works from the text alone without a grammar (parser undefined)', () => {
    const text = "const r = await client.messages.create({ model: 'claude-3-opus-20240229' });\n";
    const [literal] = analyzeText(text, undefined).literals;
    assert.strictEqual(literal.model, 'claude-3-opus-20240229');
    assert.strictEqual(literal.role, 'apiCall');
    assertRangeMatchesOffsets(text, literal);
  });
});
