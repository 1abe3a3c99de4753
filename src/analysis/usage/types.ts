/**
 * One file's Claude usage, built once per analysis from the syntax tree (usage/build.ts) and read by
 * every rule: SDK clients, Claude API call sites with what surrounds them, model literals and key
 * literals. No tree-sitter type crosses into this model. Pure: no `vscode` import.
 */
import type { ModelLiteral, TextRange } from '../types';
import type { ArgumentValue, LibraryCallArguments, RetryPolicy } from './retryPolicy';

/** Where something is in the document: UTF-16 offsets and the same as a range. */
export interface Span {
  startOffset: number;
  endOffset: number;
  range: TextRange;
}

/** Which family of languages the file is written in (TS, TSX, JS and JSX read alike). */
export type UsageLanguage = 'python' | 'javascript';

/** A setting read from code: not written, written as a value we can read, or written in a way we cannot (a variable). */
export type OptionValue<T> =
  | { kind: 'absent' }
  | { kind: 'value'; value: T; span: Span }
  | { kind: 'unreadable'; text: string; span: Span };

/** `Anthropic`, `AsyncAnthropic`, `AnthropicBedrock`, `AnthropicVertex` (and their async twins), or TS `new Anthropic(…)`. */
export interface ClientConstruction {
  /** The class constructed, as written last in its name (`Anthropic`, `AsyncAnthropicBedrock`, …). */
  className: string;
  /** True for the Python async clients. */
  isAsync: boolean;
  /** The name the client is bound to (`client`, `self.client`, `this.client`), if any. */
  boundTo: string | undefined;
  /** `max_retries` (Python) / `maxRetries` (TS/JS) as written in the construction. */
  maxRetries: OptionValue<number>;
  timeout: OptionValue<number>;
  /** A `with_options(...)` / `withOptions(...)` derived client: the client it came from (its name). */
  derivedFrom?: string;
  /** The whole construction (`Anthropic(max_retries=0)`). */
  span: Span;
  /** Where an added keyword/property goes: just after the opening parenthesis / brace, and whether arguments exist. */
  argumentsInsertAt: { offset: number; hasArguments: boolean; objectLiteral: boolean | undefined };
  /** Top-level function or class the construction is in, or undefined at module level. */
  enclosingFunction?: string;
}

/** What kind of Claude call a call site is. */
export type CallKind = 'sdk' | 'rawHttp' | 'langchain' | 'vercel';

/** How a streamed response is read. */
export interface StreamUse {
  /** `iterated`: for/async for over events or chunks; `helper`: text_stream / finalMessage / get_final_message; `none`: never read here. */
  consumed: 'iterated' | 'helper' | 'none' | 'unknown';
  /** The code around it looks at an `error` event or an `overloaded_error` (or catches the stream's errors). */
  handlesErrorEvent: boolean;
}

/** A hand-written retry loop, as read from the tree. */
export interface RetryLoop {
  /** `for` or `while`. */
  loopKind: 'for' | 'while';
  /** The wait between attempts in the except/catch body or after it. */
  wait: RetryPolicy['wait']['value'];
  /** A random term that spreads the wait (`random.uniform`, `Math.random()`); false for a random part that is a small fraction of it. */
  jitter: boolean;
  /** The wait has a random part, but a small fraction of it (`random.uniform(0, base * 0.1)`, the seeds' 10 %): clients stay in near lockstep. */
  smallJitter?: boolean;
  /** A bounded loop: `for _ in range(n)` (n when readable), or a counter compared in the loop's condition. */
  attemptCap: number | 'bounded' | null;
  /** Exception / error names the handler catches (empty: catch-all). */
  caught: string[];
  /** The loop body reads `retry-after` / `retry-after-ms`. */
  readsRetryAfter: boolean;
  /** What the handler does with the failure: re-raise (on the last attempt too), break, continue, swallow, return. */
  handler: 'reraise' | 'break' | 'continue' | 'swallow' | 'return';
  /**
   * The handler tests the error's status and re-raises the rest (`if e.status_code != 529: raise`): the statuses
   * it lets through (`'5xx'` for `>= 500`; empty for a set named elsewhere). Absent when it tests no status.
   */
  statusFilter?: string[];
  /** Something raises after the loop in its function (`raise RuntimeError(…)`, `throw lastError`): a failure is not dropped. */
  raisesAfterLoop?: true;
  span: Span;
}

