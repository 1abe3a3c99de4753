/// <reference types="mocha" />
// Issue 9: the doctor's runner. Checks run as a graph (each starts when its needs are done, independent ones
// side by side), a check whose prerequisite failed is skipped (never a second failure), a check that throws
// or hangs is its own failure, cancellation ends the run at once, and the verdict is the first failure in
// layer order.
import * as assert from 'assert';
import { runDiagnosis } from '../../src/diagnose/run';
import type { CheckId, CheckOutcome, DiagnosisCheck } from '../../src/diagnose/types';
import { doctorExitCode } from '../../src/diagnose/verdict';
import { diagnoseInputs } from '../support/diagnoseInputs';

const inputs = diagnoseInputs({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A check that records when it ran, waits `ms`, and ends with `outcome`. */
function check(id: CheckId, needs: CheckId[], outcome: Partial<CheckOutcome>, ms = 0, log?: Array<[CheckId, 'start' | 'end']>): DiagnosisCheck {
  return {
    id,
    title: id.toUpperCase(),
    needs,
    async run(context) {
      log?.push([id, 'start']);
      for (const need of needs) assert.ok(context.results.has(need), `${id} runs after ${need}`);
      await sleep(ms);
      log?.push([id, 'end']);
      return { status: 'pass', summary: `${id} ok`, ...outcome };
    },
  };
}

describe('diagnose: the runner', () => {
  it('runs each check after its needs, and independent checks side by side', async () => {
    const log: Array<[CheckId, 'start' | 'end']> = [];
    const started = Date.now();
    const report = await runDiagnosis(
      [check('auth', ['tls'], {}, 50, log), check('dns', [], {}, 50, log), check('tls', ['dns'], {}, 50, log), check('statusPage', [], {}, 120, log)],
      inputs,
    );
    const elapsed = Date.now() - started;
    // dns → tls → auth is 150 ms; the status page (120 ms) runs beside it, so the whole is about 150, not 270.
    assert.ok(elapsed < 240, `took ${elapsed} ms`);
    assert.deepStrictEqual(log.slice(0, 2).map(([id]) => id).sort(), ['dns', 'statusPage']);
    assert.deepStrictEqual(report.checks.map((c) => c.id), ['dns', 'tls', 'auth', 'statusPage'], 'in report order, not finishing order');
    assert.ok(report.checks.every((c) => c.status === 'pass'));
    assert.strictEqual(report.verdict.owner, 'none');
    assert.match(report.verdict.sentence, /^All good/);
  });

  it('skips what builds on a failure, so the cause is reported once and the verdict names it', async () => {
    const ran: CheckId[] = [];
    const spy = (c: DiagnosisCheck): DiagnosisCheck => ({ ...c, run: (ctx) => (ran.push(c.id), c.run(ctx)) });
    const report = await runDiagnosis(
      [
        spy(check('dns', [], { status: 'fail', summary: 'ENOTFOUND', owner: 'network', cause: 'DNS lookup of api.example fails on this network.', nextStep: 'Check DNS.' })),
        spy(check('connect', ['dns'], {})),
        spy(check('auth', ['connect'], {})),
        spy(check('statusPage', [], {})),
      ],
      inputs,
    );
    assert.deepStrictEqual(ran.sort(), ['dns', 'statusPage']);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    assert.strictEqual(byId.get('connect')?.status, 'skipped');
    assert.strictEqual(byId.get('connect')?.skippedBecause, 'DNS did not pass');
    assert.strictEqual(byId.get('auth')?.skippedBecause, 'CONNECT did not pass', 'a skip propagates down the chain');
    assert.deepStrictEqual(report.verdict, { sentence: 'DNS lookup of api.example fails on this network.', owner: 'network', nextStep: 'Check DNS.', causeCheck: 'dns' });
    assert.strictEqual(doctorExitCode(report.checks, report.verdict), 1);
  });

  it('a check skipped as not applicable does not block what needs it', async () => {
    const report = await runDiagnosis([check('tls', [], { status: 'skipped', summary: 'plain http', skippedBecause: 'the base URL is http' }), check('auth', ['tls'], {})], inputs);
    assert.deepStrictEqual(report.checks.map((c) => [c.id, c.status]), [['tls', 'skipped'], ['auth', 'pass']]);
  });

  it('a check that throws is its own failure; one that hangs fails after its watchdog; neither stops the others', async () => {
    const throwing: DiagnosisCheck = { id: 'clock', title: 'Clock', needs: [], run: async () => { throw new Error('boom'); } };
    const hanging: DiagnosisCheck = { id: 'dns', title: 'DNS', needs: [], run: () => new Promise(() => undefined) };
    const started = Date.now();
    const report = await runDiagnosis([throwing, hanging, check('statusPage', [], {})], { ...inputs, timeoutMs: 100 });
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    assert.strictEqual(byId.get('clock')?.status, 'fail');
    assert.match(byId.get('clock')?.summary ?? '', /boom/);
    assert.strictEqual(byId.get('dns')?.status, 'fail');
    assert.strictEqual(byId.get('statusPage')?.status, 'pass');
    assert.ok(Date.now() - started < 100 + 2_000 + 500, 'the watchdog is the timeout plus its slack');
  });

  it('cancellation ends the run at once: unfinished checks are skipped as cancelled, and their signal aborts', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const slow: DiagnosisCheck = {
      id: 'auth',
      title: 'Authentication',
      needs: [],
      run: (context) => new Promise((resolve) => context.signal.addEventListener('abort', () => { sawAbort = true; resolve({ status: 'pass', summary: 'late' }); })),
    };
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const report = await runDiagnosis([slow, check('models', ['auth'], {})], { ...inputs, timeoutMs: 10_000 }, { signal: controller.signal });
    assert.ok(Date.now() - started < 500);
    assert.ok(sawAbort, "the check's signal aborted");
    assert.strictEqual(report.cancelled, true);
    assert.deepStrictEqual(report.checks.map((c) => [c.id, c.status, c.skippedBecause]), [['auth', 'skipped', 'cancelled'], ['models', 'skipped', 'cancelled']]);
    // Checks that never ran are no "All good".
    assert.strictEqual(report.verdict.owner, 'unknown');
    assert.strictEqual(report.verdict.sentence, 'The diagnosis was cancelled before it could tell (2 checks did not finish).');
    assert.strictEqual(doctorExitCode(report.checks, report.verdict, report.cancelled), 130);
  });

  it('a failure found before the cancellation is still the verdict', async () => {
    const controller = new AbortController();
    const hangs: DiagnosisCheck = { id: 'statusPage', title: 'Status page', needs: [], run: (context) => new Promise((resolve) => context.signal.addEventListener('abort', () => resolve({ status: 'pass', summary: 'late' }))) };
    const fails = check('key', [], { status: 'fail', summary: 'no key', cause: 'No API key is set.', owner: 'you' });
    setTimeout(() => controller.abort(), 30);
    const report = await runDiagnosis([fails, hangs], { ...inputs, timeoutMs: 10_000 }, { signal: controller.signal });
    assert.strictEqual(report.verdict.sentence, 'No API key is set.');
    assert.strictEqual(report.verdict.owner, 'you');
  });

  it('tells the face about each check as it finishes, and a throwing callback changes nothing', async () => {
    const seen: CheckId[] = [];
    const report = await runDiagnosis([check('dns', [], {}, 10), check('connect', ['dns'], {})], inputs, {
      onCheck: (result) => {
        seen.push(result.id);
        throw new Error('progress UI gone');
      },
    });
    assert.deepStrictEqual(seen, ['dns', 'connect']);
    assert.ok(report.checks.every((c) => c.status === 'pass'));
  });

  it("an Anthropic failure exits 3; a warning alone exits 0 and still leads the verdict", async () => {
    const overloaded = await runDiagnosis([check('auth', [], { status: 'fail', summary: '529', owner: 'anthropic', cause: 'The Claude API is overloaded (529).' })], inputs);
    assert.strictEqual(doctorExitCode(overloaded.checks, overloaded.verdict), 3);
    const incident = await runDiagnosis(
      [check('auth', [], { facts: { authAnswer: { classification: { outcome: 'ok' }, receivedAt: 0, latencyMs: 380 } } }), check('statusPage', [], { status: 'warn', summary: 'incident', owner: 'anthropic', cause: 'Anthropic reports an incident: Elevated errors.' })],
      inputs,
    );
    assert.strictEqual(incident.verdict.sentence, 'Anthropic reports an incident: Elevated errors. (Your own requests work: 380 ms to the API.)');
    assert.strictEqual(doctorExitCode(incident.checks, incident.verdict), 0);
  });
});

describe('diagnose: the report never holds a key', () => {
  it('masks the credentials of the inputs, and anything key-shaped, wherever a check quoted them; fingerprints stay', async () => {
    const key = `sk-ant-api03-${'k'.repeat(93)}AA`;
    const gatewayToken = 'gw-token-1234567890';
    const leaky = check('auth', [], {
      status: 'fail',
      summary: `HTTP 401: invalid x-api-key ${key}`,
      owner: 'you',
      cause: `Your API key ${key} was rejected (401).`,
      evidence: [{ label: 'sent', value: `Authorization: Bearer ${gatewayToken}` }, { label: 'key', value: 'sk-ant-api03-…kkAA' }],
    });
    const report = await runDiagnosis([leaky], { ...inputs, credentials: [{ source: 'ANTHROPIC_API_KEY', raw: ` ${key}\n` }, { source: 'ANTHROPIC_AUTH_TOKEN', raw: gatewayToken }] });
    const text = JSON.stringify(report);
    assert.ok(!text.includes(key) && !text.includes(key.slice(13, 40)), 'the key is nowhere in the report');
    assert.ok(!text.includes(gatewayToken), 'nor the auth token');
    assert.match(text, /sk-ant-api03-…kkAA/, 'the fingerprint survives');
    assert.match(report.verdict.sentence, /^Your API key \S*REDACTED\S* was rejected \(401\)\.$/);
  });
});
