/// <reference types="mocha" />
// snippets/*.json are generated from the helper templates (scripts/build-snippets.mjs): the same text the
// quick fixes insert. This fails when someone edits one and not the other.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SNIPPET_LANGUAGES, snippetFileText, snippetFiles } from '../../src/analysis/fixes/snippets';
import { planHelpers } from '../../src/analysis/fixes/templates';

const root = path.resolve(__dirname, '..', '..', '..');

describe('snippets', () => {
  const files = snippetFiles();

  for (const [name, content] of Object.entries(files)) {
    it(`snippets/${name} is what the templates generate (run: npx tsc -p tsconfig.test.json && node scripts/build-snippets.mjs)`, () => {
      const onDisk = fs.readFileSync(path.join(root, 'snippets', name), 'utf8');
      assert.strictEqual(onDisk, snippetFileText(content));
    });
  }

  it('package.json contributes each file for its languages', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    const expected = Object.entries(SNIPPET_LANGUAGES).flatMap(([file, languages]) => languages.map((language) => ({ language, path: `./snippets/${file}` })));
    assert.deepStrictEqual(manifest.contributes.snippets, expected);
  });

  it('a snippet body is the helper text, with $ escaped, ending at $0', () => {
    const retry = files['typescript.json']['Claude: call with retry'];
    assert.strictEqual(retry.body.at(-1), '$0');
    const text = retry.body.slice(0, -1).join('\n').replace(/\\([\\$])/g, '$1');
    for (const block of planHelpers('typescript', 'retry', { indent: '  ', quote: "'", async: true, semicolons: true }).blocks) {
      assert.ok(text.includes(block.text.trimEnd()), block.name);
    }
    assert.ok(retry.body.some((line) => line.includes('\\${attempt}')), 'template literals are escaped for snippet syntax');
    assert.ok(!retry.body.slice(0, -1).some((line) => /(^|[^\\])\$[0-9{A-Za-z]/.test(line)), 'no unescaped $ tabstop');
  });

  it('has unique prefixes per file', () => {
    for (const [name, content] of Object.entries(files)) {
      const prefixes = Object.values(content).map((s) => s.prefix);
      assert.strictEqual(new Set(prefixes).size, prefixes.length, name);
    }
  });
});
