import * as vscode from 'vscode';
import { readEndpointSettings } from '../config';
import type { Log } from '../log';
import { ModelCatalog } from '../models/catalog';
import type { CatalogCacheEntry } from '../models/catalogCache';
import { cachedModelsFor, deserializeCatalogCache, serializeCatalogCache } from '../models/catalogCache';
import { fetchLiveModels, isLiveModelsError } from '../models/liveModels';
import type { ApiKeyStore } from './apiKeyStore';

const cacheKey = 'claudeHealth.liveModelCache';

/** What a refresh ended with, in words for the user. */
export type RefreshOutcome = { ok: true; count: number } | { ok: false; reason: string };

/**
 * The model catalog in use: the bundled snapshot, merged with the live Models API list when a
 * key is available. The live list is cached in globalState for a day, per API base URL, so
 * opening a file does not cost a request; the SDK is loaded only when a fetch happens.
 */
export class CatalogService implements vscode.Disposable {
  private catalog = ModelCatalog.bundled();
  private inFlight: Promise<RefreshOutcome> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the catalog in use changes (live data arrived or was dropped). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
  ) {
    this.useCachedLiveList();
  }

  current(): ModelCatalog {
    return this.catalog;
  }

  /** Fetches the live list unless a fresh one is cached (or `force`). Never throws; one fetch at a time. */
  refresh(force = false): Promise<RefreshOutcome> {
    if (!force && this.useCachedLiveList()) return Promise.resolve({ ok: true, count: this.catalog.models().length });
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Drops live data (e.g. the endpoint changed) and goes back to what is cached for the new endpoint. */
  reset(): void {
    this.catalog = ModelCatalog.bundled();
    this.useCachedLiveList();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Uses the cached live list for the current endpoint if it is fresh; true when it did. */
  private useCachedLiveList(): boolean {
    const entry = deserializeCatalogCache(this.globalState.get<string>(cacheKey));
    const baseURL = readEndpointSettings().apiBaseUrl.url;
    const models = cachedModelsFor(entry, baseURL, Date.now());
    if (!entry || !models) return false;
    const fetchedDay = entry.fetchedAt.slice(0, 10);
    if (this.catalog.source.source !== 'live' || this.catalog.source.asOf !== fetchedDay) {
      this.catalog = ModelCatalog.bundled().withLive(models, fetchedDay);
    }
    return true;
  }

  private async fetch(): Promise<RefreshOutcome> {
    const resolved = await this.keys.resolve();
    if (!resolved.key) return { ok: false, reason: 'no API key is set' };
    this.log.rememberSecret(resolved.key);
    const baseURL = readEndpointSettings().apiBaseUrl.url;
    try {
      const models = await fetchLiveModels({ apiKey: resolved.key, baseURL });
      const fetchedAt = new Date();
      const entry: CatalogCacheEntry = { fetchedAt: fetchedAt.toISOString(), baseURL, models };
      await this.globalState.update(cacheKey, serializeCatalogCache(entry));
      this.catalog = ModelCatalog.bundled().withLive(models, entry.fetchedAt.slice(0, 10));
      this.log.info(`Model list refreshed from ${baseURL}: ${models.length} models.`);
      this.changed.fire();
      return { ok: true, count: models.length };
    } catch (error) {
      const reason = isLiveModelsError(error) ? `${error.reason}: ${error.message}` : String(error);
      this.log.warn(`Could not refresh the model list from ${baseURL} (${reason}); using the bundled snapshot.`);
      return { ok: false, reason };
    }
  }
}
