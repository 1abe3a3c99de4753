import * as assert from 'assert';
import { checkApiKeyInput, describeCleaning, describeKeySource, maskApiKey, resolveApiKey } from '../../src/secrets/apiKey';

const goodKey = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-x7QaAA';

describe('checkApiKeyInput', () => {
  it('accepts a standard key as it is', () => {
    const input = checkApiKeyInput(goodKey);
    assert.deepStrictEqual(input, { key: goodKey, verdict: 'ok', cleaned: [] });
  });

  it('trims whitespace and a trailing newline and says so', () => {
    const input = checkApiKeyInput(`  ${goodKey}\n`);
    assert.strictEqual(input.key, goodKey);
    assert.strictEqual(input.verdict, 'ok');
    assert.deepStrictEqual(input.cleaned, ['surrounding whitespace']);
  });

  for (const [open, close] of [['"', '"'], ["'", "'"], ['`', '`'], ['“', '”']]) {
    it(`removes surrounding ${open}${close} quotes, and spaces inside them`, () => {
      const input = checkApiKeyInput(`${open} ${goodKey} ${close}`);
      assert.strictEqual(input.key, goodKey);
      assert.strictEqual(input.verdict, 'ok');
      assert.ok(input.cleaned.includes('surrounding quotes'));
    });
  }

  it('does not strip a quote that is not matched on the other side', () => {
    const input = checkApiKeyInput(`"${goodKey}`);
    assert.strictEqual(input.key, `"${goodKey}`);
    assert.strictEqual(input.verdict, 'unusual');
  });

  it('removes an ANTHROPIC_API_KEY= prefix pasted from a .env file', () => {
    const input = checkApiKeyInput(`ANTHROPIC_API_KEY="${goodKey}"`);
    assert.strictEqual(input.key, goodKey);
    assert.strictEqual(input.verdict, 'ok');
    assert.ok(input.cleaned.includes('the ANTHROPIC_API_KEY= prefix'));
  });

  it('refuses an Admin API key and says why', () => {
    const input = checkApiKeyInput('sk-ant-admin01-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789');
    assert.strictEqual(input.verdict, 'admin');
    assert.match(input.reason ?? '', /Admin API key/);
    assert.match(input.reason ?? '', /sk-ant-api03-/);
  });

  it('refuses empty input, also when only quotes and spaces were pasted', () => {
    assert.strictEqual(checkApiKeyInput('').verdict, 'empty');
    assert.strictEqual(checkApiKeyInput('  ""  ').verdict, 'empty');
  });

  it('warns on other shapes but keeps the key (gateways use their own)', () => {
    const input = checkApiKeyInput('my-gateway-token-123');
    assert.strictEqual(input.verdict, 'unusual');
    assert.strictEqual(input.key, 'my-gateway-token-123');
    assert.match(input.reason ?? '', /sk-ant-api03-/);
  });

  it('warns when the key contains inner whitespace', () => {
    const input = checkApiKeyInput('sk-ant-api03-abc def');
    assert.strictEqual(input.verdict, 'unusual');
    assert.match(input.reason ?? '', /spaces or line breaks/);
  });
});

describe('describeCleaning', () => {
  it('tells what was removed, before and after saving', () => {
    assert.strictEqual(describeCleaning([], 'past'), '');
    assert.strictEqual(describeCleaning(['surrounding whitespace', 'surrounding quotes'], 'past'), 'Removed surrounding whitespace and surrounding quotes.');
    assert.strictEqual(describeCleaning(['surrounding quotes'], 'future'), 'Surrounding quotes will be removed.');
  });
});

describe('resolveApiKey', () => {
  const envVar = 'ANTHROPIC_API_KEY';

  it('prefers the stored key over the environment', async () => {
    const resolved = await resolveApiKey({ readStoredKey: async () => 'stored-key', env: { [envVar]: 'env-key' }, envVar });
    assert.deepStrictEqual(resolved, { key: 'stored-key', source: 'secretStorage' });
  });

  it('falls back to the environment when nothing is stored', async () => {
    const resolved = await resolveApiKey({ readStoredKey: async () => undefined, env: { [envVar]: ' env-key\n' }, envVar });
    assert.deepStrictEqual(resolved, { key: 'env-key', source: 'environment' });
  });

  it('treats a blank stored value and a blank variable as absent', async () => {
    const resolved = await resolveApiKey({ readStoredKey: async () => '  ', env: { [envVar]: '' }, envVar });
    assert.deepStrictEqual(resolved, { key: undefined, source: 'none' });
  });

  it('still finds the environment key when secret storage cannot be read', async () => {
    const resolved = await resolveApiKey({
      readStoredKey: () => Promise.reject(new Error('keyring locked')),
      env: { [envVar]: 'env-key' },
      envVar,
    });
    assert.deepStrictEqual(resolved, { key: 'env-key', source: 'environment' });
  });

  it('describes each source in words', () => {
    assert.match(describeKeySource('secretStorage', envVar), /secret storage/);
    assert.match(describeKeySource('environment', envVar), /ANTHROPIC_API_KEY/);
    assert.match(describeKeySource('none', envVar), /no key/);
  });
});

describe('maskApiKey', () => {
  it('keeps only the kind and the last four characters', () => {
    assert.strictEqual(maskApiKey(goodKey), 'sk-ant-api03-…QaAA');
    assert.ok(!maskApiKey(goodKey).includes(goodKey.slice(13, 30)));
  });

  it('shows nothing of a short or odd key', () => {
    assert.strictEqual(maskApiKey('short'), '…');
    assert.strictEqual(maskApiKey('gateway-token-123456'), '…3456');
  });
});
