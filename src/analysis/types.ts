/** Types shared by the analyser, the rules, the VS Code adapters and the CLI. Pure: no `vscode` import. */
import type { CatalogSource, Judgement, ModelInfo } from '../models/types';
import type { RetryLibraries } from './fixes/dependencies';
import type { FileUsage } from './usage/types';

/** Languages the analyser parses. IDs match VS Code's language identifiers. */
export type LanguageId = 'python' | 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact';

/** A range in a document: 0-based lines, 0-based UTF-16 columns (VS Code's convention), end exclusive. */
export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * How a model literal is used:
 * - `apiCall`: the value of `model=` / `model:` in a Claude API call (messages.create/stream/count_tokens,
 *   batches, beta, LangChain `ChatAnthropic`, Vercel AI SDK `anthropic('…')`). Framework calls count too:
 *   LiteLLM `completion(model="anthropic/claude-…")`, PydanticAI `Agent("anthropic:claude-…")`, Mirascope
 *   `@anthropic.call("claude-…")`;
 * - `constant`: assigned to a constant, variable, enum member, parameter default or property that flows to such a call;
 * - `comparison`: compared for equality (`model == "claude-…"`, `case "claude-…":`): it picks a branch, sends nothing;
 * - `other`: anywhere else (catalog tables, `in` tests, lists).
 */
export type LiteralRole = 'apiCall' | 'constant' | 'comparison' | 'other';

/** One string literal whose text is (or contains, for f-strings/templates) a Claude model ID. */
export interface ModelLiteral {
  /** The model ID as written inside the quotes, e.g. `claude-3-opus-20240229`. */
  model: string;
  /** Range of the ID text only (inside the quotes), so a fix replaces exactly the ID. */
  range: TextRange;
  /** UTF-16 offsets of the same range in the document text. */
  startOffset: number;
  endOffset: number;
  role: LiteralRole;
  /** Inside a comment (not reported by default). */
  inComment: boolean;
  /** Part of an f-string or template literal with interpolations. */
  inTemplate: boolean;
  /** Silenced by a `claude-health-ignore-next-line` / `claude-health-ignore-line` comment. */
  suppressed: boolean;
}

/**
 * Why a document was not analysed: `tooLarge` (over 1 MiB), `binary` (NUL characters), `minified`
 * (a line over 10,000 characters: generated code).
 */
export type SkipReason = 'tooLarge' | 'binary' | 'minified';

/**
 * One text change, as in VS Code's `TextDocumentChangeEvent.contentChanges` (UTF-16 offsets into the
 * text as it was before this change, after the changes listed before it).
 */
export interface DocumentChange {
  startOffset: number;
  oldEndOffset: number;
  newText: string;
}

/** Severity of a finding, as the CLI prints it and VS Code maps it. */
export type Severity = 'error' | 'warning' | 'info';

/** One text change: replace [startOffset, endOffset) of the document text (UTF-16 offsets) with newText. */
export interface OffsetEdit {
  startOffset: number;
  endOffset: number;
  newText: string;
}

/** A change that fixes a finding: a set of edits applied together. */
export interface Fix {
  /** Title shown in the quick-fix menu, e.g. "Pin to claude-haiku-4-5-20251001". */
  title: string;
  /** Applied together as one WorkspaceEdit; non-overlapping; offsets into the text the finding was computed on. */
  edits: OffsetEdit[];
  /** At most one fix per finding is preferred. */
  isPreferred: boolean;
  /** 'safe' fixes (a model name) may join fix-all; 'behaviour' fixes (retry, fallback, key move) never do. */
  kind: 'safe' | 'behaviour';
}

/** One problem found in a document. */
export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  /** Plain words for the user; VS Code shows the rule id (the diagnostic code) beside it. */
  message: string;
  /** Where the finding is shown: the model ID, the key literal, the call, the client construction. */
  range: TextRange;
  startOffset: number;
  endOffset: number;
  /** The model ID the finding is about, or null (retry and key rules). */
  model: string | null;
  /** The model literal behind a model rule's finding (hover, tests); undefined for other rules. */
  literal?: ModelLiteral;
  /** The ID the preferred fix writes, or null. */
  replacement: string | null;
  fixes: Fix[];
  /**
   * The highest severity a per-rule setting may raise this finding to: a Bedrock/Vertex ID (`warning`: the
   * platform's date is not known here) and a comparison (`info`) stay below what the rule's setting says.
   */
  severityCeiling?: Severity;
}

export type RuleId =
  | 'claude/model-alias'
  | 'claude/model-unknown'
  | 'claude/model-deprecated'
  | 'claude/model-retired'
  | 'claude/hardcoded-api-key'
  | 'claude/retries-disabled'
  | 'claude/no-retry'
  | 'claude/raw-http-missing-headers'
  | 'claude/stream-overload-unhandled'
  | 'claude/retry-without-backoff'
  | 'claude/retry-without-jitter'
  | 'claude/unbounded-retry'
  | 'claude/retries-non-retryable'
  | 'claude/ignores-retry-after'
  | 'claude/retry-swallowed'
  | 'claude/retry-stacked';

/** What a model rule can look at besides the literal. */
export interface LiteralContext {
  /** The judgement of the literal's model ID, made once per ID by the catalog. */
  judgement: Judgement;
  /** The day the judgement is made for (YYYY-MM-DD). */
  asOf: string;
  /** Newest current model of a line (`opus`, `sonnet`, …), for "replace with the newest of the same line". */
  newestOfLine(line: string): ModelInfo | undefined;
  catalog: CatalogSource;
}

/** What every rule can look at besides the file's usage. */
export interface RuleContext {
  /** The catalog's judgement of a model ID (memoised per run); undefined when judging failed. */
  judge(model: string): Judgement | undefined;
  /** The day the judgement is made for (YYYY-MM-DD). */
  asOf: string;
  newestOfLine(line: string): ModelInfo | undefined;
  catalog: CatalogSource;
  /**
   * The retry libraries the project already depends on (its pyproject.toml / requirements*.txt / package.json),
   * so a retry fix builds on tenacity or p-retry; undefined (the default) = none known.
   */
  projectDependencies?: RetryLibraries;
}

/** A rule: a plain object, one per file under rules/, listed in registry.ts. */
export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  /** One-line description for docs, SARIF and settings. */
  description: string;
  /** A few sentences: what it flags, why it matters, what to do (SARIF `fullDescription`, rule lists). */
  fullDescription: string;
  /** Web address of docs/rules/<name>.md, only for SARIF `helpUri`: VS Code opens the bundled page (rules/docs.ts). */
  docsUrl: string;
  /** The findings of this rule in one file's Claude usage. Should not throw (evaluate skips a rule that does). */
  check(usage: FileUsage, context: RuleContext): Finding[];
}

/** A rule about one model literal at a time (the four model rules), built with `modelLiteralRule`. */
export interface ModelRule extends Rule {
  /** The finding for this literal, or undefined. Never throws. */
  checkLiteral(literal: ModelLiteral, context: LiteralContext): Finding | undefined;
}
