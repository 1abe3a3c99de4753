import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import { analyzeText, DocumentAnalysis, DocumentAnalysisOwner } from '../../src/analysis/documentAnalysis';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import type { LanguageParser } from '../../src/analysis/parsers';
import type { DocumentChange, LanguageId } from '../../src/analysis/types';
import { seededRandom } from '../support/seededRandom';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'analysis');
const parsers = new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules')));

/** Snippets typed by the random edits: code, quotes and brackets that break and mend the syntax, model IDs, CRLF, non-ASCII. */
const snippets = [
  'x', 'model', ' ', '\n', '\r\n', '"', "'", '`', '(', ')', '[', ']', '{', '}', ':', ',', '=', '#', '//', '/*', '*/',
  '"claude-3-opus-20240229"', "'claude-haiku-4-5'", 'claude-', '-20240229', '${', 'f"', 'é', '😀', '    ',
  'client.messages.create(model="claude-sonnet-4-5")', '# claude-health-ignore-next-line\n', 'claude-health-ignore-line',
];

/** One random change of `text`: delete up to 6 characters and type a snippet, never splitting a surrogate pair. */
function randomChange(text: string, random: () => number, before = text.length): DocumentChange {
  let start = Math.floor(random() * (before + 1));
  const isLowSurrogate = (at: number): boolean => at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at]);
  if (isLowSurrogate(start)) start--;
  let end = Math.min(before, start + (random() < 0.5 ? 0 : Math.floor(random() * 6)));
  if (isLowSurrogate(end)) end++;
  const newText = random() < 0.3 ? '' : snippets[Math.floor(random() * snippets.length)];
  return { startOffset: start, oldEndOffset: end, newText };
}

function apply(text: string, change: DocumentChange): string {
  return text.slice(0, change.startOffset) + change.newText + text.slice(change.oldEndOffset);
}

