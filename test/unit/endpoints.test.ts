import * as assert from 'assert';
import { checkEndpoint, defaultApiBaseUrl } from '../../src/util/endpoints';

describe('checkEndpoint', () => {
  it('uses the default when nothing is set', () => {
    assert.deepStrictEqual(checkEndpoint(undefined, defaultApiBaseUrl), { url: defaultApiBaseUrl });
    assert.deepStrictEqual(checkEndpoint('', defaultApiBaseUrl), { url: defaultApiBaseUrl });
  });

  it('accepts https and drops trailing slashes', () => {
    assert.deepStrictEqual(checkEndpoint('https://gateway.example.com/anthropic/', defaultApiBaseUrl), { url: 'https://gateway.example.com/anthropic' });
  });

  it('accepts plain http only to this machine', () => {
    assert.deepStrictEqual(checkEndpoint('http://127.0.0.1:8080', defaultApiBaseUrl), { url: 'http://127.0.0.1:8080' });
    assert.deepStrictEqual(checkEndpoint('http://localhost:3000/', defaultApiBaseUrl), { url: 'http://localhost:3000' });
    const remote = checkEndpoint('http://proxy.example.com', defaultApiBaseUrl);
    assert.strictEqual(remote.url, defaultApiBaseUrl);
    assert.match(remote.rejected ?? '', /https/);
  });

  it('refuses other schemes, garbage, credentials and queries', () => {
    for (const bad of ['ftp://x.example', 'javascript:alert(1)', 'not a url', 'https://user:pw@x.example', 'https://x.example/?k=1', 42]) {
      const check = checkEndpoint(bad, defaultApiBaseUrl);
      assert.strictEqual(check.url, defaultApiBaseUrl, String(bad));
      assert.ok(check.rejected, String(bad));
    }
  });
});
