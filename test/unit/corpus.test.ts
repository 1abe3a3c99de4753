// Issue 8 item 6, accuracy on realistic code: the built CLI (`node dist/cli.js`) over the retry corpus
// (test/fixtures/retry-corpus/), its findings matched with the `expect:` annotations by file, line and rule.
// Scored: the rules the CLI has (its SARIF rule list); the rest are pending. The table prints every run.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { promisify } from 'util';
import type { JsonReport } from '../../src/cli/formatJson';
import {
  corpusRuleSeverities,
  formatScoreTable,
  idiomaticAnnotationErrors,
  idiomaticViolations,
  parseExpectations,
  scoreCorpus,
  thresholdFailures,
  type ActualFinding,
  type CorpusScore,
  type Expectation,
} from '../support/corpusScoring';
import { keyPiecesIn } from '../support/secretLeaks';
import { cliBundle, runCli } from '../support/runCli';

const root = path.resolve(__dirname, '..', '..', '..');
// CLAUDE_HEALTH_CORPUS_CLI: score another build of the CLI (a branch's dist/cli.js) against the same corpus.
const corpusCli = process.env.CLAUDE_HEALTH_CORPUS_CLI;
const corpus = path.join(root, 'test', 'fixtures', 'retry-corpus');
const asOf = '2026-11-22';
const python = path.resolve(root, process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
const sourceExtensions = new Set(['.py', '.ts', '.js', '.mjs', '.cjs', '.tsx', '.jsx']);


/** The corpus's source files, relative with forward slashes (as the CLI names them). */
function corpusSources(dir = corpus): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return corpusSources(full);
    return sourceExtensions.has(path.extname(entry.name)) ? [path.relative(corpus, full).split(path.sep).join('/')] : [];
  });
}

describe('accuracy corpus (issue 8): the CLI over test/fixtures/retry-corpus', function () {
  this.timeout(60_000);
  let sources: string[];
  let expectations: Expectation[];
  let report: JsonReport;
  let findings: ActualFinding[];
  let analyserRules: string[];
  let score: CorpusScore;

  before(async function () {
    if (!fs.existsSync(cliBundle)) throw new Error(`${cliBundle} is missing: build it first with "node esbuild.js"`);
    sources = corpusSources().sort();
    expectations = sources.flatMap((file) => parseExpectations(file, fs.readFileSync(path.join(corpus, file), 'utf8')));
    const common = ['lint', '--offline', '--date', asOf, '.'];
    const [json, sarif] = await Promise.all([runCli([...common, '--format', 'json'], { cwd: corpus, bundle: corpusCli }), runCli([...common, '--format', 'sarif'], { cwd: corpus, bundle: corpusCli })]);
    assert.ok(json.code === 0 || json.code === 1, `the CLI failed (${json.code}): ${json.stderr}`);
    report = JSON.parse(json.stdout) as JsonReport;
    findings = report.findings.map(({ file, line, rule, severity }) => ({ file, line, rule, severity }));
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> };
    analyserRules = log.runs[0].tool.driver.rules.map((rule) => rule.id);
    score = scoreCorpus(expectations, findings, analyserRules);
    console.log(`\n      corpus: ${sources.length} files, ${expectations.length} expected findings, ${findings.length} found\n${formatScoreTable(score).replace(/^/gm, '      ')}\n`);
  });

  it('is a corpus worth scoring: three languages, idiomatic and broken, 10+ files each', () => {
    for (const language of ['python', 'typescript', 'javascript']) {
      for (const kind of ['idiomatic', 'broken']) {
        assert.ok(sources.some((file) => file.startsWith(`${language}/${kind}/`)), `no ${language}/${kind} file`);
      }
      assert.ok(sources.filter((file) => file.startsWith(`${language}/`)).length >= 10, `fewer than 10 ${language} files`);
    }
    assert.deepStrictEqual(report.errors, []);
    assert.deepStrictEqual(report.skipped, []);
  });

  it('is code that parses: TypeScript/JavaScript by the TypeScript compiler, Python by ast.parse', async () => {
    const syntaxErrors = sources
      .filter((file) => !file.endsWith('.py'))
      .flatMap((file) => {
        const output = ts.transpileModule(fs.readFileSync(path.join(corpus, file), 'utf8'), { fileName: file, reportDiagnostics: true, compilerOptions: { allowJs: true } });
        return (output.diagnostics ?? []).map((diagnostic) => `${file}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
      });
    assert.deepStrictEqual(syntaxErrors, []);
    if (!fs.existsSync(python)) throw new Error(`Python interpreter not found at ${python} (see test/unit/fakeApi.python.test.ts)`);
    const pythonFiles = sources.filter((file) => file.endsWith('.py')).map((file) => path.join(corpus, file));
    // ast.parse, not py_compile: nothing is written next to the corpus.
    await promisify(execFile)(python, ['-c', 'import ast, sys\nfor name in sys.argv[1:]:\n    ast.parse(open(name).read(), name)', ...pythonFiles]);
  });

  it('scores at least one rule the CLI has, and every rule it has is an issue-8 rule', () => {
    assert.ok(analyserRules.length >= 4, analyserRules.join(', '));
    // A new rule must join corpusRuleSeverities (and get annotations) before it is scored here.
    assert.deepStrictEqual(analyserRules.filter((rule) => !Object.hasOwn(corpusRuleSeverities, rule)), []);
    assert.ok(score.scored.some((rule) => rule.expected >= 3), 'no scored rule has 3 expected findings');
  });

  it('idiomatic files expect nothing above info (the corpus keeps its own promise)', () => {
    assert.deepStrictEqual(idiomaticAnnotationErrors(expectations), []);
  });

  it('reports no warning or error on idiomatic code', () => {
    const violations = idiomaticViolations(findings).map((finding) => `${finding.file}:${finding.line} ${finding.rule} ${finding.severity}`);
    assert.deepStrictEqual(violations, []);
  });

  it('reaches precision 0.9 and recall 0.8 for every scored rule with 3 or more findings, and overall', () => {
    assert.deepStrictEqual(thresholdFailures(score), [], formatScoreTable(score));
  });

  it("never prints a corpus key's secret part", () => {
    const keys = sources.flatMap((file) => fs.readFileSync(path.join(corpus, file), 'utf8').match(/sk-ant-(?:api03|admin01|oat01)-[A-Za-z0-9_-]{93}AA/g) ?? []);
    assert.ok(keys.length >= 3, 'the corpus has hard-coded keys to check');
    const output = JSON.stringify(report);
    // The corpus keys share a FAKE marker (words a message may use); their secret part is the random tail.
    const marker = 'FAKE-KEY-FOR-TESTS-NOT-A-SECRET-';
    for (const key of keys) {
      const secretPart = key.includes(marker) ? `sk-ant-api03-${key.slice(key.indexOf(marker) + marker.length)}` : key;
      assert.deepStrictEqual(keyPiecesIn(output, secretPart), [], `a piece of ${key.slice(0, 20)}… leaked into the CLI output`);
    }
  });
});
