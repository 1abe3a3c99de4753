import * as assert from 'assert';
import { checkApiKeyInput, describeCleaning, describeKeySource, describeRefusedKey, keyInputFeedback, maskApiKey, resolveApiKey } from '../../src/secrets/apiKey';
import { keyPiecesIn, nastyKey } from '../support/secretLeaks';

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

  // Issue 7 item 10: such keys used to be saved with a warning, then sent, and echoed by the header error.
  it('refuses a key with a space, a line break or a control character inside it', () => {
    for (const raw of ['sk-ant-api03-abc def', 'sk-ant-api03-abc\ndef', 'sk-ant-api03-abc\u0000def', `"${nastyKey('input')}"`]) {
      const input = checkApiKeyInput(raw);
      assert.strictEqual(input.verdict, 'malformed', JSON.stringify(raw));
      assert.match(input.reason ?? '', /inside it\. API keys never do, so it is not saved/);
    }
  });

  it('says why without quoting any of the key', () => {
    const key = nastyKey('reason');
    assert.deepStrictEqual(keyPiecesIn(checkApiKeyInput(key).reason ?? '', key), []);
  });
});

describe('keyInputFeedback (the Set API Key input box)', () => {
  it('blocks a malformed key with an error, as it blocks an Admin key', () => {
    const key = nastyKey('box');
    const feedback = keyInputFeedback(key);
    assert.strictEqual(feedback?.severity, 'error');
    assert.deepStrictEqual(keyPiecesIn(feedback.message, key), []);
    assert.strictEqual(keyInputFeedback('sk-ant-admin01-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789')?.severity, 'error');
  });

  it('warns on an unusual shape, hints at cleaning, and says nothing of a plain good key', () => {
    assert.strictEqual(keyInputFeedback('my-gateway-token-123')?.severity, 'warning');
    assert.deepStrictEqual(keyInputFeedback(`"${goodKey}"`), { message: 'Looks right. Surrounding quotes will be removed.', severity: 'info' });
    assert.strictEqual(keyInputFeedback(goodKey), undefined);
    assert.strictEqual(keyInputFeedback(''), undefined);
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

  // Issue 7 item 10: an ANTHROPIC_API_KEY with inner whitespace used to be sent as it was.
  it('does not use an environment key with whitespace inside, and reports it with a fingerprint only', async () => {
    const key = nastyKey('env');
    const resolved = await resolveApiKey({ readStoredKey: async () => undefined, env: { [envVar]: `${key}\n` }, envVar });
    assert.strictEqual(resolved.key, undefined);
    assert.strictEqual(resolved.source, 'none');
    assert.strictEqual(resolved.refused?.length, 1);
    const refused = resolved.refused[0];
    assert.strictEqual(refused.source, 'environment');
    assert.strictEqual(refused.fingerprint, 'sk-ant-api03-…Zq9x');
    const message = describeRefusedKey(refused, envVar);
    assert.match(message, /ANTHROPIC_API_KEY environment variable \(sk-ant-api03-…Zq9x\) is not used: it contains a space or a line break inside it/);
    assert.deepStrictEqual(keyPiecesIn(message, key), []);
  });

  it('skips a malformed stored key (saved by an older version) and falls back to the environment', async () => {
    const resolved = await resolveApiKey({ readStoredKey: async () => 'sk-ant-api03-old\tpaste', env: { [envVar]: 'env-key' }, envVar });
    assert.strictEqual(resolved.key, 'env-key');
    assert.strictEqual(resolved.source, 'environment');
    assert.deepStrictEqual(resolved.refused?.map((r) => r.source), ['secretStorage']);
    assert.match(describeRefusedKey(resolved.refused[0], envVar), /secret storage .* Set the key again/);
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

  it('shows a line break or control character in the fingerprint as a dot', () => {
    assert.strictEqual(maskApiKey('sk-ant-api03-abcdefgh\nxyz'), 'sk-ant-api03-…·xyz');
  });

  it('shows nothing of a short or odd key', () => {
    assert.strictEqual(maskApiKey('short'), '…');
    assert.strictEqual(maskApiKey('gateway-token-123456'), '…3456');
  });
});
