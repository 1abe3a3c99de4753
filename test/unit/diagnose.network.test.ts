/// <reference types="mocha" />
// Issue 9, check 3 (Network): dns → connect → tls against real sockets on 127.0.0.1 — a local DNS server,
// refused ports, HTTP CONNECT proxies, TLS servers with openssl-made certificates. Each failure class gives
// its verdict sentence, owner and next step; what builds on a failure is skipped; nothing waits past the
// timeout; and every socket a check opened is closed (the servers see their connections end).
import * as assert from 'assert';
import * as net from 'node:net';
import { configurationCheck } from '../../src/diagnose/checks/configuration';
import { connectCheck } from '../../src/diagnose/checks/connect';
import { dnsCheck } from '../../src/diagnose/checks/dns';
import { tlsCheck } from '../../src/diagnose/checks/tls';
import { runDiagnosis } from '../../src/diagnose/run';
import type { CheckId, CheckResult, DiagnoseDependencies, DiagnoseInputs, DiagnosisCheck, DiagnosisReport } from '../../src/diagnose/types';
import {
  localResolverLookup,
  makeTestPki,
  openSocketCount,
  refusedPort,
  startBlackholePort,
  startConnectProxy,
  startDnsServer,
  startPlainHttpServer,
  startSilentServer,
  startTlsServer,
  type LocalServer,
  type TestPki,
} from '../support/netServers';
import { diagnoseInputs } from '../support/diagnoseInputs';

const baseInputs = diagnoseInputs({ timeoutMs: 2_000 });

/** Tests never use the system resolver: a lookup that is not a local DNS server's fails loudly. */
const noOutsideDns = async (hostname: string): Promise<never> => {
  throw new Error(`test bug: looked up ${hostname} outside the local DNS server`);
};

/**
 * Stands in for the local helper's configuration check (not part of this branch): it hands the network
 * checks the proxy that applies, as `facts.proxyUrl`, the one thing they read from it.
 */
function proxyFacts(proxyUrl: string | undefined): DiagnosisCheck {
  return { id: 'configuration', title: 'Configuration', needs: [], run: async () => ({ status: 'pass', summary: 'test stand-in', ...(proxyUrl && { facts: { proxyUrl } }) }) };
}

const networkChecks = [dnsCheck, connectCheck, tlsCheck];

async function diagnose(inputs: Partial<DiagnoseInputs>, options: { proxyUrl?: string } & DiagnoseDependencies = {}): Promise<DiagnosisReport & { byId: Map<CheckId, CheckResult>; elapsedMs: number }> {
  const { proxyUrl, ...dependencies } = options;
  const started = Date.now();
  const report = await runDiagnosis([proxyFacts(proxyUrl), ...networkChecks], { ...baseInputs, ...inputs }, { lookup: noOutsideDns, ...dependencies });
  return Object.assign(report, { byId: new Map(report.checks.map((c) => [c.id, c])), elapsedMs: Date.now() - started });
}

function evidenceOf(result: CheckResult | undefined): string {
  return (result?.evidence ?? []).map((e) => `${e.label}: ${e.value}`).join('\n');
}

