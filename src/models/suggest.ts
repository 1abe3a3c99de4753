/**
 * "Did you mean" for model IDs the catalog does not know, using the naming scheme before spelling:
 * dots for dashes, word order, a wrong or missing date, a `-latest` that never existed, a generation
 * the line never had; plain edit distance only when the scheme gives no answer. Pure: no `vscode` import.
 */
import type { ModelCatalog } from './catalog';
import { editDistance } from './editDistance';
import {
  canonicalLine,
  compareGenerations,
  DATE_TYPO,
  dayOfCompactDate,
  generationValue,
  parseModelId,
  successorLine,
  type ModelIdParts,
} from './modelIds';
import { daysBetween } from './days';
import type { ModelInfo } from './types';

/** What `judge` reports for an unknown ID (see the `unknown` Judgement). */
export interface ModelSuggestion {
  /** The real ID the writer most likely meant; it may be retired. */
  closest?: string;
  /** Usable IDs, best first, at most 3. */
  suggestions: string[];
}

const MAX_SUGGESTIONS = 3;

/** `closest` and `suggestions` for an ID the catalog does not know, on day `asOf`. */
export function suggestModels(id: string, catalog: ModelCatalog, asOf: string): ModelSuggestion {
  const closest = closestModelId(id, catalog, asOf);
  return closest === undefined ? { suggestions: [] } : { closest, suggestions: usableSuggestions(closest, catalog, asOf) };
}

/** The catalog ID an unknown one most likely means (as of `asOf`, default the catalog's date), or undefined when nothing is close. */
export function closestModelId(id: string, catalog: ModelCatalog, asOf: string = catalog.source.asOf): string | undefined {
  const lower = id.trim().toLowerCase();
  if (catalog.info(lower)) return lower;
  const models = catalog.models();
  const parts = parseModelId(lower);
  // Spelling only for what the scheme cannot read: between `claude-3` and `claude-1` it would see a typo.
  return parts ? closestByScheme(parts, models, catalog, asOf) : closestBySpelling(lower, models);
}

/**
 * Usable replacements, best first: the closest ID itself when current (its dated target when it is a
 * floating alias), else its replacement; then the newest model of the same line. No duplicates.
 */
function usableSuggestions(closest: string, catalog: ModelCatalog, asOf: string): string[] {
  const out: string[] = [];
  const add = (candidate: string | undefined): void => {
    if (candidate !== undefined && !out.includes(candidate) && out.length < MAX_SUGGESTIONS && catalog.stateOn(candidate, asOf) === 'active') {
      out.push(candidate);
    }
  };
  const info = catalog.info(closest);
  if (catalog.stateOn(closest, asOf) === 'active') add(info?.aliasOf ?? closest);
  else add(catalog.replacementFor(closest, asOf));
  if (info?.line !== undefined) add(catalog.newestOfLine(successorLine(info.line), asOf)?.id);
  return out;
}

function closestByScheme(parts: ModelIdParts, models: ModelInfo[], catalog: ModelCatalog, asOf: string): string | undefined {
  const line = lineOf(parts, models);
  if (line === undefined) return undefined;
  const ofLine = models.filter((m) => m.line === line);
  if (parts.generation === undefined) {
    // `claude-mythos-preveiw`: a named model of the line without a generation, by spelling.
    const named = parts.extras.length > 0 ? closestBySpelling(parts.baseId.toLowerCase(), ofLine.filter((m) => m.generation === undefined)) : undefined;
    // `claude-sonnet-latest`, `claude-sonnet`: the newest of the line.
    return named ?? catalog.newestOfLine(line, asOf)?.id ?? [...ofLine].sort((a, b) => compareGenerations(b.generation, a.generation))[0]?.id;
  }
  return pickInGeneration(nearestGeneration(ofLine, parts.generation), parts);
}

/** The catalog line the writer meant: a line word (typos forgiven), or `claude` for the unlined 1.x/2.x names. */
function lineOf(parts: ModelIdParts, models: ModelInfo[]): string | undefined {
  const lines = [...new Set(models.map((m) => m.line).filter((l): l is string => l !== undefined))];
  if (parts.line !== undefined) return canonicalLine(parts.line, lines);
  // `claude-3` names no line: too vague to guess one.
  return parts.generation !== undefined && generationValue(parts.generation) < 3 ? 'claude' : undefined;
}

