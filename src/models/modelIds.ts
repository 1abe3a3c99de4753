/**
 * The Claude model naming scheme (facts §1), as text only: no catalog lookups here.
 * Pure: no `vscode` import.
 *
 *   new style, line first:       claude-sonnet-4-5-20250929, claude-haiku-4-5, claude-opus-5
 *   old style, generation first: claude-3-5-sonnet-20241022, claude-3-opus-latest
 *   no line:                     claude-2.1, claude-1.3-100k, claude-2
 *   the first API's names:       claude-v1.3, claude-instant-v1 (generation after a `v`)
 *   Bedrock:  [region.]anthropic.claude-haiku-4-5-20251001-v1:0    (also ARNs ending in such an ID)
 *   Vertex:   claude-haiku-4-5@20251001, claude-3-5-sonnet-v2@20241022
 */
import { editDistance } from './editDistance';

/** Model lines known when this was written; the live catalog may add more. */
export const KNOWN_LINES: readonly string[] = ['opus', 'sonnet', 'haiku', 'fable', 'mythos', 'instant'];

export type Platform = 'bedrock' | 'vertex';

/** Which comes first after `claude-`: the line (`claude-sonnet-4-5`), the generation (`claude-3-5-sonnet`), or there is no line (`claude-2.1`). */
export type NameOrder = 'line-first' | 'generation-first' | 'no-line';

/** An ID taken apart. Parts are lower case; `baseId` keeps the writer's case. */
export interface ModelIdParts {
  /** The first-party spelling: the text itself, or what a Bedrock/Vertex spelling stands for. */
  baseId: string;
  platform?: Platform;
  order: NameOrder;
  /** The first word after `claude-`, as written (it may be a typo such as `sonet`). */
  line?: string;
  /** Dotted, as written: `4.5` for both `4-5` and `4.5`; `4.0` for `4-0`. */
  generation?: string;
  /** The 8-digit snapshot date as written (`20250929`). */
  date?: string;
  latest: boolean;
  /** Everything else: further words (`preview`), sizes (`100k`), versions (`v2`), a mistyped date (`2024029`). */
  extras: string[];
}

const GENERATION_TOKEN = /^\d{1,2}(?:\.\d{1,2})?$/;
const DATE_TOKEN = /^\d{8}$/;
/** `v1`, `v1.3`: the generation in the first API's names (`claude-v1.3`, `claude-instant-v1`). */
const LEGACY_GENERATION_TOKEN = /^v(\d{1,2}(?:\.\d{1,2})?)$/;
/** Sizes (`100k`), versions (`v2`), and a mistyped date (`2024029`). */
const EXTRA_TOKEN = /^(?:\d{1,4}k|v\d{1,2}|\d{6,9})$/;
/** A snapshot date with a digit too many or too few. */
export const DATE_TYPO = /^\d{6,9}$/;
const WORD_TOKEN = /^[a-z]+$/;

/** Words that mark a non-model name (`claude-code`, `claude-api-health`, `claude-desktop`). */
const NON_MODEL_WORDS = new Set([
  'agent', 'agents', 'ai', 'api', 'app', 'bot', 'cli', 'client', 'code', 'config', 'console', 'desktop', 'dev', 'docs',
  'error', 'errors', 'extension', 'health', 'js', 'mcp', 'monitor', 'node', 'plugin', 'proxy', 'py', 'python', 'sdk',
  'server', 'status', 'test', 'tests', 'tools', 'usage', 'web',
]);
/** Words that belong in real IDs besides a line. */
const MODEL_WORDS = new Set(['preview']);

/** Old Bedrock spellings without a generation in the usual place. */
const BEDROCK_LEGACY: Readonly<Record<string, string>> = {
  'claude-v1': 'claude-1.3',
  'claude-instant-v1': 'claude-instant-1.2',
  'claude-v2': 'claude-2.0',
  'claude-v2:0': 'claude-2.0',
  'claude-v2:1': 'claude-2.1',
};

const BEDROCK = /^(?:arn:aws[a-z-]*:bedrock:[^/\s]*\/)?(?:[a-z]{2,7}(?:-[a-z]{2,5})?\.)?anthropic\.(claude-[^\s]+)$/i;
/** Bedrock's version suffix: `-v1:0`, `-v2:0`, `-v1:0:200k`, `-v1`. */
const BEDROCK_VERSION = /-v\d+(?::\d+)?(?::\d+k)?$/i;
const VERTEX = /^(claude-[^@\s]+?)(?:-v\d+)?@(\d{8})$/i;

/** The platform and first-party base of a Bedrock or Vertex spelling; undefined for anything else. */
export function splitPlatform(text: string): { platform: Platform; baseId: string } | undefined {
  const bedrock = BEDROCK.exec(text);
  if (bedrock) {
    const inner = bedrock[1];
    const legacy = BEDROCK_LEGACY[inner.toLowerCase()];
    return { platform: 'bedrock', baseId: legacy ?? inner.replace(BEDROCK_VERSION, '') };
  }
  const vertex = VERTEX.exec(text);
  if (vertex) return { platform: 'vertex', baseId: `${vertex[1]}-${vertex[2]}` };
  return undefined;
}

