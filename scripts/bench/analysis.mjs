// Analysis bench: open, keystroke and no-usage costs of src/analysis on generated Python and TypeScript
// files, plus a comparison of the candidate tree-sitter grammars. Runs the compiled modules in out/
// (compiles them first if they are missing or older than the sources).
//
//   node scripts/bench/analysis.mjs              everything, with the grammar comparison
//   node scripts/bench/analysis.mjs --quick      fewer repetitions, no grammar comparison
//
// scripts/bench.mjs imports runAnalysisBench() and merges its figures into bench-results.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateSource, seededRandom } from './analysisCorpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const nodeModules = path.join(root, 'node_modules');

const keywords = new Set(
  ('def class return if else elif for in while import from async await const let var function export interface new this ' +
    'private readonly static as of true false True False None and or not is lambda with try except finally pass break ' +
    'continue yield type extends implements public constructor number string boolean undefined null void Promise raise')
    .split(' '),
);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}
const round = (n, digits = 3) => Number(n.toFixed(digits));

/** A fresh flat string, as VS Code's `getText()` hands over (a concatenation would be a rope). */
const flat = (text) => Buffer.from(text, 'utf8').toString('utf8');

/** Compiles src/ and test/ into out/ if the analysis modules there are missing or older than their sources. */
function ensureCompiled() {
  const sourceDir = path.join(root, 'src', 'analysis');
  const stale = fs.readdirSync(sourceDir).some((name) => {
    if (!name.endsWith('.ts')) return false;
    const compiled = path.join(root, 'out', 'src', 'analysis', name.replace(/\.ts$/, '.js'));
    return !fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(path.join(sourceDir, name)).mtimeMs;
  });
  if (!stale) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'ignore' });
  } catch {
    // tsc emits despite type errors elsewhere in the tree; a missing module fails below.
  }
}

function loadModules() {
  ensureCompiled();
  const out = (name) => require(path.join(root, 'out', 'src', 'analysis', `${name}.js`));
  const catalog = require(path.join(root, 'out', 'src', 'models', 'catalog.js'));
  return { ...out('parsers'), ...out('documentAnalysis'), ...out('lineIndex'), ...out('evaluate'), ...out('registry'), ...catalog };
}

/** The end of a random identifier (not a keyword) in `text`: where typing a letter keeps the code valid. */
function identifierEnd(text, random, from = 0, to = text.length) {
  for (let attempt = 0; attempt < 10000; attempt++) {
    let pos = from + Math.floor(random() * (to - from));
    if (/\w/.test(text[pos - 1] ?? '')) continue;
    const match = /^[A-Za-z_]\w*/.exec(text.slice(pos, pos + 40));
    if (!match || keywords.has(match[0])) continue;
    pos += match[0].length;
    return pos;
  }
  throw new Error('no identifier found');
}