describe('analysis: DocumentAnalysis', function () {
  this.timeout(60000);

  const cases: Array<[LanguageId, string]> = [
    ['python', 'usage.py'],
    ['typescript', 'usage.ts'],
    ['typescriptreact', 'usage.tsx'],
    ['javascript', 'usage.js'],
    ['javascriptreact', 'usage.jsx'],
  ];
  for (const [language, fixture] of cases) {
    it(`${language}: after many random edits, incremental analysis equals a fresh one (seeded)`, async () => {
      const parser = await parsers.parserFor(language);
      let text = fs.readFileSync(path.join(fixtures, fixture), 'utf8');
      const random = seededRandom(language.length * 7919);
      const analysis = new DocumentAnalysis(parser);
      analysis.open(text);
      assert.ok(analysis.literals().length > 5);
      for (let step = 0; step < 300; step++) {
        // Like VS Code's contentChanges: sometimes several changes at once, later ones earlier in the text.
        const count = random() < 0.15 ? 2 + Math.floor(random() * 2) : 1;
        const changes: DocumentChange[] = [];
        let limit = text.length;
        let next = text;
        for (let i = 0; i < count && limit >= 0; i++) {
          const change = randomChange(next, random, limit);
          changes.push(change);
          next = apply(next, change);
          limit = change.startOffset - 1;
        }
        text = next;
        analysis.applyEdits(changes, text);
        // Ask only now and then: edits then accumulate on the tree between parses, as when the editor debounces.
        if (step % 3 === 0 || step === 299) {
          const fresh = analyzeText(text, parser).literals;
          assert.deepStrictEqual(analysis.literals(), fresh, `step ${step}`);
        }
      }
      analysis.dispose();
    });
  }

  it('follows a multi-line paste and a deletion across lines', async () => {
    const parser = await parsers.parserFor('python');
    const analysis = new DocumentAnalysis(parser);
    let text = 'import anthropic\n\nMODEL = "claude-3-opus-20240229"\n';
    analysis.open(text);
    assert.strictEqual(analysis.literals()[0].range.startLine, 2);
    const paste = '\n\ndef f():\n    return client.messages.create(model="claude-haiku-4-5")\n';
    text = apply(text, { startOffset: 17, oldEndOffset: 17, newText: paste });
    analysis.applyEdits([{ startOffset: 17, oldEndOffset: 17, newText: paste }], text);
    assert.deepStrictEqual(
      analysis.literals().map((literal) => [literal.model, literal.role, literal.range.startLine]),
      [
        ['claude-haiku-4-5', 'apiCall', 4],
        ['claude-3-opus-20240229', 'constant', 6],
      ],
    );
    const removal = { startOffset: 0, oldEndOffset: text.indexOf('MODEL'), newText: '' };
    text = apply(text, removal);
    analysis.applyEdits([removal], text);
    assert.deepStrictEqual(analysis.literals().map((literal) => literal.range), [{ startLine: 0, startColumn: 9, endLine: 0, endColumn: 31 }]);
    analysis.dispose();
  });

  it('starts over when the changes do not add up to the new text', async () => {
    const analysis = new DocumentAnalysis(await parsers.parserFor('typescript'));
    analysis.open("const a = 'claude-3-opus-20240229';\n");
    analysis.literals();
    const text = "const b = 1;\nconst a = 'claude-haiku-4-5';\n";
    analysis.applyEdits([{ startOffset: 0, oldEndOffset: 0, newText: 'x' }], text);
    assert.deepStrictEqual(analysis.literals(), analyzeText(text, await parsers.parserFor('typescript')).literals);
    analysis.dispose();
  });

  it('never parses a document without claude-, and parses once one is typed', async () => {
    const parser = await parsers.parserFor('python');
    let parses = 0;
    const countingParser = Object.create(parser) as LanguageParser;
    countingParser.parse = (...args) => {
      parses++;
      return parser.parse(...args);
    };
    const analysis = new DocumentAnalysis(countingParser);
    let text = 'import os\nprint("hello")\n'.repeat(50);
    analysis.open(text);
    assert.deepStrictEqual(analysis.literals(), []);
    const typed = 'M = "claude-2.1"\n';
    text = typed + text;
    analysis.applyEdits([{ startOffset: 0, oldEndOffset: 0, newText: typed }], text);
    assert.strictEqual(parses, 0, 'the edit alone does not parse');
    assert.strictEqual(analysis.literals()[0].model, 'claude-2.1');
    assert.strictEqual(parses, 1);
    analysis.literals();
    assert.strictEqual(parses, 1, 'results are cached until the next edit');
    analysis.dispose();
  });

  it('starts skipping when an edit makes a line minified-long, and stops when it is gone', async () => {
    const analysis = new DocumentAnalysis(await parsers.parserFor('javascript'));
    let text = "const a = 'claude-3-opus-20240229';\n";
    analysis.open(text);
    assert.strictEqual(analysis.literals().length, 1);
    const long = `const b = ${'1+'.repeat(6000)}1;`;
    text = long + text;
    analysis.applyEdits([{ startOffset: 0, oldEndOffset: 0, newText: long }], text);
    assert.deepStrictEqual(analysis.literals(), []);
    assert.strictEqual(analysis.skipReason, 'minified');
    text = text.slice(long.length);
    analysis.applyEdits([{ startOffset: 0, oldEndOffset: long.length, newText: '' }], text);
    assert.strictEqual(analysis.literals().length, 1);
    assert.strictEqual(analysis.skipReason, undefined);
    analysis.dispose();
  });

  it('with keepLastGoodWhileBroken, keeps roles a broken buffer blurs until it is mended', async () => {
    const parser = await parsers.parserFor('typescript');
    const base = "export async function ask() {\n  return client.messages.create({\n    model: 'claude-3-opus-20240229',\n  });\n}\n";
    const keeping = new DocumentAnalysis(parser, { keepLastGoodWhileBroken: true });
    const plain = new DocumentAnalysis(parser);
    for (const analysis of [keeping, plain]) {
      analysis.open(base);
      assert.deepStrictEqual(analysis.literals().map((literal) => literal.role), ['apiCall']);
    }
    // An unclosed quote typed before `return`: error recovery no longer sees the call.
    const quote = { startOffset: base.indexOf('return'), oldEndOffset: base.indexOf('return'), newText: "'" };
    const broken = apply(base, quote);
    for (const analysis of [keeping, plain]) analysis.applyEdits([quote], broken);
    assert.deepStrictEqual(plain.literals().map((literal) => literal.role), ['other']);
    const [kept] = keeping.literals();
    assert.deepStrictEqual([kept.role, kept.range.startLine, kept.range.startColumn], ['apiCall', 2, 12]);
    assert.strictEqual(broken.slice(kept.startOffset, kept.endOffset), kept.model);
    // Mended: fresh results again, equal for both.
    const undo = { startOffset: quote.startOffset, oldEndOffset: quote.startOffset + 1, newText: '' };
    for (const analysis of [keeping, plain]) analysis.applyEdits([undo], base);
    assert.deepStrictEqual(keeping.literals(), plain.literals());
    keeping.dispose();
    plain.dispose();
  });

  it('with keepLastGoodWhileBroken, brings back literals a broken parse lost, where their text is unchanged', async () => {
    const parser = await parsers.parserFor('typescript');
    const base = "const a = 1;\nexport const MODEL = 'claude-3-opus-20240229';\nconst label = `${a} and more`;\n";
    const keeping = new DocumentAnalysis(parser, { keepLastGoodWhileBroken: true });
    keeping.open(base);
    assert.strictEqual(keeping.literals().length, 1);
    // A backtick typed at the top turns everything up to the next one into a template literal.
    const backtick = { startOffset: 0, oldEndOffset: 0, newText: '`' };
    const broken = apply(base, backtick);
    assert.deepStrictEqual(analyzeText(broken, parser).literals, [], 'a fresh analysis loses the literal');
    keeping.applyEdits([backtick], broken);
    const [kept] = keeping.literals();
    assert.deepStrictEqual([kept.model, kept.role, kept.range.startLine, kept.range.startColumn], ['claude-3-opus-20240229', 'constant', 1, 22]);
    assert.strictEqual(kept.startOffset, base.indexOf('claude-') + 1);
    keeping.dispose();
  });

  it('creates a text-only analysis when the grammar cannot be loaded, without rejecting', async () => {
    const missing = new TreeSitterParsers((fileName) => path.join(root, 'no-such-dir', fileName));
    // The runtime is process-wide and already initialised by the other tests; the grammar file is missing.
    const analysis = await DocumentAnalysis.create('python', missing);
    analysis.open('client.messages.create(model="claude-3-opus-20240229")\n');
    assert.deepStrictEqual(analysis.literals().map((literal) => [literal.model, literal.role]), [['claude-3-opus-20240229', 'apiCall']]);
    analysis.dispose();
  });

  it('returns nothing after dispose, and tolerates calls on a disposed analysis', async () => {
    const analysis = new DocumentAnalysis(await parsers.parserFor('python'));
    analysis.open('M = "claude-2.1"\n');
    assert.strictEqual(analysis.literals().length, 1);
    analysis.dispose();
    analysis.applyEdits([{ startOffset: 0, oldEndOffset: 0, newText: 'x' }], 'xM = "claude-2.1"\n');
    assert.deepStrictEqual(analysis.literals(), []);
    analysis.dispose();
  });
});

