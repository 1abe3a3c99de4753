/// <reference types="mocha" />
// The header parsers of the probe: anthropic-ratelimit-*, retry-after(-ms), x-should-retry. Garbage
// in a header is "not sent", never an error.
import * as assert from 'assert';
import { parseRateLimitHeaders, parseRetryAfterSeconds, parseShouldRetry } from '../../src/api/headers';

describe('health: rate-limit and retry headers', () => {
  describe('parseRateLimitHeaders', () => {
    it('reads all four buckets from fetch Headers', () => {
      const headers = new Headers({
        'anthropic-ratelimit-requests-limit': '4000',
        'anthropic-ratelimit-requests-remaining': '3999',
        'anthropic-ratelimit-requests-reset': '2026-11-20T10:15:42Z',
        'anthropic-ratelimit-tokens-limit': '480000',
        'anthropic-ratelimit-tokens-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2026-11-20T10:15:42.123+01:00',
        'anthropic-ratelimit-input-tokens-limit': '400000',
        'anthropic-ratelimit-input-tokens-remaining': '12',
        'anthropic-ratelimit-input-tokens-reset': '2026-11-20T10:15:42Z',
        'anthropic-ratelimit-output-tokens-limit': '80000',
        'anthropic-ratelimit-output-tokens-remaining': '80000',
        'anthropic-ratelimit-output-tokens-reset': '2026-11-20T10:15:43Z',
      });
      assert.deepStrictEqual(parseRateLimitHeaders(headers), {
        requestsLimit: 4000,
        requestsRemaining: 3999,
        requestsReset: '2026-11-20T10:15:42Z',
        tokensLimit: 480000,
        tokensRemaining: 0,
        tokensReset: '2026-11-20T10:15:42.123+01:00',
        inputTokensLimit: 400000,
        inputTokensRemaining: 12,
        inputTokensReset: '2026-11-20T10:15:42Z',
        outputTokensLimit: 80000,
        outputTokensRemaining: 80000,
        outputTokensReset: '2026-11-20T10:15:43Z',
      });
    });

    it('reads a plain record in any case, first of repeated values', () => {
      assert.deepStrictEqual(
        parseRateLimitHeaders({ 'Anthropic-RateLimit-Requests-Limit': ' 50 ', 'anthropic-ratelimit-requests-remaining': ['7', '8'], other: 'x' }),
        { requestsLimit: 50, requestsRemaining: 7 },
      );
    });

    it('skips garbage, keeps the rest', () => {
      assert.deepStrictEqual(
        parseRateLimitHeaders({
          'anthropic-ratelimit-requests-limit': 'lots',
          'anthropic-ratelimit-requests-remaining': '-1',
          'anthropic-ratelimit-requests-reset': 'tomorrow',
          'anthropic-ratelimit-tokens-limit': '1e5',
          'anthropic-ratelimit-tokens-remaining': '12.5',
          'anthropic-ratelimit-tokens-reset': '2026-13-45T99:00:00Z',
          'anthropic-ratelimit-input-tokens-limit': '9999999999999999999999',
          'anthropic-ratelimit-output-tokens-remaining': '42',
          'anthropic-ratelimit-output-tokens-reset': null,
          'anthropic-ratelimit-input-tokens-reset': undefined,
        }),
        { outputTokensRemaining: 42 },
      );
    });

    it('undefined when nothing usable was sent', () => {
      assert.strictEqual(parseRateLimitHeaders(new Headers()), undefined);
      assert.strictEqual(parseRateLimitHeaders({ 'anthropic-ratelimit-requests-limit': '' }), undefined);
      assert.strictEqual(parseRateLimitHeaders(undefined), undefined);
    });
  });

  describe('parseRetryAfterSeconds', () => {
    const at = Date.UTC(2026, 10, 22, 12, 0, 0);
    const now = (): number => at;
    it('retry-after-ms wins, then seconds, then an HTTP date', () => {
      assert.strictEqual(parseRetryAfterSeconds({ 'retry-after-ms': '1500', 'retry-after': '3' }, now), 1.5);
      assert.strictEqual(parseRetryAfterSeconds({ 'retry-after-ms': 'x', 'retry-after': '3' }, now), 3, 'bad ms falls back');
      assert.strictEqual(parseRetryAfterSeconds({ 'retry-after': '0' }, now), 0);
      assert.strictEqual(parseRetryAfterSeconds({ 'retry-after': 'Sun, 22 Nov 2026 12:02:00 GMT' }, now), 120);
    });
    it('garbage and absence are undefined', () => {
      for (const value of ['', 'later', '-3', '1e3', 'NaN']) assert.strictEqual(parseRetryAfterSeconds({ 'retry-after': value }, now), undefined, value);
      assert.strictEqual(parseRetryAfterSeconds({}, now), undefined);
    });
  });

  it('parseShouldRetry: true, false, else undefined', () => {
    assert.strictEqual(parseShouldRetry({ 'x-should-retry': 'true' }), true);
    assert.strictEqual(parseShouldRetry(new Headers({ 'X-Should-Retry': 'FALSE' })), false);
    assert.strictEqual(parseShouldRetry({ 'x-should-retry': 'maybe' }), undefined);
    assert.strictEqual(parseShouldRetry({}), undefined);
  });
});