function timeIt(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** A raw web-tree-sitter parser of the same grammar, without the progress callback: the "bare parse" the ratios divide by. */
function bareParserOf(languageParser) {
  const { Parser } = require('web-tree-sitter');
  const parser = new Parser();
  parser.setLanguage(languageParser.parser.language);
  return parser;
}

/** tree-sitter's edit for an insertion of `inserted` at `pos` of `text` (before the insertion). */
function insertionEdit(mod, text, pos, inserted) {
  const at = mod.LineIndex.of(text).positionAt(pos);
  const point = { row: at.line, column: at.column };
  return { startIndex: pos, oldEndIndex: pos, newEndIndex: pos + inserted.length, startPosition: point, oldEndPosition: point, newEndPosition: { row: point.row, column: point.column + inserted.length } };
}

/**
 * Runs `literals()` until a sliced parse is done, as the editor does across event-loop turns (here back
 * to back). Returns the longest single call (what blocks the thread) and the sum (the work).
 */
function settle(analysis) {
  let longest = 0;
  let total = 0;
  let calls = 0;
  do {
    const ms = timeIt(() => analysis.literals());
    longest = Math.max(longest, ms);
    total += ms;
    calls++;
  } while (analysis.parsePending);
  return { longest, total, calls };
}

/**
 * What the usage model and the usage (retry, key) rules add to a keystroke: after applyEdits + literals()
 * (the model-name keystroke above), the time of usage() (re-reading only the statements the edit touched,
 * then linking) plus evaluating the usage rules over it.
 */
function benchUsageAdded(mod, parser, initial, edits, seed) {
  const random = seededRandom(seed);
  const analysis = new mod.DocumentAnalysis(parser, mod.editorAnalysisOptions, parser.grammar === 'python' ? 'python' : 'typescript');
  const options = { catalog: mod.ModelCatalog.bundled(), asOf: '2026-11-22', rules: mod.usageRules };
  analysis.open(initial);
  settle(analysis);
  // The first build of a large file may run out of its slice budget: carry it on until it is complete.
  const complete = () => {
    let usage = analysis.usage();
    for (let slice = 0; analysis.usagePending && slice < 1000; slice++) usage = analysis.usage();
    return usage;
  };
  const calls = complete().calls.length;
  let text = initial;
  const times = [];
  let read = 0;
  for (let i = 0; i < edits; i++) {
    const pos = identifierEnd(text, random);
    text = flat(text.slice(0, pos) + 'x' + text.slice(pos));
    analysis.applyEdits([{ startOffset: pos, oldEndOffset: pos, newText: 'x' }], text);
    settle(analysis);
    times.push(timeIt(() => mod.evaluate(complete(), options)));
    read += analysis.usageStatementsRead;
  }
  analysis.dispose();
  return { median: median(times), p90: percentile(times, 90), calls, statementsPerEdit: read / edits };
}

/** Open: a fresh analysis of the whole text (full parse + literals, all slices), against a bare full parse of the same text. */
function benchOpen(mod, parser, text, runs) {
  const times = [];
  const bare = [];
  const raw = bareParserOf(parser);
  let literalCount = 0;
  for (let i = 0; i < runs + 2; i++) {
    const analysis = new mod.DocumentAnalysis(parser, mod.editorAnalysisOptions);
    let work = 0;
    const ms = timeIt(() => analysis.open(text));
    work = ms + settle(analysis).total;
    literalCount = analysis.literals().length;
    analysis.dispose();
    let tree;
    const bareMs = timeIt(() => (tree = raw.parse(text)));
    tree.delete();
    if (i >= 2) {
      times.push(work); // two warm-up runs
      bare.push(bareMs);
    }
  }
  raw.delete();
  return { median: median(times), bareMedian: median(bare), literalCount };
}

/**
 * Keystrokes: a letter typed at the end of a random identifier, then the literals (editor options);
 * each edit stays in. The bare incremental re-parse of the same text and edit is timed alongside.
 */
function benchKeystrokes(mod, parser, initial, edits, seed) {
  const random = seededRandom(seed);
  const analysis = new mod.DocumentAnalysis(parser, mod.editorAnalysisOptions);
  analysis.open(initial);
  settle(analysis);
  const raw = bareParserOf(parser);
  let bareTree = raw.parse(initial);
  let text = initial;
  const times = [];
  const bare = [];
  for (let i = 0; i < edits; i++) {
    const pos = identifierEnd(text, random);
    const edit = insertionEdit(mod, text, pos, 'x');
    text = flat(text.slice(0, pos) + 'x' + text.slice(pos));
    times.push(timeIt(() => {
      analysis.applyEdits([{ startOffset: pos, oldEndOffset: pos, newText: 'x' }], text);
      analysis.literals();
    }));
    settle(analysis); // a letter rarely pauses a parse; if it did, finish it before the next keystroke
    const start = performance.now();
    bareTree.edit(edit);
    const next = raw.parse(text, bareTree);
    bare.push(performance.now() - start);
    bareTree.delete();
    bareTree = next;
  }
  bareTree.delete();
  raw.delete();
  analysis.dispose();
  return { median: median(times), p90: percentile(times, 90), bareMedian: median(bare) };
}

/**
 * Syntax-breaking keystrokes: an unclosed quote typed after a random identifier, then removed again
 * (not timed). `block` is the longest single call of the keystroke (the first, or a later slice of its
 * paused parse: what holds the thread); `settle` the work until the final result.
 */
function benchBreakingEdits(mod, parser, initial, edits, seed) {
  const random = seededRandom(seed);
  const analysis = new mod.DocumentAnalysis(parser, mod.editorAnalysisOptions);
  analysis.open(initial);
  settle(analysis);
  const block = [];
  const settled = [];
  for (let i = 0; i < edits; i++) {
    const pos = identifierEnd(initial, random);
    const broken = flat(initial.slice(0, pos) + '"' + initial.slice(pos));
    const first = timeIt(() => {
      analysis.applyEdits([{ startOffset: pos, oldEndOffset: pos, newText: '"' }], broken);
      analysis.literals();
    });
    const rest = analysis.parsePending ? settle(analysis) : { longest: 0, total: 0 };
    block.push(Math.max(first, rest.longest));
    settled.push(first + rest.total);
    analysis.applyEdits([{ startOffset: pos, oldEndOffset: pos + 1, newText: '' }], initial);
    settle(analysis);
  }
  analysis.dispose();
  return { median: median(block), p90: percentile(block, 90), settleMedian: median(settled), settleP90: percentile(settled, 90) };
}

/** Cost per call of `fn`, from batches long enough for the timer (medians of several batches). */
function perCall(fn, minBatchMs = 20, batches = 7) {
  let iterations = 1;
  while (timeIt(() => { for (let i = 0; i < iterations; i++) fn(); }) < minBatchMs) iterations *= 2;
  const results = [];
  for (let b = 0; b < batches; b++) results.push(timeIt(() => { for (let i = 0; i < iterations; i++) fn(); }) / iterations);
  return median(results);
}

/** A file without Claude usage: a whole analysis (open + literals) against one `indexOf("anthropic")`. */
function benchNoUsage(mod, parser, text) {
  let sink = 0;
  const floor = perCall(() => { sink += text.indexOf('anthropic'); });
  const analysisMs = perCall(() => {
    const analysis = new mod.DocumentAnalysis(parser, mod.editorAnalysisOptions);
    analysis.open(text);
    sink += analysis.literals().length;
    analysis.dispose();
  });
  if (sink === 42) console.log(''); // keep the work observable
  return { floorMs: floor, analysisMs, ratio: analysisMs / floor };
}

/** Raw tree-sitter costs of one grammar: full parse, keystroke re-parse (anywhere, near the top), unclosed quote. */
async function benchGrammar(mod, Parser, Language, wasmPath, text, { runs, edits }) {
  const language = await Language.load(wasmPath);
  const parser = new Parser();
  parser.setLanguage(language);
  const full = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const tree = parser.parse(text);
    const ms = performance.now() - start;
    tree.delete();
    if (i >= 2) full.push(ms);
  }
  const reparse = (region, newChar) => {
    const random = seededRandom(11);
    const times = [];
    let tree = parser.parse(text);
    for (let i = 0; i < edits; i++) {
      const pos = identifierEnd(text, random, region[0], region[1]);
      const lines = mod.LineIndex.of(text);
      const at = lines.positionAt(pos);
      const next = flat(text.slice(0, pos) + newChar + text.slice(pos));
      const point = { row: at.line, column: at.column };
      const edited = tree.copy();
      const start = performance.now();
      edited.edit({ startIndex: pos, oldEndIndex: pos, newEndIndex: pos + 1, startPosition: point, oldEndPosition: point, newEndPosition: { row: point.row, column: point.column + 1 } });
      const newTree = parser.parse(next, edited);
      times.push(performance.now() - start);
      newTree.delete();
      edited.delete();
    }
    tree.delete();
    return times;
  };
  const anywhere = reparse([0, text.length], 'x');
  const nearTop = reparse([0, Math.floor(text.length * 0.05)], 'x');
  const breaking = reparse([0, text.length], '"');
  parser.delete();
  return {
    full: median(full),
    keystroke: median(anywhere),
    keystrokeP90: percentile(anywhere, 90),
    top: median(nearTop),
    breaking: median(breaking),
    breakingP90: percentile(breaking, 90),
  };
}