/** Wraps a parser so that every tree it (or a fork of it) hands out is counted until deleted. */
function treeCounter(parser: LanguageParser): { parser: LanguageParser; live: () => number; created: () => number; forks: () => number; forksDeleted: () => number } {
  let created = 0;
  let deleted = 0;
  let forks = 0;
  let forksDeleted = 0;
  const track = <T extends Tree | null>(tree: T): T => {
    if (!tree) return tree;
    created++;
    const own = tree.delete.bind(tree);
    tree.delete = () => {
      deleted++;
      own();
    };
    return tree;
  };
  const wrap = (inner: LanguageParser, isFork: boolean): LanguageParser => {
    const wrapped = Object.create(inner) as LanguageParser;
    wrapped.parse = (...args) => track(inner.parse(...args));
    wrapped.parseRanges = (...args) => track(inner.parseRanges(...args));
    wrapped.parseSlice = (...args) => {
      const slice = inner.parseSlice(...args);
      if (slice.kind === 'done') track(slice.tree);
      return slice;
    };
    wrapped.fork = () => {
      forks++;
      return wrap(inner.fork(), true);
    };
    wrapped.delete = () => {
      if (isFork) forksDeleted++;
      inner.delete();
    };
    return wrapped;
  };
  return { parser: wrap(parser, false), live: () => created - deleted, created: () => created, forks: () => forks, forksDeleted: () => forksDeleted };
}

/** A large Python file (about 12,000 lines) with Claude calls spread through it. */
function largePython(): string {
  const block = (i: number): string =>
    `def ask_${i}(client, text):\n    response = client.messages.create(\n        model="claude-3-opus-20240229",\n        max_tokens=${i},\n        messages=[{"role": "user", "content": text}],\n    )\n    return response.content[0].text\n\n`;
  return Array.from({ length: 1500 }, (_, i) => block(i)).join('');
}

