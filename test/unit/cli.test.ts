// The command-line linter as users run it: `node dist/cli.js` in a child process, on a copy of
// test/fixtures/cli/ plus the files that must be skipped (made here: git would not keep them).
import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import type { JsonReport } from '../../src/cli/formatJson';
import { FAKE_API_KEY, FakeClaudeApi } from '../fake-api/server';
import { rules } from '../../src/analysis/registry';
import type { CliRun } from '../support/runCli';
import { cliBundle, runCli } from '../support/runCli';

const root = path.resolve(__dirname, '..', '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'cli');
const asOf = '2026-11-22';


/** Writes `text` to `relative` under `dir`, creating folders. */
function write(dir: string, relative: string, text: string): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const retiredCall = 'client.messages.create(model="claude-3-opus-20240229", max_tokens=1, messages=[])\n';
const retiredCallJs = "client.messages.create({ model: 'claude-3-opus-20240229', max_tokens: 1, messages: [] });\n";

/** The fixture copied into a temporary repository, with every kind of path the walker must skip. */
function makeTree(): string {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-cli-'));
  fs.cpSync(fixture, tree, { recursive: true });
  fs.mkdirSync(path.join(tree, '.git')); // the repository root: .gitignore files apply from here down
  write(tree, 'node_modules/some-sdk/index.js', retiredCallJs);
  write(tree, '.venv/lib/site.py', retiredCall);
  write(tree, 'dist/bundle.js', retiredCallJs);
  write(tree, 'src/__pycache__/cached.py', retiredCall);
  write(tree, 'ignored-by-git.py', retiredCall); // .gitignore
  write(tree, 'generated/models.py', retiredCall); // .gitignore, folder pattern
  write(tree, 'src/local-notes.ts', retiredCallJs); // nested src/.gitignore
  // Over 1 MB: a minified bundle with a retired ID at the end.
  write(tree, 'vendor/huge.min.js', `${'var a=1;'.repeat(140_000)}\n${retiredCallJs}`);
  return tree;
}

/** Where the fixture's findings are (1-based), as `file:line:column rule severity`, on 2026-11-22. */
const expectedFindings = [
  'app.py:6:15 claude/model-alias warning',
  'app.py:11:16 claude/model-retired error',
  'src/bedrock.js:7:13 claude/model-retired warning', // a platform ID: the first-party date is not the platform's
  'src/client.ts:5:30 claude/model-deprecated error',
  'src/client.ts:9:13 claude/model-unknown error',
  'src/Picker.tsx:3:31 claude/model-alias warning',
].sort();

/** Sources analysed: app.py, scripts/util.mjs and the four under src/ (README.md is not source). */
const analysedFileCount = 6;

interface SarifWithInvocations {
  runs: Array<{
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications: Array<{ level: string; descriptor: { id: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    }>;
  }>;
}

/** Checks `log` against the published SARIF 2.1.0 schema. */
function validateSarif(log: unknown): void {
  const load = createRequire(__filename);
  let schema: object;
  let Ajv04: new (options: object) => { validate(schema: object, data: unknown): boolean; errorsText(errors?: unknown): string; errors?: unknown };
  let addFormats: (ajv: unknown) => void;
  try {
    schema = load('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    Ajv04 = load('ajv-draft-04') as typeof Ajv04;
    addFormats = load('ajv-formats') as typeof addFormats;
  } catch (error) {
    throw new Error(`the SARIF schema check needs the dev dependencies @microsoft/jest-sarif and ajv-draft-04 (${String(error)})`);
  }
  // unicodeRegExp off: the published schema has a pattern (`language`) that is invalid with the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  assert.ok(ajv.validate(schema, log), ajv.errorsText(ajv.errors));
}

function summary(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`).sort();
}

describe('CLI (node dist/cli.js)', function () {
  this.timeout(30_000);
  let tree: string;

  before(function () {
    if (!fs.existsSync(cliBundle)) throw new Error(`${cliBundle} is missing: build it first with "node esbuild.js"`);
    tree = makeTree();
  });
  after(() => fs.rmSync(tree, { recursive: true, force: true }));

  describe('json format', () => {
    let run: CliRun;
    let report: JsonReport;
    before(async () => {
      run = await runCli(['lint', '--offline', '--format', 'json', '--date', asOf, '.'], { cwd: tree });
      report = JSON.parse(run.stdout) as JsonReport;
    });

    it('exits 1 when there is an error-level finding, and prints nothing on stderr', () => {
      assert.strictEqual(run.code, 1, run.stderr);
      assert.strictEqual(run.stderr, '');
    });

    it('has exactly the documented shape', () => {
      assert.deepStrictEqual(Object.keys(report), ['version', 'catalog', 'files', 'findings', 'errors', 'skipped']);
      assert.deepStrictEqual(report.errors, []);
      assert.deepStrictEqual(report.skipped, []);
      assert.strictEqual(report.version, 1);
      assert.deepStrictEqual(Object.keys(report.catalog), ['source', 'asOf']);
      assert.strictEqual(report.catalog.source, 'bundled');
      assert.match(report.catalog.asOf, /^\d{4}-\d{2}-\d{2}$/);
      const keys = ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'model', 'replacement'];
      for (const finding of report.findings) {
        assert.deepStrictEqual(Object.keys(finding), keys);
        assert.ok(finding.replacement === null || typeof finding.replacement === 'string');
        assert.ok(finding.model !== null && finding.message.includes(finding.model), finding.message);
      }
    });

    it('reports the fixture findings, skipping node_modules, build outputs, caches, ignored and large files', () => {
      assert.deepStrictEqual(summary(report), expectedFindings);
      assert.strictEqual(report.files, analysedFileCount);
    });

    it('gives 1-based ranges covering the ID inside the quotes, and relative forward-slash paths', () => {
      const unknown = report.findings.find((f) => f.rule === 'claude/model-unknown');
      assert.ok(unknown);
      assert.strictEqual(unknown.file, 'src/client.ts');
      assert.strictEqual(unknown.model, 'claude-haiku-4-20250514');
      const line = fs.readFileSync(path.join(tree, 'src', 'client.ts'), 'utf8').split('\n')[unknown.line - 1];
      assert.strictEqual(line.slice(unknown.column - 1, unknown.endColumn - 1), unknown.model);
      assert.strictEqual(unknown.endLine, unknown.line);
      assert.strictEqual(unknown.replacement, 'claude-haiku-4-5-20251001');
    });

    it('names the replacement of a retired model', () => {
      const retired = report.findings.find((f) => f.file === 'app.py' && f.rule === 'claude/model-retired');
      assert.ok(retired?.replacement);
      assert.match(retired.message, /^claude-3-opus-20240229 was retired on 2026-01-05; requests fail with 404 not_found_error\. Use /);
    });
  });

  it('--date moves the judgement day: 30 days before end of life the deprecated model is a warning', async () => {
    const run = await runCli(['lint', '--offline', '--format=json', '--date=2026-10-31', 'src/client.ts'], { cwd: tree });
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepStrictEqual(summary(report), ['src/client.ts:5:30 claude/model-deprecated warning', 'src/client.ts:9:13 claude/model-unknown error']);
    assert.match(report.findings[0].message, /\(30 days left\)/);
  });

  it('exits 0 when the findings are warnings only, or there are none', async () => {
    const warningsOnly = await runCli(['lint', '--offline', '--date', asOf, 'src/Picker.tsx'], { cwd: tree });
    assert.strictEqual(warningsOnly.code, 0, warningsOnly.stderr);
    assert.match(warningsOnly.stdout, /1 problem \(0 errors, 1 warning\)/);
    const clean = await runCli(['lint', '--offline', '--date', asOf, 'scripts', 'src/Chat.jsx'], { cwd: tree });
    assert.strictEqual(clean.code, 0, clean.stderr);
    assert.strictEqual(clean.stdout, '');
  });

  it('checks files named on the command line even when git-ignored; over 1 MB they are skipped with a note', async () => {
    const run = await runCli(['lint', '--offline', '--format', 'json', '--date', asOf, 'ignored-by-git.py', 'vendor/huge.min.js'], { cwd: tree });
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepStrictEqual(report.findings.map((f) => `${f.file} ${f.rule}`), ['ignored-by-git.py claude/model-retired']);
    assert.strictEqual(report.files, 1);
    assert.match(run.stderr, /vendor\/huge\.min\.js skipped: larger than 1 MB/);
  });

  it('says why a named file is not checked', async () => {
    const run = await runCli(['lint', '--offline', 'README.md'], { cwd: tree });
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^README\.md\n {2}0:0 {2}warning {2}Skipped: not a Python, TypeScript or JavaScript file$/m);
  });

  describe('named files that are skipped are reported in every format', () => {
    // A retired model on line 1 of a file with one 50,000-character line: minified, so not analysed,
    // and CI must hear of it rather than pass in silence. A NUL byte makes the other one binary.
    const minifiedName = 'vendor/one-line.js';
    const binaryName = 'vendor/blob.py';
    before(() => {
      write(tree, minifiedName, `const m='claude-3-opus-20240229';${'x=1;'.repeat(12_500)}\n`);
      write(tree, binaryName, `MODEL = "claude-3-opus-20240229"\n\0\0\0\n`);
    });
    const names = ['vendor/huge.min.js', minifiedName, binaryName];
    const expected = [
      ['vendor/blob.py', 'binary'],
      ['vendor/huge.min.js', 'tooLarge'],
      ['vendor/one-line.js', 'minified'],
    ];

    it('json: a skipped list with the reason', async () => {
      const run = await runCli(['lint', '--offline', '--format', 'json', '--date', asOf, ...names], { cwd: tree });
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepStrictEqual(report.skipped.map((s) => [s.file, s.reason]), expected);
      assert.match(report.skipped[2].message, /a line longer than 10,000 characters/);
      assert.deepStrictEqual(report.errors, []);
      assert.strictEqual(run.code, 0, 'a skip is not an error');
      assert.match(run.stderr, /vendor\/one-line\.js skipped: minified/);
    });

    it('sarif: a warning notification per file, the run still successful', async () => {
      const run = await runCli(['lint', '--offline', '--format', 'sarif', '--date', asOf, ...names], { cwd: tree });
      const log = JSON.parse(run.stdout) as SarifWithInvocations;
      validateSarif(log);
      const [invocation] = log.runs[0].invocations;
      assert.strictEqual(invocation.executionSuccessful, true);
      assert.deepStrictEqual(
        invocation.toolExecutionNotifications.map((n) => [n.locations[0].physicalLocation.artifactLocation.uri, n.level, n.descriptor.id]),
        expected.map(([file]) => [file, 'warning', 'file-skipped']),
      );
    });

    it('text: under the file name, and counted', async () => {
      const run = await runCli(['lint', '--offline', '--date', asOf, ...names], { cwd: tree });
      assert.strictEqual(run.code, 0);
      assert.match(run.stdout, /^vendor\/one-line\.js\n {2}0:0 {2}warning {2}Skipped: minified or generated/m);
      assert.match(run.stdout, /^vendor\/blob\.py\n {2}0:0 {2}warning {2}Skipped: binary/m);
      assert.match(run.stdout, /^3 named files skipped$/m);
    });
  });

  it('applies the .gitignore files above a folder named on the command line', async () => {
    const run = await runCli(['lint', '--offline', '--format', 'json', '--date', asOf, 'src'], { cwd: tree });
    const files = new Set((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.file));
    assert.deepStrictEqual([...files].sort(), ['src/Picker.tsx', 'src/bedrock.js', 'src/client.ts']);
  });

  it('text format: ESLint stylish layout', async () => {
    const run = await runCli(['lint', '--offline', '--date', asOf, '.'], { cwd: tree });
    assert.strictEqual(run.code, 1);
    const lines = run.stdout.split('\n');
    assert.strictEqual(lines[0], '');
    assert.strictEqual(lines[1], 'app.py');
    // Columns aligned within a file, as stylish does.
    assert.match(lines[2], /^ {2}6:15 {3}warning {2}claude-haiku-4-5 is an alias .* {2}claude\/model-alias$/);
    assert.match(lines[3], /^ {2}11:16 {2}error {4}claude-3-opus-20240229 was retired .* {2}claude\/model-retired$/);
    assert.ok(lines.includes('src/client.ts'));
    assert.strictEqual(lines[lines.length - 2], '✖ 6 problems (3 errors, 3 warnings)');
  });

  describe('sarif format', () => {
    let run: CliRun;
    let log: {
      $schema: string;
      version: string;
      runs: Array<{
        tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, unknown> & { id: string }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          partialFingerprints: Record<string, string>;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }>;
        }>;
      }>;
    };
    before(async () => {
      run = await runCli(['lint', '--offline', '--format', 'sarif', '--date', asOf, '.'], { cwd: tree });
      log = JSON.parse(run.stdout);
    });

    it('is valid SARIF 2.1.0 (checked against the schema)', () => {
      assert.strictEqual(run.code, 1);
      validateSarif(log);
      assert.deepStrictEqual((log as unknown as SarifWithInvocations).runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    });

    it('has what GitHub code scanning reads: tool, rules with help, levels, relative locations, fingerprints', () => {
      assert.strictEqual(log.version, '2.1.0');
      assert.match(log.$schema, /sarif-2\.1\.0/);
      assert.strictEqual(log.runs.length, 1);
      const { driver } = log.runs[0].tool;
      assert.strictEqual(driver.name, 'claude-api-health');
      assert.match(driver.version, /^\d+\.\d+\.\d+/);
      assert.match(driver.informationUri, /^https:\/\//);
      // Every registered rule is described (the registry is the one list; rules.usage.test.ts pins it).
      assert.deepStrictEqual(driver.rules.map((rule) => rule.id).sort(), rules.map((rule) => rule.id).sort());
      for (const rule of driver.rules) {
        for (const key of ['shortDescription', 'fullDescription', 'helpUri', 'defaultConfiguration']) assert.ok(rule[key], `${rule.id} ${key}`);
      }
      const results = log.runs[0].results;
      assert.strictEqual(results.length, expectedFindings.length);
      for (const result of results) {
        assert.strictEqual(driver.rules[result.ruleIndex].id, result.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(result.level));
        const { artifactLocation, region } = result.locations[0].physicalLocation;
        assert.strictEqual(artifactLocation.uriBaseId, '%SRCROOT%');
        assert.ok(!path.isAbsolute(artifactLocation.uri) && !artifactLocation.uri.includes('\\'), artifactLocation.uri);
        assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endColumn > region.startColumn);
      }
      const summaryOf = results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn} ${r.ruleId} ${r.level}`);
      assert.deepStrictEqual(summaryOf.sort(), expectedFindings);
    });

    it('gives stable, distinct fingerprints that do not depend on line numbers', async () => {
      const prints = log.runs[0].results.map((r) => Object.values(r.partialFingerprints)[0]);
      assert.strictEqual(new Set(prints).size, prints.length);
      // Two lines added at the top of app.py move its findings but keep their fingerprints.
      const appPy = path.join(tree, 'app.py');
      const original = fs.readFileSync(appPy, 'utf8');
      fs.writeFileSync(appPy, `# moved\n# down\n${original}`);
      try {
        const again = JSON.parse((await runCli(['lint', '--offline', '--format', 'sarif', '--date', asOf, '.'], { cwd: tree })).stdout) as typeof log;
        assert.deepStrictEqual(again.runs[0].results.map((r) => Object.values(r.partialFingerprints)[0]).sort(), [...prints].sort());
      } finally {
        fs.writeFileSync(appPy, original);
      }
    });
  });

  describe('usage errors exit 2 with a clear message', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['unknown flag', ['lint', '--fast', '.'], /unknown option "--fast"/],
      ['bad date', ['lint', '--date', '2026-02-30', '.'], /--date must be a real day written YYYY-MM-DD/],
      ['bad format', ['lint', '--format', 'xml', '.'], /unknown format "xml"; use text, json, sarif/],
      ['no paths', ['lint', '--offline'], /no paths given/],
      ['missing path', ['lint', '--offline', 'no-such-dir'], /no such file or folder: no-such-dir/],
      ['no command', [], /no command given/],
      ['unknown command', ['check', '.'], /unknown command "check"/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const run = await runCli(args, { cwd: tree });
        assert.strictEqual(run.code, 2, run.stderr);
        assert.match(run.stderr, message);
        assert.strictEqual(run.stdout, '');
      });
    }

    it('--help prints the usage and exits 0', async () => {
      const run = await runCli(['--help'], { cwd: tree });
      assert.strictEqual(run.code, 0);
      assert.match(run.stdout, /^Usage: claude-api-health lint/);
    });
  });

  describe('live model list (local fake API)', () => {
    let api: FakeClaudeApi;
    before(async () => {
      api = await FakeClaudeApi.start();
    });
    after(async () => api.close());
    beforeEach(() => api.reset());

    it('reads the live list when ANTHROPIC_API_KEY is set', async () => {
      const run = await runCli(['lint', '--format', 'json', '--date', asOf, '.'], { cwd: tree, env: { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: api.url } });
      assert.strictEqual(run.stderr, '');
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.strictEqual(report.catalog.source, 'live');
      assert.ok(api.requestsFor('models').length >= 1);
      assert.deepStrictEqual(summary(report), expectedFindings);
    });

    it('--offline never calls the API', async () => {
      const run = await runCli(['lint', '--offline', '--format', 'json', '--date', asOf, '.'], { cwd: tree, env: { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: api.url } });
      assert.strictEqual((JSON.parse(run.stdout) as JsonReport).catalog.source, 'bundled');
      assert.strictEqual(api.requests.length, 0);
    });

    it('falls back to the bundled list with a note on stderr when the API refuses the key', async () => {
      const run = await runCli(['lint', '--format', 'json', '--date', asOf, '.'], { cwd: tree, env: { ANTHROPIC_API_KEY: 'sk-ant-api03-not-a-valid-key', ANTHROPIC_BASE_URL: api.url } });
      assert.strictEqual(run.code, 1);
      assert.strictEqual((JSON.parse(run.stdout) as JsonReport).catalog.source, 'bundled');
      assert.match(run.stderr, /could not read the live model list .*401.*bundled model list/i);
      assert.doesNotMatch(run.stderr, /sk-ant-/);
    });

    it('falls back when the API is down', async () => {
      api.script('models', [{ kind: 'error', status: 529 }, { kind: 'error', status: 529 }]);
      const run = await runCli(['lint', '--format', 'json', '--date', asOf, 'app.py'], { cwd: tree, env: { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: api.url } });
      assert.strictEqual((JSON.parse(run.stdout) as JsonReport).catalog.source, 'bundled');
      assert.match(run.stderr, /bundled model list/);
    });
  });
});
