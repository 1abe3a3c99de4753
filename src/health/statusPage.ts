/**
 * Client of the public status page (an Atlassian Statuspage, facts §4). Plain `fetch`, no SDK and no
 * credentials: the page is public and the API key must never go there. Pure: no `vscode`.
 */
import { startDeadline } from '../util/deadline';
import { defaultStatusPageUrl } from '../util/endpoints';
import { classifyApiError } from '../api/errors';
import { htmlTitle, looksLikeHtml, readBodyCapped, safeDetail } from '../api/http';
import { parseStatusSummary } from './statusPageParse';
import type { StatusPageFailure, StatusPageSnapshot } from './types';

export { apiComponentScore, parseStatusSummary } from './statusPageParse';

export interface FetchStatusPageOptions {
  /** The page's base URL, e.g. `https://status.claude.com` (already checked by util/endpoints). */
  pageUrl: string;
  /** For the whole fetch, body included; default `DEFAULT_STATUS_PAGE_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Cancels the fetch; it then resolves with error `aborted`. */
  signal?: AbortSignal;
  /** Default: the global fetch. */
  fetchImpl?: typeof fetch;
  /** Clock for `fetchedAt` and for "is this maintenance window now"; default Date.now. */
  now?: () => number;
  /** `summary` (default): everything. `status`: the cheap poll, indicator and description only (`partial`). */
  kind?: 'summary' | 'status';
}

export const DEFAULT_STATUS_PAGE_TIMEOUT_MS = 10_000;

/** Anthropic's summary is a few tens of KB; far more is not the page. */
export const MAX_STATUS_PAGE_BYTES = 2 * 1024 * 1024;

/**
 * The user-facing URL of the page: the configured base, without a trailing slash or an
 * `/api/v2/...` path pasted along; the default page when the value is not an http(s) URL.
 */
export function statusPageLink(pageUrl: string): string {
  try {
    const url = new URL(pageUrl.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return defaultStatusPageUrl;
    url.search = '';
    url.hash = '';
    url.pathname = url.pathname.replace(/\/api\/v2(\/.*)?$/, '');
    return url.toString().replace(/\/+$/, '');
  } catch {
    return defaultStatusPageUrl;
  }
}

/** Fetches and reads the page once. Never throws: a failure is a `StatusPageFailure`. */
export async function fetchStatusPage(options: FetchStatusPageOptions): Promise<StatusPageSnapshot | StatusPageFailure> {
  const now = options.now ?? Date.now;
  const fetchedAt = now();
  const fail = (error: StatusPageFailure['error'], detail: string, status?: number): StatusPageFailure => ({
    fetchedAt,
    error,
    detail: safeDetail(detail),
    ...(status !== undefined && { status }),
  });
  if (options.signal?.aborted) return fail('aborted', 'cancelled before it started');

  const link = statusPageLink(options.pageUrl);
  const kind = options.kind ?? 'summary';
  const url = `${link}/api/v2/${kind}.json`;
  const timeoutMs = Math.max(1, options.timeoutMs ?? DEFAULT_STATUS_PAGE_TIMEOUT_MS);
  const deadline = startDeadline(timeoutMs, options.signal);
  try {
    const fetchImpl = options.fetchImpl ?? fetch;
    // No credentials of any kind: only an Accept header.
    const response = await fetchImpl(url, { method: 'GET', headers: { accept: 'application/json' }, credentials: 'omit', signal: deadline.signal });
    const body = await readBodyCapped(response, MAX_STATUS_PAGE_BYTES);
    const contentType = response.headers.get('content-type');
    if (!response.ok) {
      const title = looksLikeHtml(body.text, contentType) ? htmlTitle(body.text) : undefined;
      return fail('http', `HTTP ${response.status}${title ? `: "${title}"` : ''}`, response.status);
    }
    if (body.truncated) return fail('malformed', `an answer over ${MAX_STATUS_PAGE_BYTES} bytes`, response.status);
    // Content type is not trusted either way: pages are served as text/plain or worse by some proxies.
    if (looksLikeHtml(body.text)) return fail('malformed', `an HTML page, not the status JSON${titleOf(body.text)}`, response.status);
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (err) {
      return fail('malformed', `unreadable JSON (${err instanceof Error ? err.message : String(err)})`, response.status);
    }
    const snapshot = parseStatusSummary(json, link, fetchedAt);
    if (!snapshot) return fail('malformed', 'JSON without a status indicator or components', response.status);
    if (kind === 'status') snapshot.partial = true;
    return snapshot;
  } catch (err) {
    if (options.signal?.aborted) return fail('aborted', 'cancelled');
    if (deadline.timedOut) return fail('timeout', `no complete answer within ${timeoutMs} ms`);
    const { outcome, detail } = classifyApiError(err);
    return fail(outcome === 'timeout' ? 'timeout' : 'network', detail ?? 'network failure');
  } finally {
    deadline.end(); // also releases a body we did not finish reading
  }
}

function titleOf(html: string): string {
  const title = htmlTitle(html);
  return title ? `: "${title}"` : '';
}
