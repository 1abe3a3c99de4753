/**
 * One API request of the doctor through the official SDK (retries off), with what the checks need of
 * its answer: status, latency, request-id, rate-limit headers, the `Date` header and the one
 * classifier's verdict. A deadline of `inputs.timeoutMs` covers the whole exchange, body included; the
 * run's signal aborts it. Pure: no `vscode`.
 */
import { createApiClient, loadSdk } from '../../api/client';
import { classifyApiError, classifyOkBody } from '../../api/errors';
import { headerReader, parseRateLimitHeaders } from '../../api/headers';
import { readBodyCapped } from '../../api/http';
import type { ApiErrorClassification } from '../../api/types';
import { startDeadline } from '../../util/deadline';
import { apiFetchFor } from '../net/apiFetch';
import type { Anthropic } from '@anthropic-ai/sdk';
import type { CheckContext, Credential } from '../types';

/** The API's answers to the doctor's requests are small; anything near this is not the API. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** How one request ended. */
export interface ApiExchange {
  classification: ApiErrorClassification;
  /** The parsed JSON of a 2xx answer that passed `isExpected`. */
  json?: unknown;
  /** HTTP status, when a response arrived. */
  status?: number;
  requestId?: string;
  /** The response's `Date` header. */
  serverDate?: string;
  /** The local clock when the response's headers arrived (or the request failed). */
  receivedAt: number;
  /** From sending the request to its response headers (or its failure), ms. */
  latencyMs: number;
  /** How the credential went on the wire, as the SDK sent it (names only, never values). */
  sentAs?: 'x-api-key' | 'Authorization: Bearer';
}

export interface ApiRequest {
  /** Sends the request; `.asResponse()` of an SDK call, so the raw response (headers, body) is ours to read. */
  send(client: Anthropic, signal: AbortSignal): Promise<Response>;
  /** Whether a 2xx JSON body is the answer asked for (a model list, a token count). */
  isExpected(json: unknown): boolean;
  /** What `isExpected` wants, for the detail: "a model list". */
  expected: string;
}

/** Who the requests go as: the credential the key check accepted. */
export interface ApiTarget {
  credential: Credential;
}

/** Sends one request and reads its answer. Never throws: every failure is a classification. */
export async function exchange(context: CheckContext, target: ApiTarget, request: ApiRequest): Promise<ApiExchange> {
  const { now, inputs } = context;
  const secrets = [target.credential.value];
  const timeoutMs = Math.max(1, Math.round(inputs.timeoutMs));
  const deadline = startDeadline(timeoutMs, context.signal);
  let requestAt = now();
  let answered: { at: number; response: Response } | undefined;
  let sentAs: ApiExchange['sentAs'];
  const ended = (classification: ApiErrorClassification, extra: Partial<ApiExchange> = {}): ApiExchange => {
    const at = answered?.at ?? now();
    return { classification, receivedAt: at, latencyMs: Math.max(0, at - requestAt), ...(sentAs && { sentAs }), ...extra };
  };
  // Each exchange owns its connections and closes them at the end, so no socket outlives the check (the
  // runtime's shared pool keeps idle sockets, and even reconnects after an abort). Through the proxy the
  // configuration check found (and with the extra CAs), as the user's traffic goes; else directly.
  let pool: { fetch: typeof fetch; destroy(): Promise<void> } | undefined;
  try {
    const sdk = await loadSdk();
    const proxied = apiFetchFor(context.facts.proxyUrl, { ...(context.extraCaCertificates && { caCertificates: context.extraCaCertificates }), signal: context.signal });
    pool = proxied ? { fetch: proxied, destroy: () => proxied.close() } : await ownedFetch(timeoutMs);
    const poolFetch = pool.fetch;
    // Notes which header carried the credential (its name only), for the evidence.
    const fetchImpl = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const headers = new Headers(init?.headers);
      sentAs = headers.has('x-api-key') ? 'x-api-key' : /^Bearer /i.test(headers.get('authorization') ?? '') ? 'Authorization: Bearer' : undefined;
      return poolFetch(input, init);
    }) as typeof fetch;
    const client = createApiClient(sdk, {
      ...(target.credential.kind === 'authToken' ? { authToken: target.credential.value } : { apiKey: target.credential.value }),
      baseURL: inputs.baseUrl,
      timeoutMs,
      fetch: fetchImpl,
    });
    requestAt = now();
    const response = await request.send(client, deadline.signal);
    answered = { at: now(), response };
    const { rateLimit, ...facts } = responseFacts(response.headers, response.status);
    const body = await readBodyCapped(response, MAX_ANSWER_BYTES);
    const { json, ...classification } = classifyOkBody(response.status, response.headers.get('content-type'), body, {
      secrets,
      isExpected: request.isExpected,
      expected: request.expected,
    });
    const answer: ApiErrorClassification = { ...classification, status: response.status, ...(facts.requestId && { requestId: facts.requestId }), ...(rateLimit && { rateLimit }) };
    return ended(answer, { ...facts, ...(classification.outcome === 'ok' && { json }) });
  } catch (error) {
    // Our flags first: after our abort the SDK reports a user abort whatever the reason was.
    if (context.signal.aborted) return ended({ outcome: 'aborted', detail: 'cancelled' });
    if (deadline.timedOut) return ended({ outcome: 'timeout', detail: `no complete answer within ${timeoutMs} ms` }, answered ? withoutRateLimit(responseFacts(answered.response.headers, answered.response.status)) : {});
    const classification = classifyApiError(error, { now, secrets });
    const headers = errorHeaders(error);
    const facts = headers && classification.status !== undefined ? withoutRateLimit(responseFacts(headers, classification.status)) : {};
    return ended(classification, { ...facts, ...(classification.requestId && { requestId: classification.requestId }) });
  } finally {
    deadline.end(); // also releases a body we did not finish reading
    await pool?.destroy().catch(() => undefined);
  }
}

