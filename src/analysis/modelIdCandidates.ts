/**
 * Text-level search for model IDs: every Claude model spelling (first-party, Bedrock, Vertex) contains
 * `claude-`, so the analyser only ever looks at the runs of ID characters around those occurrences,
 * and consults the syntax tree only for runs that look like a model ID. Pure: no `vscode` import.
 */
import { looksLikeModelId } from '../models/modelIds';
import { modelIdNeedle as NEEDLE } from './prefilter';

/** A run of ID characters in the text that looks like a model ID. Offsets are UTF-16, end exclusive. */
export interface ModelIdCandidate {
  /** The ID: the run without edge punctuation. */
  start: number;
  end: number;
  text: string;
  /** The whole run of ID characters, edge punctuation included (`claude-3-` in `f"claude-3-{size}"`). */
  runStart: number;
  runEnd: number;
  /**
   * Where a framework's provider prefix starts (`anthropic/` in LiteLLM's `"anthropic/claude-…"`,
   * `anthropic:` in PydanticAI's `"anthropic:claude-…"`); equals `start` when there is none.
   * The prefix is not part of the ID: a fix replaces only what follows it.
   */
  prefixStart: number;
}

/** Provider prefixes of framework model strings: LiteLLM (`anthropic/`, `bedrock/`, `vertex_ai/`), PydanticAI (`anthropic:`, `bedrock:`). */
const PROVIDER_PREFIX = /^(?:anthropic[/:]|bedrock[/:]|vertex_ai\/)/;

/** Characters of a model ID and of the platform spellings around one (`us.anthropic.`, `-v1:0`, `@2024…`, ARNs). */
function isIdChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 45 || // -
    code === 46 || // .
    code === 95 || // _
    code === 58 || // :
    code === 64 || // @
    code === 47 // /
  );
}

/** Verdicts of `looksLikeModelId` per run text: a file repeats a few IDs many times, and every keystroke rescans it. */
const verdicts = new Map<string, boolean>();
const maxVerdicts = 2000;

function looksLikeModelIdCached(text: string): boolean {
  let verdict = verdicts.get(text);
  if (verdict === undefined) {
    if (verdicts.size >= maxVerdicts) verdicts.clear();
    verdict = looksLikeModelId(text);
    verdicts.set(text, verdict);
  }
  return verdict;
}

/** Punctuation that ends a sentence or a label around an ID in prose (`see claude-3-opus.`) rather than belonging to it. */
function isEdgePunctuation(code: number): boolean {
  return code === 45 || code === 46 || code === 58 || code === 64 || code === 47 || code === 95;
}

/**
 * Every run of ID characters around a `claude-` (or `Claude-`) occurrence whose text looks like a model
 * ID, trimmed of edge punctuation, in text order.
 */
export function findModelIdCandidates(text: string): ModelIdCandidate[] {
  const candidates: ModelIdCandidate[] = [];
  let searchFrom = 1; // the needle follows a `c`
  let lastRunEnd = -1;
  for (;;) {
    const hit = text.indexOf(NEEDLE, searchFrom);
    if (hit === -1) break;
    searchFrom = hit + NEEDLE.length;
    const c = text.charCodeAt(hit - 1);
    if (c !== 99 && c !== 67) continue; // not c/C
    if (hit - 1 < lastRunEnd) continue; // a second `claude-` inside a run already seen
    let runStart = hit - 1;
    while (runStart > 0 && isIdChar(text.charCodeAt(runStart - 1))) runStart--;
    let runEnd = hit + NEEDLE.length;
    while (runEnd < text.length && isIdChar(text.charCodeAt(runEnd))) runEnd++;
    lastRunEnd = runEnd;
    let start = runStart;
    let end = runEnd;
    while (start < end && isEdgePunctuation(text.charCodeAt(start))) start++;
    while (end > start && isEdgePunctuation(text.charCodeAt(end - 1))) end--;
    const candidate = text.slice(start, end);
    if (looksLikeModelIdCached(candidate)) {
      candidates.push({ start, end, text: candidate, runStart, runEnd, prefixStart: start });
      continue;
    }
    const prefix = PROVIDER_PREFIX.exec(candidate);
    if (prefix && looksLikeModelIdCached(candidate.slice(prefix[0].length))) {
      const idStart = start + prefix[0].length;
      candidates.push({ start: idStart, end, text: text.slice(idStart, end), runStart, runEnd, prefixStart: start });
    }
  }
  return candidates;
}