/**
 * The models of the line's generation nearest to `generation`: an exact match, else the closest
 * number; on a tie the same major generation (`haiku 4` → 4.5 rather than 3.5), then the newer one.
 */
function nearestGeneration(ofLine: ModelInfo[], generation: string): ModelInfo[] {
  const wanted = generationValue(generation);
  const wantedMajor = Math.floor(wanted);
  let best: string | undefined;
  let bestScore: [number, number, number] | undefined;
  for (const candidate of new Set(ofLine.map((m) => m.generation).filter((g): g is string => g !== undefined))) {
    const value = generationValue(candidate);
    const score: [number, number, number] = [Math.abs(value - wanted), Math.floor(value) === wantedMajor ? 0 : 1, -value];
    if (bestScore === undefined || compareScores(score, bestScore) < 0) [best, bestScore] = [candidate, score];
  }
  return best === undefined ? [] : ofLine.filter((m) => compareGenerations(m.generation, best) === 0);
}

/** Within one generation: the written date, else the nearest snapshot; `-latest`; else the plain name, else the newest snapshot. */
function pickInGeneration(group: ModelInfo[], parts: ModelIdParts): string | undefined {
  const named = group.map((model) => ({ model, parts: parseModelId(model.id) }));
  // Ties go to the usual spelling (`claude-opus-4-20250514`, not the odd `claude-4-opus-20250514`).
  const pinnedFirst = (a: (typeof named)[number], b: (typeof named)[number]): number =>
    Number(a.model.aliasOf !== undefined) - Number(b.model.aliasOf !== undefined);
  const dated = named.filter((n) => n.parts?.date !== undefined);
  const plain = named.find((n) => n.parts && n.parts.date === undefined && !n.parts.latest && n.parts.extras.length === 0);
  const mistypedDate = parts.extras.find((extra) => DATE_TYPO.test(extra));
  if (parts.date === undefined && mistypedDate !== undefined && dated.length > 0) {
    // `2024029`: the snapshot whose date is spelled most alike.
    const spelled = (n: (typeof named)[number]): number => editDistance(mistypedDate, n.parts?.date ?? '');
    return [...dated].sort((a, b) => spelled(a) - spelled(b) || pinnedFirst(a, b))[0].model.id;
  }
  if (parts.date !== undefined) {
    const wanted = dayOfCompactDate(parts.date);
    const distance = (n: (typeof named)[number]): number => {
      const days = Math.abs(daysBetween(wanted, dayOfCompactDate(n.parts?.date ?? '')));
      return Number.isNaN(days) ? Number.MAX_SAFE_INTEGER : days; // `20251399` is no day: any snapshot will do
    };
    const nearest = [...dated].sort((a, b) => distance(a) - distance(b) || pinnedFirst(a, b))[0];
    // A 4.6+ ID with a date added (`claude-sonnet-4-6-20260101`) means the undated ID.
    return (nearest ?? plain)?.model.id;
  }
  if (parts.latest) {
    const latest = named.find((n) => n.parts?.latest);
    if (latest) return latest.model.id;
  }
  if (plain) return plain.model.id;
  const newest = [...dated].sort((a, b) => (b.parts?.date ?? '').localeCompare(a.parts?.date ?? '') || pinnedFirst(a, b))[0];
  return (newest ?? named[0])?.model.id;
}

/** The nearest ID by edit distance, when near enough to be a typo (ties: pinned IDs, then newer). */
function closestBySpelling(lower: string, models: ModelInfo[]): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 8)));
  let best: ModelInfo | undefined;
  let bestDistance = limit + 1;
  for (const model of models) {
    const distance = editDistance(lower, model.id, limit);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && preferOnTie(model, best))) {
      [best, bestDistance] = [model, distance];
    }
  }
  return bestDistance <= limit ? best?.id : undefined;
}

function preferOnTie(candidate: ModelInfo, current: ModelInfo): boolean {
  const aliasDiff = Number(candidate.aliasOf !== undefined) - Number(current.aliasOf !== undefined);
  return aliasDiff < 0 || (aliasDiff === 0 && compareGenerations(candidate.generation, current.generation) > 0);
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
