/**
 * What the four model rules share: looking through a Bedrock / Vertex spelling to the model it names,
 * and turning replacement IDs into fixes written in the literal's own spelling. Pure: no `vscode` import.
 */
import type { Judgement } from '../../models/types';
import type { Finding, Fix, ModelLiteral } from '../types';

export type Platform = 'bedrock' | 'vertex';

/** A judgement with any platform wrapper taken off, and the platform it was spelled for. */
export interface SeenJudgement {
  judgement: Exclude<Judgement, { kind: 'platform' }>;
  platform?: Platform;
}

/** A replacement the rule would offer, best first, before it is spelled for the literal. */
export interface Candidate {
  id: string;
  /** Words after the ID in the fix title, e.g. "newest Opus". */
  note?: string;
}

const platformNames: Record<Platform, string> = { bedrock: 'Bedrock', vertex: 'Vertex AI' };

/** Splits a dated snapshot ID into name and date: `claude-haiku-4-5-20251001` → [`claude-haiku-4-5`, `20251001`]. */
const datedSnapshot = /^(claude-[a-z0-9.-]+)-(\d{8})$/;

/** Platform IDs are judged through their base model: a retired base is retired on every platform. */
export function seeThroughPlatform(judgement: Judgement): SeenJudgement {
  let platform: Platform | undefined;
  let inner = judgement;
  while (inner.kind === 'platform') {
    platform = inner.platform;
    inner = inner.base;
  }
  return { judgement: inner, platform };
}

/** "Bedrock" / "Vertex AI", for messages. */
export function platformName(platform: Platform): string {
  return platformNames[platform];
}

/**
 * The text that replaces `literal.model` so it names `replacementId`, in the literal's spelling; undefined
 * when no valid ID can be formed. Only dated snapshots have a known platform spelling
 * (`anthropic.<id>-v1:0` on Bedrock, `<name>@<date>` on Vertex); undated 4.6+ IDs are not guessed.
 */
export function spellReplacement(literalText: string, replacementId: string, platform: Platform | undefined): string | undefined {
  if (!platform) return replacementId;
  const dated = datedSnapshot.exec(replacementId);
  if (!dated) return undefined;
  if (platform === 'bedrock') {
    // Keep what surrounds the model part (region prefix such as `us.`, an ARN), drop the old version suffix.
    const at = literalText.indexOf('anthropic.');
    if (at < 0) return undefined;
    const start = at + 'anthropic.'.length;
    const modelPart = /^[a-z0-9.:-]+/.exec(literalText.slice(start));
    if (!modelPart) return undefined;
    return `${literalText.slice(0, start)}${replacementId}-v1:0${literalText.slice(start + modelPart[0].length)}`;
  }
  const vertexCore = /claude-[a-z0-9.-]*@\d{8}/.exec(literalText);
  if (!vertexCore) return undefined;
  return `${literalText.slice(0, vertexCore.index)}${dated[1]}@${dated[2]}${literalText.slice(vertexCore.index + vertexCore[0].length)}`;
}

/**
 * Fixes for the candidates, in order, without duplicates or no-op edits, each spelled for the literal;
 * candidates that cannot be spelled there are left out. The first fix is the preferred one.
 */
export function replacementFixes(literal: ModelLiteral, candidates: Candidate[], platform: Platform | undefined, verb = 'Replace with'): Fix[] {
  const fixes: Fix[] = [];
  const written = new Set<string>([literal.model]);
  for (const candidate of candidates) {
    const newText = spellReplacement(literal.model, candidate.id, platform);
    if (newText === undefined || written.has(newText)) continue;
    written.add(newText);
    const note = candidate.note ? ` (${candidate.note})` : '';
    fixes.push({ title: `${verb} ${newText}${note}`, edits: [{ startOffset: literal.startOffset, endOffset: literal.endOffset, newText }], isPreferred: fixes.length === 0, kind: 'safe' });
  }
  return fixes;
}

/** Candidate IDs without repeats and without the ID being replaced. */
export function distinctCandidates(candidates: Array<Candidate | undefined>, replacedId: string | undefined): Candidate[] {
  const seen = new Set<string>(replacedId ? [replacedId] : []);
  const out: Candidate[] = [];
  for (const candidate of candidates) {
    if (!candidate || seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    out.push(candidate);
  }
  return out;
}

/**
 * The closing "Use …" sentence, naming what the fixes write. When the literal is a platform ID and no
 * platform spelling could be formed, it names the first-party IDs and says to look up the platform's own.
 */
export function useSentence(ids: string[], platform: Platform | undefined, fixes: Fix[]): string {
  if (platform && fixes.length > 0) return ` Use ${listOf(fixes.map(replacementText))}.`;
  if (ids.length === 0) return '';
  if (platform) return ` Use ${listOf(ids)} (look up its ${platformName(platform)} ID).`;
  return ` Use ${listOf(ids)}.`;
}

/** "a", "a or b", "a, b or c". */
export function listOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "Sonnet" from "sonnet", for fix titles. */
export function lineName(line: string): string {
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** The model ID a replacement fix writes (its one edit's text). */
export function replacementText(fix: Fix): string {
  return fix.edits[0]?.newText ?? '';
}

/** A model rule's finding: shown on the literal's ID, about its model. */
export function literalFinding(literal: ModelLiteral, finding: Omit<Finding, 'range' | 'startOffset' | 'endOffset' | 'model' | 'literal'>): Finding {
  return { ...finding, range: literal.range, startOffset: literal.startOffset, endOffset: literal.endOffset, model: literal.model, literal };
}
