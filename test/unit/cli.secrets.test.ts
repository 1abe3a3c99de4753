// Issue 7 item 10, the CLI side: a key with a '.', a space and a line break in ANTHROPIC_API_KEY is
// not sent, and nothing of it beyond the 4-character fingerprint reaches stderr or stdout.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FakeClaudeApi } from '../fake-api/server';
import { keyPiecesIn, nastyKey } from '../support/secretLeaks';
import { runCli } from '../support/runCli';



describe('CLI: API key handling', () => {
  let api: FakeClaudeApi;
  let dir: string;

  before(async () => {
    api = await FakeClaudeApi.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-cli-key-'));
    fs.writeFileSync(path.join(dir, 'app.py'), 'model = "claude-sonnet-4-6"\n');
  });

  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => api.reset());

  it('does not send an ANTHROPIC_API_KEY with whitespace inside, says so by fingerprint, and leaks none of it', async () => {
    const key = nastyKey('cli');
    const run = await runCli(['lint', '.'], { cwd: dir, env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: api.url } });
    assert.strictEqual(api.requests.length, 0, 'the malformed key was sent to the API');
    assert.match(run.stderr, /ANTHROPIC_API_KEY not used \(sk-ant-api03-…Zq9x\): it contains a space or a line break inside it/);
    assert.deepStrictEqual(keyPiecesIn(run.stderr, key), [], run.stderr);
    assert.deepStrictEqual(keyPiecesIn(run.stdout, key), [], run.stdout);
  });

  it('masks the key on stderr wherever it turns up, also the part after a character outside the key pattern', async () => {
    const key = `sk-ant-api03-Dotted${Date.now().toString(36)}.AfterTheDot${Date.now().toString(36)}Zq9x`;
    // A path argument that holds the key (a pasted command line gone wrong) is quoted back on stderr.
    const run = await runCli(['lint', '--offline', path.join(dir, `missing-${key}`)], { cwd: dir, env: { ANTHROPIC_API_KEY: key } });
    assert.match(run.stderr, /no such file or folder/);
    assert.deepStrictEqual(keyPiecesIn(run.stderr, key), [], run.stderr);
  });
});
