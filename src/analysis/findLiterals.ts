/**
 * Finds the model literals of a document: text candidates first (`claude-` runs that look like a model
 * ID), then one `descendantForIndex` per candidate to see what the syntax tree says is there (a string,
 * an f-string/template part, a comment, or code). A whole-tree Query would cost ~30× more per keystroke.
 * Pure: no `vscode` import.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { LineIndex } from './lineIndex';
import { findModelIdCandidates } from './modelIdCandidates';
import type { ModelIdCandidate } from './modelIdCandidates';
import { roleFromText, roleFromTree } from './roles';
import { findSuppressedLines, looksLikeCommentAt } from './suppressions';
import type { LiteralRole, ModelLiteral } from './types';

/** String literal nodes (Python `string` covers f-strings, byte and raw strings). */
const STRING_TYPES = new Set(['string', 'template_string']);
/** Nodes holding a string literal's text. */
const CONTENT_TYPES = new Set(['string_content', 'string_fragment']);
/** Interpolations inside f-strings and template literals. */
const INTERPOLATION_TYPES = new Set(['interpolation', 'template_substitution']);
const QUOTES = new Set(['"', "'", '`']);

/** What the tree says about one candidate, before suppressions. */
type Classified = Omit<ModelLiteral, 'range' | 'suppressed'>;

/** Choices of the caller. */
export interface FindLiteralsOptions {
  /**
   * Where the tree has an error on the candidate's line, take a quote-opened ID that no quote closes on
   * that line (`model="claude-3-opus-20240229, max_tokens=1)`) from the text. For the CLI, which sees
   * each file once; the editor keeps the last good result while the user types instead.
   */
  unclosedStringsFromText?: boolean;
}

/**
 * The model literals in `text`, in text order. `tree` is its syntax tree, or null when there is none
 * (parse abandoned, grammar missing): then literals are found from the text alone. `lines` is the
 * text's line index and `candidates` its `findModelIdCandidates`, if the caller has them. Never throws.
 */
export function findModelLiterals(
  text: string,
  tree: Tree | null,
  lines?: LineIndex,
  candidates: readonly ModelIdCandidate[] = findModelIdCandidates(text),
  options: FindLiteralsOptions = {},
): ModelLiteral[] {
  if (candidates.length === 0) return [];
  const root = tree?.rootNode ?? null;
  const treeHasErrors = root ? root.hasError : true;
  const found: Classified[] = [];
  for (const candidate of candidates) {
    let literal: Classified | undefined;
    try {
      literal = root ? classifyWithTree(text, root, candidate, treeHasErrors) : classifyFromText(text, candidate);
      if (!literal && options.unclosedStringsFromText && treeHasErrors) literal = classifyUnclosedFromText(text, root, candidate);
    } catch {
      literal = classifyFromText(text, candidate); // a tree-sitter failure must not lose the literal
    }
    if (literal) found.push(literal);
  }
  if (found.length === 0) return [];

  const index = lines ?? LineIndex.of(text);
  const suppressedLines = findSuppressedLines(
    text,
    (offset) => index.lineAt(offset),
    (offset) => isCommentAt(text, root, offset),
  );
  return found.map((literal): ModelLiteral => {
    const start = index.positionAt(literal.startOffset);
    return {
      model: literal.model,
      // IDs hold no line breaks, so the range ends on its start line.
      range: { startLine: start.line, startColumn: start.column, endLine: start.line, endColumn: start.column + (literal.endOffset - literal.startOffset) },
      startOffset: literal.startOffset,
      endOffset: literal.endOffset,
      role: literal.role,
      inComment: literal.inComment,
      inTemplate: literal.inTemplate,
      suppressed: suppressedLines.has(start.line),
    };
  });
}

function classifyWithTree(text: string, root: Node, candidate: ModelIdCandidate, treeHasErrors: boolean): Classified | undefined {
  let node = root.descendantForIndex(candidate.start, candidate.end);
  let type = node?.type;
  if (node && type && CONTENT_TYPES.has(type)) {
    node = node.parent;
    type = node?.type;
  }
  if (!node || !type) return undefined;
  if (type.endsWith('comment')) return literalOf(candidate, 'other', { inComment: true });
  if (STRING_TYPES.has(type)) return classifyInString(text, node, type, candidate);
  // Not a string in the tree: code such as `claude-3` in JavaScript, or text the parser could not place.
  return treeHasErrors ? classifyFromText(text, candidate) : undefined;
}

/** Python string prefixes (`r`, `b`, `f`, `rb`, …) before the quotes. */
const STRING_PREFIX = /^[rRbBuUfF]{0,2}/;

