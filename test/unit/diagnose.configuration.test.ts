/// <reference types="mocha" />
// Issue 9, check 2: the configuration. The base URL and where it came from (a gateway is a note, a broken URL a
// failure), the proxy settings and whether they apply to the API host (facts.proxyUrl for the network checks),
// credentials masked, http.proxyStrictSSL off as a warning, and the note on the user's own code, held true
// against the real SDKs on this machine: Python's goes through HTTPS_PROXY (and honours NO_PROXY), the
// TypeScript SDK's fetch does not.
import * as assert from 'assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configurationCheck, judgeConfiguration } from '../../src/diagnose/checks/configuration';
import { runDiagnosis } from '../../src/diagnose/run';
import type { CheckOutcome, DiagnoseInputs, ProxySettings } from '../../src/diagnose/types';
import { doctorExitCode } from '../../src/diagnose/verdict';
import { FAKE_API_KEY } from '../fake-api/server';
import { RecordingProxy } from '../support/recordingProxy';
import { diagnoseInputs } from '../support/diagnoseInputs';

const base = diagnoseInputs();

const judge = (extra: Partial<Pick<DiagnoseInputs, 'baseUrl' | 'baseUrlSource' | 'proxy'>>): CheckOutcome => judgeConfiguration({ ...base, ...extra });
const evidenceOf = (outcome: CheckOutcome): Map<string, string> => new Map(outcome.evidence?.map((item) => [item.label, item.value]));
const notesOf = (outcome: CheckOutcome): string[] => (outcome.evidence ?? []).filter((item) => item.label === 'Note').map((item) => item.value);
const inVsCode = (extra: Partial<ProxySettings> = {}): ProxySettings => ({ vscodeProxy: '', vscodeStrictSSL: true, env: {}, ...extra });

