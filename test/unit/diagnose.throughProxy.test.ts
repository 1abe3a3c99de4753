/// <reference types="mocha" />
// Issue 9: the whole doctor (every check, all real) the way a corporate network runs it: HTTPS_PROXY set,
// api.anthropic.com reached only through the proxy's CONNECT tunnel, TLS to it. The local proxy sends the
// tunnel for api.anthropic.com:443 to a TLS front of the fake API (a test CA trusted as NODE_EXTRA_CA_CERTS
// would), or to an intercepting TLS server with a "Zscaler Root CA" certificate. Nothing leaves 127.0.0.1.
import * as assert from 'assert';
import { randomBytes } from 'node:crypto';
import { diagnosisChecks } from '../../src/diagnose/checks';
import { runDiagnosis } from '../../src/diagnose/run';
import type { DiagnoseInputs } from '../../src/diagnose/types';
import { doctorExitCode } from '../../src/diagnose/verdict';
import { FakeClaudeApi } from '../fake-api/server';
import { makeTestPki, openSocketCount, startConnectProxy, startTlsServer, type LocalServer, type TestPki } from '../support/netServers';
import { diagnoseInputs } from '../support/diagnoseInputs';

const KEY = `sk-ant-api03-${randomBytes(70).toString('base64url').slice(0, 93)}AA`;

describe('diagnose: the whole doctor through an HTTP CONNECT proxy (HTTPS_PROXY)', function () {
  this.timeout(20_000);
  let pki: TestPki;
  let api: FakeClaudeApi;
  const servers: LocalServer[] = [];
  const serve = <T extends LocalServer>(server: T): T => (servers.push(server), server);

  before(async () => {
    pki = makeTestPki();
    api = await FakeClaudeApi.start({ apiKeys: [KEY] });
  });
  after(async () => {
    await api.close();
    pki.dispose();
  });
  afterEach(async () => {
    api.reset();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const inputs = (proxyPort: number): DiagnoseInputs =>
    diagnoseInputs({
      credentials: [{ source: 'ANTHROPIC_API_KEY', raw: KEY }],
      // http://: HTTPS_PROXY does not apply to it, so the status page is fetched directly.
      statusPageUrl: api.url,
      proxy: { env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` } },
      models: [{ id: 'claude-sonnet-4-6', where: 'app.py:1' }],
      timeoutMs: 3_000,
    });
  /** Tests never use the system resolver: only the proxy's host (an IP) is ever connected to. */
  const lookup = async (hostname: string): Promise<never> => {
    throw new Error(`test bug: looked up ${hostname}`);
  };

  it('healthy: every layer passes through the tunnel, the API requests go the same way, and nothing stays open', async () => {
    const socketsBefore = openSocketCount();
    const front = serve(await startTlsServer(pki.trusted, { forwardTo: Number(new URL(api.url).port) }));
    const proxy = serve(await startConnectProxy({ routes: { 'api.anthropic.com:443': front.port } }));
    const report = await runDiagnosis(diagnosisChecks, inputs(proxy.port), { lookup, extraCaCertificates: [pki.testCa] });
    const failures = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
    assert.deepStrictEqual(failures.map((c) => `${c.id}: ${c.summary}`), []);
    assert.match(report.verdict.sentence, /^All good: \d+ ms to the API\.$/);
    assert.strictEqual(doctorExitCode(report.checks, report.verdict), 0);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    assert.match(byId.get('connect')?.summary ?? '', /opened a tunnel to api\.anthropic\.com:443/);
    assert.strictEqual(byId.get('tls')?.status, 'pass');
    assert.ok(proxy.connects.length >= 3 && proxy.connects.every((c) => c.authority === 'api.anthropic.com:443'), `connect, tls and the API requests tunnelled: ${JSON.stringify(proxy.connects)}`);
    assert.ok(api.requestsFor('models').length >= 1, 'GET /v1/models reached the fake through proxy and TLS');
    assert.ok(api.requestsFor('count_tokens').length >= 1, 'the model check too');
    assert.ok(!JSON.stringify(report).includes(KEY.slice(13)), 'the key is not in the report');
    await Promise.all([proxy.idle(), front.idle()]);
    const deadline = Date.now() + 1_000;
    while (openSocketCount() > socketsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(openSocketCount() <= socketsBefore, 'no socket left open in this process');
  });

  it('an intercepting proxy: the TLS verdict, and the API checks are skipped, not failed again', async () => {
    const interceptor = serve(await startTlsServer(pki.intercepted, { chain: [pki.interceptionCa] }));
    const proxy = serve(await startConnectProxy({ routes: { 'api.anthropic.com:443': interceptor.port } }));
    const report = await runDiagnosis(diagnosisChecks, inputs(proxy.port), { lookup });
    assert.strictEqual(report.verdict.sentence, 'A TLS-intercepting proxy (issuer: Zscaler Root CA) sits between you and api.anthropic.com.');
    assert.strictEqual(report.verdict.owner, 'network');
    assert.strictEqual(doctorExitCode(report.checks, report.verdict), 1);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    assert.strictEqual(byId.get('auth')?.skippedBecause, 'TLS did not pass');
    assert.strictEqual(byId.get('models')?.status, 'skipped');
    assert.strictEqual(api.requestsFor('models').length, 0);
    await Promise.all([proxy.idle(), interceptor.idle()]);
  });
});
