/** The model catalog the CLI judges with: the live Models API when a key is set, else the bundled snapshot. */
import type { JudgingCatalog } from '../analysis/evaluate';
import { ModelCatalog } from '../models/catalog';
import { fetchLiveModels, type FetchLiveModelsOptions } from '../models/liveModels';
import type { Judgement, LiveModel } from '../models/types';
import { describeMalformedKey, maskApiKey } from '../secrets/apiKey';
import { checkEndpoint, defaultApiBaseUrl } from '../util/endpoints';

/** A lint run should not wait long for the network: past this the bundled snapshot is used. */
export const liveFetchTimeoutMs = 5_000;

export interface CatalogChoice {
  catalog: ModelCatalog;
  /** Said on stderr when the live list was wanted but not used. */
  note?: string;
}

export interface LoadCatalogOptions {
  offline: boolean;
  env: NodeJS.ProcessEnv;
  /** Today's date-time, for the live list's date. */
  now: Date;
  /** Injected in tests. */
  fetchLive?: (options: FetchLiveModelsOptions) => Promise<LiveModel[]>;
}

/** Never throws: any failure of the live path falls back to the bundled snapshot with a note. */
export async function loadCatalog(options: LoadCatalogOptions): Promise<CatalogChoice> {
  const bundled = ModelCatalog.bundled();
  const apiKey = options.env.ANTHROPIC_API_KEY?.trim();
  if (options.offline || !apiKey) return { catalog: bundled };
  const fallback = `using the bundled model list of ${bundled.source.asOf}`;
  // Sent as a header, such a key fails with an error that quotes it whole: never send it.
  const malformed = describeMalformedKey(apiKey);
  if (malformed) return { catalog: bundled, note: `ANTHROPIC_API_KEY not used (${maskApiKey(apiKey)}): it contains ${malformed} inside it, which API keys never do; ${fallback}.` };
  const endpoint = checkEndpoint(options.env.ANTHROPIC_BASE_URL, defaultApiBaseUrl);
  if (endpoint.rejected) return { catalog: bundled, note: `ANTHROPIC_BASE_URL not used (${endpoint.rejected}); ${fallback}.` };
  try {
    const fetchLive = options.fetchLive ?? fetchLiveModels;
    const models = await fetchLive({ apiKey, baseURL: endpoint.url, timeoutMs: liveFetchTimeoutMs });
    return { catalog: bundled.withLive(models, options.now.toISOString().slice(0, 10)) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { catalog: bundled, note: `could not read the live model list from ${endpoint.url}: ${reason} ${capitalised(fallback)}.` };
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The catalog with each judgement kept for the run: the same few IDs recur across a whole tree. */
export function rememberJudgements(catalog: JudgingCatalog): JudgingCatalog {
  const judged = new Map<string, Judgement>();
  return {
    source: catalog.source,
    judge(id, asOf) {
      const key = `${asOf} ${id}`;
      let judgement = judged.get(key);
      if (!judgement) {
        judgement = catalog.judge(id, asOf);
        judged.set(key, judgement);
      }
      return judgement;
    },
    newestOfLine: (line, day) => catalog.newestOfLine(line, day),
  };
}