async function grammarComparison(mod, log, quick) {
  // The same module instance as out/'s parsers.js, already initialised by runAnalysisBench.
  const { Parser, Language } = require('web-tree-sitter');
  const vscodeWasm = (name) => path.join(nodeModules, '@vscode', 'tree-sitter-wasm', 'wasm', name);
  const candidates = [
    ['python', 'python 0.23.6 (npm)', path.join(nodeModules, 'tree-sitter-python', 'tree-sitter-python.wasm')],
    ['python', 'python 0.25 (@vscode)', vscodeWasm('tree-sitter-python.wasm')],
    ['javascript', 'javascript 0.23.1 (npm)', path.join(nodeModules, 'tree-sitter-javascript', 'tree-sitter-javascript.wasm')],
    ['javascript', 'javascript 0.25 (@vscode)', vscodeWasm('tree-sitter-javascript.wasm')],
    ['javascript', 'tsx (@vscode)', vscodeWasm('tree-sitter-tsx.wasm')],
    ['javascript', 'typescript (@vscode)', vscodeWasm('tree-sitter-typescript.wasm')],
    ['typescript', 'typescript (@vscode)', vscodeWasm('tree-sitter-typescript.wasm')],
  ];
  const figures = {};
  log('\nGrammar comparison (raw web-tree-sitter, ms; median unless noted):');
  log('grammar                      file      full  keystroke  p90    near-top  unclosed-quote  p90');
  for (const [language, name, wasm] of candidates) {
    for (const lines of quick ? [2000] : [2000, 20000]) {
      const text = generateSource(language, lines, { seed: 7 });
      const r = await benchGrammar(mod, Parser, Language, wasm, text, { runs: lines > 2000 ? 5 : 11, edits: lines > 2000 ? 60 : 120 });
      const file = `${language.slice(0, 2)}${lines}`;
      log(`${name.padEnd(28)} ${file.padEnd(8)} ${r.full.toFixed(1).padStart(6)} ${r.keystroke.toFixed(3).padStart(9)} ${r.keystrokeP90.toFixed(3).padStart(6)} ${r.top.toFixed(3).padStart(9)} ${r.breaking.toFixed(2).padStart(14)} ${r.breakingP90.toFixed(2).padStart(6)}`);
      const key = `analysis.grammar.${name.split(' (')[0].replace(/ /g, '-')}-${name.includes('vscode') ? 'vscode' : 'npm'}.${file}`;
      figures[`${key}.full_ms`] = round(r.full, 2);
      figures[`${key}.keystroke_median_ms`] = round(r.keystroke);
      figures[`${key}.near_top_median_ms`] = round(r.top);
      figures[`${key}.unclosed_quote_median_ms`] = round(r.breaking);
    }
  }
  return figures;
}

