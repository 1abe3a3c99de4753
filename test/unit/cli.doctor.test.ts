/// <reference types="mocha" />
// Issue 9: `claude-api-health doctor` as a CI job runs it: the bundled CLI (dist/cli.js) in a child process,
// against the fake API on 127.0.0.1 with the real SDK inside. Each outcome gives its verdict, owner and exit
// status (0 healthy, 1 yours, 3 Anthropic's, 2 usage), in every format, and the key is never in stdout or stderr.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { JsonReport } from '../../src/diagnose/report/json';
import { FakeClaudeApi } from '../fake-api/server';
import { keyPiecesIn } from '../support/secretLeaks';
import type { CliRun } from '../support/runCli';
import { runCli } from '../support/runCli';

/** A well-shaped key (93 characters, then AA) of random pieces: no English word in it to find in the report's own text. */
function randomKey(): string {
  let body = '';
  while (body.length < 93) body += Math.random().toString(36).slice(2);
  return `sk-ant-api03-${body.slice(0, 93)}AA`;
}

/** The key the fake accepts (random: FAKE_API_KEY's runs of zeros could match a figure in the report). */
const goodKey = randomKey();
/** A key the fake does not know: its 401. */
const unknownKey = randomKey();

describe('CLI: claude-api-health doctor (dist/cli.js against the fake API)', function () {
  this.timeout(30_000);
  let api: FakeClaudeApi;
  let cwd: string;

  before(async () => {
    api = await FakeClaudeApi.start({ apiKeys: [goodKey] });
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-doctor-'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(cwd, { recursive: true, force: true });
  });
  afterEach(() => api.reset());

  const doctor = (args: string[], env: Record<string, string> = { ANTHROPIC_API_KEY: goodKey }): Promise<CliRun> =>
    runCli(['doctor', '--base-url', api.url, '--status-page-url', api.url, '--timeout', '5', ...args], { cwd, env });

  /** Runs with --format json and checks the key appears nowhere. */
  async function doctorJson(env?: Record<string, string>, args: string[] = []): Promise<{ run: CliRun; report: JsonReport }> {
    const run = await doctor(['--format', 'json', ...args], env);
    assertNoKey(run, env?.ANTHROPIC_API_KEY ?? goodKey);
    return { run, report: JSON.parse(run.stdout) as JsonReport };
  }

  function assertNoKey(run: CliRun, key: string): void {
    assert.deepStrictEqual(keyPiecesIn(run.stdout, key), [], 'the key in stdout');
    assert.deepStrictEqual(keyPiecesIn(run.stderr, key), [], 'the key in stderr');
  }

  const statusOf = (report: JsonReport, id: string): string | undefined => report.checks.find((check) => check.id === id)?.status;

  it('healthy: exit 0, "All good: N ms to the API.", every check run or skipped with a reason, the request-ids', async () => {
    const { run, report } = await doctorJson(undefined, ['--model', 'claude-sonnet-4-6']);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    assert.match(report.verdict.sentence, /^All good: \d+ ms to the API\.$/);
    assert.strictEqual(report.verdict.owner, 'none');
    assert.strictEqual(report.exitCode, 0);
    assert.deepStrictEqual(
      report.checks.map((check) => check.id),
      ['key', 'configuration', 'dns', 'connect', 'tls', 'auth', 'rateLimits', 'models', 'clock', 'statusPage', 'liveCall'],
    );
    for (const check of report.checks) assert.ok(check.status === 'pass' || (check.status === 'skipped' && check.skippedBecause), `${check.id}: ${check.status} ${check.summary}`);
    assert.strictEqual(statusOf(report, 'tls'), 'skipped', 'an http: base URL has no TLS');
    assert.strictEqual(statusOf(report, 'liveCall'), 'skipped', 'no live call unless --live');
    // The request-ids are the ones the fake sent.
    const sent = new Set(api.requests.map((request) => request.requestId).filter(Boolean));
    assert.ok(report.requestIds.length > 0, 'no request-id reported');
    for (const id of report.requestIds) assert.ok(sent.has(id), `${id} was not sent by the fake`);
    assert.strictEqual(report.target.baseUrl, api.url);
    assert.strictEqual(report.target.baseUrlSource, '--base-url');
    assert.match(report.environment.tool, /^claude-api-health \d+\.\d+\.\d+ \(CLI\)$/);
    assert.ok(!api.requests.some((request) => request.route === 'messages'), 'no messages.create without --live: it costs tokens');
  });

  it('healthy, as text: verdict first, no colour codes in a pipe, and the same sentence in Markdown', async () => {
    const text = await doctor([]);
    assert.strictEqual(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout.split('\n')[0], /^All good: \d+ ms to the API\.$/);
    assert.ok(!text.stdout.includes('\u001b['), 'colour codes in a pipe');
    const markdown = await doctor(['--format', 'markdown']);
    assert.match(markdown.stdout, /^# Claude API diagnosis\n\n\*\*All good: \d+ ms to the API\.\*\*/);
    assert.match(markdown.stdout, /\| Authentication \| ✅ pass \|/);
    assertNoKey(text, goodKey);
    assertNoKey(markdown, goodKey);
  });

  it('a rejected key (401): exit 1, "Your API key was rejected (401).", yours, what builds on it skipped', async () => {
    const { run, report } = await doctorJson({ ANTHROPIC_API_KEY: unknownKey });
    assert.strictEqual(run.code, 1, run.stdout + run.stderr);
    assert.strictEqual(report.verdict.sentence, 'Your API key was rejected (401).');
    assert.strictEqual(report.verdict.owner, 'you');
    assert.ok(report.verdict.nextStep, 'a next step');
    assert.strictEqual(report.verdict.causeCheck, 'auth');
    assert.strictEqual(statusOf(report, 'models'), 'skipped');
    assert.ok(report.requestIds.length > 0, "the 401's request-id is reported for support");
    const text = await doctor([], { ANTHROPIC_API_KEY: unknownKey });
    assert.strictEqual(text.code, 1);
    assert.match(text.stdout, /^Your API key was rejected \(401\)\.\nWhose problem: Yours/);
    assertNoKey(text, unknownKey);
  });

  it("overloaded (529 on every request): exit 3, Anthropic's", async () => {
    api.scenario([{ forMs: 600_000, api: { kind: 'error', status: 529 } }]);
    const { run, report } = await doctorJson();
    assert.strictEqual(run.code, 3, run.stdout + run.stderr);
    assert.strictEqual(report.verdict.owner, 'anthropic');
    assert.strictEqual(report.exitCode, 3);
    assert.match(report.verdict.sentence, /overload|529/i);
  });

  it('an HTML page instead of JSON (a proxy or captive portal): exit 1, your network', async () => {
    api.scenario([{ forMs: 600_000, api: { kind: 'html', status: 502 } }]);
    const { run, report } = await doctorJson();
    assert.strictEqual(run.code, 1, run.stdout + run.stderr);
    assert.strictEqual(report.verdict.owner, 'network');
    assert.match(report.verdict.sentence, /^A proxy or captive portal answered instead of the API \(HTTP 502/);
  });

  it('--live: exactly one messages.create (it costs tokens, so only when asked; none without it: see healthy)', async () => {
    const { run, report } = await doctorJson(undefined, ['--live']);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    assert.strictEqual(statusOf(report, 'liveCall'), 'pass');
    const calls = api.requestsFor('messages');
    assert.strictEqual(calls.length, 1, 'exactly one live call');
  });

  it('an API that never answers: the doctor ends within its --timeout (plus the watchdog), exit 1, not a hang', async () => {
    api.scenario([{ forMs: 600_000, api: { kind: 'hang' } }]);
    const started = Date.now();
    const run = await doctor(['--format', 'json', '--timeout', '1']);
    const elapsed = Date.now() - started;
    assert.strictEqual(run.code, 1, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.strictEqual(report.verdict.causeCheck, 'auth');
    assert.ok(elapsed < 1_000 + 2_000 + 2_000, `took ${elapsed} ms`);
  });

  it('Ctrl-C while the API hangs: the checks stop, the report of what was found prints, exit 130', async () => {
    api.scenario([{ forMs: 600_000, api: { kind: 'hang' } }]);
    let interruptedAt = 0;
    const run = await runCli(['doctor', '--base-url', api.url, '--status-page-url', api.url, '--timeout', '30', '--format', 'json'], {
      cwd,
      env: { ANTHROPIC_API_KEY: goodKey },
      onSpawn: (child) => {
        // Interrupt once the zero-token request hangs at the fake (the network checks have passed by then).
        const poll = setInterval(() => {
          if (!api.requests.some((r) => r.path === '/v1/models')) return;
          clearInterval(poll);
          interruptedAt = Date.now();
          child.kill('SIGINT');
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    assert.ok(interruptedAt > 0, 'the models request reached the fake');
    assert.ok(Date.now() - interruptedAt < 3_000, `ended ${Date.now() - interruptedAt} ms after Ctrl-C, not at the 30 s timeout`);
    assert.strictEqual(run.code, 130, run.stdout + run.stderr);
    assert.match(run.stderr, /interrupted; stopping the checks/);
    assertNoKey(run, goodKey);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.strictEqual(report.cancelled, true);
    assert.strictEqual(report.exitCode, 130);
    assert.strictEqual(statusOf(report, 'dns'), 'pass');
    assert.strictEqual(statusOf(report, 'auth'), 'skipped');
    assert.strictEqual(report.checks.find((c) => c.id === 'auth')?.skippedBecause, 'cancelled');
    assert.strictEqual(report.verdict.owner, 'unknown');
    assert.match(report.verdict.sentence, /^The diagnosis was cancelled before it could tell/);
  });

  it('ANTHROPIC_AUTH_TOKEN alone: sent as a bearer token, and never printed', async () => {
    const { run, report } = await doctorJson({ ANTHROPIC_AUTH_TOKEN: goodKey });
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    const models = api.requestsFor('models');
    assert.ok(models.length > 0 && models.every((request) => request.auth === 'bearer'), JSON.stringify(models.map((r) => r.auth)));
    assert.match(JSON.stringify(report.checks.find((check) => check.id === 'key')), /ANTHROPIC_AUTH_TOKEN/);
  });

  it('no key at all: exit 1 with the key check as the cause, and no request sent with a key', async () => {
    const { run, report } = await doctorJson({});
    assert.strictEqual(run.code, 1, run.stdout + run.stderr);
    assert.strictEqual(report.verdict.causeCheck, 'key');
    assert.strictEqual(report.verdict.owner, 'you');
    assert.ok(!api.requests.some((request) => request.auth !== 'none'), 'a request went out with a key');
  });

  it('reads ANTHROPIC_BASE_URL when no --base-url is given, and says so', async () => {
    const run = await runCli(['doctor', '--format', 'json', '--status-page-url', api.url], { cwd, env: { ANTHROPIC_API_KEY: goodKey, ANTHROPIC_BASE_URL: api.url } });
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepStrictEqual([report.target.baseUrl, report.target.baseUrlSource], [api.url, 'ANTHROPIC_BASE_URL']);
    assert.ok(api.requests.some((request) => request.route === 'models'), 'the fake was asked');
  });

  it('a .env in the working folder with another key is reported by fingerprint only', async () => {
    const dotEnvKey = randomKey();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-doctor-env-'));
    try {
      fs.writeFileSync(path.join(folder, '.env'), `# local settings\nANTHROPIC_API_KEY="${dotEnvKey}"\n`);
      const run = await runCli(['doctor', '--format', 'json', '--base-url', api.url, '--status-page-url', api.url], { cwd: folder, env: { ANTHROPIC_API_KEY: goodKey } });
      assertNoKey(run, dotEnvKey);
      const report = JSON.parse(run.stdout) as JsonReport;
      const key = report.checks.find((check) => check.id === 'key');
      assert.ok(key && key.status !== 'pass', `the key check should note the .env key: ${JSON.stringify(key)}`);
      assert.match(JSON.stringify(key), /\.env/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 with a reason on stderr, and send nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['doctor', '--base-url', 'http://api.example.com'], /--base-url .* must use https/],
      [['doctor', '--timeout', '0'], /--timeout must be a number of seconds/],
      [['doctor', '--format', 'sarif'], /unknown format "sarif" for doctor/],
      [['doctor', 'src'], /doctor takes no paths/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { cwd, env: { ANTHROPIC_API_KEY: goodKey } });
      assert.strictEqual(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.strictEqual(run.stdout, '');
    }
    const fromEnv = await runCli(['doctor'], { cwd, env: { ANTHROPIC_API_KEY: goodKey, ANTHROPIC_BASE_URL: 'ftp://example.com' } });
    assert.strictEqual(fromEnv.code, 2);
    assert.match(fromEnv.stderr, /ANTHROPIC_BASE_URL .* must use https/);
    assert.strictEqual(api.requests.length, 0);
  });
});
