/** Types of the model catalog. Pure: no `vscode` import. */

/** Where a model stands on a given day. */
export type Lifecycle = 'active' | 'deprecated' | 'retired';

/** One first-party model ID (dated snapshot, alias, or 4.6+ undated snapshot) as the catalog knows it. */
export interface ModelInfo {
  /** The first-party API ID, e.g. `claude-sonnet-4-5-20250929`, `claude-haiku-4-5`, `claude-opus-5`. */
  id: string;
  displayName?: string;
  /** For a floating alias (pre-4.6 undated name, `-latest`): the dated snapshot it points to today. */
  aliasOf?: string;
  /** Lifecycle as recorded in the data; `judge` derives the state on a given day from the dates. */
  lifecycle: Lifecycle;
  /** YYYY-MM-DD */
  releasedAt?: string;
  /** YYYY-MM-DD: deprecation announced. */
  deprecatedAt?: string;
  /** YYYY-MM-DD: end of life; requests fail from this day on. */
  retiresAt?: string;
  /** Suggested replacement ID when deprecated or retired. */
  replacement?: string;
  /** Model line: `opus`, `sonnet`, `haiku`, `fable`, `mythos`, `instant`, `claude` (for claude-2.x). */
  line?: string;
  /** Generation as written in the ID, with a dot: `3`, `3.5`, `4`, `4.5`, `4.6`, `5`, `5.5`. */
  generation?: string;
  contextWindow?: number;
  maxOutput?: number;
}

/** Where the catalog's data came from. */
export interface CatalogSource {
  source: 'bundled' | 'live';
  /** YYYY-MM-DD of the bundled snapshot, or of the live fetch. */
  asOf: string;
}

/** What the catalog says about a string that looks like a Claude model ID, on a given day. */
export type Judgement =
  /** Known and usable, pinned (dated snapshot, or a 4.6+ undated ID). */
  | { kind: 'current'; model: ModelInfo }
  /** A pre-4.6 floating alias whose target is current. */
  | { kind: 'alias'; model: ModelInfo; target: string }
  /**
   * Still served until `retiresAt`; `daysLeft` counted in whole days from the judgement day.
   * `overdue`: the data was recorded on or after `retiresAt` and still said "deprecated" (the Models API's
   * way of saying retirement is late, not done); `daysLeft` is then 0. When no retirement is scheduled,
   * `retiresAt` is '' and `daysLeft` is Infinity (so `daysLeft <= n` checks stay correct).
   */
  | { kind: 'deprecated'; model: ModelInfo; retiresAt: string; daysLeft: number; replacement?: string; overdue?: boolean }
  /** Requests fail (404 not_found_error). `retiredAt` is '' when the data gives no date. */
  | { kind: 'retired'; model: ModelInfo; retiredAt: string; replacement?: string }
  /**
   * Never existed: every request fails. `closest` is the real ID the writer most likely meant
   * (it may itself be retired); `suggestions` are usable IDs to replace it with, best first (may be empty).
   */
  | { kind: 'unknown'; closest?: string; suggestions: string[] }
  /** A Bedrock or Vertex spelling; `base` judges the underlying model (a retired model is retired everywhere; an unknown base is unknown). */
  | { kind: 'platform'; platform: 'bedrock' | 'vertex'; baseId: string; base: Judgement };

/**
 * One entry of the live Models API (`GET /v1/models`), checked and mapped by `fetchLiveModels`.
 * For the date fields, `null` means the API said "none" and absent means it did not say (or said garbage):
 * the catalog lets a `null` clear a bundled date but keeps the bundled date when the field is absent.
 */
export interface LiveModel {
  id: string;
  displayName?: string;
  /** YYYY-MM-DD (UTC day) of `created_at`; absent when missing or the epoch placeholder. */
  createdAt?: string;
  lifecycle: Lifecycle;
  /** YYYY-MM-DD */
  deprecatedAt?: string | null;
  /** YYYY-MM-DD */
  retiresAt?: string | null;
  maxInputTokens?: number;
  maxTokens?: number;
  /** The API's own `line`; `null` when the model belongs to no line. */
  line?: string | null;
}
