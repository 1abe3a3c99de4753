/**
 * Fetches the live model list (`GET /v1/models`, no tokens spent) through the official SDK.
 * Pure: no `vscode` import. The SDK is loaded on first use, not when this module is: activation
 * must not pay for it.
 */
import { createApiClient, loadSdk } from '../api/client';
import { classifyApiError } from '../api/errors';
import type { ApiOutcome } from '../api/types';
import { startDeadline } from '../util/deadline';
import type { Anthropic } from '@anthropic-ai/sdk';
import { dayOf } from './days';
import type { Lifecycle, LiveModel } from './types';

/** From the shared classifier's outcome (src/api/errors.ts), so the probe and the model list agree. */
export type LiveModelsErrorReason = 'auth' | 'notFound' | 'rateLimited' | 'network' | 'timeout' | 'server' | 'other';

/** Why the live list could not be fetched. Check with `isLiveModelsError` and `reason`, never the message. */
export class LiveModelsError extends Error {
  override readonly name = 'LiveModelsError';
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The `request-id` of the failed response, for support. */
  readonly requestId?: string;

  constructor(
    readonly reason: LiveModelsErrorReason,
    message: string,
    details: { status?: number; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.status !== undefined) this.status = details.status;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

export function isLiveModelsError(value: unknown): value is LiveModelsError {
  return value instanceof LiveModelsError;
}

export interface FetchLiveModelsOptions {
  apiKey: string;
  /** e.g. `https://api.anthropic.com` (already checked by util/endpoints). */
  baseURL: string;
  signal?: AbortSignal;
  /** For the whole fetch, all pages of both lists; default `DEFAULT_LIVE_MODELS_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Models per page (1–1000); default 1000, so one request per list as a rule. */
  pageSize?: number;
}

export const DEFAULT_LIVE_MODELS_TIMEOUT_MS = 15_000;

const DEFAULT_PAGE_SIZE = 1000;
/** A server that keeps saying `has_more` must not keep us paging forever. */
const MAX_PAGES = 50;

/**
 * Every model the key can see: the default list (active and deprecated) and the `retired` list,
 * all pages, mapped to `LiveModel`; entries of the wrong shape are skipped. No retries (the caller
 * decides when to try again). Throws only `LiveModelsError`.
 */
export async function fetchLiveModels(options: FetchLiveModelsOptions): Promise<LiveModel[]> {
  if (!options.apiKey) throw new LiveModelsError('auth', 'No API key to list models with.');
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIVE_MODELS_TIMEOUT_MS;
  // One signal for the caller's cancel and our overall deadline; the SDK's own timeout bounds each request.
  const deadline = startDeadline(timeoutMs, options.signal);
  try {
    if (options.signal?.aborted) throw new LiveModelsError('other', 'Listing models was cancelled.');
    const sdk = await loadSdk();
    const client = createApiClient(sdk, { apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs });
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const [listed, retired] = await Promise.all([
      listAllPages(client, undefined, pageSize, deadline.signal),
      listAllPages(client, ['retired'], pageSize, deadline.signal),
    ]);
    const byId = new Map<string, LiveModel>();
    for (const model of [...listed, ...retired]) if (!byId.has(model.id)) byId.set(model.id, model);
    return [...byId.values()];
  } catch (err) {
    throw toLiveModelsError(err, deadline.timedOut, options.apiKey);
  } finally {
    deadline.end(); // when one list failed, this stops the other
  }
}

async function listAllPages(client: Anthropic, lifecycle: Lifecycle[] | undefined, pageSize: number, signal: AbortSignal): Promise<LiveModel[]> {
  const listedRetired = lifecycle?.includes('retired') ?? false;
  const out: LiveModel[] = [];
  let page = await client.models.list({ limit: pageSize, ...(lifecycle && { lifecycle }) }, { signal });
  const cursors = new Set<unknown>();
  for (let pages = 1; ; pages++) {
    const data: unknown = page.data;
    if (!Array.isArray(data)) break;
    for (const raw of data) {
      const model = toLiveModel(raw, listedRetired);
      if (model) out.push(model);
    }
    // Stop on a repeated cursor too: a broken proxy must not loop us.
    if (pages >= MAX_PAGES || cursors.has(page.last_id) || !page.hasNextPage()) break;
    cursors.add(page.last_id);
    page = await page.getNextPage();
  }
  return out;
}

const LIFECYCLES: readonly Lifecycle[] = ['active', 'deprecated', 'retired'];
const MODEL_ID = /^[A-Za-z0-9][\w.:@-]{0,199}$/;
const EPOCH_DAY = '1970-01-01'; // the API's "release date unknown"

/**
 * One API entry as a `LiveModel`, or undefined when it has no usable `id`. Other fields are taken
 * when well-formed and left out otherwise; a missing `lifecycle` is inferred from the list it came
 * from and its dates.
 */
export function toLiveModel(raw: unknown, listedRetired = false): LiveModel | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entry = raw as Record<string, unknown>;
  if (typeof entry.id !== 'string' || !MODEL_ID.test(entry.id)) return undefined;
  const deprecatedAt = nullableDay(entry.deprecated_at);
  const retiresAt = nullableDay(entry.retires_at);
  const lifecycle = LIFECYCLES.includes(entry.lifecycle as Lifecycle)
    ? (entry.lifecycle as Lifecycle)
    : listedRetired ? 'retired' : deprecatedAt || retiresAt ? 'deprecated' : 'active';
  const model: LiveModel = { id: entry.id, lifecycle };
  if (typeof entry.display_name === 'string' && entry.display_name.trim() !== '') model.displayName = entry.display_name.trim().slice(0, 200);
  const createdAt = dayOf(entry.created_at);
  if (createdAt !== undefined && createdAt !== EPOCH_DAY) model.createdAt = createdAt;
  if (deprecatedAt !== undefined) model.deprecatedAt = deprecatedAt;
  if (retiresAt !== undefined) model.retiresAt = retiresAt;
  if (isTokenCount(entry.max_input_tokens)) model.maxInputTokens = entry.max_input_tokens;
  if (isTokenCount(entry.max_tokens)) model.maxTokens = entry.max_tokens;
  if (entry.line === null) model.line = null;
  else if (typeof entry.line === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(entry.line)) model.line = entry.line;
  return model;
}

/** `null` stays null ("none"); a date-time becomes its UTC day; garbage becomes undefined ("not said"). */
function nullableDay(value: unknown): string | null | undefined {
  return value === null ? null : dayOf(value);
}

function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function toLiveModelsError(err: unknown, timedOut: boolean, apiKey: string): LiveModelsError {
  if (isLiveModelsError(err)) return err;
  // Our deadline reaches the SDK as an abort: say what it was.
  if (timedOut) return new LiveModelsError('timeout', 'Listing models timed out.', { cause: err });
  const found = classifyApiError(err, { secrets: [apiKey] });
  const reason = reasonForOutcome(found.outcome);
  const details = { ...(found.status !== undefined && { status: found.status }), ...(found.requestId && { requestId: found.requestId }), cause: err };
  const type = found.errorType ? ` (${found.errorType})` : '';
  switch (reason) {
    case 'timeout':
      return new LiveModelsError(reason, found.status !== undefined ? `The Models API answered ${found.status}${type}.` : 'Listing models timed out.', details);
    case 'network':
      return new LiveModelsError(reason, `Could not reach the Models API${found.detail ? ` (${found.detail})` : ''}.`, details);
    case 'other':
      if (found.outcome === 'aborted') return new LiveModelsError(reason, 'Listing models was cancelled.', details);
      break;
    case 'server':
      if (found.outcome === 'malformed') return new LiveModelsError(reason, `The Models API sent an unreadable answer${found.detail ? ` (${found.detail})` : ''}.`, details);
      break;
  }
  const what = found.status !== undefined ? `The Models API answered ${found.status}${type}.` : `Listing models failed${found.detail ? `: ${found.detail}` : ''}.`;
  return new LiveModelsError(reason, what, details);
}

function reasonForOutcome(outcome: ApiOutcome): LiveModelsErrorReason {
  switch (outcome) {
    case 'auth':
    case 'notFound':
    case 'rateLimited':
    case 'timeout':
      return outcome;
    case 'overloaded':
    case 'serverError':
    case 'malformed':
      return 'server';
    case 'dns':
    case 'refused':
    case 'reset':
    case 'tls':
    case 'network':
      return 'network';
    case 'ok':
    case 'otherStatus':
    case 'aborted':
      return 'other';
  }
}