describe('diagnose: the configuration check', () => {
  describe('the base URL', () => {
    it("the default: Anthropic's host, direct", () => {
      const outcome = judge({});
      assert.strictEqual(outcome.status, 'pass');
      assert.strictEqual(outcome.summary, 'https://api.anthropic.com (the default), direct.');
      const evidence = evidenceOf(outcome);
      assert.strictEqual(evidence.get('Base URL'), 'https://api.anthropic.com (the default)');
      assert.strictEqual(evidence.get('Host'), "api.anthropic.com (Anthropic's API)");
      assert.strictEqual(evidence.get('Proxy for api.anthropic.com'), 'none: connects directly');
      assert.deepStrictEqual(outcome.facts, {});
    });

    it('a custom gateway is a note, not a failure, with where the URL came from', () => {
      const outcome = judge({ baseUrl: 'https://llm-gateway.corp.example/anthropic', baseUrlSource: 'ANTHROPIC_BASE_URL' });
      assert.strictEqual(outcome.status, 'pass');
      assert.strictEqual(outcome.summary, "https://llm-gateway.corp.example/anthropic (ANTHROPIC_BASE_URL, not Anthropic's host), direct.");
      assert.match(evidenceOf(outcome).get('Host') ?? '', /a custom gateway, not Anthropic's host/);
      assert.match(evidenceOf(judge({ baseUrl: 'http://127.0.0.1:4000', baseUrlSource: '--base-url' })).get('Host') ?? '', /a server on this machine/);
    });

    it('an invalid URL fails, names its source, and is the verdict; plain http elsewhere and credentials too', async () => {
      const report = await runDiagnosis([configurationCheck], { ...base, baseUrl: 'htps//api.anthropic.com', baseUrlSource: 'ANTHROPIC_BASE_URL' });
      assert.deepStrictEqual(report.verdict, {
        sentence: 'The API base URL from ANTHROPIC_BASE_URL is not a valid URL: htps//api.anthropic.com.',
        owner: 'you',
        nextStep: 'Set ANTHROPIC_BASE_URL to an https URL such as https://api.anthropic.com, or unset it to use the default.',
        causeCheck: 'configuration',
      });
      assert.strictEqual(doctorExitCode(report.checks, report.verdict), 1);

      const plain = judge({ baseUrl: 'http://gateway.corp.example:8080', baseUrlSource: 'setting claudeHealth.apiBaseUrl' });
      assert.strictEqual(plain.status, 'fail');
      assert.match(plain.cause ?? '', /^The API base URL from setting claudeHealth.apiBaseUrl does not use https \(plain http only to this machine: elsewhere the key would cross the network unencrypted\)/);

      const withCredentials = judge({ baseUrl: 'https://bob:hunter2-secret@gateway.corp.example', baseUrlSource: '--base-url' });
      assert.strictEqual(withCredentials.status, 'fail');
      assert.match(withCredentials.cause ?? '', /contains a user name or password/);
      assert.ok(!JSON.stringify(withCredentials).includes('hunter2'), 'the password is masked everywhere');
      assert.match(JSON.stringify(withCredentials), /https:\/\/\*\*\*@gateway\.corp\.example/);
    });

    it('a base URL with /v1 in it warns: the SDKs add /v1 themselves (404)', () => {
      const outcome = judge({ baseUrl: 'https://api.anthropic.com/v1', baseUrlSource: 'ANTHROPIC_BASE_URL' });
      assert.strictEqual(outcome.status, 'warn');
      assert.strictEqual(outcome.cause, 'The API base URL from ANTHROPIC_BASE_URL has /v1 in its path: the SDKs add /v1 themselves, so requests go to /v1/v1/… and get 404.');
      assert.strictEqual(outcome.nextStep, 'Set ANTHROPIC_BASE_URL to the host alone (e.g. https://api.anthropic.com), without /v1.');
      assert.strictEqual(judge({ baseUrl: 'https://gw.example/v1beta' }).status, 'pass', 'only a /v1 segment');
    });
  });

  describe('the proxy settings and whether they apply', () => {
    it('HTTPS_PROXY applies: handed on with its credentials, shown masked, with the note on Node and Python', () => {
      const outcome = judge({ proxy: { env: { HTTPS_PROXY: 'http://alice:pw-9f8e7d@proxy.corp:3128', NO_PROXY: 'localhost,.internal' }, envNames: { HTTPS_PROXY: 'https_proxy' } } });
      assert.strictEqual(outcome.status, 'pass');
      assert.deepStrictEqual(outcome.facts, { proxyUrl: 'http://alice:pw-9f8e7d@proxy.corp:3128' });
      const evidence = evidenceOf(outcome);
      assert.strictEqual(evidence.get('https_proxy'), 'http://***@proxy.corp:3128', 'the name as found');
      assert.strictEqual(evidence.get('NO_PROXY'), 'localhost,.internal');
      assert.strictEqual(evidence.get('Proxy for api.anthropic.com'), 'http://***@proxy.corp:3128 (https_proxy)');
      assert.strictEqual(outcome.summary, 'https://api.anthropic.com (the default), through http://***@proxy.corp:3128 (https_proxy).');
      assert.deepStrictEqual(notesOf(outcome), [
        "The TypeScript SDK's native fetch ignores HTTPS_PROXY unless given a dispatcher (undici's ProxyAgent in fetchOptions), so Node programs connect directly; Python's SDK (httpx) honours HTTPS_PROXY and NO_PROXY",
      ]);
      assert.ok(!JSON.stringify({ ...outcome, facts: undefined }).includes('pw-9f8e7d'), 'the password only in the facts');
      const plainHttp = judge({ baseUrl: 'http://127.0.0.1:4000', proxy: { env: { HTTP_PROXY: 'http://proxy.corp:3128' } } });
      assert.match(notesOf(plainHttp)[0], /native fetch ignores HTTP_PROXY .* honours HTTP_PROXY and NO_PROXY$/, 'the variable for the URL\'s scheme');
    });

    it('a proxy setting that does not apply because of NO_PROXY: direct, and which entry did it', () => {
      const outcome = judge({ proxy: { env: { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost, .anthropic.com' } } });
      assert.strictEqual(outcome.status, 'pass');
      assert.deepStrictEqual(outcome.facts, {});
      assert.strictEqual(evidenceOf(outcome).get('Proxy for api.anthropic.com'), 'direct: http://proxy.corp:3128 (HTTPS_PROXY) is not used, because of NO_PROXY entry ".anthropic.com"');
      assert.strictEqual(outcome.summary, 'https://api.anthropic.com (the default), direct (NO_PROXY entry ".anthropic.com").');
    });

    it('HTTP_PROXY alone does not apply to the https API outside VS Code, and says so', () => {
      const outcome = judge({ proxy: { env: { HTTP_PROXY: 'http://proxy.corp:3128' } } });
      assert.deepStrictEqual(outcome.facts, {});
      assert.deepStrictEqual(notesOf(outcome), ["HTTP_PROXY applies to http:// URLs only (curl, Python's httpx); the API is https, so it is not used: set HTTPS_PROXY if this network needs the proxy"]);
    });

    it("a proxy URL that is no URL fails; a SOCKS proxy or one without a scheme warns", () => {
      const invalid = judge({ proxy: { env: { HTTPS_PROXY: 'http://[proxy.corp:3128' } } });
      assert.strictEqual(invalid.status, 'fail');
      assert.strictEqual(invalid.cause, 'The proxy setting HTTPS_PROXY is not a usable proxy URL (not a URL): http://[proxy.corp:3128.');
      assert.strictEqual(invalid.owner, 'you');

      const socks = judge({ proxy: { env: { ALL_PROXY: 'socks5://127.0.0.1:1080' } } });
      assert.strictEqual(socks.status, 'warn');
      assert.strictEqual(socks.cause, 'The proxy for api.anthropic.com (ALL_PROXY) is a socks5 proxy, which this doctor cannot connect through: its network checks go direct.');
      assert.deepStrictEqual(socks.facts, {});

      const noScheme = judge({ proxy: { env: { HTTPS_PROXY: 'proxy.corp:3128' } } });
      assert.strictEqual(noScheme.status, 'warn');
      assert.strictEqual(noScheme.cause, "The proxy setting HTTPS_PROXY has no scheme (proxy.corp:3128): curl reads it as http://, but Python's httpx refuses it and VS Code ignores it.");
      assert.strictEqual(noScheme.nextStep, 'Write it with its scheme: http://proxy.corp:3128.');
      assert.deepStrictEqual(noScheme.facts, { proxyUrl: 'http://proxy.corp:3128' }, 'as curl reads it');
    });
  });

  describe('in VS Code', () => {
    it("shows http.proxy and http.proxyStrictSSL; the editor's proxy applies first, with the note that it is the editor's alone", () => {
      const outcome = judge({ proxy: inVsCode({ vscodeProxy: 'http://editor-proxy:8080', env: { HTTPS_PROXY: 'http://env-proxy:3128' } }) });
      assert.deepStrictEqual(outcome.facts, { proxyUrl: 'http://editor-proxy:8080' });
      const evidence = evidenceOf(outcome);
      assert.strictEqual(evidence.get('http.proxy'), 'http://editor-proxy:8080');
      assert.strictEqual(evidence.get('http.proxyStrictSSL'), 'on');
      assert.strictEqual(evidence.get('HTTPS_PROXY'), 'http://env-proxy:3128');
      assert.match(notesOf(outcome)[0], /^http.proxy is an editor setting: programs you run outside VS Code use HTTPS_PROXY instead/);
    });

    it('http.proxyStrictSSL off is a warning: certificates go unchecked in the editor', async () => {
      const report = await runDiagnosis([configurationCheck], { ...base, proxy: inVsCode({ vscodeStrictSSL: false }) });
      const check = report.checks[0];
      assert.strictEqual(check.status, 'warn');
      assert.strictEqual(check.cause, "VS Code's http.proxyStrictSSL is off: the editor accepts any TLS certificate, so an intercepting proxy goes unnoticed here while other programs fail on it.");
      assert.match(check.nextStep ?? '', /^Turn http.proxyStrictSSL back on/);
      assert.strictEqual(report.verdict.owner, 'none', 'a warning, not a failure');
    });

    it("no proxy configured: the system proxy may still apply, which this check cannot see; ALL_PROXY is not VS Code's", () => {
      const outcome = judge({ proxy: inVsCode({ env: { ALL_PROXY: 'http://all:3128' } }) });
      assert.match(evidenceOf(outcome).get('Proxy for api.anthropic.com') ?? '', /^none configured \(VS Code may still use the system proxy settings/);
      assert.deepStrictEqual(notesOf(outcome), ['VS Code does not read ALL_PROXY (curl and Python do)']);
    });

    it('HTTP_PROXY serves the https API in the editor, unlike curl and Python: said so', () => {
      const outcome = judge({ proxy: inVsCode({ env: { HTTP_PROXY: 'http://plain:3128' } }) });
      assert.deepStrictEqual(outcome.facts, { proxyUrl: 'http://plain:3128' });
      assert.ok(notesOf(outcome).includes('HTTP_PROXY is used here because VS Code reads it for https too; curl and Python use it only for http:// URLs, so set HTTPS_PROXY for them'));
    });
  });

  describe("the note on the user's own code holds on this machine (the real SDKs, a recording proxy on 127.0.0.1)", function () {
    this.timeout(60_000);
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const python = path.resolve(repoRoot, process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
    let recorder: RecordingProxy;
    before(async function () {
      if (!fs.existsSync(python)) throw new Error(`Python interpreter not found at ${python} (see fakeApi.python.test.ts for how to create it).`);
      recorder = await RecordingProxy.start();
    });
    after(async () => {
      await recorder?.close();
    });

    /** Runs one `models.list()` through an SDK in a child process with only `env`; returns what reached the proxy and the direct server. */
    async function run(sdk: 'python' | 'typescript', baseUrl: string, env: Record<string, string>): Promise<{ proxied: boolean; direct: boolean }> {
      const before = { proxy: recorder.seen.length, direct: recorder.directConnections };
      const [command, args] =
        sdk === 'python'
          ? [python, ['-c', 'import os, anthropic\ntry:\n  anthropic.Anthropic(base_url=os.environ["BASE"], max_retries=0, timeout=5).models.list()\nexcept Exception as e:\n  print(type(e).__name__)']]
          : [process.execPath, ['-e', 'const { Anthropic } = require("@anthropic-ai/sdk"); new Anthropic({ baseURL: process.env.BASE, maxRetries: 0, timeout: 5000 }).models.list().catch((e) => console.log(e.constructor.name));']];
      await new Promise<void>((resolve, reject) => {
        execFile(command, args, { cwd: repoRoot, timeout: 30_000, env: { PATH: process.env.PATH ?? '', ANTHROPIC_API_KEY: FAKE_API_KEY, BASE: baseUrl, ...env } }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${sdk} did not run: ${error.message}\n${stdout}${stderr}`));
          else resolve();
        });
      });
      return { proxied: recorder.seen.length > before.proxy, direct: recorder.directConnections > before.direct };
    }

    it("Python's SDK goes through HTTPS_PROXY and honours NO_PROXY; the TypeScript SDK goes direct", async () => {
      const target = `https://127.0.0.1:${recorder.directPort}`;
      const proxy = { HTTPS_PROXY: recorder.proxyUrl };
      assert.deepStrictEqual(await run('python', target, proxy), { proxied: true, direct: false }, 'Python with HTTPS_PROXY');
      assert.deepStrictEqual(await run('python', target, { ...proxy, NO_PROXY: '127.0.0.1' }), { proxied: false, direct: true }, 'Python with NO_PROXY');
      assert.deepStrictEqual(await run('typescript', target, proxy), { proxied: false, direct: true }, 'TypeScript with HTTPS_PROXY');

      // And the check says exactly that for these settings.
      const outcome = judge({ baseUrl: target, baseUrlSource: 'ANTHROPIC_BASE_URL', proxy: { env: proxy } });
      assert.deepStrictEqual(outcome.facts, { proxyUrl: recorder.proxyUrl });
      assert.match(notesOf(outcome)[0], /TypeScript SDK's native fetch ignores HTTPS_PROXY .* Node programs connect directly; Python's SDK \(httpx\) honours HTTPS_PROXY and NO_PROXY/);
      assert.deepStrictEqual(judge({ baseUrl: target, proxy: { env: { ...proxy, NO_PROXY: '127.0.0.1' } } }).facts, {});
    });
  });
});
