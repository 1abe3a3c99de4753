/// <reference types="mocha" />
// Issue 9, check 1: the key. Which credential is in use and from where (secret storage, ANTHROPIC_API_KEY,
// ANTHROPIC_AUTH_TOKEN), its shape against facts §8, a workspace .env with another key, the verdict it gives
// through the real runner, and that no string of its outcome holds more of a key than its fingerprint.
import * as assert from 'assert';
import { randomBytes } from 'node:crypto';
import { judgeKey, keyCheck } from '../../src/diagnose/checks/key';
import { runDiagnosis } from '../../src/diagnose/run';
import type { CheckOutcome, CheckResult, CredentialCandidate, DiagnoseInputs } from '../../src/diagnose/types';
import { chooseVerdict, doctorExitCode } from '../../src/diagnose/verdict';
import { FAKE_API_KEY } from '../fake-api/server';
import { keyPiecesIn } from '../support/secretLeaks';
import { diagnoseInputs } from '../support/diagnoseInputs';

/** A key in the exact shape of facts §8 (sk-ant-api03- + 93 characters + AA), unique per call. */
function realShapedKey(): string {
  const body = randomBytes(80).toString('base64url').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 93);
  assert.strictEqual(body.length, 93);
  return `sk-ant-api03-${body}AA`;
}

const base = diagnoseInputs();

const judge = (credentials: CredentialCandidate[], extra: Partial<DiagnoseInputs> = {}): CheckOutcome => judgeKey({ ...base, credentials, ...extra });
const apiKeyVar = (raw: string): CredentialCandidate => ({ source: 'ANTHROPIC_API_KEY', raw });

/** Every string the outcome shows (the credential it hands on is the one place a key belongs). */
function shown(outcome: CheckOutcome): string {
  return JSON.stringify({ ...outcome, facts: undefined });
}

function assertNoKeyIn(outcome: CheckOutcome, ...keys: string[]): void {
  for (const key of keys) assert.deepStrictEqual(keyPiecesIn(shown(outcome), key), [], shown(outcome));
}