describe('analysis: DocumentAnalysisOwner (issue 7, item 5)', () => {
  it('two concurrent first analyses of one document share one analysis, so no tree is left undeleted', async () => {
    const counter = treeCounter(await parsers.parserFor('python'));
    // The grammar takes a while to load, as on first use: both analyses are waiting for it at once.
    const slowParsers = { parserFor: () => new Promise((resolve) => setTimeout(() => resolve(counter.parser), 20)) } as unknown as TreeSitterParsers;
    const owner = new DocumentAnalysisOwner('python', slowParsers, { keepLastGoodWhileBroken: true });
    const text = 'client.messages.create(model="claude-3-opus-20240229")\n';
    const firstAnalysis = async (): Promise<string[]> => {
      const analysis = await owner.ensure();
      assert.ok(analysis);
      analysis.open(text);
      return analysis.literals().map((literal) => literal.model);
    };
    const results = await Promise.all([firstAnalysis(), firstAnalysis()]);
    assert.deepStrictEqual(results, [['claude-3-opus-20240229'], ['claude-3-opus-20240229']]);
    assert.ok(counter.created() >= 1, 'the analyses parsed');
    owner.dispose();
    assert.strictEqual(counter.live(), 0, 'every tree parsed for the document was deleted');
  });

  it('disposed while the grammar loads: the analysis created afterwards is freed at once', async () => {
    const counter = treeCounter(await parsers.parserFor('python'));
    const slowParsers = { parserFor: () => new Promise((resolve) => setTimeout(() => resolve(counter.parser), 20)) } as unknown as TreeSitterParsers;
    const owner = new DocumentAnalysisOwner('python', slowParsers);
    const pending = owner.ensure();
    owner.dispose();
    assert.strictEqual(await pending, undefined);
    assert.strictEqual(await owner.ensure(), undefined);
    assert.strictEqual(counter.live(), 0);
  });
});

