/**
 * The API probe: one authenticated, zero-token `GET /v1/models?limit=1` through the official SDK,
 * reduced to a `ProbeResult`. Pure: no `vscode`. The SDK is loaded on the first probe, not when this
 * module is: activation must not pay for it.
 */
import { createApiClient, loadSdk } from '../api/client';
import { classifyApiError } from '../api/errors';
import { parseRateLimitHeaders } from '../api/headers';
import { headerBytes, htmlTitle, looksLikeHtml, readBodyCapped, safeDetail } from '../api/http';
import { startDeadline } from '../util/deadline';
import type { ProbeResult } from './types';

export interface ProbeOptions {
  apiKey: string;
  /** e.g. `https://api.anthropic.com` (already checked by util/endpoints). */
  baseURL: string;
  /** For the whole probe, body included; default `DEFAULT_PROBE_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Cancels the probe; it then resolves with outcome `aborted`. */
  signal?: AbortSignal;
  /** Clock for `startedAt` and `latencyMs`; default Date.now. */
  now?: () => number;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/** A one-model page is well under 1 KB; anything near this is not the API. */
const MAX_PROBE_BODY_BYTES = 256 * 1024;

/**
 * Probes the API once, with the SDK's retries off (the monitor decides when to try again) and a
 * deadline over the whole exchange. Never throws: every failure is an outcome.
 */
export async function probeApi(options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  // Latency counts from the request, not from loading the SDK (the first probe pays for that).
  let requestAt = startedAt;
  const elapsed = (): number => Math.max(0, now() - requestAt);
  const secrets = [options.apiKey];
  if (options.signal?.aborted) return { outcome: 'aborted', startedAt, latencyMs: 0, detail: 'cancelled before it started' };
  if (!options.apiKey) return { outcome: 'auth', startedAt, latencyMs: 0, detail: 'no API key' };

  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS));
  const deadline = startDeadline(timeoutMs, options.signal);
  let latencyMs: number | undefined;
  let response: Response | undefined;
  try {
    const sdk = await loadSdk();
    if (deadline.signal.aborted) throw new DOMException('The probe was stopped.', 'AbortError');
    const client = createApiClient(sdk, { apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs });
    requestAt = now();
    response = await client.models.list({ limit: 1 }, { signal: deadline.signal, maxRetries: 0 }).asResponse();
    latencyMs = elapsed();
    return await readModelPage(response, startedAt, latencyMs, secrets);
  } catch (err) {
    const failedAt = latencyMs ?? elapsed();
    // Our flags first: after our abort the SDK reports a user abort whatever the reason was.
    if (options.signal?.aborted) return { outcome: 'aborted', startedAt, latencyMs: failedAt, detail: 'cancelled' };
    if (deadline.timedOut) return { outcome: 'timeout', startedAt, latencyMs: failedAt, detail: `no complete answer within ${timeoutMs} ms`, ...responseFacts(response) };
    const result: ProbeResult = { startedAt, latencyMs: failedAt, ...classifyApiError(err, { now, secrets }), ...responseFacts(response) };
    const bytes = errorBytes(err);
    if (bytes !== undefined && result.bytesReceived === undefined) result.bytesReceived = bytes;
    return result;
  } finally {
    deadline.end(); // also releases a body we did not finish reading
  }
}

/** What a 2xx response (headers in hand) says: `ok` with rate limits, or `malformed` when it is not a model list. */
async function readModelPage(response: Response, startedAt: number, latencyMs: number, secrets: readonly string[]): Promise<ProbeResult> {
  const body = await readBodyCapped(response, MAX_PROBE_BODY_BYTES);
  const result: ProbeResult = { outcome: 'ok', startedAt, latencyMs, ...responseFacts(response) };
  result.bytesReceived = headerBytes(response.headers) + body.bytes;
  const malformed = (why: string): ProbeResult => ({ ...result, outcome: 'malformed', detail: safeDetail(why, secrets) });
  if (body.truncated) return malformed(`HTTP ${response.status}: an answer over ${MAX_PROBE_BODY_BYTES} bytes, not a model list`);
  if (looksLikeHtml(body.text, response.headers.get('content-type'))) {
    const title = htmlTitle(body.text);
    return malformed(`HTTP ${response.status}: an HTML page, not the API's answer (a proxy or captive portal?)${title ? `: "${title}"` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch (err) {
    return malformed(`HTTP ${response.status}: unreadable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const data = typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return malformed(`HTTP ${response.status}: JSON that is not a model list`);
  if (!result.requestId && typeof (json as { request_id?: unknown }).request_id === 'string') result.requestId = (json as { request_id: string }).request_id;
  return result;
}

/** Status, request-id and rate limits of a response that arrived (they hold whatever its body turns out to be). */
function responseFacts(response: Response | undefined): Pick<ProbeResult, 'status' | 'requestId' | 'rateLimit'> {
  if (!response) return {};
  const facts: Pick<ProbeResult, 'status' | 'requestId' | 'rateLimit'> = { status: response.status };
  const requestId = response.headers.get('request-id');
  if (requestId) facts.requestId = requestId;
  const rateLimit = parseRateLimitHeaders(response.headers);
  if (rateLimit) facts.rateLimit = rateLimit;
  return facts;
}

/** Approximate bytes of an error response: its headers and the body the SDK read (not kept verbatim). */
function errorBytes(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, headers, error, message } = err as { status?: unknown; headers?: unknown; error?: unknown; message?: unknown };
  if (typeof status !== 'number' || typeof (headers as Headers | undefined)?.get !== 'function') return undefined;
  const h = headers as Headers;
  const length = h.get('content-length');
  if (length !== null && /^\d+$/.test(length)) return headerBytes(h) + Number(length);
  let body = '';
  try {
    body = error !== undefined && error !== null ? JSON.stringify(error) : String(message ?? '').replace(/^\d{3}\s*/, '');
  } catch {
    body = '';
  }
  return headerBytes(h) + Buffer.byteLength(body);
}
