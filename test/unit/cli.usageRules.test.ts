// The CLI (dist/cli.js) on the usage rules (key, retries disabled, no retry, raw HTTP headers, stream overload): text, JSON and SARIF show a key only by its fingerprint,
// `model` and `replacement` are null where they do not apply, and the rules are described in SARIF.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { JsonReport } from '../../src/cli/formatJson';
import { fakeKey } from './usage.helpers';

const root = path.resolve(__dirname, '..', '..', '..');
const cliBundle = path.join(root, 'dist', 'cli.js');

function lint(cwd: string, format: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  const run = spawnSync(process.execPath, [cliBundle, 'lint', '--offline', '--format', format, '--date', '2026-11-22', '.'], { cwd, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('CLI: claude/hardcoded-api-key, claude/retries-disabled and the call-site rules', () => {
  const key = fakeKey('api03', 3);
  let tree: string;

  before(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-usage-cli-'));
    // No model ID anywhere: the CLI must still read these files (the key and the client are the usage).
    fs.writeFileSync(path.join(tree, 'app.py'), ['import anthropic', 'client = anthropic.Anthropic(max_retries=0)', `KEY = "${key}"`, 'client.messages.create(model=MODEL, max_tokens=1, messages=[])', ''].join('\n'));
    fs.writeFileSync(path.join(tree, 'raw.py'), ['import requests', 'API = "https://api.anthropic.com/v1/messages"', 'requests.post(API, headers={"x-api-key": k}, json=body)', ''].join('\n'));
    fs.writeFileSync(path.join(tree, 'stream.ts'), ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', 'for await (const event of client.messages.stream({ model, max_tokens: 1, messages: [] })) send(event);', ''].join('\n'));
    fs.writeFileSync(path.join(tree, 'chat.ts'), ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', 'export const ask = () => client.messages.create({ model, max_tokens: 1, messages: [] });', ''].join('\n'));
  });

  after(() => fs.rmSync(tree, { recursive: true, force: true }));

  it('JSON: every usage rule, with null model and replacement, and only the fingerprint', () => {
    const run = lint(tree, 'json');
    assert.strictEqual(run.code, 1, run.stderr); // the key is an error
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepStrictEqual(
      report.findings.map((f) => [f.file, f.line, f.column, f.rule, f.severity, f.model, f.replacement]),
      [
        ['app.py', 2, 10, 'claude/retries-disabled', 'warning', null, null],
        ['app.py', 3, 8, 'claude/hardcoded-api-key', 'error', null, null],
        ['chat.ts', 2, 16, 'claude/retries-disabled', 'warning', null, null],
        ['raw.py', 3, 1, 'claude/no-retry', 'warning', null, null],
        ['raw.py', 3, 1, 'claude/raw-http-missing-headers', 'error', null, null],
        ['stream.ts', 3, 27, 'claude/stream-overload-unhandled', 'info', null, null],
      ],
    );
    assert.ok(report.findings[1].message.includes(`…${key.slice(-4)}`), report.findings[1].message);
    assert.ok(!run.stdout.includes(key.slice(13, 60)) && !run.stderr.includes(key.slice(13, 60)), 'the key must not appear in any output');
  });

  it('SARIF and text: the rules described, results at the findings, no key', () => {
    const sarif = lint(tree, 'sarif');
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: Array<{ ruleId: string; level: string }> }> };
    const [run] = log.runs;
    for (const id of ['claude/hardcoded-api-key', 'claude/retries-disabled', 'claude/no-retry', 'claude/raw-http-missing-headers', 'claude/stream-overload-unhandled']) {
      const rule = run.tool.driver.rules.find((r) => r.id === id);
      assert.ok(rule, id);
      assert.match(rule.helpUri, new RegExp(`docs/rules/${id.slice('claude/'.length)}\\.md$`));
    }
    assert.deepStrictEqual(run.results.map((r) => [r.ruleId, r.level]), [
      ['claude/retries-disabled', 'warning'],
      ['claude/hardcoded-api-key', 'error'],
      ['claude/retries-disabled', 'warning'],
      ['claude/no-retry', 'warning'],
      ['claude/raw-http-missing-headers', 'error'],
      ['claude/stream-overload-unhandled', 'note'],
    ]);
    const text = lint(tree, 'text');
    assert.match(text.stdout, /claude\/hardcoded-api-key/);
    for (const output of [sarif.stdout, text.stdout, text.stderr]) assert.ok(!output.includes(key.slice(13, 60)), 'the key must not appear in any output');
  });
});
