/// <reference types="mocha" />
// Issue 7 item 6, in every language it applies to: real code shapes (legacy names, framework calls and
// decorators, provider prefixes, Bedrock/Vertex IDs, comparisons) parsed with tree-sitter and judged on
// the bundled catalog. Each fixture line says what it must report; the traps beside them must stay silent.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analysis/documentAnalysis';
import { evaluate } from '../../src/analysis/evaluate';
import { languageFromFileName } from '../../src/analysis/languages';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import { ModelCatalog } from '../../src/models/catalog';
import { modelCard } from '../../src/models/modelCard';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'rules');
const parsers = new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules')));
const day = '2026-11-22';

/** Line → "rule severity" strings the fixture's `finding:` comments expect (`none` = nothing). */
function expectedFindings(text: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  text.split('\n').forEach((line, index) => {
    const match = /finding: (.+)$/.exec(line);
    if (match && !line.startsWith('# "') && !line.startsWith('// "')) expected.set(index, match[1].trim() === 'none' ? [] : [match[1].trim()]);
  });
  return expected;
}

describe('rules on real code shapes (issue 7 item 6), in Python, TypeScript, TSX, JavaScript and JSX', function () {
  this.timeout(20000);

  for (const name of ['cases.py', 'cases.ts', 'cases.tsx', 'cases.js', 'cases.jsx']) {
    it(`${name}: reports exactly what each line's finding: comment says`, async () => {
      const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
      const language = languageFromFileName(name);
      assert.ok(language, name);
      const { literals } = analyzeText(text, await parsers.parserFor(language));
      const findings = evaluate(literals, { catalog: ModelCatalog.bundled(), asOf: day });
      const actual = new Map<number, string[]>();
      for (const finding of findings) {
        const line = finding.range.startLine;
        actual.set(line, [...(actual.get(line) ?? []), `${finding.ruleId} ${finding.severity}`]);
      }
      const expected = expectedFindings(text);
      assert.ok(expected.size >= 15, `${name} has its cases`);
      const lines = text.split('\n');
      // Every wrong line at once, so a failure shows which cases broke.
      const wrong: string[] = [];
      for (const [line, got] of actual) if (!expected.has(line)) wrong.push(`line ${line + 1} reports ${got.join(', ')} but says nothing: ${lines[line]}`);
      for (const [line, want] of expected) {
        const got = actual.get(line) ?? [];
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`line ${line + 1} reports [${got.join(', ')}]: ${lines[line].trim()}`);
      }
      assert.deepStrictEqual(wrong, []);
    });
  }

  it('legacy names say retired, with the replacement and the end of the Text Completions API', async () => {
    const text = fs.readFileSync(path.join(fixtures, 'cases.py'), 'utf8');
    const { literals } = analyzeText(text, await parsers.parserFor('python'));
    const messages = evaluate(literals, { catalog: ModelCatalog.bundled(), asOf: day }).map((f) => f.message);
    const claude2 = messages.find((m) => m.startsWith('claude-2 '));
    assert.match(claude2 ?? '', /^claude-2 was retired on 2025-07-21; requests fail with 404 not_found_error\. Use claude-sonnet-5-5\. The Text Completions API/);
    assert.match(messages.find((m) => m.startsWith('claude-instant-1 ')) ?? '', /Use claude-haiku-5-5\. The Text Completions API .* Messages API/);
  });

  it('a provider prefix stays when a fix replaces the ID after it', async () => {
    const text = 'import litellm\nlitellm.completion(model="anthropic/claude-3-opus-20240229", messages=[])\n';
    const { literals } = analyzeText(text, await parsers.parserFor('python'));
    const [finding] = evaluate(literals, { catalog: ModelCatalog.bundled(), asOf: day });
    assert.strictEqual(text.slice(finding.startOffset, finding.endOffset), 'claude-3-opus-20240229');
    assert.strictEqual(finding.literal?.role, 'apiCall');
    assert.strictEqual(finding.fixes[0]?.edits[0].newText, finding.replacement);
  });
});

describe('the hover card of a Bedrock or Vertex AI ID', () => {
  it('gives the end of life as the first-party API\'s, and says the platform date may differ', () => {
    const card = modelCard('anthropic.claude-3-opus-20240229-v1:0', ModelCatalog.bundled().judge('anthropic.claude-3-opus-20240229-v1:0', day), ModelCatalog.bundled().source);
    assert.match(card, /Amazon Bedrock ID of `claude-3-opus-20240229`\. On the first-party Claude API: Retired on 2026-01-05/);
    assert.match(card, /Amazon Bedrock retires models on its own schedule, so its date may differ\./);
    assert.match(card, /\| End of life \(first-party API\) \| 2026-01-05 \|/);
  });
});
