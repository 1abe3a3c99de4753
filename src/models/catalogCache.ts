/**
 * Keeping a fetched live model list between sessions: what is stored, how it is checked on the way
 * back in, and when it is too old. The storage itself (globalState) is the VS Code adapter's.
 * Pure: no `vscode` import.
 */
import { isDay } from './days';
import type { Lifecycle, LiveModel } from './types';

/** One stored fetch. A list belongs to the endpoint it came from: another base URL never reuses it. */
export interface CatalogCacheEntry {
  /** ISO date-time of the fetch. */
  fetchedAt: string;
  /** The base URL the list was fetched from, normalised by `normalizeBaseURL`. */
  baseURL: string;
  models: LiveModel[];
}

export const DEFAULT_CATALOG_CACHE_TTL_MS = 24 * 60 * 60 * 1000;

/** Bumped when the stored shape changes: older entries then read as garbage and are refetched. */
const CACHE_VERSION = 1;
/** A clock set back a little must not make a fresh entry look stale (nor one "from the future" fresh forever). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** More than any real catalog: a bigger stored list is not ours. */
const MAX_MODELS = 5000;

/** `https://API.anthropic.com/` and `https://api.anthropic.com` are the same endpoint. */
export function normalizeBaseURL(baseURL: string): string {
  try {
    return new URL(baseURL.trim()).toString().replace(/\/+$/, '');
  } catch {
    return baseURL.trim().replace(/\/+$/, '');
  }
}

export function serializeCatalogCache(entry: CatalogCacheEntry): string {
  return JSON.stringify({ version: CACHE_VERSION, fetchedAt: entry.fetchedAt, baseURL: normalizeBaseURL(entry.baseURL), models: entry.models });
}

/** The stored entry (a JSON string, or the parsed object globalState hands back), or undefined for anything malformed. */
export function deserializeCatalogCache(stored: unknown): CatalogCacheEntry | undefined {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, fetchedAt, baseURL, models } = value as Record<string, unknown>;
  if (version !== CACHE_VERSION) return undefined;
  if (typeof fetchedAt !== 'string' || Number.isNaN(Date.parse(fetchedAt)) || !/^\d{4}-\d{2}-\d{2}T/.test(fetchedAt)) return undefined;
  if (typeof baseURL !== 'string' || baseURL === '') return undefined;
  if (!Array.isArray(models) || models.length > MAX_MODELS || !models.every(isLiveModel)) return undefined;
  return { fetchedAt, baseURL: normalizeBaseURL(baseURL), models: models.map((m) => ({ ...m })) };
}

/** Younger than `ttlMs` at `now` (and not dated in the future beyond a little clock skew). */
export function isFresh(entry: CatalogCacheEntry, now: Date | number, ttlMs: number = DEFAULT_CATALOG_CACHE_TTL_MS): boolean {
  const age = (typeof now === 'number' ? now : now.getTime()) - Date.parse(entry.fetchedAt);
  return age >= -CLOCK_SKEW_MS && age < ttlMs;
}

/** The stored models when the entry is for `baseURL` and fresh; undefined means "fetch again". */
export function cachedModelsFor(
  entry: CatalogCacheEntry | undefined,
  baseURL: string,
  now: Date | number,
  ttlMs: number = DEFAULT_CATALOG_CACHE_TTL_MS,
): LiveModel[] | undefined {
  if (!entry || normalizeBaseURL(entry.baseURL) !== normalizeBaseURL(baseURL) || !isFresh(entry, now, ttlMs)) return undefined;
  return entry.models;
}

/** After a failed fetch (no key, network down), this long before the next automatic try. */
export const REFRESH_RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;

/**
 * Whether an automatic refresh is due at `now`: no fresh list for `baseURL` (none, another endpoint's, or
 * older than `ttlMs`), and no failed attempt in the last `retryAfterFailureMs`. Called on every analysis
 * that sees a model ID and on each day check, so a session open for days still refetches daily.
 */
export function refreshDue(
  entry: CatalogCacheEntry | undefined,
  baseURL: string,
  now: number,
  lastFailedAt: number | undefined,
  ttlMs: number = DEFAULT_CATALOG_CACHE_TTL_MS,
  retryAfterFailureMs: number = REFRESH_RETRY_AFTER_FAILURE_MS,
): boolean {
  if (cachedModelsFor(entry, baseURL, now, ttlMs)) return false;
  return lastFailedAt === undefined || now - lastFailedAt >= retryAfterFailureMs || now < lastFailedAt;
}

const LIFECYCLES: readonly Lifecycle[] = ['active', 'deprecated', 'retired'];

/** The shape `fetchLiveModels` produces: exact field types, nothing half-valid. */
export function isLiveModel(value: unknown): value is LiveModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const optional = (key: string, check: (v: unknown) => boolean): boolean => m[key] === undefined || check(m[key]);
  const nullableDay = (v: unknown): boolean => v === null || isDay(v);
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  return (
    typeof m.id === 'string' &&
    m.id !== '' &&
    LIFECYCLES.includes(m.lifecycle as Lifecycle) &&
    optional('displayName', (v) => typeof v === 'string') &&
    optional('createdAt', isDay) &&
    optional('deprecatedAt', nullableDay) &&
    optional('retiresAt', nullableDay) &&
    optional('maxInputTokens', count) &&
    optional('maxTokens', count) &&
    optional('line', (v) => v === null || typeof v === 'string')
  );
}