/** Takes an ID apart (case-insensitively); undefined when it is not shaped like `claude-…` parts at all. */
export function parseModelId(text: string): ModelIdParts | undefined {
  const onPlatform = splitPlatform(text);
  const baseId = onPlatform?.baseId ?? text;
  const lower = baseId.toLowerCase();
  if (!lower.startsWith('claude-') || lower.length === 'claude-'.length) return undefined;

  const parts: ModelIdParts = { baseId, order: 'no-line', latest: false, extras: [] };
  if (onPlatform) parts.platform = onPlatform.platform;
  const generation: string[] = [];
  let generationDone = false;
  const tokens = lower.slice('claude-'.length).split('-');
  for (const [index, token] of tokens.entries()) {
    if (GENERATION_TOKEN.test(token) && !generationDone) {
      generation.push(token);
      continue;
    }
    // The first API's names put a `v` before the generation: claude-v1.3, claude-instant-v1.
    const legacy = LEGACY_GENERATION_TOKEN.exec(token);
    if (legacy && generation.length === 0 && (index === 0 || (index === 1 && tokens[0] === 'instant'))) {
      generation.push(legacy[1]);
      generationDone = true;
      continue;
    }
    if (generation.length > 0) generationDone = true; // only the first run of numbers is the generation
    if (DATE_TOKEN.test(token) && parts.date === undefined) parts.date = token;
    else if (token === 'latest') parts.latest = true;
    else if (WORD_TOKEN.test(token) && parts.line === undefined) {
      parts.line = token;
      parts.order = generation.length > 0 ? 'generation-first' : 'line-first';
    } else if (WORD_TOKEN.test(token) || EXTRA_TOKEN.test(token) || GENERATION_TOKEN.test(token)) parts.extras.push(token);
    else return undefined; // `opus.png`, `529`, `` (double dash): not an ID
  }
  if (generation.length > 0) parts.generation = generation.join('.');
  return parts;
}

/** The known line a word means, forgiving one typo (two in long words); undefined when none is close. */
export function canonicalLine(word: string, lines: readonly string[] = KNOWN_LINES): string | undefined {
  const lower = word.toLowerCase();
  if (lines.includes(lower)) return lower;
  if (lower.length < 4) return undefined;
  const limit = lower.length >= 6 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const line of lines) {
    const distance = editDistance(lower, line, limit);
    if (distance < bestDistance) [best, bestDistance] = [line, distance];
  }
  return best;
}

/**
 * True for strings plausibly meant as a Claude model ID, right or wrong: every real ID, platform
 * spellings, typos (`claude-sonet-4-6`, `claude-3.5-sonnet-20241022`), invented names
 * (`claude-opus-3`, `claude-sonnet-latest`). False for other things named claude-something
 * (`claude-code`, `claude-ai`, `claude-desktop`, `claude-api-health`), file names and URLs.
 */
export function looksLikeModelId(text: string): boolean {
  const parts = parseModelId(text);
  if (!parts) return false;
  const words = [parts.line, ...parts.extras.filter((extra) => WORD_TOKEN.test(extra))].filter((w): w is string => w !== undefined);
  if (words.some((word) => NON_MODEL_WORDS.has(word))) return false;
  const lineLike = parts.line !== undefined && canonicalLine(parts.line) !== undefined;
  const modelWord = (word: string): boolean => MODEL_WORDS.has(word) || canonicalLine(word, [...MODEL_WORDS]) !== undefined;
  const strangeWords = words.filter((word) => !modelWord(word) && !(word === parts.line && lineLike)).length;
  const numbered = parts.generation !== undefined || parts.date !== undefined || parts.extras.some((extra) => DATE_TYPO.test(extra));
  if (strangeWords === 0) return lineLike || numbered;
  // An unfamiliar word next to a generation may be a line added after this was written.
  return numbered && strangeWords === 1;
}

/** Compares dotted generations numerically (`5.5` > `5` > `4.8`, `4.0` = `4`); a missing one sorts first. */
export function compareGenerations(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 0 : 1) - (b === undefined ? 0 : 1);
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Generation as one number, for "how far apart" (`4.5` → 4.5, `4.0` → 4). */
export function generationValue(generation: string): number {
  const [major, minor = '0'] = generation.split('.');
  return Number(major) + Number(minor) / 10;
}

/** From the 4.6 generation on, an ID without a date is a pinned snapshot, not a floating alias (facts §1). */
export function isPinnedWithoutDate(generation: string | undefined): boolean {
  return generation !== undefined && compareGenerations(generation, '4.6') >= 0;
}

/**
 * The line whose models replace a line that has none left: the pre-3 names (`claude-2.1` has line
 * `claude`) and Claude Instant. Other lines replace themselves.
 */
export function successorLine(line: string): string {
  return line === 'claude' ? 'sonnet' : line === 'instant' ? 'haiku' : line;
}

/** `20250929` → `2025-09-29`. */
export function dayOfCompactDate(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}