function classifyInString(text: string, literal: Node, type: string, candidate: ModelIdCandidate): Classified | undefined {
  // Delimiters are read from the text: each node property read is a call into WASM, and this runs per literal per keystroke.
  const prefix = STRING_PREFIX.exec(text.slice(literal.startIndex, literal.startIndex + 2))?.[0] ?? '';
  const canInterpolate = type === 'template_string' || /[fF]/.test(prefix);
  const interpolation = canInterpolate ? hasInterpolation(literal, candidate) : false;
  if (interpolation === 'touching') return undefined;
  if (interpolation) {
    const role = roleFromTree(literal, text) ?? roleFromText(text, literal.startIndex);
    return literalOf(candidate, role, { inTemplate: true });
  }
  // A plain string is a model literal only if the ID is all of it: "claude-3-opus" but not "use claude-3-opus".
  const quoteStart = literal.startIndex + prefix.length;
  const quote = text.startsWith('"""', quoteStart) || text.startsWith("'''", quoteStart) ? text.slice(quoteStart, quoteStart + 3) : text.charAt(quoteStart);
  const contentStart = quoteStart + quote.length;
  if (candidate.prefixStart !== contentStart) return undefined; // a provider prefix (`anthropic/`) may come first
  const end = literal.endIndex;
  const contentEnd = text.startsWith(quote, end - quote.length) && end - quote.length >= contentStart ? end - quote.length : end; // unterminated: no closing quote
  if (candidate.end !== contentEnd) return undefined;
  const role = roleFromTree(literal, text) ?? roleFromText(text, literal.startIndex);
  return literalOf(candidate, role, {});
}

/**
 * Whether an f-string or template literal has interpolations: false if none, `touching` if one touches
 * the candidate's run (`f"claude-3-{size}"` is only part of an ID), else true.
 */
function hasInterpolation(literal: Node, candidate: ModelIdCandidate): boolean | 'touching' {
  let found = false;
  const childCount = literal.childCount;
  for (let i = 0; i < childCount; i++) {
    const child = literal.child(i);
    if (!child || !INTERPOLATION_TYPES.has(child.type)) continue;
    found = true;
    if (child.endIndex === candidate.runStart || child.startIndex === candidate.runEnd) return 'touching';
  }
  return found;
}

/** Without a usable tree: a run quoted on both sides is a string literal, a run after a comment marker a comment. */
function classifyFromText(text: string, candidate: ModelIdCandidate): Classified | undefined {
  if (looksLikeCommentAt(text, candidate.start)) return literalOf(candidate, 'other', { inComment: true });
  const quoteOffset = candidate.prefixStart - 1;
  const quote = text.charAt(quoteOffset);
  if (!QUOTES.has(quote) || text.charAt(candidate.end) !== quote) return undefined;
  return literalOf(candidate, roleFromText(text, quoteOffset), {});
}

/**
 * An ID after an opening quote that nothing closes on its line, where the tree around that line has an
 * error (the parser's recovery may have made the rest of the file a string, or code).
 */
function classifyUnclosedFromText(text: string, root: Node | null, candidate: ModelIdCandidate): Classified | undefined {
  const quoteOffset = candidate.prefixStart - 1;
  const quote = text.charAt(quoteOffset);
  if (!QUOTES.has(quote)) return undefined;
  const lineStart = text.lastIndexOf('\n', quoteOffset) + 1;
  const newline = text.indexOf('\n', candidate.end);
  const lineEnd = newline === -1 ? text.length : newline;
  if (text.slice(candidate.end, lineEnd).includes(quote)) return undefined; // closed later on the line: a longer string
  if (root && !hasErrorOnLine(root, candidate.start, lineStart, lineEnd)) return undefined;
  if (looksLikeCommentAt(text, candidate.start)) return undefined;
  return literalOf(candidate, roleFromText(text, quoteOffset), {});
}

/** Whether the smallest node spanning the candidate's whole line has a syntax error inside. */
function hasErrorOnLine(root: Node, offset: number, lineStart: number, lineEnd: number): boolean {
  let node: Node | null = root.descendantForIndex(offset);
  while (node && !(node.startIndex <= lineStart && node.endIndex >= lineEnd)) {
    if (node.type === 'ERROR' || node.isMissing) return true;
    node = node.parent;
  }
  return (node ?? root).hasError;
}

function literalOf(candidate: ModelIdCandidate, role: LiteralRole, flags: { inComment?: boolean; inTemplate?: boolean }): Classified {
  return {
    model: candidate.text,
    startOffset: candidate.start,
    endOffset: candidate.end,
    role,
    inComment: flags.inComment ?? false,
    inTemplate: flags.inTemplate ?? false,
  };
}

function isCommentAt(text: string, root: Node | null, offset: number): boolean {
  if (!root) return looksLikeCommentAt(text, offset);
  try {
    return root.descendantForIndex(offset)?.type.endsWith('comment') ?? false;
  } catch {
    return looksLikeCommentAt(text, offset);
  }
}
