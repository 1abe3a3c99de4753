// errorCoverage: what a set of caught or retried names covers, checked against the SDKs' class hierarchies
// (anthropic 1.13.0 anthropic/_exceptions.py and _client.py _make_status_error; @anthropic-ai/sdk 1.12.0
// core/error.js) and the HTTP libraries' own classes.
import * as assert from 'assert';
import { errorCoverage } from '../../src/analysis/usage/errorNames';

const py = (...names: string[]) => errorCoverage(names, 'python');
const js = (...names: string[]) => errorCoverage(names, 'javascript');

describe('errorCoverage', () => {
  describe('Python', () => {
    it('a bare except (no names, or an empty name) is a catch-all', () => {
      assert.deepStrictEqual(py(), { nonRetryable: [], coversRetryable: true, catchAll: true });
      assert.strictEqual(py('').catchAll, true);
    });

    it('Exception and BaseException are catch-alls that cover non-retryable failures', () => {
      for (const name of ['Exception', 'BaseException', 'builtins.Exception']) {
        assert.deepStrictEqual(py(name), { nonRetryable: [name], coversRetryable: true, catchAll: true }, name);
      }
    });

    it('the SDK bases (AnthropicError > APIError > APIStatusError) cover both kinds, dotted or plain, without being catch-alls', () => {
      // _exceptions.py: class APIError(AnthropicError), class APIStatusError(APIError), every status class < APIStatusError.
      for (const name of ['APIError', 'anthropic.APIError', 'APIStatusError', 'anthropic.APIStatusError', 'AnthropicError']) {
        assert.deepStrictEqual(py(name), { nonRetryable: [name], coversRetryable: true, catchAll: false }, name);
      }
    });

    it('retryable SDK classes cover no non-retryable failure', () => {
      // APIConnectionError(APIError), APITimeoutError(APIConnectionError), RateLimitError 429, OverloadedError 529,
      // InternalServerError (>= 500 but 529), ConflictError 409.
      for (const name of ['APIConnectionError', 'anthropic.APITimeoutError', 'RateLimitError', 'anthropic.RateLimitError', 'OverloadedError', 'InternalServerError', 'ConflictError']) {
        assert.deepStrictEqual(py(name), { nonRetryable: [], coversRetryable: true, catchAll: false }, name);
      }
    });

    it('the 4xx classes are non-retryable only', () => {
      // 400 BadRequestError, 401 AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError,
      // 413 RequestTooLargeError, 422 UnprocessableEntityError.
      for (const name of ['BadRequestError', 'anthropic.AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'RequestTooLargeError', 'UnprocessableEntityError']) {
        assert.deepStrictEqual(py(name), { nonRetryable: [name], coversRetryable: false, catchAll: false }, name);
      }
    });

    it('HTTP libraries: status errors cover every status, connection errors only retryable failures', () => {
      for (const name of ['httpx.HTTPStatusError', 'requests.HTTPError', 'requests.exceptions.HTTPError', 'requests.exceptions.RequestException', 'aiohttp.ClientResponseError', 'urllib.error.HTTPError', 'urllib.error.URLError', 'HTTPError']) {
        assert.deepStrictEqual(py(name), { nonRetryable: [name], coversRetryable: true, catchAll: false }, name);
      }
      for (const name of ['requests.ConnectionError', 'requests.exceptions.Timeout', 'httpx.ConnectError', 'httpx.TimeoutException', 'ConnectionError', 'TimeoutError']) {
        assert.deepStrictEqual(py(name), { nonRetryable: [], coversRetryable: true, catchAll: false }, name);
      }
    });

    it('a tuple joins its members: only the broad ones are listed as non-retryable', () => {
      assert.deepStrictEqual(py('anthropic.RateLimitError', 'anthropic.APIStatusError'), { nonRetryable: ['anthropic.APIStatusError'], coversRetryable: true, catchAll: false });
      assert.deepStrictEqual(py('RateLimitError', 'OverloadedError', 'APIConnectionError'), { nonRetryable: [], coversRetryable: true, catchAll: false });
    });

    it('names it does not know (ValueError, a class of the user\'s) cover nothing', () => {
      assert.deepStrictEqual(py('ValueError', 'MyAppError', 'json.JSONDecodeError'), { nonRetryable: [], coversRetryable: false, catchAll: false });
    });

    it('statuses as written: 429/529/5xx/408/409 retryable, other 4xx not', () => {
      assert.deepStrictEqual(py('429', '529', '503'), { nonRetryable: [], coversRetryable: true, catchAll: false });
      assert.deepStrictEqual(py('400', '401', '413'), { nonRetryable: ['400', '401', '413'], coversRetryable: false, catchAll: false });
      assert.deepStrictEqual(py('408', '409'), { nonRetryable: [], coversRetryable: true, catchAll: false });
    });
  });

  describe('JavaScript / TypeScript', () => {
    it('catch (e) with no test, or tested against Error, is a catch-all', () => {
      assert.deepStrictEqual(js(), { nonRetryable: [], coversRetryable: true, catchAll: true });
      assert.deepStrictEqual(js('Error'), { nonRetryable: ['Error'], coversRetryable: true, catchAll: true });
    });

    it('APIError (also the base of APIConnectionError in TS) covers both kinds', () => {
      // core/error.js: class APIConnectionError extends APIError; every status class extends APIError.
      for (const name of ['APIError', 'Anthropic.APIError', 'AnthropicError']) {
        assert.deepStrictEqual(js(name), { nonRetryable: [name], coversRetryable: true, catchAll: false }, name);
      }
    });

    it('OverloadedError, InternalServerError, RateLimitError, APIConnectionError are retryable only', () => {
      // core/error.js: OverloadedError extends InternalServerError (unlike Python, where it is a sibling).
      for (const name of ['OverloadedError', 'Anthropic.InternalServerError', 'RateLimitError', 'APIConnectionError', 'APIConnectionTimeoutError', 'RequestTimeoutError', 'ServiceUnavailableError']) {
        assert.deepStrictEqual(js(name), { nonRetryable: [], coversRetryable: true, catchAll: false }, name);
      }
    });

    it('TS 4xx classes (ContentTooLargeError, not RequestTooLargeError) are non-retryable', () => {
      for (const name of ['BadRequestError', 'Anthropic.AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'ContentTooLargeError', 'UnprocessableEntityError']) {
        assert.deepStrictEqual(js(name), { nonRetryable: [name], coversRetryable: false, catchAll: false }, name);
      }
    });

    it('statuses as numbers: 429 and 529 retryable, 400 not', () => {
      assert.deepStrictEqual(js('429', '529'), { nonRetryable: [], coversRetryable: true, catchAll: false });
      assert.deepStrictEqual(js('400'), { nonRetryable: ['400'], coversRetryable: false, catchAll: false });
    });

    it('axios and got errors cover every status', () => {
      assert.deepStrictEqual(js('AxiosError'), { nonRetryable: ['AxiosError'], coversRetryable: true, catchAll: false });
      assert.deepStrictEqual(js('HTTPError'), { nonRetryable: ['HTTPError'], coversRetryable: true, catchAll: false });
    });

    it('the language matters: Python names are not JS names', () => {
      // APIStatusError does not exist in the TS SDK; Exception is no JS catch-all.
      assert.deepStrictEqual(js('Exception'), { nonRetryable: [], coversRetryable: false, catchAll: false });
      assert.deepStrictEqual(py('Error'), { nonRetryable: [], coversRetryable: false, catchAll: false });
    });
  });
});