/** Every connection the checks made has ended, at the servers and in this process. */
async function assertAllClosed(servers: LocalServer[], socketsBefore: number): Promise<void> {
  await Promise.all(servers.map((server) => server.idle()));
  const deadline = Date.now() + 1_000;
  while (openSocketCount() > socketsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(openSocketCount() <= socketsBefore, `${openSocketCount() - socketsBefore} socket(s) left open`);
}

describe('diagnose: network checks (dns → connect → tls)', function () {
  this.timeout(15_000);
  let pki: TestPki;
  const servers: LocalServer[] = [];
  let socketsBefore: number;
  const serve = <T extends LocalServer>(server: T): T => (servers.push(server), server);

  before(() => {
    pki = makeTestPki();
  });
  after(() => pki.dispose());
  beforeEach(() => {
    socketsBefore = openSocketCount();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  describe('DNS', () => {
    it('an unresolvable host (NXDOMAIN from a local DNS server) fails fast with the cause, and skips what builds on it', async () => {
      const dnsServer = await startDnsServer();
      const lookup = localResolverLookup(dnsServer.port);
      try {
        const report = await diagnose({}, { lookup });
        const dns = report.byId.get('dns');
        assert.strictEqual(dns?.status, 'fail');
        assert.deepStrictEqual(
          { sentence: report.verdict.sentence, owner: report.verdict.owner, causeCheck: report.verdict.causeCheck },
          { sentence: 'DNS lookup of api.anthropic.com fails on this network.', owner: 'network', causeCheck: 'dns' },
        );
        assert.match(report.verdict.nextStep ?? '', /nslookup api\.anthropic\.com/);
        assert.match(evidenceOf(dns), /ENOTFOUND \(the name does not exist/);
        assert.deepStrictEqual([report.byId.get('connect')?.skippedBecause, report.byId.get('tls')?.skippedBecause], ['DNS did not pass', 'Connection did not pass']);
        assert.ok(dnsServer.queries.some((q) => q.name === 'api.anthropic.com'), 'the local DNS server was asked');
        assert.ok(report.elapsedMs < 1_000, `took ${report.elapsedMs} ms`);
      } finally {
        lookup.cancel();
        await dnsServer.close();
      }
    });

    it('a DNS server that never answers: the check ends at the timeout, not the resolver’s own', async () => {
      const dnsServer = await startDnsServer({ silent: ['api.anthropic.com'] });
      const lookup = localResolverLookup(dnsServer.port, { timeoutMs: 10_000 });
      try {
        const report = await diagnose({ timeoutMs: 300 }, { lookup });
        assert.strictEqual(report.byId.get('dns')?.status, 'fail');
        assert.strictEqual(report.verdict.sentence, 'DNS lookup of api.anthropic.com gets no answer within 300 ms on this network.');
        assert.strictEqual(report.verdict.owner, 'network');
        assert.ok(report.elapsedMs >= 290 && report.elapsedMs < 1_000, `took ${report.elapsedMs} ms`);
      } finally {
        lookup.cancel();
        await dnsServer.close();
      }
    });

    it('a resolved host: time, addresses and their family, then the chain goes on to them', async () => {
      const tlsServer = serve(await startTlsServer(pki.trusted));
      const dnsServer = await startDnsServer({ a: { 'gateway.test': ['127.0.0.1'] } });
      const lookup = localResolverLookup(dnsServer.port);
      try {
        const report = await diagnose({ baseUrl: `https://gateway.test:${tlsServer.port}` }, { lookup, extraCaCertificates: [pki.testCa] });
        const dns = report.byId.get('dns');
        assert.strictEqual(dns?.status, 'pass');
        assert.match(dns?.summary ?? '', /^gateway\.test → 127\.0\.0\.1 \(IPv4\) in \d+ ms\.$/);
        assert.match(evidenceOf(dns), /Families: IPv4\n/);
        assert.strictEqual(report.byId.get('connect')?.status, 'pass');
        // The certificate is for localhost, not gateway.test: proves TLS checks the name asked for.
        assert.strictEqual(report.byId.get('tls')?.status, 'fail');
        assert.match(report.verdict.sentence, /is for other names \(localhost, 127\.0\.0\.1, api\.anthropic\.com\), not gateway\.test\./);
        await assertAllClosed([tlsServer], socketsBefore);
      } finally {
        lookup.cancel();
        await dnsServer.close();
      }
    });

    it('an IP address is not looked up', async () => {
      const tlsServer = serve(await startTlsServer(pki.trusted));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${tlsServer.port}` }, { extraCaCertificates: [pki.testCa] });
      assert.strictEqual(report.byId.get('dns')?.summary, '127.0.0.1 is an IP address: no lookup needed.');
      assert.deepStrictEqual(report.checks.map((c) => c.status), ['pass', 'pass', 'pass', 'pass']);
    });

    it('through a proxy, the proxy’s host is resolved here and the API host by the proxy', async () => {
      const dnsServer = await startDnsServer({ a: { 'proxy.test': ['127.0.0.1'] } });
      const lookup = localResolverLookup(dnsServer.port);
      const proxy = serve(await startConnectProxy({ behaviour: 403 }));
      try {
        const report = await diagnose({}, { lookup, proxyUrl: `http://proxy.test:${proxy.port}` });
        assert.match(report.byId.get('dns')?.summary ?? '', /^proxy\.test → 127\.0\.0\.1 \(IPv4\) in \d+ ms; the proxy resolves api\.anthropic\.com itself\.$/);
        assert.deepStrictEqual([...new Set(dnsServer.queries.map((q) => q.name))], ['proxy.test'], 'api.anthropic.com is never looked up here');
      } finally {
        lookup.cancel();
        await dnsServer.close();
      }
    });
  });

  describe('Connect', () => {
    it('connection refused: the cause, owner network, and TLS skipped', async () => {
      const port = await refusedPort();
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${port}` });
      assert.strictEqual(report.byId.get('connect')?.status, 'fail');
      assert.strictEqual(report.verdict.sentence, `Nothing accepts connections at 127.0.0.1:${port}: the server behind the base URL is not running there, or a firewall rejects the connection.`);
      assert.strictEqual(report.verdict.owner, 'network');
      assert.match(report.verdict.nextStep ?? '', /port in the base URL/);
      assert.match(evidenceOf(report.byId.get('connect')), /ECONNREFUSED \(connection refused/);
      assert.strictEqual(report.byId.get('tls')?.skippedBecause, 'Connection did not pass');
    });

    it('a connection that hangs (packets dropped): fails at the timeout with the cause', async () => {
      const blackhole = await startBlackholePort();
      try {
        const report = await diagnose({ baseUrl: `https://127.0.0.1:${blackhole.port}`, timeoutMs: 300 });
        assert.strictEqual(report.verdict.sentence, `Connections to 127.0.0.1:${blackhole.port} get no answer: a firewall drops them, or the host is down.`);
        assert.strictEqual(report.verdict.owner, 'network');
        assert.ok(report.elapsedMs >= 290 && report.elapsedMs < 1_500, `took ${report.elapsedMs} ms`);
        assert.strictEqual(report.byId.get('tls')?.skippedBecause, 'Connection did not pass');
        await assertAllClosed([], socketsBefore);
      } finally {
        await blackhole.close();
      }
    });

    it('an address that hangs is given up after 1 s when another is left', async () => {
      const blackhole = await startBlackholePort();
      // The same port on another loopback address, where a server does answer.
      const server = net.createServer((socket) => socket.resume());
      await new Promise<void>((resolve) => server.listen(blackhole.port, '127.0.0.2', resolve));
      try {
        const report = await diagnose({ baseUrl: `http://gateway.test:${blackhole.port}`, timeoutMs: 5_000 }, { lookup: async () => [{ address: '127.0.0.1', family: 4 }, { address: '127.0.0.2', family: 4 }] });
        const connect = report.byId.get('connect');
        assert.strictEqual(connect?.status, 'pass', connect?.summary);
        assert.match(connect?.summary ?? '', new RegExp(`^TCP connection to 127\\.0\\.0\\.2:${blackhole.port} in`));
        assert.match(evidenceOf(connect), /Tried first: 127\.0\.0\.1 \(IPv4\): TIMEOUT \(no answer/);
        assert.ok(report.elapsedMs >= 990 && report.elapsedMs < 2_500, `took ${report.elapsedMs} ms`);
      } finally {
        await new Promise((resolve) => server.close(resolve));
        await blackhole.close();
      }
    });

    it('a proxy whose connections hang', async () => {
      const blackhole = await startBlackholePort();
      try {
        const report = await diagnose({ timeoutMs: 300 }, { proxyUrl: `http://127.0.0.1:${blackhole.port}` });
        assert.strictEqual(report.verdict.sentence, `The proxy 127.0.0.1:${blackhole.port} does not answer connections.`);
        assert.ok(report.elapsedMs < 1_500, `took ${report.elapsedMs} ms`);
      } finally {
        await blackhole.close();
      }
    });

    it('a direct connection: its time and address', async () => {
      const silent = serve(await startSilentServer());
      const report = await diagnose({ baseUrl: `http://127.0.0.1:${silent.port}` });
      const connect = report.byId.get('connect');
      assert.strictEqual(connect?.status, 'pass');
      assert.match(connect?.summary ?? '', new RegExp(`^TCP connection to 127\\.0\\.0\\.1:${silent.port} in \\d+ ms\\.$`));
      assert.strictEqual(report.byId.get('tls')?.status, 'skipped');
      assert.strictEqual(report.byId.get('tls')?.skippedBecause, 'the base URL uses plain http, so there is no TLS');
      await assertAllClosed([silent], socketsBefore);
    });

    it('an address that refuses is passed over for the next one, and shown', async () => {
      const server = serve(await startSilentServer());
      // The server listens on 127.0.0.1 only: ::1 refuses, as an unreachable IPv6 would fail.
      const report = await diagnose({ baseUrl: `http://gateway.test:${server.port}` }, { lookup: async () => [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }] });
      const connect = report.byId.get('connect');
      assert.strictEqual(connect?.status, 'pass');
      assert.match(connect?.summary ?? '', new RegExp(`^TCP connection to 127\\.0\\.0\\.1:${server.port} in \\d+ ms\\.$`));
      assert.match(evidenceOf(connect), /Tried first: ::1 \(IPv6\): ECONNREFUSED/);
      await assertAllClosed([server], socketsBefore);
    });

    it('when every address fails, the last one’s reason is the cause', async () => {
      const port = await refusedPort();
      const report = await diagnose({ baseUrl: `http://gateway.test:${port}` }, { lookup: async () => [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }] });
      assert.strictEqual(report.verdict.sentence, `Nothing accepts connections at gateway.test:${port}: the server behind the base URL is not running there, or a firewall rejects the connection.`);
      assert.match(evidenceOf(report.byId.get('connect')), new RegExp(`Attempt: \\[::1\\]:${port} \\(IPv6\\): ECONNREFUSED[^\\n]*\\nAttempt: 127\\.0\\.0\\.1:${port} \\(IPv4\\): ECONNREFUSED`));
    });

    it('a CONNECT proxy that works: TCP to the proxy, the tunnel to the API host, and TLS through it', async () => {
      const api = serve(await startTlsServer(pki.trusted));
      const proxy = serve(await startConnectProxy({ routes: { 'api.anthropic.com:443': api.port } }));
      const report = await diagnose({}, { proxyUrl: `http://127.0.0.1:${proxy.port}`, extraCaCertificates: [pki.testCa] });
      assert.deepStrictEqual(report.checks.map((c) => [c.id, c.status]), [['configuration', 'pass'], ['dns', 'pass'], ['connect', 'pass'], ['tls', 'pass']]);
      assert.match(report.byId.get('connect')?.summary ?? '', new RegExp(`^Proxy 127\\.0\\.0\\.1:${proxy.port} connected in \\d+ ms and opened a tunnel to api\\.anthropic\\.com:443 in \\d+ ms\\.$`));
      assert.match(evidenceOf(report.byId.get('connect')), /Tunnel: CONNECT api\.anthropic\.com:443 → HTTP 200 Connection Established/);
      assert.match(evidenceOf(report.byId.get('tls')), /Path: through the proxy’s tunnel/);
      assert.deepStrictEqual(proxy.connects.map((c) => c.authority), ['api.anthropic.com:443', 'api.anthropic.com:443'], 'connect and tls each tunnelled once');
      assert.strictEqual(report.verdict.owner, 'none');
      await assertAllClosed([api, proxy], socketsBefore);
    });

    it('a proxy that blocks the host by policy (403)', async () => {
      const proxy = serve(await startConnectProxy({ behaviour: 403 }));
      const report = await diagnose({}, { proxyUrl: `http://127.0.0.1:${proxy.port}` });
      assert.strictEqual(report.verdict.sentence, `The proxy 127.0.0.1:${proxy.port} blocks api.anthropic.com by policy (HTTP 403).`);
      assert.strictEqual(report.verdict.owner, 'network');
      assert.match(report.verdict.nextStep ?? '', /allow api\.anthropic\.com:443 through the proxy/);
      assert.strictEqual(report.byId.get('tls')?.skippedBecause, 'Connection did not pass');
      await assertAllClosed([proxy], socketsBefore);
    });

    it('a proxy that wants credentials (407): without them, with wrong ones, and with the right ones (never shown)', async () => {
      const api = serve(await startTlsServer(pki.trusted));
      const proxy = serve(await startConnectProxy({ credentials: 'alice:s3cret-proxy-pass', routes: { 'api.anthropic.com:443': api.port } }));
      const none = await diagnose({}, { proxyUrl: `http://127.0.0.1:${proxy.port}` });
      assert.strictEqual(none.verdict.sentence, `The proxy 127.0.0.1:${proxy.port} requires authentication (HTTP 407).`);
      assert.match(evidenceOf(none.byId.get('connect')), /Proxy asks for: Basic/);
      const wrong = await diagnose({}, { proxyUrl: `http://alice:nope@127.0.0.1:${proxy.port}` });
      assert.strictEqual(wrong.verdict.sentence, `The proxy 127.0.0.1:${proxy.port} rejects the credentials in the proxy URL (HTTP 407).`);
      const right = await diagnose({}, { proxyUrl: `http://alice:s3cret-proxy-pass@127.0.0.1:${proxy.port}`, extraCaCertificates: [pki.testCa] });
      assert.deepStrictEqual(right.checks.map((c) => c.status), ['pass', 'pass', 'pass', 'pass']);
      assert.match(evidenceOf(right.byId.get('connect')), /Proxy credentials sent: yes/);
      for (const report of [none, wrong, right]) assert.ok(!JSON.stringify(report).includes('s3cret') && !JSON.stringify(report).includes('nope'), 'no proxy password in the report');
      await assertAllClosed([api, proxy], socketsBefore);
    });

    it('a proxy that refuses the connection (nothing listens at its port)', async () => {
      const port = await refusedPort();
      const report = await diagnose({}, { proxyUrl: `http://127.0.0.1:${port}` });
      assert.strictEqual(report.verdict.sentence, `The proxy 127.0.0.1:${port} refuses connections: nothing listens there.`);
      assert.strictEqual(report.verdict.owner, 'network');
      assert.match(report.verdict.nextStep ?? '', /HTTPS_PROXY or VS Code’s http\.proxy/);
    });

    it('a proxy that accepts and never answers CONNECT: fails at the timeout and closes the connection', async () => {
      const proxy = serve(await startConnectProxy({ behaviour: 'silent' }));
      const report = await diagnose({ timeoutMs: 300 }, { proxyUrl: `http://127.0.0.1:${proxy.port}` });
      assert.strictEqual(report.verdict.sentence, `The proxy 127.0.0.1:${proxy.port} accepts connections but does not answer a tunnel request.`);
      assert.ok(report.elapsedMs >= 290 && report.elapsedMs < 1_500, `took ${report.elapsedMs} ms`);
      await assertAllClosed([proxy], socketsBefore);
    });

    it('a proxy URL that is not an HTTP proxy (SOCKS) is named, not tried', async () => {
      const report = await diagnose({}, { proxyUrl: 'socks5://127.0.0.1:1080' });
      assert.match(report.verdict.sentence, /^The proxy socks5:\/\/127\.0\.0\.1:1080 is not an HTTP proxy/);
      assert.strictEqual(report.verdict.owner, 'you');
    });
  });

  describe('TLS', () => {
    it('a self-signed certificate: DEPTH_ZERO_SELF_SIGNED_CERT with its subject', async () => {
      const server = serve(await startTlsServer(pki.selfSigned));
      const report = await diagnose({ baseUrl: `https://localhost:${server.port}` }, { lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
      const result = report.byId.get('tls');
      assert.strictEqual(result?.status, 'fail');
      assert.strictEqual(report.verdict.sentence, `localhost:${server.port} presents a self-signed certificate (CN=localhost), which no client trusts.`);
      assert.strictEqual(report.verdict.owner, 'network');
      assert.match(report.verdict.nextStep ?? '', /NODE_EXTRA_CA_CERTS/);
      assert.match(evidenceOf(result), /Verification: failed: DEPTH_ZERO_SELF_SIGNED_CERT/);
      await assertAllClosed([server], socketsBefore);
    });

    it('an intercepting proxy’s CA (issuer "Zscaler Root CA") in front of api.anthropic.com: the issue’s verdict and remedies', async () => {
      // What a TLS-inspecting proxy does: it answers the tunnel itself, with a certificate for the host minted by its own CA.
      const interceptor = serve(await startTlsServer(pki.intercepted, { chain: [pki.interceptionCa] }));
      const proxy = serve(await startConnectProxy({ routes: { 'api.anthropic.com:443': interceptor.port } }));
      const report = await diagnose({}, { proxyUrl: `http://127.0.0.1:${proxy.port}` });
      assert.strictEqual(report.verdict.sentence, 'A TLS-intercepting proxy (issuer: Zscaler Root CA) sits between you and api.anthropic.com.');
      assert.strictEqual(report.verdict.owner, 'network');
      assert.strictEqual(report.verdict.causeCheck, 'tls');
      for (const remedy of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'allow-list api.anthropic.com']) assert.ok(report.verdict.nextStep?.includes(remedy), `next step names ${remedy}`);
      const evidence = evidenceOf(report.byId.get('tls'));
      assert.match(evidence, /SELF_SIGNED_CERT_IN_CHAIN/);
      assert.match(evidence, /Issuer: CN=Zscaler Root CA, O=Zscaler Inc\./);
      assert.match(evidence, /Issuer is a public CA: no/);
      await assertAllClosed([interceptor, proxy], socketsBefore);
    });

    it('the same interception directly (leaf only: UNABLE_TO_VERIFY_LEAF_SIGNATURE), known by the issuer’s name on any host', async () => {
      const interceptor = serve(await startTlsServer(pki.intercepted));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${interceptor.port}` });
      assert.strictEqual(report.verdict.sentence, 'A TLS-intercepting proxy (issuer: Zscaler Root CA) sits between you and 127.0.0.1.');
      assert.match(evidenceOf(report.byId.get('tls')), /UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    });

    it('trusting that CA (as NODE_EXTRA_CA_CERTS would) makes the same server pass', async () => {
      const interceptor = serve(await startTlsServer(pki.intercepted, { chain: [pki.interceptionCa] }));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${interceptor.port}` }, { extraCaCertificates: [pki.interceptionCa] });
      const result = report.byId.get('tls');
      assert.strictEqual(result?.status, 'pass', result?.summary);
      assert.match(result?.summary ?? '', /^TLSv1\.3 in \d+ ms; certificate for CN=localhost from Zscaler Root CA, valid until \d{4}-\d{2}-\d{2}\.$/);
      assert.match(evidenceOf(result), /Names \(SAN\): localhost, 127\.0\.0\.1, api\.anthropic\.com/);
    });

    it('a private CA on a custom gateway is not called an interception', async () => {
      const server = serve(await startTlsServer(pki.trusted));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${server.port}` });
      assert.strictEqual(report.verdict.sentence, `The certificate of 127.0.0.1:${server.port} is issued by a CA this machine does not trust (issuer: Claude Health Test CA): a private CA, or a TLS-intercepting proxy.`);
      assert.match(report.verdict.nextStep ?? '', /NODE_EXTRA_CA_CERTS.*SSL_CERT_FILE or REQUESTS_CA_BUNDLE/);
    });

    it('an expired certificate: CERT_HAS_EXPIRED with its end date', async () => {
      const server = serve(await startTlsServer(pki.expired));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${server.port}` }, { extraCaCertificates: [pki.testCa] });
      assert.strictEqual(report.verdict.sentence, `The certificate of 127.0.0.1:${server.port} expired on 2024-02-01 (issuer: Claude Health Test CA).`);
      assert.strictEqual(report.verdict.owner, 'network');
      assert.match(report.verdict.nextStep ?? '', /clock/);
      assert.match(evidenceOf(report.byId.get('tls')), /Valid: 2024-01-01 to 2024-02-01/);
    });

    it('a certificate near its expiry is a warning, not a failure', async () => {
      const server = serve(await startTlsServer(pki.nearExpiry));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${server.port}` }, { extraCaCertificates: [pki.testCa] });
      const result = report.byId.get('tls');
      assert.strictEqual(result?.status, 'warn');
      assert.match(result?.cause ?? '', new RegExp(`^The certificate of 127\\.0\\.0\\.1:${server.port} expires in [23] days \\(\\d{4}-\\d{2}-\\d{2}\\)\\.$`));
      assert.strictEqual(report.verdict.owner, 'none');
    });

    it('a hostname mismatch: ERR_TLS_CERT_ALTNAME_INVALID with the names the certificate has', async () => {
      const server = serve(await startTlsServer(pki.wrongName));
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${server.port}` }, { extraCaCertificates: [pki.testCa] });
      assert.strictEqual(report.verdict.sentence, `The certificate of 127.0.0.1:${server.port} is for other names (other.example), not 127.0.0.1.`);
      assert.strictEqual(report.verdict.owner, 'you');
      assert.match(evidenceOf(report.byId.get('tls')), /ERR_TLS_CERT_ALTNAME_INVALID/);
    });

    it('a handshake that hangs: fails at the timeout, and the connection is closed', async () => {
      const silent = serve(await startSilentServer());
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${silent.port}`, timeoutMs: 300 });
      assert.strictEqual(report.byId.get('connect')?.status, 'pass');
      assert.strictEqual(report.verdict.sentence, `The TLS handshake with 127.0.0.1:${silent.port} hangs: something on the path accepts the connection but does not answer TLS.`);
      assert.strictEqual(report.verdict.owner, 'network');
      assert.ok(report.elapsedMs >= 290 && report.elapsedMs < 1_500, `took ${report.elapsedMs} ms`);
      await assertAllClosed([silent], socketsBefore);
    });

    it('plain HTTP behind an https:// base URL', async () => {
      const server = serve(await startPlainHttpServer());
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${server.port}` });
      assert.strictEqual(report.verdict.sentence, `127.0.0.1:${server.port} does not speak TLS: something answers there in plain text.`);
      assert.strictEqual(report.verdict.owner, 'you');
      await assertAllClosed([server], socketsBefore);
    });

    it('cancelling during a handshake ends the run at once and closes the connection', async () => {
      const silent = serve(await startSilentServer());
      const controller = new AbortController();
      const running = diagnose({ baseUrl: `https://127.0.0.1:${silent.port}`, timeoutMs: 10_000 }, { signal: controller.signal });
      while (silent.accepted < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      const report = await running;
      assert.strictEqual(report.cancelled, true);
      assert.strictEqual(report.byId.get('tls')?.skippedBecause, 'cancelled');
      assert.ok(report.elapsedMs < 1_000, `took ${report.elapsedMs} ms`);
      await assertAllClosed([silent], socketsBefore);
    });
  });
  describe('with the configuration check deciding the proxy (HTTPS_PROXY, NO_PROXY)', () => {
    async function viaConfiguration(env: DiagnoseInputs['proxy']['env'], port: number, lookup: DiagnoseDependencies['lookup']) {
      return runDiagnosis([configurationCheck, ...networkChecks], { ...baseInputs, baseUrl: `https://localhost:${port}`, baseUrlSource: 'ANTHROPIC_BASE_URL', proxy: { env } }, { lookup, extraCaCertificates: [pki.testCa] });
    }

    it('a proxy setting that NO_PROXY excludes is not used: the checks connect directly and the proxy sees nothing', async () => {
      const api = serve(await startTlsServer(pki.trusted));
      const proxy = serve(await startConnectProxy({ behaviour: 403 }));
      const dnsServer = await startDnsServer({ a: { localhost: ['127.0.0.1'] } });
      const lookup = localResolverLookup(dnsServer.port);
      try {
        const bypassed = await viaConfiguration({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: 'example.org,localhost' }, api.port, lookup);
        assert.deepStrictEqual(bypassed.checks.map((c) => [c.id, c.status]), [['configuration', 'pass'], ['dns', 'pass'], ['connect', 'pass'], ['tls', 'pass']]);
        assert.match(bypassed.checks[2].summary, new RegExp(`^TCP connection to 127\\.0\\.0\\.1:${api.port} in`));
        assert.strictEqual(proxy.accepted, 0, 'the excluded proxy was never contacted');
        assert.deepStrictEqual([...new Set(dnsServer.queries.map((q) => q.name))], ['localhost'], 'the API host was resolved here');

        // The same setting without the exclusion: the proxy applies, and its refusal is the verdict.
        const proxied = await viaConfiguration({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }, api.port, lookup);
        assert.strictEqual(proxied.verdict.sentence, `The proxy 127.0.0.1:${proxy.port} blocks localhost by policy (HTTP 403).`);
        assert.strictEqual(proxy.accepted, 1);
        await assertAllClosed([api, proxy], socketsBefore);
      } finally {
        lookup.cancel();
        await dnsServer.close();
      }
    });
  });
});