/**
 * Loads what the API checks send with (the SDK, undici), for a face that wants it done before it starts the
 * clock: a cold start otherwise spends ~100 ms of the first request on module loading. Never rejects.
 */
export async function warmUpApiChecks(): Promise<void> {
  try {
    const [sdk, undici] = await Promise.all([loadSdk(), import('undici')]);
    // One pass through each code path with no network: undici's fetch on a data: URL, and the SDK's request
    // path with a fetch that answers at once (their first use costs tens of ms of lazy initialisation).
    await (await undici.fetch('data:application/json,{}')).text();
    const answer: typeof fetch = async () => new Response('{}', { headers: { 'content-type': 'application/json' } });
    const client = createApiClient(sdk, { apiKey: 'warm-up', baseURL: 'http://warm-up.invalid', timeoutMs: 1_000, fetch: answer });
    await (await client.models.list({ limit: 1 }).asResponse()).text();
    await (await client.messages.countTokens({ model: 'warm-up', messages: [{ role: 'user', content: 'ping' }] }).asResponse()).text();
  } catch {
    // Only a head start: the checks load and report whatever failed here.
  }
}

/**
 * A `fetch` over a connection pool of its own (undici's, the one Node's fetch is built on), and the way
 * to close it: `destroy()` ends every socket it opened, idle or in flight.
 */
export async function ownedFetch(connectTimeoutMs: number): Promise<{ fetch: typeof fetch; destroy(): Promise<void> }> {
  const undici = await import('undici');
  const agent = new undici.Agent({ connect: { timeout: connectTimeoutMs } });
  const fetchImpl = (input: Parameters<typeof undici.fetch>[0], init?: Parameters<typeof undici.fetch>[1]) => undici.fetch(input, { ...init, dispatcher: agent });
  return { fetch: fetchImpl as unknown as typeof fetch, destroy: () => agent.destroy() };
}

function responseFacts(headers: Headers, status: number): Pick<ApiExchange, 'status' | 'requestId' | 'serverDate'> & { rateLimit?: ReturnType<typeof parseRateLimitHeaders> } {
  const get = headerReader(headers);
  const requestId = get('request-id');
  const serverDate = get('date');
  const rateLimit = parseRateLimitHeaders(headers);
  return { status, ...(requestId && { requestId }), ...(serverDate && { serverDate }), ...(rateLimit && { rateLimit }) };
}

function withoutRateLimit(facts: ReturnType<typeof responseFacts>): Pick<ApiExchange, 'status' | 'requestId' | 'serverDate'> {
  return { status: facts.status, ...(facts.requestId && { requestId: facts.requestId }), ...(facts.serverDate && { serverDate: facts.serverDate }) };
}

/** The response headers an SDK `APIError` carries (absent for connection failures). */
function errorHeaders(error: unknown): Headers | undefined {
  const headers = typeof error === 'object' && error !== null ? (error as { headers?: unknown }).headers : undefined;
  return headers && typeof (headers as Headers).get === 'function' ? (headers as Headers) : undefined;
}

/** The host of the base URL, for sentences ("api.anthropic.com"). */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
