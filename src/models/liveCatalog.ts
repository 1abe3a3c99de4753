/**
 * The catalog in use and how the live list gets into it: the cached list for the current endpoint, a
 * refresh when it is older than a day, one fetch at a time, and a generation that makes a fetch started
 * before a reset (another key or endpoint) lose. Pure: no `vscode` import; storage, key, endpoint,
 * fetcher, clock and log are injected (CatalogService passes VS Code's).
 */
import { ModelCatalog } from './catalog';
import type { CatalogCacheEntry } from './catalogCache';
import { cachedModelsFor, deserializeCatalogCache, refreshDue, serializeCatalogCache } from './catalogCache';
import { isLiveModelsError } from './liveModels';
import type { LiveModel } from './types';

/** What a refresh ended with, in words for the user. */
export type RefreshOutcome = { ok: true; count: number } | { ok: false; reason: string };

export interface LiveCatalogDeps {
  /** The stored cache entry (what `serializeCatalogCache` wrote), and where to write a new one. */
  readStored(): unknown;
  writeStored(serialized: string): Thenable<void> | Promise<void>;
  /** The API key to list models with, or undefined when there is none. */
  resolveKey(): Promise<string | undefined>;
  /** The API base URL in effect now. */
  baseURL(): string;
  fetchModels(apiKey: string, baseURL: string): Promise<LiveModel[]>;
  now(): number;
  log: { info(message: string): void; warn(message: string): void };
  /** The catalog in use changed (live data arrived, or was dropped). */
  changed(): void;
}

/** Outcome of a fetch that a reset overtook: nothing of it was applied. */
const superseded: RefreshOutcome = { ok: false, reason: 'the key or endpoint changed while the list was being fetched' };

export class LiveCatalog {
  private catalog = ModelCatalog.bundled();
  private entry: CatalogCacheEntry | undefined;
  /** Bumped by every reset and forced refresh: a fetch applies its result only if the generation it started in is still current. */
  private generation = 0;
  private inFlight: Promise<RefreshOutcome> | undefined;
  private lastFailedAt: number | undefined;

  constructor(private readonly deps: LiveCatalogDeps) {
    this.entry = deserializeCatalogCache(deps.readStored());
    this.useCachedLiveList();
  }

  current(): ModelCatalog {
    return this.catalog;
  }

  /**
   * Fetches the live list unless a fresh one is cached; `force` (a command, a new key) always fetches,
   * and a fetch already running with the old key is then overtaken. Never rejects.
   */
  refresh(force = false): Promise<RefreshOutcome> {
    if (force) {
      this.generation++;
      this.inFlight = undefined;
    } else if (this.useCachedLiveList()) {
      return Promise.resolve({ ok: true, count: this.catalog.models().length });
    }
    return (this.inFlight ??= this.fetchFor(this.generation));
  }

  /** Refreshes only when due (no fresh list for this endpoint, and no failure within the hour); cheap otherwise. */
  refreshIfDue(): Promise<RefreshOutcome> | undefined {
    if (this.inFlight || !refreshDue(this.entry, this.deps.baseURL(), this.deps.now(), this.lastFailedAt)) return undefined;
    // Another window shares the stored list: if it fetched lately, that is enough.
    this.entry = deserializeCatalogCache(this.deps.readStored()) ?? this.entry;
    if (this.useCachedLiveList()) {
      this.deps.changed();
      return undefined;
    }
    return this.refresh();
  }

  /** Drops live data (the endpoint changed) and any fetch in flight; goes back to what is cached for the new endpoint. */
  reset(): void {
    this.generation++;
    this.inFlight = undefined;
    this.lastFailedAt = undefined;
    this.catalog = ModelCatalog.bundled();
    this.useCachedLiveList();
    this.deps.changed();
  }

  /** Uses the cached live list for the current endpoint if it is fresh; true when it did. */
  private useCachedLiveList(): boolean {
    const models = cachedModelsFor(this.entry, this.deps.baseURL(), this.deps.now());
    if (!this.entry || !models) return false;
    const fetchedDay = this.entry.fetchedAt.slice(0, 10);
    if (this.catalog.source.source !== 'live' || this.catalog.source.asOf !== fetchedDay) {
      this.catalog = ModelCatalog.bundled().withLive(models, fetchedDay);
    }
    return true;
  }

  private async fetchFor(generation: number): Promise<RefreshOutcome> {
    const stale = (): boolean => generation !== this.generation;
    const settle = (outcome: RefreshOutcome): RefreshOutcome => {
      if (!stale()) this.inFlight = undefined;
      return outcome;
    };
    const baseURL = this.deps.baseURL();
    try {
      const apiKey = await this.deps.resolveKey();
      if (stale()) return superseded;
      if (!apiKey) {
        this.lastFailedAt = this.deps.now();
        return settle({ ok: false, reason: 'no API key is set' });
      }
      const models = await this.deps.fetchModels(apiKey, baseURL);
      if (stale()) return superseded;
      const entry: CatalogCacheEntry = { fetchedAt: new Date(this.deps.now()).toISOString(), baseURL, models };
      await this.deps.writeStored(serializeCatalogCache(entry));
      if (stale()) return superseded;
      this.entry = entry;
      this.lastFailedAt = undefined;
      this.catalog = ModelCatalog.bundled().withLive(models, entry.fetchedAt.slice(0, 10));
      this.deps.log.info(`Model list refreshed from ${baseURL}: ${models.length} models.`);
      this.deps.changed();
      return settle({ ok: true, count: models.length });
    } catch (error) {
      if (stale()) return superseded;
      this.lastFailedAt = this.deps.now();
      const reason = isLiveModelsError(error) ? `${error.reason}: ${error.message}` : String(error);
      this.deps.log.warn(`Could not refresh the model list from ${baseURL} (${reason}); using the bundled snapshot.`);
      return settle({ ok: false, reason });
    }
  }
}
