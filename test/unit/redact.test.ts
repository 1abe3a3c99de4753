import * as assert from 'assert';
import { redactSecrets } from '../../src/secrets/redact';
import { keyPiecesIn, nastyKey } from '../support/secretLeaks';

describe('redactSecrets', () => {
  const key = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd-x7QaAA';

  it('masks an Anthropic key anywhere in a line, keeping its kind', () => {
    const out = redactSecrets(`401 for key ${key} at https://api.anthropic.com`);
    assert.strictEqual(out, '401 for key sk-ant-api03-[REDACTED] at https://api.anthropic.com');
  });

  it('masks admin keys and several keys in one text', () => {
    const out = redactSecrets(`a=${key} b=sk-ant-admin01-ZZZZyyyyXXXX`);
    assert.ok(!out.includes('AbCdEf') && !out.includes('ZZZZ'));
    assert.match(out, /sk-ant-admin01-\[REDACTED\]/);
  });

  it('masks exact secrets of other shapes', () => {
    assert.strictEqual(redactSecrets('token gw-123456789 used', ['gw-123456789']), 'token [REDACTED] used');
  });

  it('ignores very short exact secrets, which would mangle ordinary text', () => {
    assert.strictEqual(redactSecrets('a b c', ['a']), 'a b c');
  });

  it('leaves text without keys alone', () => {
    assert.strictEqual(redactSecrets('model claude-sonnet-4-6 ok'), 'model claude-sonnet-4-6 ok');
  });

  // Issue 7 item 10: the key pattern used to run first and stop at the '.', leaving the rest in place.
  it('masks an exact secret whole even when it holds a character outside the key pattern', () => {
    const dotted = 'sk-ant-api03-FirstHalf.SecondHalfOfTheKey';
    assert.strictEqual(redactSecrets(`key ${dotted} refused`, [dotted]), 'key [REDACTED] refused');
  });

  it('masks a key with a dot, a space and a line break in the forms error messages quote it', () => {
    const bad = nastyKey('redact');
    const texts = [
      `as is: ${bad}`,
      `JSON-escaped: Headers.append: ${JSON.stringify(bad)} is an invalid header value.`,
      `whitespace collapsed: ${bad.replace(/\s+/g, ' ')}`,
      `one line of it: ${bad.split('\n')[1] ?? ''}`,
    ];
    for (const text of texts) {
      const out = redactSecrets(text, [bad]);
      assert.deepStrictEqual(keyPiecesIn(out, bad), [], `leaked from "${text}": ${out}`);
    }
  });

  it('masks a secret that contains another one whole, not only the shorter part', () => {
    const outer = 'gateway-token-1234567890';
    const out = redactSecrets(`t=${outer}`, ['token-1234567890', outer]);
    assert.strictEqual(out, 't=[REDACTED]');
  });
});
