/**
 * The one way this extension makes an SDK client: retries off (our callers decide when to try
 * again), one timeout, and only the credential we pass (the SDK then reads none from the
 * environment). Pure: no `vscode`. The SDK is loaded on first use, not when this module is:
 * activation must not pay for it.
 */
import type * as AnthropicSdk from '@anthropic-ai/sdk';
import type { Anthropic } from '@anthropic-ai/sdk';

export interface ApiClientOptions {
  /** Sent as `x-api-key`. Exactly one of `apiKey` and `authToken`. */
  apiKey?: string;
  /** Sent as `Authorization: Bearer` (ANTHROPIC_AUTH_TOKEN, a gateway's token); used only when no `apiKey` is given. */
  authToken?: string;
  /** e.g. `https://api.anthropic.com` (already checked by util/endpoints). */
  baseURL: string;
  /** The SDK's own per-request timeout; callers also run a deadline over the whole exchange. */
  timeoutMs: number;
  /** The `fetch` the SDK sends through (e.g. undici's with a proxy dispatcher); default the runtime's. */
  fetch?: typeof fetch;
}

/** Loads the SDK (its separate bundle in dist/vendor/, see esbuild.js). */
export async function loadSdk(): Promise<typeof AnthropicSdk> {
  return import('@anthropic-ai/sdk');
}

/** A client with `maxRetries: 0`, the given timeout, the given credential and base URL, and the SDK's logging off. */
export function createApiClient(sdk: typeof AnthropicSdk, options: ApiClientOptions): Anthropic {
  // A credential passed in code is the client's only one: the SDK then reads neither ANTHROPIC_API_KEY
  // nor ANTHROPIC_AUTH_TOKEN, and passing both would be its TypeError, so exactly one goes.
  const credential = options.apiKey !== undefined || options.authToken === undefined ? { apiKey: options.apiKey ?? '' } : { authToken: options.authToken };
  return new sdk.Anthropic({
    ...credential,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: Math.max(1, Math.round(options.timeoutMs)),
    logLevel: 'off',
    ...(options.fetch && { fetch: options.fetch }),
  });
}
