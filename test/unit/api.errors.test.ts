/// <reference types="mocha" />
// classifyApiError with synthetic errors shaped as the SDK and Node's fetch (undici) make them
// (DNS and most TLS failures cannot come from the fake), and one real TLS failure from a local
// https server with a self-signed certificate.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { classifyApiError, outcomeForStatus } from '../../src/api/errors';
import { probeApi } from '../../src/health/probe';

const KEY = 'sk-ant-api03-secret-test-key-ZZZZYYYYXXXXWWWW';

/** What Node's fetch throws: `TypeError: fetch failed` whose cause is the socket/DNS/TLS error. */
function fetchFailed(cause: Error): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** A Node system error as net/dns/tls create them. */
function systemError(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

/** The SDK's wrapping of a failed fetch, as in `makeRequest`. */
function connectionError(cause: Error): APIConnectionError {
  return new APIConnectionError({ cause: fetchFailed(cause) });
}

/** An SDK status error exactly as `makeStatusError` builds it from a response. */
function statusError(status: number, body: object | undefined, headers: Record<string, string> = {}, text?: string): APIError {
  return APIError.generate(status, body, text, new Headers(headers));
}

describe('health: classifyApiError', () => {
  describe('connection failures (the cause chain of `fetch failed`)', () => {
    const cases: Array<[string, Error, string]> = [
      ['ENOTFOUND', systemError('getaddrinfo ENOTFOUND api.anthropic.invalid', 'ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'api.anthropic.invalid' }), 'dns'],
      ['EAI_AGAIN (offline resolver)', systemError('getaddrinfo EAI_AGAIN api.anthropic.com', 'EAI_AGAIN', { syscall: 'getaddrinfo' }), 'dns'],
      ['ECONNREFUSED', systemError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', { syscall: 'connect' }), 'refused'],
      ['ECONNRESET', systemError('read ECONNRESET', 'ECONNRESET', { syscall: 'read' }), 'reset'],
      ["undici's other side closed", Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' }), 'reset'],
      ['socket hang up (no code)', new Error('socket hang up'), 'reset'],
      ['connect timeout', Object.assign(new Error('Connect Timeout Error'), { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT' }), 'timeout'],
      ['ETIMEDOUT', systemError('connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT'), 'timeout'],
      ['CERT_HAS_EXPIRED', systemError('certificate has expired', 'CERT_HAS_EXPIRED'), 'tls'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', systemError("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', systemError('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', systemError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
      ['SELF_SIGNED_CERT_IN_CHAIN (a TLS-inspecting proxy)', systemError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), 'tls'],
      ['EPROTO', systemError('write EPROTO ssl3_get_record:wrong version number', 'EPROTO'), 'tls'],
      ['ERR_SSL_WRONG_VERSION_NUMBER', systemError('ssl3_get_record:wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'tls'],
      ['EHOSTUNREACH', systemError('connect EHOSTUNREACH 10.0.0.1:443', 'EHOSTUNREACH'), 'network'],
      ['an unknown failure', new Error('something odd'), 'network'],
    ];
    for (const [label, cause, outcome] of cases) {
      it(`${label} -> ${outcome}`, () => {
        const result = classifyApiError(connectionError(cause));
        assert.strictEqual(result.outcome, outcome);
        assert.strictEqual(result.status, undefined);
        assert.ok(result.detail?.includes(cause.message), `detail ${result.detail}`);
      });
    }

    it('the code counts wherever it is in the chain, AggregateError members included', () => {
      const aggregate = Object.assign(new AggregateError([systemError('connect ECONNREFUSED ::1:443', 'ECONNREFUSED')], ''), {});
      assert.strictEqual(classifyApiError(connectionError(aggregate)).outcome, 'refused');
      const deep = new Error('outer', { cause: new Error('middle', { cause: systemError('getaddrinfo ENOTFOUND x', 'ENOTFOUND') }) });
      assert.strictEqual(classifyApiError(deep).outcome, 'dns');
    });

    it('the detail names the code and the host', () => {
      const result = classifyApiError(connectionError(systemError('getaddrinfo ENOTFOUND api.example.invalid', 'ENOTFOUND')));
      assert.strictEqual(result.detail, 'ENOTFOUND: getaddrinfo ENOTFOUND api.example.invalid');
    });
  });

  describe("the SDK's own errors", () => {
    it('APIConnectionTimeoutError -> timeout', () => {
      assert.strictEqual(classifyApiError(new APIConnectionTimeoutError()).outcome, 'timeout');
    });
    it('APIUserAbortError and a bare AbortError -> aborted', () => {
      assert.strictEqual(classifyApiError(new APIUserAbortError()).outcome, 'aborted');
      assert.strictEqual(classifyApiError(new DOMException('This operation was aborted', 'AbortError')).outcome, 'aborted');
    });
    it('a JSON parse failure -> malformed', () => {
      let syntax: unknown;
      try {
        JSON.parse('{"data":[');
      } catch (err) {
        syntax = err;
      }
      assert.strictEqual(classifyApiError(syntax).outcome, 'malformed');
    });
    it('an overloaded_error inside a 200 stream (no status) -> overloaded', () => {
      const err = new APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, undefined);
      const result = classifyApiError(err);
      assert.strictEqual(result.outcome, 'overloaded');
      assert.strictEqual(result.errorType, 'overloaded_error');
    });
  });

  describe('status errors', () => {
    const body = (type: string, message: string): object => ({ type: 'error', error: { type, message }, request_id: 'req_body123' });

    it('request-id from the header, else from the body', () => {
      assert.strictEqual(classifyApiError(statusError(500, body('api_error', 'x'), { 'request-id': 'req_header1' })).requestId, 'req_header1');
      assert.strictEqual(classifyApiError(statusError(500, body('api_error', 'x'))).requestId, 'req_body123');
    });

    it('outcome by status and type', () => {
      assert.strictEqual(outcomeForStatus(401), 'auth');
      assert.strictEqual(outcomeForStatus(403), 'auth');
      assert.strictEqual(outcomeForStatus(404), 'notFound');
      assert.strictEqual(outcomeForStatus(429), 'rateLimited');
      assert.strictEqual(outcomeForStatus(529), 'overloaded');
      assert.strictEqual(outcomeForStatus(500, 'api_error', 'Overloaded'), 'overloaded');
      assert.strictEqual(outcomeForStatus(502), 'serverError');
      assert.strictEqual(outcomeForStatus(400, 'invalid_request_error'), 'otherStatus');
      assert.strictEqual(outcomeForStatus(408), 'timeout', 'the API timed the request out (RequestTimeoutError): not the key');
    });

    it('retry-after: ms first, seconds, HTTP date, garbage ignored', () => {
      const at = Date.UTC(2026, 10, 22, 12, 0, 0);
      const now = (): number => at;
      const wait = (headers: Record<string, string>): number | undefined =>
        classifyApiError(statusError(429, body('rate_limit_error', 'x'), headers), { now }).retryAfterSeconds;
      assert.strictEqual(wait({ 'retry-after-ms': '250', 'retry-after': '7' }), 0.25);
      assert.strictEqual(wait({ 'retry-after': '7' }), 7);
      assert.strictEqual(wait({ 'retry-after': new Date(at + 90_000).toUTCString() }), 90);
      assert.strictEqual(wait({ 'retry-after': new Date(at - 90_000).toUTCString() }), 0, 'a past date: go now');
      assert.strictEqual(wait({ 'retry-after': 'soon' }), undefined);
      assert.strictEqual(wait({ 'retry-after': '-5' }), undefined);
      assert.strictEqual(wait({}), undefined);
    });

    it("an HTML error page without request-id -> malformed, with the page's title", () => {
      const html = '<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>';
      const result = classifyApiError(statusError(503, undefined, { 'content-type': 'text/html' }, html));
      assert.strictEqual(result.outcome, 'malformed');
      assert.strictEqual(result.status, 503);
      assert.match(result.detail ?? '', /503 Service Temporarily Unavailable/);
    });

    it('a plain-text 503 from the gateway stays a server error', () => {
      const result = classifyApiError(statusError(503, undefined, { 'content-type': 'text/plain' }, 'upstream connect error or disconnect/reset before headers'));
      assert.strictEqual(result.outcome, 'serverError');
      assert.match(result.detail ?? '', /upstream connect error/);
    });
  });

  describe('never the key, never a throw', () => {
    it('masks a key that an error message carries', () => {
      const headerError = new TypeError(`Headers.append: "${KEY}\n" is an invalid header value.`);
      const result = classifyApiError(headerError);
      assert.ok(!JSON.stringify(result).includes(KEY), result.detail);
      assert.ok(result.detail?.includes('sk-ant-api03-[REDACTED]'));
      const odd = 'gateway-token-0123456789';
      assert.ok(!classifyApiError(new Error(`bad token ${odd}`), { secrets: [odd] }).detail?.includes(odd));
    });

    it('keeps details short', () => {
      assert.ok((classifyApiError(new Error('x'.repeat(5_000))).detail ?? '').length <= 240);
    });

    it('anything at all: null, strings, odd objects, cycles, throwing getters', () => {
      const cyclic: { message: string; cause?: unknown } = { message: 'loop' };
      cyclic.cause = cyclic;
      const hostile = Object.defineProperty({}, 'status', {
        get(): never {
          throw new Error('no');
        },
      });
      for (const value of [null, undefined, 'boom', 42, {}, { status: 'x' }, { status: 999 }, cyclic, hostile]) {
        const result = classifyApiError(value);
        assert.ok(result.outcome, `an outcome for ${String(value)}`);
      }
      assert.strictEqual(classifyApiError(cyclic).outcome, 'network');
    });
  });

  describe('a real TLS failure: self-signed certificate on a local https server', function () {
    this.timeout(5_000);
    let server: Server | undefined;
    let dir: string | undefined;

    before(function () {
      dir = mkdtempSync(path.join(tmpdir(), 'claude-health-tls-'));
      // An EC key is generated in milliseconds. scripts/setup.sh installs openssl; without it this fails, never skips.
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    });
    after(() => {
      server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('-> tls, with the certificate error code', async () => {
      const certDir = dir as string;
      server = createHttpsServer({ key: readFileSync(path.join(certDir, 'key.pem')), cert: readFileSync(path.join(certDir, 'cert.pem')) }, (_req, res) => res.end('{}'));
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      const result = await probeApi({ apiKey: KEY, baseURL: `https://127.0.0.1:${port}`, timeoutMs: 2_000 });
      assert.strictEqual(result.outcome, 'tls');
      assert.match(result.detail ?? '', /SELF_SIGNED|self-signed/i);
      assert.ok(!JSON.stringify(result).includes(KEY));
    });
  });
});
