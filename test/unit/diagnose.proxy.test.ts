/// <reference types="mocha" />
// Issue 9, check 2's core: which proxy applies to the API host. NO_PROXY matching and the choice of variable by
// scheme are held against the real curl on this machine (a local proxy records what reaches it; nothing leaves
// 127.0.0.1); VS Code's own rules (from @vscode/proxy-agent) and the additions beyond curl are asserted directly.
import * as assert from 'assert';
import { execFile } from 'node:child_process';
import { matchNoProxy, maskProxyUrl, proxyForUrl, proxyUrlOf, readProxyEnvironment, splitNoProxy } from '../../src/diagnose/proxy';
import type { ProxySettings } from '../../src/diagnose/types';
import { RecordingProxy } from '../support/recordingProxy';

/** Runs curl once against `url` with only `env` (and PATH); returns whether the request reached the proxy. */
async function curlGoesThroughProxy(recorder: RecordingProxy, url: string, env: Record<string, string>, resolveHost?: string): Promise<boolean> {
  const before = recorder.seen.length;
  const args = ['-s', '-o', '/dev/null', '--max-time', '5', ...(resolveHost ? ['--resolve', `${resolveHost}:${new URL(url).port}:127.0.0.1`] : []), url];
  const exitCode = await new Promise<number>((resolve) => {
    execFile('curl', args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 10_000 }, (error) => {
      resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0);
    });
  });
  // 0: an answer (from the proxy or the direct server); 7: refused (a direct try to an address nobody listens on);
  // 35/56: TLS to a plain server / the proxy's 403 to CONNECT. Anything else means curl did not run as meant.
  assert.ok([0, 7, 35, 56].includes(exitCode), `curl exited ${exitCode} for ${url}`);
  return recorder.seen.length > before;
}

const cliSettings = (env: ProxySettings['env']): ProxySettings => ({ env });
const vscodeSettings = (extra: Partial<ProxySettings>): ProxySettings => ({ vscodeProxy: '', vscodeStrictSSL: true, env: {}, ...extra });

