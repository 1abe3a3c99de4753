/**
 * The model catalog: the bundled snapshot, optionally overlaid with the live Models API, and the
 * judgement of a model ID on a given day. Pure: no `vscode` import.
 */
import bundledData from './bundledCatalog.json';
import { dayOf, daysBetween, isDay } from './days';
import { compareGenerations, dayOfCompactDate, parseModelId, splitPlatform, successorLine } from './modelIds';
import { suggestModels } from './suggest';
import type { CatalogSource, Judgement, Lifecycle, LiveModel, ModelInfo } from './types';

/** Where a model stands on one day: `judge` turns this into a Judgement. */
export type DayState = 'active' | 'deprecated' | 'retired';

interface CatalogEntry {
  info: ModelInfo;
  /** The day its lifecycle was recorded (bundle date or live fetch): later days are projected from its dates. */
  recordedAt: string;
}

interface StateOnDay {
  state: DayState;
  /** Deprecated past its retirement date according to data recorded on or after that date. */
  overdue: boolean;
}

const LIFECYCLES: readonly Lifecycle[] = ['active', 'deprecated', 'retired'];

export class ModelCatalog {
  private static bundledCatalog: ModelCatalog | undefined;

  private constructor(
    private readonly entries: ReadonlyMap<string, CatalogEntry>,
    readonly source: CatalogSource,
  ) {}

  /** The snapshot shipped with the extension (`bundledCatalog.json`). */
  static bundled(): ModelCatalog {
    ModelCatalog.bundledCatalog ??= ModelCatalog.fromModels(bundledData.models.map(checkedModelInfo), {
      source: 'bundled',
      asOf: bundledData.asOf,
    });
    return ModelCatalog.bundledCatalog;
  }

  /** A catalog of the given models, their lifecycles recorded on `source.asOf`. */
  static fromModels(models: readonly ModelInfo[], source: CatalogSource): ModelCatalog {
    if (!isDay(source.asOf)) throw new TypeError(`catalog asOf must be YYYY-MM-DD, got ${source.asOf}`);
    const entries = new Map<string, CatalogEntry>();
    for (const info of models) entries.set(info.id, { info: { ...info }, recordedAt: source.asOf });
    return new ModelCatalog(entries, { ...source });
  }

  /**
   * A new catalog with the live list laid over this one. Live data wins for lifecycle, dates, token
   * limits and display names; live IDs unknown here are added; IDs only known here are kept (aliases
   * and long-retired IDs are never listed live). Aliases and replacements stay from this catalog.
   */
  withLive(models: readonly LiveModel[], fetchedAt: string): ModelCatalog {
    const day = dayOf(fetchedAt);
    if (day === undefined) throw new TypeError(`fetchedAt must be YYYY-MM-DD, got ${fetchedAt}`);
    const entries = new Map(this.entries);
    for (const live of models) {
      if (typeof live?.id !== 'string' || live.id === '' || !LIFECYCLES.includes(live.lifecycle)) continue;
      entries.set(live.id, { info: mergeLive(this.entries.get(live.id)?.info, live), recordedAt: day });
    }
    return new ModelCatalog(entries, { source: 'live', asOf: day });
  }

  /** What the catalog knows about this exact first-party ID. */
  info(id: string): ModelInfo | undefined {
    const entry = this.entries.get(id);
    return entry && { ...entry.info };
  }

  /** Every known model (copies), in catalog order. */
  models(): ModelInfo[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.info }));
  }

  /** The state of a known ID on a day (an alias follows its target); undefined when unknown. */
  stateOn(id: string, day: string): DayState | undefined {
    const entry = this.entries.get(id);
    return entry && this.stateOfEntry(entry, day).state;
  }

  /** What the ID says on `asOf` (YYYY-MM-DD): see `Judgement`. */
  judge(id: string, asOf: string): Judgement {
    const entry = this.entries.get(id);
    if (!entry) {
      const onPlatform = splitPlatform(id);
      if (onPlatform) {
        const { platform, baseId } = onPlatform;
        return { kind: 'platform', platform, baseId, base: this.judge(baseId, asOf) };
      }
      return { kind: 'unknown', ...suggestModels(id, this, asOf) };
    }
    const model = { ...entry.info };
    const dated = this.aliasTarget(entry) ?? entry;
    const { state, overdue } = this.stateOfEntry(entry, asOf);
    if (state === 'active') {
      return model.aliasOf !== undefined ? { kind: 'alias', model, target: model.aliasOf } : { kind: 'current', model };
    }
    const replacement = this.replacementFor(id, asOf);
    const retiresAt = dated.info.retiresAt ?? '';
    if (state === 'retired') return { kind: 'retired', model, retiredAt: retiresAt, ...(replacement && { replacement }) };
    const daysLeft = retiresAt === '' ? Number.POSITIVE_INFINITY : Math.max(0, daysBetween(asOf, retiresAt));
    return { kind: 'deprecated', model, retiresAt, daysLeft, ...(replacement && { replacement }), ...(overdue && { overdue }) };
  }

  /**
   * The newest model of a line that is current on `day` (default: the catalog's date): highest
   * generation, then latest date, then a pinned ID before an alias. Undefined when the line has none
   * (e.g. `claude` for 2.x, `instant`).
   */
  newestOfLine(line: string, day: string = this.source.asOf): ModelInfo | undefined {
    const current = [...this.entries.values()].filter(
      (entry) => entry.info.line === line && this.stateOfEntry(entry, day).state === 'active',
    );
    current.sort((a, b) => compareNewestFirst(a.info, b.info));
    return current[0] && { ...current[0].info };
  }

  /**
   * A usable ID to replace `id` with on `day`: its recorded replacement (followed while that one is
   * itself deprecated or retired), else the newest current model of its line (or of the line that
   * succeeded it). A current alias as replacement is given as its dated target.
   */
  replacementFor(id: string, day: string): string | undefined {
    const seen = new Set<string>();
    let entry = this.entries.get(id);
    const line = entry?.info.line;
    while (entry && !seen.has(entry.info.id)) {
      seen.add(entry.info.id);
      const named = entry.info.replacement ?? this.aliasTarget(entry)?.info.replacement;
      const next = named === undefined ? undefined : this.entries.get(named);
      if (next && this.stateOfEntry(next, day).state === 'active') return next.info.aliasOf ?? next.info.id;
      entry = next;
    }
    return line === undefined ? undefined : this.newestOfLine(successorLine(line), day)?.id;
  }

  private aliasTarget(entry: CatalogEntry): CatalogEntry | undefined {
    return entry.info.aliasOf === undefined ? undefined : this.entries.get(entry.info.aliasOf);
  }

  /** An alias lives and dies with its target (live data updates the target, never the alias). */
  private stateOfEntry(entry: CatalogEntry, day: string): StateOnDay {
    return stateOnDay(this.aliasTarget(entry) ?? entry, day);
  }
}

