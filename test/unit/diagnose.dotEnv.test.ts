/// <reference types="mocha" />
// Issue 9, check 1's input: ANTHROPIC_API_KEY from the text of a workspace .env file, read as dotenv and
// python-dotenv read it (quotes are syntax, not part of the value; the last assignment wins), so the key check
// compares the key a program that loads the file would really get.
import * as assert from 'assert';
import { judgeKey } from '../../src/diagnose/checks/key';
import { apiKeysFromDotEnv, dotEnvValue, parseDotEnv } from '../../src/diagnose/dotEnv';

describe('diagnose: .env text (dotEnv.ts)', () => {
  it('reads NAME=value lines: export, spaces around =, comments, blank lines, CRLF and a BOM', () => {
    const text = '\uFEFF# settings\r\nexport ANTHROPIC_API_KEY = sk-ant-api03-abc\r\n\r\n  OTHER=1 # a comment\r\nNOT A LINE\r\nEMPTY=\r\n';
    assert.deepStrictEqual(parseDotEnv(text), [
      { name: 'ANTHROPIC_API_KEY', value: 'sk-ant-api03-abc', line: 2 },
      { name: 'OTHER', value: '1', line: 4 },
      { name: 'EMPTY', value: '', line: 6 },
    ]);
  });

  it('removes quotes: double (with \\n escapes), single and back quotes as written; a comment after them', () => {
    const text = [`A="two\\nlines" # note`, `B='kept \\n as is'`, 'C=`back`', 'D="with # inside"', 'E=unquoted#kept', 'F="escaped \\" quote"'].join('\n');
    assert.deepStrictEqual(
      parseDotEnv(text).map(({ name, value }) => [name, value]),
      [['A', 'two\nlines'], ['B', 'kept \\n as is'], ['C', 'back'], ['D', 'with # inside'], ['E', 'unquoted#kept'], ['F', 'escaped " quote']],
    );
  });

  it('a quoted value may span lines; one never closed is kept as written', () => {
    const text = 'CERT="line one\nline two"\nNEXT=1\nBROKEN="no end\nAFTER=2';
    assert.deepStrictEqual(parseDotEnv(text), [
      { name: 'CERT', value: 'line one\nline two', line: 1 },
      { name: 'NEXT', value: '1', line: 3 },
      { name: 'BROKEN', value: '"no end', line: 4 },
      { name: 'AFTER', value: '2', line: 5 },
    ]);
  });

  it('the last assignment wins, as when loaded', () => {
    assert.deepStrictEqual(dotEnvValue('ANTHROPIC_API_KEY=first\nANTHROPIC_API_KEY=second\n', 'ANTHROPIC_API_KEY'), { name: 'ANTHROPIC_API_KEY', value: 'second', line: 2 });
    assert.strictEqual(dotEnvValue('OTHER=1', 'ANTHROPIC_API_KEY'), undefined);
  });

  it("gives the doctor each file's key (files without one, or with an empty one, left out) and the key check compares them", () => {
    const inUse = `sk-ant-api03-${'a'.repeat(89)}InUsAA`;
    const other = `sk-ant-api03-${'b'.repeat(89)}OthrAA`;
    const dotEnvKeys = apiKeysFromDotEnv([
      { file: '.env', text: `ANTHROPIC_API_KEY="${other}"\n` },
      { file: 'api/.env', text: 'ANTHROPIC_API_KEY=\n' },
      { file: 'web/.env', text: 'PORT=3000\n' },
      { file: 'same/.env', text: `export ANTHROPIC_API_KEY='${inUse}'` },
    ]);
    assert.deepStrictEqual(dotEnvKeys, [{ file: '.env', value: other }, { file: 'same/.env', value: inUse }]);
    const outcome = judgeKey({ credentials: [{ source: 'ANTHROPIC_API_KEY', raw: inUse }], dotEnvKeys, baseUrl: 'https://api.anthropic.com' });
    assert.strictEqual(outcome.status, 'warn');
    assert.match(outcome.cause ?? '', /^\.env sets ANTHROPIC_API_KEY to a different key \(sk-ant-api03-…hrAA\) than the one in use \(sk-ant-api03-…UsAA, from the ANTHROPIC_API_KEY environment variable\)\.$/);
    assert.deepStrictEqual(outcome.evidence?.find((item) => item.label === 'same/.env'), { label: 'same/.env', value: 'sets ANTHROPIC_API_KEY to the same key (sk-ant-api03-…UsAA)' });
  });
});
