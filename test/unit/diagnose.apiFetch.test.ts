/// <reference types="mocha" />
// Issue 9: the API checks' requests go the way the user's traffic goes. apiFetchFor(proxyUrl) gives the real
// SDK a fetch through a local HTTP CONNECT proxy to the fake API, over plain HTTP and over TLS (a local TLS
// front with a test CA, reached as api.anthropic.com through the tunnel); proxy credentials, a refusing
// proxy, an untrusted certificate; and its connections end when the run's signal aborts.
import * as assert from 'assert';
import { getEventListeners } from 'node:events';
import Anthropic from '@anthropic-ai/sdk';
import { apiFetchFor } from '../../src/diagnose/net/apiFetch';
import { FAKE_API_KEY, FakeClaudeApi } from '../fake-api/server';
import { makeTestPki, openSocketCount, startConnectProxy, startTlsServer, type LocalServer, type TestPki } from '../support/netServers';

describe('diagnose: apiFetch (the SDK through the proxy that applies)', function () {
  this.timeout(15_000);
  let pki: TestPki;
  let api: FakeClaudeApi;
  const servers: LocalServer[] = [];
  const serve = <T extends LocalServer>(server: T): T => (servers.push(server), server);
  let socketsBefore: number;

  before(async () => {
    pki = makeTestPki();
    api = await FakeClaudeApi.start();
  });
  after(async () => {
    await api.close();
    pki.dispose();
  });
  beforeEach(() => {
    socketsBefore = openSocketCount();
  });
  afterEach(async () => {
    api.reset();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const sdk = (baseURL: string, fetch: typeof globalThis.fetch | undefined) => new Anthropic({ baseURL, apiKey: FAKE_API_KEY, maxRetries: 0, timeout: 5_000, ...(fetch && { fetch }) });

  it('no proxy and no extra CA: undefined, so the SDK keeps its default fetch', () => {
    assert.strictEqual(apiFetchFor(undefined), undefined);
    assert.strictEqual(apiFetchFor(undefined, { caCertificates: [] }), undefined);
  });

  it('through a CONNECT proxy to the fake API over plain HTTP', async () => {
    const proxy = serve(await startConnectProxy());
    const fetch = apiFetchFor(`http://127.0.0.1:${proxy.port}`);
    assert.ok(fetch);
    try {
      const page = await sdk(api.url, fetch).models.list();
      assert.ok(page.data.length > 0);
      assert.deepStrictEqual(proxy.connects.map((c) => c.authority), [api.url.replace('http://', '')], 'the request went through the tunnel');
      assert.strictEqual(api.requestsFor('models').length, 1);
    } finally {
      await fetch.close();
    }
    await proxy.idle();
  });

  it('through the proxy over TLS to "api.anthropic.com" (a local TLS front), trusting a test CA; untrusted without it', async () => {
    const front = serve(await startTlsServer(pki.trusted, { forwardTo: Number(new URL(api.url).port) }));
    const proxy = serve(await startConnectProxy({ routes: { 'api.anthropic.com:443': front.port } }));
    const trusting = apiFetchFor(`http://127.0.0.1:${proxy.port}`, { caCertificates: [pki.testCa] });
    const plain = apiFetchFor(`http://127.0.0.1:${proxy.port}`);
    assert.ok(trusting && plain);
    try {
      const model = await sdk('https://api.anthropic.com', trusting).models.retrieve('claude-sonnet-4-6');
      assert.strictEqual(model.id, 'claude-sonnet-4-6');
      assert.strictEqual(api.requestsFor('models').length, 1, 'the fake answered through TLS and the tunnel');
      await assert.rejects(sdk('https://api.anthropic.com', plain).models.list(), (error: unknown) => {
        assert.ok(error instanceof Anthropic.APIConnectionError, `a connection error, not ${String(error)}`);
        return true;
      });
      assert.strictEqual(api.requestsFor('models').length, 1, 'no request got past an untrusted certificate');
    } finally {
      await Promise.all([trusting.close(), plain.close()]);
    }
    await Promise.all([proxy.idle(), front.idle()]);
  });

  it('a test CA without a proxy: direct TLS to the front', async () => {
    const front = serve(await startTlsServer(pki.trusted, { forwardTo: Number(new URL(api.url).port) }));
    const fetch = apiFetchFor(undefined, { caCertificates: [pki.testCa] });
    assert.ok(fetch);
    try {
      const page = await sdk(`https://localhost:${front.port}`, fetch).models.list();
      assert.ok(page.data.length > 0);
    } finally {
      await fetch.close();
    }
    await front.idle();
  });

  it('proxy credentials from the URL are sent; a proxy that refuses (403) gives the SDK a connection error and the API sees nothing', async () => {
    const guarded = serve(await startConnectProxy({ credentials: 'bob:pa%ss' }));
    const withCredentials = apiFetchFor(`http://bob:pa%25ss@127.0.0.1:${guarded.port}`);
    const refusing = serve(await startConnectProxy({ behaviour: 403 }));
    const blocked = apiFetchFor(`http://127.0.0.1:${refusing.port}`);
    assert.ok(withCredentials && blocked);
    try {
      await sdk(api.url, withCredentials).models.list();
      assert.deepStrictEqual(guarded.connects.map((c) => c.sentCredentials), [true]);
      const before = api.requests.length;
      await assert.rejects(sdk(api.url, blocked).models.list(), Anthropic.APIConnectionError);
      assert.strictEqual(api.requests.length, before);
    } finally {
      await Promise.all([withCredentials.close(), blocked.close()]);
    }
  });

  it('its kept-alive connection to the proxy ends when the run’s signal aborts', async () => {
    const proxy = serve(await startConnectProxy());
    const run = new AbortController();
    const fetch = apiFetchFor(`http://127.0.0.1:${proxy.port}`, { signal: run.signal });
    assert.ok(fetch);
    await sdk(api.url, fetch).models.list();
    assert.strictEqual(proxy.openConnections, 1, 'undici keeps the tunnel alive for the next request');
    run.abort();
    await proxy.idle(1_000);
    await assert.rejects(sdk(api.url, fetch).models.list(), Anthropic.APIConnectionError, 'a fetch of an ended run makes no new connection');
    assert.strictEqual(proxy.accepted, 1);
    const deadline = Date.now() + 1_000;
    while (openSocketCount() > socketsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(openSocketCount() <= socketsBefore, 'no socket left in this process');
  });
  it('a fetch closed after its request leaves no listener on the run’s signal (one fetch per request adds up)', async () => {
    const proxy = serve(await startConnectProxy());
    const run = new AbortController();
    for (let i = 0; i < 12; i++) {
      const fetch = apiFetchFor(`http://127.0.0.1:${proxy.port}`, { signal: run.signal });
      assert.ok(fetch);
      await sdk(api.url, fetch).models.list();
      await fetch.close();
    }
    assert.strictEqual(getEventListeners(run.signal, 'abort').length, 0);
    await proxy.idle();
  });
});