describe('analysis: parses in slices (issue 7, item 8)', function () {
  this.timeout(60000);
  const text = largePython();
  // An unclosed quote near the top: the rest of the file re-parses, with error recovery (the slow case).
  const at = text.indexOf('return response') + 'return '.length;
  const broken = `${text.slice(0, at)}"${text.slice(at)}`;
  const edit: DocumentChange = { startOffset: at, oldEndOffset: at, newText: '"' };

  it('a syntax-breaking keystroke pauses its parse, keeps the last good literals, and ends with the full result', async () => {
    const parser = await parsers.parserFor('python');
    const sliced = new DocumentAnalysis(parser, { keepLastGoodWhileBroken: true, parseSliceMs: 2 });
    const whole = new DocumentAnalysis(parser, { keepLastGoodWhileBroken: true });
    for (const analysis of [sliced, whole]) {
      analysis.open(text);
      while (analysis.literals() && analysis.parsePending);
    }
    const good = whole.literals();
    assert.strictEqual(good.length, 1500);
    assert.ok(good.every((literal) => literal.role === 'apiCall'));

    sliced.applyEdits([edit], broken);
    whole.applyEdits([edit], broken);
    const meanwhile = sliced.literals();
    assert.strictEqual(sliced.parsePending, true, 'the parse was cut, not run to its end in one call');
    assert.deepStrictEqual(
      meanwhile.map((literal) => [literal.model, literal.role, literal.startOffset]),
      good.map((literal) => [literal.model, literal.role, literal.startOffset > at ? literal.startOffset + 1 : literal.startOffset]),
      'meanwhile the last good literals stand, moved along with the edit',
    );
    let slices = 1;
    while (sliced.parsePending) {
      sliced.literals();
      slices++;
    }
    assert.ok(slices > 2, `the parse ran in several slices (${slices})`);
    assert.deepStrictEqual(sliced.literals(), whole.literals(), 'once done, the same result as an unsliced parse');
    sliced.dispose();
    whole.dispose();
  });

  it('an edit while a parse is paused starts it over from the edited tree; the result matches a fresh analysis', async () => {
    const parser = await parsers.parserFor('python');
    const analysis = new DocumentAnalysis(parser, { parseSliceMs: 1 });
    analysis.open(text);
    analysis.literals();
    assert.strictEqual(analysis.parsePending, true);
    analysis.applyEdits([edit], broken);
    while (analysis.literals() && analysis.parsePending);
    assert.deepStrictEqual(analysis.literals(), analyzeText(broken, parser).literals);
    analysis.dispose();
  });

  it('a paused parse goes on across calls that bring no edits (how the editor continues it), and finishes', async () => {
    const parser = await parsers.parserFor('python');
    const analysis = new DocumentAnalysis(parser, { parseSliceMs: 1, keepLastGoodWhileBroken: true });
    analysis.open(text);
    analysis.literals();
    let calls = 1;
    while (analysis.parsePending && calls < 10_000) {
      analysis.applyEdits([], text); // ModelDiagnostics' next turn: no pending changes, the same text
      analysis.literals();
      calls++;
    }
    assert.strictEqual(analysis.parsePending, false, `finished after ${calls} calls`);
    assert.deepStrictEqual(analysis.literals(), analyzeText(text, parser).literals);
    analysis.dispose();
  });

  it('two documents parsing in slices at once do not disturb each other (each has its parser), and dispose frees everything', async () => {
    const counter = treeCounter(await parsers.parserFor('python'));
    const other = text.replace(/claude-3-opus-20240229/g, 'claude-haiku-4-5');
    const first = new DocumentAnalysis(counter.parser, { parseSliceMs: 1 });
    const second = new DocumentAnalysis(counter.parser, { parseSliceMs: 1 });
    first.open(text);
    second.open(other);
    // Interleaved slices, and a plain parse on the shared parser in between.
    do {
      first.literals();
      analyzeText('M = "claude-2.1"\n', counter.parser);
      second.literals();
    } while (first.parsePending || second.parsePending);
    assert.deepStrictEqual(first.literals(), analyzeText(text, counter.parser).literals);
    assert.deepStrictEqual(second.literals(), analyzeText(other, counter.parser).literals);
    assert.strictEqual(counter.forks(), 2);
    first.dispose();
    second.dispose();
    assert.strictEqual(counter.forksDeleted(), 2, 'each analysis deleted its own parser');
    assert.strictEqual(counter.live(), 0, 'and its tree');
  });

  // A busy machine: the language servers starting with a workspace, a CI runner. The total time limit is wall
  // time, so a parse can be cut by load, not by the file; its text-only answer must not stand until a keystroke.
  describe('a parse abandoned at its time limit (the machine was busy)', () => {
    const docstring = ['import anthropic', 'client = anthropic.Anthropic()', 'EXAMPLE = """', 'client.messages.create(model="claude-3-opus-20240229")', '"""', '', 'def ask():', '    return client.messages.create(model="claude-3-opus-20240229", max_tokens=1, messages=[])', ''].join('\n');

    /** The real parser, whose forks' first `stalls` slices each take 30 ms of wall time and get nowhere. */
    function busyAtFirst(parser: LanguageParser, stalls: number): LanguageParser {
      const wrapped = Object.create(parser) as LanguageParser;
      wrapped.fork = () => {
        const fork = parser.fork();
        const own = fork.parseSlice.bind(fork);
        let left = stalls;
        fork.parseSlice = (...args) => {
          if (left-- <= 0) return own(...args);
          const until = performance.now() + 30;
          while (performance.now() < until); // the thread was elsewhere
          return { kind: 'paused' };
        };
        return fork;
      };
      return wrapped;
    }

    it("is tried again on retryParse, and the tree's answer replaces the text's", async () => {
      const parser = await parsers.parserFor('python');
      const analysis = new DocumentAnalysis(busyAtFirst(parser, 1), { parseSliceMs: 15, parseTimeoutMs: 20 });
      analysis.open(docstring);
      const fromText = analysis.literals();
      assert.strictEqual(analysis.parsePending, false);
      assert.strictEqual(analysis.parseAbandoned, true);
      assert.strictEqual(fromText.filter((literal) => literal.role === 'apiCall').length, 2, 'the text alone takes the docstring for a call');

      analysis.retryParse();
      assert.strictEqual(analysis.parseAbandoned, false);
      while (analysis.literals() && analysis.parsePending);
      assert.deepStrictEqual(analysis.literals(), analyzeText(docstring, parser).literals);
      assert.deepStrictEqual(analysis.literals().filter((literal) => literal.role === 'apiCall').map((literal) => literal.range.startLine), [7]);
      assert.strictEqual(analysis.usage().calls.length, 1, 'the usage is rebuilt from the tree too');
      analysis.dispose();
    });

    it('gives up after a second abandoned parse (the text alone from then on), and an edit starts afresh', async () => {
      const parser = await parsers.parserFor('python');
      const analysis = new DocumentAnalysis(busyAtFirst(parser, 2), { parseSliceMs: 15, parseTimeoutMs: 20 });
      analysis.open(docstring);
      analysis.literals();
      analysis.retryParse();
      analysis.literals();
      assert.strictEqual(analysis.parseAbandoned, false, 'no third try');
      analysis.retryParse(); // a no-op now
      assert.strictEqual(analysis.literals().filter((literal) => literal.role === 'apiCall').length, 2);
      analysis.open(`${docstring}\n`);
      while (analysis.literals() && analysis.parsePending);
      assert.strictEqual(analysis.parseAbandoned, false);
      assert.deepStrictEqual(analysis.literals(), analyzeText(`${docstring}\n`, parser).literals);
      analysis.dispose();
    });
  });
});