describe('diagnose: the key check', () => {
  describe('which credential is in use', () => {
    it('the first non-blank candidate: secret storage, then ANTHROPIC_API_KEY, then ANTHROPIC_AUTH_TOKEN; the others are named, not used', () => {
      const stored = realShapedKey();
      const env = realShapedKey();
      const outcome = judge([{ source: 'secretStorage', raw: stored }, apiKeyVar(env), { source: 'ANTHROPIC_AUTH_TOKEN', raw: 'gateway-token-1234567890' }]);
      assert.strictEqual(outcome.status, 'pass');
      assert.deepStrictEqual(outcome.facts?.credential, { kind: 'apiKey', value: stored, source: 'secretStorage', fingerprint: `sk-ant-api03-…${stored.slice(-4)}` });
      assert.strictEqual(outcome.summary, `sk-ant-api03-…${stored.slice(-4)} from the editor's secret storage.`);
      const evidence = new Map(outcome.evidence?.map((item) => [item.label, item.value]));
      assert.match(evidence.get('ANTHROPIC_API_KEY') ?? '', new RegExp(`^also set \\(sk-ant-api03-…${env.slice(-4)}\\), not used: Secret storage comes first$`));
      assert.match(evidence.get('ANTHROPIC_AUTH_TOKEN') ?? '', /^also set \(…7890\), not used/);
      assertNoKeyIn(outcome, stored, env);
    });

    it('a blank variable is skipped (the SDK trims it to nothing), and said so', () => {
      const key = realShapedKey();
      const outcome = judge([apiKeyVar('  \n'), { source: 'ANTHROPIC_AUTH_TOKEN', raw: key }]);
      assert.strictEqual(outcome.facts?.credential?.source, 'ANTHROPIC_AUTH_TOKEN');
      assert.strictEqual(outcome.facts?.credential?.kind, 'authToken', 'ANTHROPIC_AUTH_TOKEN goes as Authorization: Bearer');
      assert.deepStrictEqual(outcome.evidence?.find((item) => item.label === 'ANTHROPIC_API_KEY'), { label: 'ANTHROPIC_API_KEY', value: 'set but blank: ignored' });
    });

    it('an auth token of any shape is accepted (gateways issue their own)', () => {
      const outcome = judge([{ source: 'ANTHROPIC_AUTH_TOKEN', raw: 'eyJhbGciOi.gateway.token' }]);
      assert.strictEqual(outcome.status, 'pass');
      assert.strictEqual(outcome.facts?.credential?.value, 'eyJhbGciOi.gateway.token');
    });

  });

  describe('no key at all', () => {
    it('fails with "No API key is set." and how to set one, in words that fit every face unless the face gives its own', async () => {
      const report = await runDiagnosis([keyCheck], { ...base, credentials: [apiKeyVar('')] });
      assert.deepStrictEqual(report.verdict, {
        sentence: 'No API key is set.',
        owner: 'you',
        nextStep: 'Create a key in the Claude Console (console.anthropic.com, API keys) and set ANTHROPIC_API_KEY to it.',
        causeCheck: 'key',
      });
      assert.strictEqual(doctorExitCode(report.checks, report.verdict), 1);
      const hinted = judge([], { setKeyHint: 'Run "Claude: Set API Key", or set ANTHROPIC_API_KEY before starting VS Code.' });
      assert.strictEqual(hinted.nextStep, 'Run "Claude: Set API Key", or set ANTHROPIC_API_KEY before starting VS Code.');
      assert.strictEqual(hinted.facts, undefined, 'no credential is handed on');
      assert.deepStrictEqual(hinted.evidence, [{ label: 'ANTHROPIC_API_KEY', value: 'not set' }, { label: 'ANTHROPIC_AUTH_TOKEN', value: 'not set' }], 'where it looked');
    });

    it('a .env that sets a key is named (fingerprint only): the SDKs do not read it themselves', () => {
      const key = realShapedKey();
      const outcome = judge([], { dotEnvKeys: [{ file: '.env', value: key }] });
      assert.strictEqual(outcome.status, 'fail');
      assert.match(outcome.evidence?.find((item) => item.label === '.env')?.value ?? '', new RegExp(`^sets ANTHROPIC_API_KEY \\(sk-ant-api03-…${key.slice(-4)}\\), but the SDKs do not read .env files themselves`));
      assertNoKeyIn(outcome, key);
    });
  });

  describe('keys that cannot work fail, with the reason, and hand nothing on', () => {
    it('an Admin API key', async () => {
      const admin = `sk-ant-admin01-${realShapedKey().slice(13)}`;
      const report = await runDiagnosis([keyCheck], { ...base, credentials: [apiKeyVar(admin)] });
      assert.strictEqual(report.verdict.sentence, `The key in use (sk-ant-admin01-…${admin.slice(-4)}, from the ANTHROPIC_API_KEY environment variable) is an Admin API key: admin keys cannot call the Messages or Models API.`);
      assert.strictEqual(report.verdict.owner, 'you');
      assert.match(report.verdict.nextStep ?? '', /Create a standard API key \(sk-ant-api03-…\)/);
      assert.strictEqual(report.checks[0].summary, `sk-ant-admin01-…${admin.slice(-4)} from the ANTHROPIC_API_KEY environment variable: an Admin API key, which cannot call the API.`);
      assertNoKeyIn(judge([apiKeyVar(admin)]), admin);
    });

    it('whitespace inside the key', () => {
      const key = realShapedKey();
      const broken = `${key.slice(0, 60)}\n${key.slice(60)}`;
      const outcome = judge([{ source: 'secretStorage', raw: broken }]);
      assert.strictEqual(outcome.status, 'fail');
      assert.strictEqual(outcome.cause, `The key from the editor's secret storage (sk-ant-api03-…${key.slice(-4)}) has a space or a line break inside it.`);
      assert.match(outcome.nextStep ?? '', /^Set the key again with "Claude: Set API Key"\./);
      assert.strictEqual(outcome.facts, undefined);
      assertNoKeyIn(outcome, key);
    });

    it('an OAuth token in ANTHROPIC_API_KEY (a subscription login, not an API key); towards a gateway only a warning', () => {
      const token = `sk-ant-oat01-${realShapedKey().slice(13)}`;
      const outcome = judge([apiKeyVar(token)]);
      assert.strictEqual(outcome.status, 'fail');
      assert.strictEqual(outcome.cause, 'The ANTHROPIC_API_KEY environment variable holds a Claude OAuth access token (sk-ant-oat01-…), not an API key: the API does not take it as a key.');
      assert.match(outcome.nextStep ?? '', /a key from the Claude Console/);
      const viaGateway = judge([apiKeyVar(token)], { baseUrl: 'https://llm-gateway.corp.example' });
      assert.strictEqual(viaGateway.status, 'warn');
      assert.ok(viaGateway.facts?.credential, 'a gateway may take it: the checks go on');
      assertNoKeyIn(outcome, token);
    });

    it('nothing but quotes', () => {
      const outcome = judge([apiKeyVar('""')]);
      assert.strictEqual(outcome.status, 'fail');
      assert.strictEqual(outcome.cause, 'The ANTHROPIC_API_KEY environment variable is set but holds no key, only empty quotes.');
    });
  });

  describe('doubts are warnings: the checks go on with the cleaned key', () => {
    it('a line break after the key: the TypeScript SDK trims it, Python sends it', () => {
      const key = realShapedKey();
      const outcome = judge([apiKeyVar(`${key}\n`)]);
      assert.strictEqual(outcome.status, 'warn');
      assert.strictEqual(outcome.cause, "The ANTHROPIC_API_KEY environment variable has a line break after the key: Python's SDK and raw HTTP clients send it as part of the key (the TypeScript SDK trims whitespace).");
      assert.strictEqual(outcome.facts?.credential?.value, key, 'the cleaned key is tested');
      assertNoKeyIn(outcome, key);
    });

    it('quotes around the key: every SDK sends them, and the API rejects that', () => {
      const key = realShapedKey();
      const outcome = judge([apiKeyVar(` "${key}"`)]);
      assert.strictEqual(outcome.status, 'warn');
      assert.strictEqual(outcome.cause, 'The ANTHROPIC_API_KEY environment variable has quotes around the key and a space before the key: the SDKs send that as part of the key, and the API rejects it (401).');
      assert.strictEqual(outcome.facts?.credential?.value, key);
    });

    it('a truncated key, one too long (two run together), one not ending in AA, one with a foreign character', () => {
      const key = realShapedKey();
      const cases: Array<[string, RegExp]> = [
        [key.slice(0, 80), /may not work: it looks truncated: 80 characters, where Claude API keys have 108\.$/],
        [`${key}${key}`, /it is longer than a Claude API key: 216 characters, where they have 108 \(two keys run together\?\)\.$/],
        [`${key.slice(0, -2)}Ab`, /it does not end in AA, as every Claude API key does\.$/],
        [`${key.slice(0, 40)}.${key.slice(41)}`, /it has characters Claude API keys never contain \(only letters, digits, - and _\)\.$/],
      ];
      for (const [raw, cause] of cases) {
        const outcome = judge([apiKeyVar(raw)]);
        assert.strictEqual(outcome.status, 'warn', raw.length.toString());
        assert.match(outcome.cause ?? '', cause);
        assert.match(outcome.summary, /^sk-ant-api03-…\S{4} from the ANTHROPIC_API_KEY environment variable: (looks truncated \(80 of 108 characters\)|too long \(216 of 108 characters\)|does not end in AA|characters keys never contain)\.$/);
        assert.ok(outcome.facts?.credential, 'the API has the last word');
        // (The doubled key holds the public prefix inside it: check for the key it is made of.)
        assertNoKeyIn(outcome, raw.length > 108 ? key : raw);
      }
    });

    it('the exact shape passes, the fake API key included', () => {
      assert.strictEqual(judge([apiKeyVar(realShapedKey())]).status, 'pass');
      assert.strictEqual(judge([apiKeyVar(FAKE_API_KEY)]).status, 'pass');
    });

    it("another prefix: a warning towards Anthropic's host, nothing towards a gateway (its own keys)", () => {
      const outcome = judge([apiKeyVar('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789')]);
      assert.strictEqual(outcome.status, 'warn');
      assert.match(outcome.cause ?? '', /does not look like a Claude API key: they start with sk-ant-api03-\.$/);
      assert.strictEqual(judge([apiKeyVar('gw-key-0123456789abcdef')], { baseUrl: 'http://127.0.0.1:4000' }).status, 'pass');
    });
  });

  describe("a workspace .env with a different key than the one in use", () => {
    it('warns, by fingerprints only; the same key is said to be the same', () => {
      const inUse = realShapedKey();
      const other = realShapedKey();
      const outcome = judge([{ source: 'secretStorage', raw: inUse }], { dotEnvKeys: [{ file: 'app/.env', value: `"${other}"` }, { file: '.env', value: inUse }] });
      assert.strictEqual(outcome.status, 'warn');
      assert.strictEqual(
        outcome.cause,
        `app/.env sets ANTHROPIC_API_KEY to a different key (sk-ant-api03-…${other.slice(-4)}) than the one in use (sk-ant-api03-…${inUse.slice(-4)}, from the editor's secret storage).`,
      );
      assert.match(outcome.nextStep ?? '', /^Programs that load app\/\.env use sk-ant-api03-…\S{4} when ANTHROPIC_API_KEY is not already set/);
      assert.deepStrictEqual(outcome.evidence?.find((item) => item.label === '.env'), { label: '.env', value: `sets ANTHROPIC_API_KEY to the same key (sk-ant-api03-…${inUse.slice(-4)})` });
      assertNoKeyIn(outcome, inUse, other);
    });

    it('compares whole keys: the same last four characters do not make the same key', () => {
      const inUse = realShapedKey();
      const twin = `${realShapedKey().slice(0, -4)}${inUse.slice(-4)}`;
      const outcome = judge([apiKeyVar(inUse)], { dotEnvKeys: [{ file: '.env', value: twin }] });
      assert.strictEqual(outcome.status, 'warn');
      assert.match(outcome.cause ?? '', /\(the same last four characters, but another key\)/);
      assert.deepStrictEqual(judge([apiKeyVar(inUse)], { dotEnvKeys: [{ file: '.env', value: inUse }] }).status, 'pass');
    });

    it('with an auth token in use, any .env key differs: the SDKs prefer ANTHROPIC_API_KEY', () => {
      const outcome = judge([{ source: 'ANTHROPIC_AUTH_TOKEN', raw: 'gateway-token-1234567890' }], { dotEnvKeys: [{ file: '.env', value: realShapedKey() }] });
      assert.strictEqual(outcome.status, 'warn');
      assert.match(outcome.cause ?? '', /which the SDKs prefer to ANTHROPIC_AUTH_TOKEN \(in use: …7890\)\.$/);
    });
  });

  describe('the verdict', () => {
    const authRejected: CheckResult = { id: 'auth', title: 'Authentication', status: 'fail', summary: 'HTTP 401', evidence: [], owner: 'you', cause: 'Your API key was rejected (401).', nextStep: 'Check the key.', durationMs: 5 };
    const keyResult = (outcome: CheckOutcome): CheckResult => ({ id: 'key', title: keyCheck.title, durationMs: 0, evidence: [], ...outcome }) as CheckResult;

    it("a 401 after a doubt about the key's shape names the doubt and its remedy", () => {
      const truncated = realShapedKey().slice(0, 70);
      const key = keyResult(judge([apiKeyVar(truncated)]));
      const verdict = chooseVerdict([key, authRejected], { authAnswer: { status: 401, classification: { kind: 'auth' } as never, receivedAt: 0, latencyMs: 10 } });
      assert.strictEqual(
        verdict.sentence,
        `Your API key was rejected (401). Likely why: The key from the ANTHROPIC_API_KEY environment variable (sk-ant-api03-…${truncated.slice(-4)}) may not work: it looks truncated: 70 characters, where Claude API keys have 108.`,
      );
      assert.match(verdict.nextStep ?? '', /^Copy the whole key again/);
      assert.strictEqual(verdict.owner, 'you');
    });

    it('a 401 with a sound key, or a doubt that cannot explain it (quotes the doctor removed), stays as auth says', () => {
      const facts = { authAnswer: { status: 401, classification: { kind: 'auth' } as never, receivedAt: 0, latencyMs: 10 } };
      for (const raw of [realShapedKey(), `'${realShapedKey()}'`]) {
        const verdict = chooseVerdict([keyResult(judge([apiKeyVar(raw)])), authRejected], facts);
        assert.deepStrictEqual(verdict, { sentence: 'Your API key was rejected (401).', owner: 'you', nextStep: 'Check the key.', causeCheck: 'auth' });
      }
    });

    it('a warning alone: the API answers, with the warning as the one line', async () => {
      const key = realShapedKey();
      const report = await runDiagnosis([keyCheck], { ...base, credentials: [apiKeyVar(`${key}\r\n`)] });
      assert.match(report.verdict.sentence, /^Works: the API answers, with a warning: The ANTHROPIC_API_KEY environment variable has a line break after the key/);
      assert.strictEqual(report.verdict.owner, 'none');
      assert.strictEqual(doctorExitCode(report.checks, report.verdict), 0);
    });
  });
});
