// runCli in-process: failures inside a run become a message and an exit status, never an exception.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LiteralFinder } from '../../src/cli/literalFinder';
import { runCli, type CliIo } from '../../src/cli/run';

function ioIn(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    cwd,
    env: {},
    now: () => new Date('2026-11-22T12:00:00Z'),
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

describe('runCli in-process', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-run-'));
    fs.writeFileSync(path.join(dir, 'a.py'), 'MODEL = "claude-3-opus-20240229"\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // A check that did not happen must not pass CI: exit 2 (as ESLint's fatal errors), in every format.
  const failing: LiteralFinder = { prepare: () => undefined, find: () => Promise.reject(new Error('parser exploded')) };

  it('exits 2 for a file the finder cannot analyse, lists it in JSON errors, and goes on', async () => {
    const io = ioIn(dir);
    assert.strictEqual(await runCli(['lint', '--offline', '--format', 'json', '.'], io, { literals: failing }), 2);
    assert.match(io.err, /a\.py could not be analysed \(parser exploded\)/);
    const report = JSON.parse(io.out);
    assert.strictEqual(report.files, 0);
    assert.deepStrictEqual(report.errors, [{ file: 'a.py', message: 'could not be analysed (parser exploded)' }]);
  });

  it('the same failure is an error notification in SARIF and a line in the text report, exit 2', async () => {
    const sarifIo = ioIn(dir);
    assert.strictEqual(await runCli(['lint', '--offline', '--format', 'sarif', '.'], sarifIo, { literals: failing }), 2);
    const [invocation] = JSON.parse(sarifIo.out).runs[0].invocations;
    assert.strictEqual(invocation.executionSuccessful, false);
    assert.deepStrictEqual(invocation.toolExecutionNotifications.map((n: { level: string; message: { text: string } }) => [n.level, n.message.text]), [
      ['error', 'a.py: could not be analysed (parser exploded)'],
    ]);
    const textIo = ioIn(dir);
    assert.strictEqual(await runCli(['lint', '--offline', '.'], textIo, { literals: failing }), 2);
    assert.match(textIo.out, /^a\.py\n {2}0:0 {2}error {2}Not checked: could not be analysed \(parser exploded\)$/m);
    assert.strictEqual(textIo.err, '', 'the text report carries it; stderr does not repeat it');
  });

  it('turns an unexpected failure into exit status 2 and one line on stderr', async () => {
    const io = ioIn(dir);
    io.stdout = () => {
      throw new Error('stdout closed');
    };
    const finder: LiteralFinder = { prepare: () => undefined, find: () => Promise.resolve([]) };
    assert.strictEqual(await runCli(['lint', '--offline', '.'], io, { literals: finder }), 2);
    assert.strictEqual(io.err, 'claude-api-health: internal error: stdout closed\n');
  });

  it('uses the live list through the injected client, and today (UTC) as the judgement day', async () => {
    const io = ioIn(dir);
    io.env = { ANTHROPIC_API_KEY: 'sk-ant-api03-test' };
    let asked: string | undefined;
    const finder: LiteralFinder = { prepare: () => undefined, find: () => Promise.resolve([]) };
    const code = await runCli(['lint', '--format', 'json', '.'], io, {
      literals: finder,
      fetchLive: (options) => {
        asked = options.baseURL;
        return Promise.resolve([]);
      },
    });
    assert.strictEqual(code, 0);
    assert.strictEqual(asked, 'https://api.anthropic.com');
    assert.deepStrictEqual(JSON.parse(io.out).catalog, { source: 'live', asOf: '2026-11-22' });
  });

  it('refuses a plain-http ANTHROPIC_BASE_URL off this machine, so the key is not sent in clear', async () => {
    const io = ioIn(dir);
    io.env = { ANTHROPIC_API_KEY: 'sk-ant-api03-test', ANTHROPIC_BASE_URL: 'http://proxy.example.com' };
    const finder: LiteralFinder = { prepare: () => undefined, find: () => Promise.resolve([]) };
    await runCli(['lint', '--format', 'json', '.'], io, { literals: finder, fetchLive: () => Promise.reject(new Error('must not be called')) });
    assert.strictEqual(JSON.parse(io.out).catalog.source, 'bundled');
    assert.match(io.err, /ANTHROPIC_BASE_URL not used \(must use https/);
  });
});
