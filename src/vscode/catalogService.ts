import * as vscode from 'vscode';
import { readEndpointSettings } from '../config';
import type { Log } from '../log';
import type { ModelCatalog } from '../models/catalog';
import { fetchLiveModels } from '../models/liveModels';
import { LiveCatalog, type RefreshOutcome } from '../models/liveCatalog';
import type { ApiKeyStore } from './apiKeyStore';

export type { RefreshOutcome } from '../models/liveCatalog';

const cacheKey = 'claudeHealth.liveModelCache';

/**
 * The model catalog in use: the bundled snapshot, merged with the live Models API list when a key is
 * available. The live list is cached in globalState per API base URL and fetched again once it is a day
 * old (see LiveCatalog, which holds the logic); the SDK is loaded only when a fetch happens.
 */
export class CatalogService implements vscode.Disposable {
  private readonly live: LiveCatalog;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the catalog in use changes (live data arrived or was dropped). */
  readonly onDidChange = this.changed.event;

  constructor(
    globalState: vscode.Memento,
    keys: ApiKeyStore,
    private readonly log: Log,
  ) {
    this.live = new LiveCatalog({
      readStored: () => globalState.get<string>(cacheKey),
      writeStored: (serialized) => globalState.update(cacheKey, serialized),
      resolveKey: async () => {
        const { key } = await keys.resolve();
        log.rememberSecret(key);
        return key;
      },
      baseURL: () => readEndpointSettings().apiBaseUrl.url,
      fetchModels: (apiKey, baseURL) => fetchLiveModels({ apiKey, baseURL }),
      now: () => Date.now(),
      log,
      changed: () => this.changed.fire(),
    });
  }

  current(): ModelCatalog {
    return this.live.current();
  }

  /** Fetches the live list unless a fresh one is cached (or `force`). Never rejects; one fetch at a time. */
  refresh(force = false): Promise<RefreshOutcome> {
    return this.live.refresh(force);
  }

  /** Fetches only when the cached list is missing or a day old (and no failure within the hour). Never throws. */
  refreshIfDue(): void {
    // LiveCatalog.refresh never rejects (it logs and returns the failure); the catch is for the impossible.
    this.live.refreshIfDue()?.catch((error: unknown) => this.log.error('Refreshing the model list failed', error));
  }

  /** Drops live data (e.g. the endpoint changed) and goes back to what is cached for the new endpoint. */
  reset(): void {
    this.live.reset();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
