import * as assert from 'assert';
import { redactSecrets } from '../../src/secrets/redact';

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
});