/** One retry mechanism that surrounds (or sits inside) a call. */
export interface RetryMechanismUse {
  /** Where it comes from: a decorator on the function, a loop, a library call (p-retry, cockatiel…), an axios-retry on the client. */
  source: 'decorator' | 'loop' | 'library';
  policy: RetryPolicy;
  /** The library call's arguments as read (for decorators and library calls). */
  arguments?: LibraryCallArguments;
  /** Python decorators: where an added keyword goes (after the last argument; `bare`: no parentheses yet) and the keyword values' offsets. */
  argumentEdits?: {
    insertAt: number;
    bare: boolean;
    hasArguments: boolean;
    keywords: Record<string, { startOffset: number; endOffset: number }>;
    /** Keyword values that are calls: the callee's offsets (`wait_exponential` in `wait=wait_exponential(…)`). */
    keywordCallees: Record<string, { startOffset: number; endOffset: number }>;
  };
  /** The loop details, for `source: 'loop'`. */
  loop?: RetryLoop;
  /** The call sits in helper `via` (a function of this file) and the mechanism surrounds a call of that helper. */
  via?: string;
  /**
   * Between the mechanism and the call, a try catches every failure and never re-raises (`except Exception:
   * return None`): this mechanism never sees an error from this call (claude/retry-swallowed).
   */
  neverFires?: true;
  /** One of our own retry helpers (usage/ownHelpers.ts): it switches the SDK's retries off inside. */
  ownHelper?: string;
  span: Span;
}

/** One call to the Claude API. */
export interface ClaudeCall {
  kind: CallKind;
  /** `messages.create`, `messages.stream`, `beta.messages.create`, `completions.create`, `requests.post`, `fetch`, `invoke`, `generateText`… */
  method: string;
  /** Awaited or an async client / async method (`ainvoke`). */
  isAsync: boolean;
  /** The receiver's name as written (`client`, `self.client`, `anthropic`), for SDK and LangChain calls. */
  receiver?: string;
  /** The client construction the receiver resolves to in this file (followed across functions), if any. */
  client?: ClientConstruction;
  /** Per-request retries: Python `with_options(max_retries=…)` in the chain, TS `{ maxRetries }` request options. */
  requestMaxRetries: OptionValue<number>;
  /** Where a per-request option would go (TS: the second argument's place; Python: a `with_options` chain). */
  requestOptionsInsertAt?: { offset: number; text: 'secondArgument' | 'withOptions' };
  /** LangChain `ChatAnthropic(max_retries=…)` / Vercel AI SDK `maxRetries` as set. */
  frameworkMaxRetries: OptionValue<number>;
  /** Raw HTTP: the header names sent (lower case), or undefined when they are built in a way we cannot read. */
  headers?: string[];
  /** Streams: `messages.stream`, `stream=True`, `streamText`, `.stream(`; with how the stream is read. */
  stream?: StreamUse;
  /** The retry mechanisms around the call, innermost first (decorators, loops, library calls, through helpers). */
  retryContext: RetryMechanismUse[];
  /** The SDK's own retries as configured for this call (SDK and LangChain calls; undefined for raw HTTP). */
  sdkRetries?: RetryPolicy;
  /** The function the call is in (innermost named one), or undefined at module level. */
  enclosingFunction?: string;
  /** The call expression. */
  span: Span;
  /** The callee (`client.messages.create`): where a finding about the call is shown. */
  calleeSpan: Span;
}

/** An Anthropic credential written in the source. */
export interface KeyLiteral {
  /** `api03` (API key), `admin01` (Admin API key), `oat01` (OAuth token), `ort01` (refresh token). */
  kind: 'api03' | 'admin01' | 'oat01' | 'ort01';
  /** Last four characters: all that any output shows. */
  fingerprint: string;
  /** The key text only (inside the quotes). */
  span: Span;
  /** The string literal with its quotes (what a fix replaces). */
  literalSpan: Span;
  inComment: boolean;
  /** The literal is the value of `api_key=` / `apiKey:` in a client construction (the common leak). */
  inClientConstruction: boolean;
}

/** A module the file imports, and the names it brings in (Python `from x import a as b`, JS `import { a as b } from 'x'`). */
export interface ImportUse {
  module: string;
  /** Local name → imported name (`*` for `import x` / namespace imports, the whole module). */
  names: Record<string, string>;
  span: Span;
}

/** The model of one file's Claude usage. */
export interface FileUsage {
  language: UsageLanguage;
  imports: ImportUse[];
  clients: ClientConstruction[];
  calls: ClaudeCall[];
  /** As findLiterals gives them (roles, comments, suppressions). */
  modelLiterals: ModelLiteral[];
  keyLiterals: KeyLiteral[];
  /** 0-based lines silenced by suppression comments (for every rule's findings). */
  suppressedLines: ReadonlySet<number>;
  /** Offset where an import line is inserted (after a docstring / shebang / the last import), and the file's line break. */
  importInsertAt: number;
  eol: '\n' | '\r\n';
  /** The document text the usage was built from (the retry fixes read the call's text from it); '' when not known. */
  text: string;
  /** `javascript` usage parsed with a TypeScript grammar (the retry fixes insert typed helpers); absent when not parsed. */
  typeScript?: boolean;
}

/** A usage with nothing in it (files without Claude usage, skipped files). */
export function emptyUsage(language: UsageLanguage, modelLiterals: ModelLiteral[] = [], text = ''): FileUsage {
  return { language, imports: [], clients: [], calls: [], modelLiterals, keyLiterals: [], suppressedLines: new Set(), importInsertAt: 0, eol: '\n', text };
}

export type { ArgumentValue };