describe('diagnose: which proxy applies (proxy.ts)', () => {
  let recorder: RecordingProxy;
  before(async () => {
    recorder = await RecordingProxy.start();
  });
  after(async () => {
    await recorder.close();
  });

  describe('NO_PROXY matches exactly as curl does (held against the curl on this machine)', () => {
    // [host in the URL, NO_PROXY, exempt?]
    const cases: Array<[string, string, boolean]> = [
      ['api.anthropic.com', 'anthropic.com', true],
      ['api.anthropic.com', '.anthropic.com', true],
      ['anthropic.com', '.anthropic.com', true],
      ['notanthropic.com', 'anthropic.com', false],
      ['api.anthropic.com', 'api.anthropic.com', true],
      ['api.anthropic.com', 'other.anthropic.com', false],
      ['api.anthropic.com', 'ANTHROPIC.COM', true],
      ['api.anthropic.com', 'example.com,anthropic.com', true],
      ['api.anthropic.com', 'example.com, anthropic.com', true],
      ['api.anthropic.com', 'example.com anthropic.com', true],
      ['api.anthropic.com', ',,anthropic.com,', true],
      ['api.anthropic.com', 'anthropic.com.', true],
      ['api.anthropic.com.', 'anthropic.com', true],
      ['api.anthropic.com', '*', true],
      ['api.anthropic.com', 'example.com,*', false],
      ['api.anthropic.com', '*.anthropic.com', false],
      ['api.anthropic.com', 'com', true],
      ['api.anthropic.com', 'pi.anthropic.com', false],
      ['api.anthropic.com', '127.0.0.1', false],
      ['localhost', 'example.com', false],
      ['127.0.0.1', '127.0.0.1', true],
      ['127.0.0.1', '127.0.0.0/8', true],
      ['127.0.0.1', '127.0.0.2', false],
      ['127.0.0.1', '10.0.0.0/8', false],
      ['127.0.0.1', '127.0.0.0/40', false],
      ['127.0.0.1', 'localhost', false],
      ['[::1]', '::1', true],
      ['[::1]', 'fd00::/8', false],
      // IPv6 ranges: the curl here (7.88) matches only an address spelled as in the URL; newer curl's
      // lib/noproxy.c matches ranges, as matchNoProxy does (asserted below).
    ];
    for (const [host, noProxy, exempt] of cases) {
      it(`${host} with NO_PROXY="${noProxy}": ${exempt ? 'direct' : 'through the proxy'}`, async () => {
        const url = `http://${host}:${recorder.directPort}/`;
        const resolve = /^[a-z]/i.test(host) ? host : undefined;
        const proxied = await curlGoesThroughProxy(recorder, url, { http_proxy: recorder.proxyUrl, no_proxy: noProxy }, resolve);
        assert.strictEqual(proxied, !exempt, `curl ${proxied ? 'used' : 'bypassed'} the proxy`);
        const matched = matchNoProxy(new URL(url).hostname, recorder.directPort, splitNoProxy(noProxy));
        assert.strictEqual(matched !== undefined, exempt, `matchNoProxy said ${matched ?? 'no match'}`);
        const decision = proxyForUrl(new URL(url), cliSettings({ HTTP_PROXY: recorder.proxyUrl, NO_PROXY: noProxy }));
        assert.strictEqual(decision.proxyUrl === undefined, exempt);
      });
    }
  });

  it('beyond curl (as Python, undici and VS Code): a host:port entry exempts that port only; [v6]:port works', () => {
    assert.strictEqual(matchNoProxy('api.anthropic.com', 443, ['api.anthropic.com:443']), 'api.anthropic.com:443');
    assert.strictEqual(matchNoProxy('api.anthropic.com', 8443, ['api.anthropic.com:443']), undefined);
    assert.strictEqual(matchNoProxy('api.anthropic.com', 443, ['.anthropic.com:443']), '.anthropic.com:443');
    assert.strictEqual(matchNoProxy('::1', 8080, ['[::1]:8080']), '[::1]:8080');
    assert.strictEqual(matchNoProxy('[::1]', 8081, ['[::1]:8080']), undefined);
    assert.strictEqual(matchNoProxy('10.1.2.3', 443, ['10.0.0.0/8:443']), '10.0.0.0/8:443');
    assert.strictEqual(matchNoProxy('[::1]', 443, ['::/120']), '::/120', 'an IPv6 range (newer curl)');
    assert.strictEqual(matchNoProxy('[::1]', 443, ['0::1']), '0::1', 'an IPv6 address however it is spelled');
    assert.strictEqual(matchNoProxy('[2001:db8::5]', 443, ['2001:db8::/32']), '2001:db8::/32');
    // The port is the URL's own, else the scheme's default.
    const decision = proxyForUrl(new URL('https://api.anthropic.com'), cliSettings({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'api.anthropic.com:443' }));
    assert.deepStrictEqual(decision, { configured: { value: 'http://proxy:3128', source: 'HTTPS_PROXY' }, bypassedBy: 'NO_PROXY entry "api.anthropic.com:443"' });
  });

  describe('the variable by scheme, outside VS Code (held against curl)', () => {
    // [URL scheme, variables set, goes through the proxy?]
    const cases: Array<['http' | 'https', Record<string, string>, boolean]> = [
      ['https', { https_proxy: 'PROXY' }, true],
      ['https', { http_proxy: 'PROXY' }, false],
      ['https', { all_proxy: 'PROXY' }, true],
      ['http', { http_proxy: 'PROXY' }, true],
      ['http', { https_proxy: 'PROXY' }, false],
      ['http', { all_proxy: 'PROXY' }, true],
    ];
    for (const [scheme, vars, proxied] of cases) {
      it(`${scheme} URL with ${Object.keys(vars).join(', ')}: ${proxied ? 'through it' : 'direct'}`, async () => {
        const env = Object.fromEntries(Object.entries(vars).map(([name]) => [name, recorder.proxyUrl]));
        // A name nobody resolves: a proxied request never needs it resolved, a direct one goes to 127.0.0.1 (--resolve).
        const url = `${scheme}://api.anthropic.test:${recorder.directPort}/`;
        assert.strictEqual(await curlGoesThroughProxy(recorder, url, env, 'api.anthropic.test'), proxied, 'curl');
        const decision = proxyForUrl(new URL(url), cliSettings(readProxyEnvironment(env).env));
        assert.strictEqual(decision.proxyUrl, proxied ? recorder.proxyUrl : undefined, 'proxyForUrl');
      });
    }

    it('names the variable as it was found, lower-case first', () => {
      const found = readProxyEnvironment({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2', NO_PROXY: ' localhost ', HTTP_PROXY: '  ' });
      assert.deepStrictEqual(found, { env: { HTTPS_PROXY: 'http://lower:1', NO_PROXY: 'localhost' }, envNames: { HTTPS_PROXY: 'https_proxy', NO_PROXY: 'NO_PROXY' } });
      const decision = proxyForUrl(new URL('https://api.anthropic.com'), { ...found });
      assert.deepStrictEqual(decision.configured, { value: 'http://lower:1', source: 'https_proxy' });
    });
  });

  describe("in VS Code, the editor's rules (@vscode/proxy-agent)", () => {
    const api = new URL('https://api.anthropic.com');

    it('http.proxy comes before the environment', () => {
      const decision = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', env: { HTTPS_PROXY: 'http://env:3128' } }));
      assert.deepStrictEqual(decision, { configured: { value: 'http://editor:8080', source: 'http.proxy' }, proxyUrl: 'http://editor:8080' });
    });

    it('NO_PROXY exempts from http.proxy too, unless http.noProxy has entries, which then replace it', () => {
      const withEnv = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', env: { NO_PROXY: 'anthropic.com' } }));
      assert.strictEqual(withEnv.proxyUrl, undefined);
      assert.strictEqual(withEnv.bypassedBy, 'NO_PROXY entry "anthropic.com"');
      const replaced = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', vscodeNoProxy: ['example.com'], env: { NO_PROXY: 'anthropic.com' } }));
      assert.strictEqual(replaced.proxyUrl, 'http://editor:8080', 'http.noProxy replaced NO_PROXY');
      const bySetting = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', vscodeNoProxy: ['.anthropic.com'] }));
      assert.strictEqual(bySetting.bypassedBy, 'http.noProxy entry ".anthropic.com"');
      const blankSetting = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', vscodeNoProxy: ['  '], env: { NO_PROXY: 'anthropic.com' } }));
      assert.strictEqual(blankSetting.proxyUrl, undefined, 'an http.noProxy of blanks is no list: NO_PROXY applies');
    });

    it('reaches this machine directly whatever the settings; outside VS Code, loopback is proxied unless NO_PROXY says so (curl)', () => {
      for (const host of ['localhost', '127.0.0.1', '[::1]']) {
        const url = new URL(`http://${host}:8787`);
        const decision = proxyForUrl(url, vscodeSettings({ vscodeProxy: 'http://editor:8080' }));
        assert.strictEqual(decision.proxyUrl, undefined, host);
        assert.match(decision.bypassedBy ?? '', /VS Code connects to this machine directly/);
        assert.strictEqual(proxyForUrl(url, cliSettings({ HTTP_PROXY: 'http://proxy:3128' })).proxyUrl, 'http://proxy:3128', `${host} outside VS Code`);
      }
      assert.strictEqual(proxyForUrl(new URL('http://127.0.0.2:8787'), vscodeSettings({ vscodeProxy: 'http://editor:8080' })).proxyUrl, 'http://editor:8080', 'only the four names VS Code lists');
    });

    it('http.proxySupport "off": no proxy for extensions at all', () => {
      const decision = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', vscodeProxySupport: 'off', env: { HTTPS_PROXY: 'http://env:3128' } }));
      assert.strictEqual(decision.proxyUrl, undefined);
      assert.match(decision.bypassedBy ?? '', /^http.proxySupport "off"/);
      assert.strictEqual(proxyForUrl(api, vscodeSettings({ vscodeProxy: 'http://editor:8080', vscodeProxySupport: 'override' })).proxyUrl, 'http://editor:8080');
    });

    it('reads https_proxy then http_proxy whatever the scheme, and never ALL_PROXY', () => {
      assert.strictEqual(proxyForUrl(api, vscodeSettings({ env: { HTTP_PROXY: 'http://plain:3128' } })).proxyUrl, 'http://plain:3128');
      assert.strictEqual(proxyForUrl(new URL('http://gw.example:80'), vscodeSettings({ env: { HTTPS_PROXY: 'http://secure:3128' } })).proxyUrl, 'http://secure:3128');
      assert.deepStrictEqual(proxyForUrl(api, vscodeSettings({ env: { ALL_PROXY: 'http://all:3128' } })), {});
    });

    it('ignores a proxy written without a scheme (curl reads it as http://)', () => {
      const inEditor = proxyForUrl(api, vscodeSettings({ vscodeProxy: 'proxy.corp:8080' }));
      assert.strictEqual(inEditor.proxyUrl, undefined);
      assert.strictEqual(inEditor.problem?.kind, 'noScheme');
      const outside = proxyForUrl(api, cliSettings({ HTTPS_PROXY: 'proxy.corp:8080' }));
      assert.strictEqual(outside.proxyUrl, 'http://proxy.corp:8080');
      assert.strictEqual(outside.problem?.kind, 'noScheme');
    });
  });

  describe('proxy URLs', () => {
    it('keeps credentials in the URL to connect with, and masks them in anything shown', () => {
      assert.deepStrictEqual(proxyUrlOf('http://alice:s3cr3t-pw@proxy.corp:3128'), { url: 'http://alice:s3cr3t-pw@proxy.corp:3128' });
      assert.strictEqual(maskProxyUrl('http://alice:s3cr3t-pw@proxy.corp:3128'), 'http://***@proxy.corp:3128');
      assert.strictEqual(maskProxyUrl('alice:s3cr3t-pw@proxy.corp:3128'), '***@proxy.corp:3128');
      assert.strictEqual(maskProxyUrl('http://to:ken@with@at@proxy:1/path@x'), 'http://***@proxy:1/path@x');
      assert.strictEqual(maskProxyUrl('http://proxy.corp:3128'), 'http://proxy.corp:3128');
      const noScheme = proxyUrlOf('alice:pw@proxy.corp:3128');
      assert.strictEqual(noScheme.url, 'http://alice:pw@proxy.corp:3128');
      assert.deepStrictEqual(noScheme.problem, { kind: 'noScheme', detail: 'read as http://***@proxy.corp:3128' });
    });

    it('tells a SOCKS proxy and a value that is no URL from a usable one', () => {
      assert.deepStrictEqual(proxyUrlOf('socks5://proxy:1080'), { problem: { kind: 'unsupportedScheme', detail: 'a socks5 proxy' } });
      assert.strictEqual(proxyUrlOf('http://[broken').problem?.kind, 'invalid');
      assert.deepStrictEqual(proxyUrlOf('https://proxy.corp:8443/'), { url: 'https://proxy.corp:8443' });
    });
  });
});
