import * as assert from 'assert';
import { grammarForLanguage, languageFromFileName, languageFromVsCodeId, supportedExtensions } from '../../src/analysis/languages';
import { LineIndex } from '../../src/analysis/lineIndex';
import { findModelIdCandidates } from '../../src/analysis/modelIdCandidates';
import { maxDocumentLength, mayContainModelId, skipReasonFor } from '../../src/analysis/prefilter';
import { findSuppressedLines, looksLikeCommentAt } from '../../src/analysis/suppressions';
import { seededRandom } from '../support/seededRandom';

describe('analysis: languages', () => {
  it('maps every supported extension, case-insensitively, and nothing else', () => {
    const expected: Record<string, string> = {
      'a.py': 'python', 'a.pyi': 'python', 'a.ts': 'typescript', 'a.mts': 'typescript', 'a.cts': 'typescript', 'a.d.ts': 'typescript',
      'a.tsx': 'typescriptreact', 'a.js': 'javascript', 'a.mjs': 'javascript', 'a.cjs': 'javascript', 'a.jsx': 'javascriptreact',
      'src/App.TSX': 'typescriptreact', 'C:\\work\\app.PY': 'python',
    };
    for (const [file, language] of Object.entries(expected)) assert.strictEqual(languageFromFileName(file), language, file);
    for (const file of ['a.rb', 'a.json', 'Makefile', '.py', 'dir.py/README', 'a.py.bak']) assert.strictEqual(languageFromFileName(file), undefined, file);
    assert.deepStrictEqual([...supportedExtensions].sort(), ['.cjs', '.cts', '.js', '.jsx', '.mjs', '.mts', '.py', '.pyi', '.ts', '.tsx']);
  });

  it('maps VS Code language ids, and picks a grammar for each', () => {
    assert.strictEqual(languageFromVsCodeId('typescriptreact'), 'typescriptreact');
    assert.strictEqual(languageFromVsCodeId('plaintext'), undefined);
    assert.strictEqual(languageFromVsCodeId('toString'), undefined);
    assert.deepStrictEqual(
      (['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const).map(grammarForLanguage),
      ['python', 'typescript', 'tsx', 'javascript', 'javascript'],
    );
  });
});

describe('analysis: prefilter', () => {
  it('lets through only text containing claude- (or Claude-)', () => {
    assert.strictEqual(mayContainModelId('import anthropic\nclaude = 1\n'), false);
    assert.strictEqual(mayContainModelId('m = "claude-2.1"'), true);
    assert.strictEqual(mayContainModelId('m = "Claude-2.1"'), true);
  });

  it('names the reason a text is skipped', () => {
    assert.strictEqual(skipReasonFor('x'.repeat(maxDocumentLength + 1)), 'tooLarge');
    assert.strictEqual(skipReasonFor('ab\u0000cd claude-2.1'), 'binary');
    assert.strictEqual(skipReasonFor(`a\n${'x'.repeat(20_000)}\nb`), 'minified');
    assert.strictEqual(skipReasonFor(`${'short line\n'.repeat(5000)}`), undefined);
    assert.strictEqual(skipReasonFor(''), undefined);
  });
});

describe('analysis: model ID candidates', () => {
  const texts = (text: string): string[] => findModelIdCandidates(text).map((candidate) => candidate.text);

  it('finds IDs by the text around claude-, with platform spellings whole', () => {
    assert.deepStrictEqual(
      texts('a "claude-3-opus-20240229" b \'anthropic.claude-v2:1\' c us.anthropic.claude-sonnet-4-20250514-v1:0 d claude-opus-4-1@20250805'),
      ['claude-3-opus-20240229', 'anthropic.claude-v2:1', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-opus-4-1@20250805'],
    );
  });

  it('skips other claude- names, identifiers and URLs', () => {
    assert.deepStrictEqual(texts('claude-code claude-ai my_claude-3 https://docs.anthropic.com/en/claude-3-opus claude-health-ignore-line'), []);
  });

  it('trims prose punctuation but remembers the whole run', () => {
    const [candidate] = findModelIdCandidates('Use claude-3-opus-20240229. Or f"claude-3-{size}"');
    assert.strictEqual(candidate.text, 'claude-3-opus-20240229');
    assert.strictEqual(candidate.runEnd, candidate.end + 1);
    const [partial] = findModelIdCandidates('f"claude-3-{size}"');
    assert.deepStrictEqual([partial.text, partial.runEnd - partial.end], ['claude-3', 1]);
  });
});

describe('analysis: suppressions', () => {
  const text = [
    'a = "claude-2.1"  # claude-health-ignore-line',
    '# claude-health-ignore-next-line',
    'b = "claude-2.1"',
    'c = "claude-health-ignore-line"',
    '/* claude-health-ignore-next-line */',
    'd = 1',
  ].join('\n');
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length - 1;

  it('silences the same line or the next one, for markers in comments only', () => {
    assert.deepStrictEqual([...findSuppressedLines(text, lineAt)].sort(), [0, 2, 5]);
  });

  it('recognises #, // and /* comments from the text alone', () => {
    assert.strictEqual(looksLikeCommentAt('x = 1 // m', 9), true);
    assert.strictEqual(looksLikeCommentAt('x = 1 # m', 8), true);
    assert.strictEqual(looksLikeCommentAt(' * m', 3), true);
    assert.strictEqual(looksLikeCommentAt('x = "m"', 5), false);
  });
});

describe('analysis: LineIndex', () => {

  it('gives lines and UTF-16 columns, with \\r\\n ending the line before', () => {
    const index = LineIndex.of('ab\r\n😀c\n\nd');
    assert.strictEqual(index.lineCount, 4);
    assert.deepStrictEqual(index.positionAt(0), { line: 0, column: 0 });
    assert.deepStrictEqual(index.positionAt(3), { line: 0, column: 3 });
    assert.deepStrictEqual(index.positionAt(6), { line: 1, column: 2 });
    assert.deepStrictEqual(index.positionAt(9), { line: 3, column: 0 });
    assert.strictEqual(index.lineLength(1, 10), 3);
  });

  it('stays equal to a fresh index across random edits, including many-line pastes', () => {
    const random = seededRandom(42);
    let text = 'one\ntwo\r\nthree\n';
    const index = LineIndex.of(text);
    for (let step = 0; step < 2000; step++) {
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(random() * 8));
      const newText = random() < 0.05 ? 'x\n'.repeat(200) : ['', 'a', '\n', 'b\nc', '\r\n', '\n\n'][Math.floor(random() * 6)];
      index.applyEdit(start, end, newText);
      text = text.slice(0, start) + newText + text.slice(end);
      if (text.length > 5000) {
        index.applyEdit(0, text.length - 100, '');
        text = text.slice(text.length - 100);
      }
      const fresh = LineIndex.of(text);
      assert.strictEqual(index.lineCount, fresh.lineCount, `step ${step}`);
      for (let line = 0; line < fresh.lineCount; line++) assert.strictEqual(index.lineStart(line), fresh.lineStart(line), `step ${step} line ${line}`);
    }
  });
});