/**
 * Runs the analysis bench and returns its figures as { key: number }. `grammars` adds the grammar
 * comparison; `quick` uses fewer repetitions; `log` receives the table lines.
 */
export async function runAnalysisBench({ grammars = false, quick = false, log = console.log } = {}) {
  const mod = loadModules();
  const figures = {};
  const parsers = new mod.TreeSitterParsers(mod.nodeModulesWasmLocator(nodeModules));

  // First use: runtime init + grammar load, in this process (the first figure includes Parser.init).
  let start = performance.now();
  const parserFor = { python: await parsers.parserFor('python') };
  figures['analysis.load.python_first_ms'] = round(performance.now() - start, 1);
  start = performance.now();
  parserFor.typescript = await parsers.parserFor('typescript');
  figures['analysis.load.typescript_ms'] = round(performance.now() - start, 1);
  log(`first use: runtime + python grammar ${figures['analysis.load.python_first_ms']} ms, typescript grammar ${figures['analysis.load.typescript_ms']} ms`);

  log('\nAnalysis with the editor\'s options (ms): open = full parse + literals (all slices); keystroke = applyEdits + literals after');
  log('one typed letter; unclosed-quote = the longest single call of a syntax-breaking keystroke (its parse runs in slices), and');
  log('the work until its final result; ratios: to a bare tree-sitter parse of the same text (open) and re-parse of the same edit (keystroke)');
  log('file      literals   open  ratio  keystroke    p90  ratio  unclosed-quote    p90  settle p90');
  for (const language of ['python', 'typescript']) {
    for (const lines of [200, 2000, 20000]) {
      const text = generateSource(language, lines, { seed: 1 });
      const big = lines > 2000;
      const open = benchOpen(mod, parserFor[language], text, big ? 5 : quick ? 9 : 21);
      const keys = benchKeystrokes(mod, parserFor[language], text, quick ? 100 : 200, 5);
      const broken = benchBreakingEdits(mod, parserFor[language], text, big || quick ? 20 : 40, 9);
      const file = `${language === 'python' ? 'py' : 'ts'}${lines}`;
      figures[`analysis.open.${file}.median_ms`] = round(open.median, 2);
      figures[`analysis.keystroke.${file}.median_ms`] = round(keys.median);
      figures[`analysis.keystroke.${file}.p90_ms`] = round(keys.p90);
      figures[`analysis.unclosed_quote.${file}.median_ms`] = round(broken.median);
      figures[`analysis.unclosed_quote.${file}.p90_ms`] = round(broken.p90);
      figures[`analysis.unclosed_quote.${file}.settle_p90_ms`] = round(broken.settleP90);
      const openRatio = open.median / open.bareMedian;
      const keyRatio = keys.median / keys.bareMedian;
      figures[`analysis.open.${file}.ratio_to_parse`] = round(openRatio, 2);
      figures[`analysis.keystroke.${file}.ratio_to_reparse`] = round(keyRatio, 2);
      log(`${file.padEnd(9)} ${String(open.literalCount).padStart(8)} ${open.median.toFixed(2).padStart(6)} ${openRatio.toFixed(2).padStart(6)} ${keys.median.toFixed(3).padStart(10)} ${keys.p90.toFixed(3).padStart(6)} ${keyRatio.toFixed(2).padStart(6)} ${broken.median.toFixed(3).padStart(15)} ${broken.p90.toFixed(3).padStart(6)} ${broken.settleP90.toFixed(1).padStart(11)}`);
    }
  }

  log('\nUsage model + usage rules added to a keystroke (ms): usage() after literals(), then evaluate(usage rules)');
  for (const language of ['python', 'typescript']) {
    const text = generateSource(language, 2000, { seed: 1 });
    const file = `${language === 'python' ? 'py' : 'ts'}2000`;
    const added = benchUsageAdded(mod, parserFor[language], text, quick ? 100 : 200, 5);
    figures[`analysis.keystroke.${file}.retry_rules_added_ms`] = round(added.median);
    figures[`analysis.keystroke.${file}.retry_rules_added_p90_ms`] = round(added.p90);
    log(`${file.padEnd(9)} calls ${added.calls}, median ${added.median.toFixed(3)}, p90 ${added.p90.toFixed(3)}, statements re-read per edit ${added.statementsPerEdit.toFixed(2)}`);
  }

  log('\nNo Claude usage (whole analysis vs one indexOf("anthropic") over the same text):');
  for (const [language, file] of [['python', 'py2000'], ['typescript', 'ts2000'], ['python', 'py20000']]) {
    const text = generateSource(language, Number(file.slice(2)), { seed: 3, withClaude: false });
    const r = benchNoUsage(mod, parserFor[language], text);
    figures[`analysis.nousage.${file}.ratio_to_floor`] = round(r.ratio, 2);
    figures[`analysis.nousage.${file}.analysis_ms`] = round(r.analysisMs, 4);
    log(`${file.padEnd(9)} analysis ${(r.analysisMs * 1000).toFixed(1)} µs, floor ${(r.floorMs * 1000).toFixed(1)} µs, ratio ${r.ratio.toFixed(2)}`);
  }

  if (grammars) Object.assign(figures, await grammarComparison(mod, log, quick));
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const figures = await runAnalysisBench({ grammars: !quick, quick });
  console.log(`\n${JSON.stringify(figures, null, 2)}`);
}