/**
 * The state on `day`, projected from the recorded lifecycle and dates:
 * - a deprecated model retires on its `retiresAt` day when that day came after the record; if the
 *   record was made on or after `retiresAt` and still said "deprecated", retirement is overdue
 *   (the Models API's convention: `lifecycle` is the retirement signal) and it stays deprecated;
 * - before `deprecatedAt` / `retiresAt` a model was active / deprecated (judging a past day);
 * - a retired model without a date is retired on every day.
 */
function stateOnDay({ info, recordedAt }: CatalogEntry, day: string): StateOnDay {
  const { lifecycle, deprecatedAt, retiresAt } = info;
  const before = (date: string | undefined): boolean => date !== undefined && day < date;
  const earlier: StateOnDay = { state: before(deprecatedAt) ? 'active' : 'deprecated', overdue: false };
  if (lifecycle === 'active') return { state: 'active', overdue: false };
  if (lifecycle === 'retired') return day < recordedAt && before(retiresAt) ? earlier : { state: 'retired', overdue: false };
  if (retiresAt === undefined || day < retiresAt) return earlier;
  return retiresAt > recordedAt ? { state: 'retired', overdue: false } : { state: 'deprecated', overdue: true };
}

/** Newest first: generation, then date (release, else the ID's snapshot date), then pinned before alias, then ID. */
function compareNewestFirst(a: ModelInfo, b: ModelInfo): number {
  return (
    compareGenerations(b.generation, a.generation) ||
    sortDate(b).localeCompare(sortDate(a)) ||
    Number(a.aliasOf !== undefined) - Number(b.aliasOf !== undefined) ||
    b.id.localeCompare(a.id)
  );
}

function sortDate(info: ModelInfo): string {
  if (info.releasedAt) return info.releasedAt;
  const compact = parseModelId(info.id)?.date;
  return compact === undefined ? '' : dayOfCompactDate(compact);
}

/** Live values replace bundled ones; a live `null` date clears the bundled date, an absent one keeps it. */
function mergeLive(bundled: ModelInfo | undefined, live: LiveModel): ModelInfo {
  const merged: ModelInfo = { ...bundled, id: live.id, lifecycle: live.lifecycle };
  if (live.displayName) merged.displayName = live.displayName;
  if (live.createdAt) merged.releasedAt = live.createdAt;
  for (const key of ['deprecatedAt', 'retiresAt'] as const) {
    const value = live[key];
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  if (live.maxInputTokens) merged.contextWindow = live.maxInputTokens;
  if (live.maxTokens) merged.maxOutput = live.maxTokens;
  // The bundle's line/generation are curated (e.g. line `claude` for 2.x, which the API calls null).
  const parts = parseModelId(live.id);
  merged.line ??= live.line ?? parts?.line;
  merged.generation ??= parts?.generation;
  if (merged.line === undefined) delete merged.line;
  if (merged.generation === undefined) delete merged.generation;
  return merged;
}

/** The bundled JSON, checked field by field: a broken bundle fails loudly in the unit tests, not in a user's editor. */
function checkedModelInfo(raw: Record<string, unknown>): ModelInfo {
  const { id, lifecycle } = raw;
  if (typeof id !== 'string' || !LIFECYCLES.includes(lifecycle as Lifecycle)) throw new TypeError(`bad bundled model ${JSON.stringify(raw)}`);
  const info: ModelInfo = { id, lifecycle: lifecycle as Lifecycle };
  for (const key of ['displayName', 'aliasOf', 'replacement', 'line', 'generation'] as const) {
    if (typeof raw[key] === 'string') info[key] = raw[key];
  }
  for (const key of ['releasedAt', 'deprecatedAt', 'retiresAt'] as const) {
    if (raw[key] === undefined) continue;
    if (!isDay(raw[key])) throw new TypeError(`bad ${key} in bundled model ${id}`);
    info[key] = raw[key];
  }
  for (const key of ['contextWindow', 'maxOutput'] as const) {
    if (typeof raw[key] === 'number') info[key] = raw[key];
  }
  return info;
}
