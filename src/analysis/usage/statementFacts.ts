/**
 * What one top-level statement says about Claude usage, read from its syntax tree with offsets relative
 * to the statement's start, so a statement whose text did not change is never walked again (usage/build.ts
 * caches these by text and links them into a FileUsage). Python, TypeScript, TSX and JavaScript grammars:
 * node types are listed for both where they differ. Pure: no `vscode` import.
 */
import type { Node } from 'web-tree-sitter';
import { errorCoverage } from './errorNames';
import { retryLibraryOf, readLibraryRetry } from './retryLibraries';
import type { ArgumentValue, LibraryCallArguments, RetryPolicy, WaitShape } from './retryPolicy';
import type { RetryLoop, UsageLanguage } from './types';

/** A span relative to the statement start (made absolute and given a range when linked). */
export interface RelSpan {
  start: number;
  end: number;
}

export type RawOption = { kind: 'absent' } | { kind: 'value'; value: number; span: RelSpan } | { kind: 'unreadable'; text: string; span: RelSpan };

export interface RawClient {
  className: string;
  isAsync: boolean;
  boundTo: string | undefined;
  maxRetries: RawOption;
  timeout: RawOption;
  derivedFrom?: string;
  span: RelSpan;
  insertAt: number;
  hasArguments: boolean;
  objectLiteral: boolean | undefined;
  enclosingFunction?: string;
}

/** Where a Python decorator's arguments can be changed: an added keyword goes at `insertAt`; keyword values by name. */
export interface RawArgumentEdits {
  insertAt: number;
  /** No parentheses yet (`@retry`): an added keyword brings them. */
  bare: boolean;
  hasArguments: boolean;
  keywords: Record<string, RelSpan>;
  /** For keyword values that are calls (`wait=wait_exponential(...)`): the callee's span. */
  keywordCallees: Record<string, RelSpan>;
}

/** A retry mechanism as the walk met it; local decorators are resolved when linking. */
export type RawContext =
  | { source: 'decorator' | 'library'; policy: RetryPolicy; arguments: LibraryCallArguments; span: RelSpan; edits?: RawArgumentEdits }
  /** `helpers`: the plain functions the loop calls (`serverWaitMs(response)`), for a helper of the file that reads `retry-after` (linked in build.ts). */
  | { source: 'loop'; policy: RetryPolicy; loop: Omit<RetryLoop, 'span'>; span: RelSpan; helpers?: string[] }
  | { source: 'localDecorator'; name: string; span: RelSpan }
  /** `policy.execute(() => …)` (cockatiel): the retry policy bound to `name` elsewhere in the file, resolved when linking. */
  | { source: 'policyRef'; name: string; span: RelSpan };

export interface RawCall {
  kind: 'sdk' | 'rawHttp' | 'langchain' | 'vercel';
  method: string;
  isAsync: boolean;
  receiver?: string;
  /** The receiver is a construction written in place (`Anthropic().messages.create`). */
  inlineClient?: RawClient;
  requestMaxRetries: RawOption;
  requestOptionsInsertAt?: { offset: number; text: 'secondArgument' | 'withOptions' };
  frameworkMaxRetries: RawOption;
  headers?: string[];
  /** Raw HTTP whose URL is a name: resolved against the file's string constants (or prepared requests) when linking. */
  urlName?: string;
  /** Raw HTTP through an instance (`http.post('/v1/messages')` on an `axios.create({ baseURL })`): resolved when linking. */
  instanceName?: string;
  stream?: { consumed: 'iterated' | 'helper' | 'none' | 'unknown'; handlesErrorEvent: boolean };
  contexts: RawContext[];
  /** How many of `contexts` (counted from the outermost) sit outside a try that catches every failure and never re-raises. */
  outsideCatchAll?: number;
  enclosingFunction?: string;
  span: RelSpan;
  calleeSpan: RelSpan;
}

/** A call of a plain function or method name inside some retry mechanism (for following helpers). */
export interface RawHelperCall {
  name: string;
  contexts: RawContext[];
}

export interface StatementFacts {
  clients: RawClient[];
  /** Names bound to another provider's client (OpenAI, Gemini, …): calls on them are never Claude calls. */
  foreignClients: string[];
  /** LangChain ChatAnthropic constructions by bound name. */
  frameworkClients: Array<{ name: string | undefined; maxRetries: RawOption; span: RelSpan }>;
  calls: RawCall[];
  helperCalls: RawHelperCall[];
  /** Function name → the retry loops directly in it (a decorator defined in this file wraps its argument in one). */
  functionLoops: Array<{ name: string; contexts: RawContext[] }>;
  /** Functions of this statement whose body reads `retry-after` / `retry-after-ms` (a loop that calls one reads it). */
  retryAfterReaders: string[];
  /** Retry policies built by a library call and bound to a name (`const policy = retry(handleAll, {…})`, cockatiel). */
  policies: Array<{ name: string; context: RawContext }>;
  /** Module-level or local names bound to a string (URLs) and to dict/object literals (headers). */
  strings: Array<{ name: string; value: string }>;
  headerObjects: Array<{ name: string; keys: string[] }>;
  /** HTTP instances with a base URL (`axios.create({ baseURL, headers })`, `httpx.Client(base_url=…)`); headers undefined when unreadable. */
  httpInstances: Array<{ name: string; baseUrl: string; headers: string[] | undefined }>;
  /** Retries attached to an HTTP instance (`axiosRetry(http, {…})`). */
  instanceRetries: Array<{ name: string; context: RawContext }>;
  /** `request = urllib.request.Request(url, headers=…)`: sent later by `urlopen(request)`. */
  preparedRequests: Array<{ name: string; url: string | undefined; urlName: string | undefined; headers: string[] | undefined }>;
}

/** What the walk needs from the rest of the file: what its imports bring in. */
export interface WalkScope {
  language: UsageLanguage;
  /** Local name → { module, name } (name `*` for a whole module). */
  imported: ReadonlyMap<string, { module: string; name: string }>;
  /** Modules imported at all (`anthropic`, `@anthropic-ai/sdk`, `@ai-sdk/anthropic`, `langchain_anthropic`, …). */
  modules: ReadonlySet<string>;
}

const CLIENT_CLASSES = new Set([
  'Anthropic',
  'AsyncAnthropic',
  'AnthropicBedrock',
  'AsyncAnthropicBedrock',
  'AnthropicVertex',
  'AsyncAnthropicVertex',
  'AnthropicFoundry',
  'AsyncAnthropicFoundry',
]);
const LANGCHAIN_CLASSES = new Set(['ChatAnthropic', 'ChatAnthropicMessages', 'ChatAnthropicVertex']);
const FOREIGN_CLIENT = /OpenAI|Gemini|GenerativeModel|genai|Mistral|Groq|Cohere|ChatOpenAI|ChatGoogle|ChatVertexAI|Ollama|Bedrock(?:Runtime)?Client|boto3/;
const SDK_METHODS: readonly (readonly string[])[] = [
  ['messages', 'create'],
  ['messages', 'stream'],
  ['messages', 'parse'],
  ['messages', 'count_tokens'],
  ['messages', 'countTokens'],
  ['batches', 'create'],
  ['batches', 'retrieve'],
  ['batches', 'list'],
  ['batches', 'cancel'],
  ['batches', 'results'],
  ['batches', 'delete'],
  ['completions', 'create'],
];
const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch']);
const VERCEL_CALLS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
const HTTP_METHODS = new Set(['post', 'request', 'fetch', 'urlopen', 'Request', 'axios', 'got', 'stream']);
const HTTP_RECEIVERS = /^(?:requests|httpx|aiohttp|session|s|client|http|axios|got|urllib\.request|request|ky|superagent|.*[Ss]ession|.*[Cc]lient)$/;
const TRANSPARENT = new Set(['with_raw_response', 'with_streaming_response', 'withResponse', 'asResponse']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

interface WalkContext {
  /** Innermost first. */
  contexts: RawContext[];
  functionName?: string;
  /** Inside the body of a try whose handler sees an error event that arrives mid-stream (streamCoveringHandler). */
  inTry: boolean;
  /** The loop this try would retry in (set by a retry loop on its direct try statements). */
  retryLoop?: { policy: RetryPolicy; loop: Omit<RetryLoop, 'span'>; span: RelSpan; helpers?: string[] };
  /** Inside a try that catches every failure without re-raising: how many contexts were open when it began. */
  catchAllDepth?: number;
}

/** Reads one top-level statement. Never throws (a failure leaves what was read so far). */
export function readStatement(statement: Node, text: string, scope: WalkScope): StatementFacts {
  const facts: StatementFacts = {
    clients: [],
    foreignClients: [],
    frameworkClients: [],
    calls: [],
    helperCalls: [],
    functionLoops: [],
    retryAfterReaders: [],
    strings: [],
    headerObjects: [],
    policies: [],
    httpInstances: [],
    instanceRetries: [],
    preparedRequests: [],
  };
  const walker = new StatementWalker(statement.startIndex, text, scope, facts);
  try {
    walker.visit(statement, { contexts: [], inTry: false });
  } catch {
    // keep what was read
  }
  return facts;
}

class StatementWalker {
  constructor(
    private readonly base: number,
    private readonly text: string,
    private readonly scope: WalkScope,
    private readonly facts: StatementFacts,
  ) {}

  private rel(node: Node): RelSpan {
    return { start: node.startIndex - this.base, end: node.endIndex - this.base };
  }

  private src(node: Node | null | undefined): string {
    return node ? this.text.slice(node.startIndex, node.endIndex) : '';
  }

  visit(node: Node, ctx: WalkContext): void {
    const type = node.type;
    if (type.endsWith('comment')) return;
    switch (type) {
      case 'decorated_definition':
        return this.visitDecorated(node, ctx);
      case 'function_definition':
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'method_definition':
        return this.visitFunction(node, ctx, []);
      case 'for_statement':
      case 'while_statement':
      case 'do_statement':
        return this.visitLoop(node, ctx);
      case 'try_statement':
        return this.visitTry(node, ctx);
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'lambda':
        return this.visitFunction(node, { ...ctx, functionName: functionNameOf(node, this.text) ?? ctx.functionName }, []);
      case 'call':
      case 'call_expression':
      case 'new_expression':
        if (this.visitCall(node, ctx)) return;
        break;
      case 'assignment':
      case 'variable_declarator':
      case 'assignment_expression':
      case 'public_field_definition':
        this.visitBinding(node);
        break;
    }
    this.visitChildren(node, ctx);
  }

  private visitChildren(node: Node, ctx: WalkContext): void {
    for (const child of node.namedChildren) if (child) this.visit(child, ctx);
  }

  private visitDecorated(node: Node, ctx: WalkContext): void {
    const contexts: RawContext[] = [];
    let definition: Node | null = null;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'decorator') {
        const expression = child.namedChild(0);
        if (expression) {
          const context = this.decoratorContext(expression, child);
          if (context) contexts.push(context);
        }
      } else definition = child;
    }
    if (definition?.type === 'function_definition') this.visitFunction(definition, ctx, contexts);
    else if (definition) this.visit(definition, ctx);
  }

  /** `@retry(...)`, `@tenacity.retry`, `@backoff.on_exception(...)`, or a decorator defined in this file. */
  private decoratorContext(expression: Node, decorator: Node): RawContext | undefined {
    const isCall = expression.type === 'call';
    const calleeNode = isCall ? expression.childForFieldName('function') : expression;
    const callee = this.src(calleeNode).replace(/\s+/g, '');
    const args = isCall ? this.libraryArguments(callee, expression) : { callee, imported: this.importOf(callee), positional: [], named: {} };
    const mechanism = retryLibraryOf(args, this.scope.language);
    if (mechanism) return { source: 'decorator', policy: readLibraryRetry(mechanism, args), arguments: args, span: this.rel(decorator), edits: this.argumentEdits(expression, isCall) };
    if (IDENTIFIER.test(callee)) return { source: 'localDecorator', name: callee, span: this.rel(decorator) };
    return undefined;
  }

  private visitFunction(node: Node, ctx: WalkContext, decorators: RawContext[]): void {
    const name = this.src(node.childForFieldName('name')) || ctx.functionName;
    const inner: WalkContext = { contexts: [...decorators, ...ctx.contexts], functionName: name, inTry: false };
    const loopsBefore = this.loopsSeen.length;
    for (const child of node.namedChildren) if (child && child.type !== 'decorator') this.visit(child, inner);
    if (name) {
      if (RETRY_AFTER.test(this.codeText(node))) this.facts.retryAfterReaders.push(name);
      const loops = this.loopsSeen.slice(loopsBefore);
      if (loops.length > 0) this.facts.functionLoops.push({ name, contexts: loops });
    }
  }

  /** Retry loops met so far (for `functionLoops`). */
  private readonly loopsSeen: RawContext[] = [];

  private visitLoop(node: Node, ctx: WalkContext): void {
    // `for attempt in tenacity.Retrying(...): with attempt: ...`: the library call holds the settings.
    const iterated = this.scope.language === 'python' && node.type === 'for_statement' ? node.childForFieldName('right') : null;
    const iteratedCall = iterated ? unwrap(iterated) : null;
    if (iteratedCall?.type === 'call') {
      const callee = this.src(iteratedCall.childForFieldName('function')).replace(/\s+/g, '');
      const args = this.libraryArguments(callee, iteratedCall);
      const mechanism = retryLibraryOf(args, this.scope.language);
      if (mechanism) {
        const context: RawContext = { source: 'library', policy: readLibraryRetry(mechanism, args), arguments: args, span: this.rel(iteratedCall) };
        this.visitChildren(node, { ...ctx, contexts: [context, ...ctx.contexts], retryLoop: undefined });
        return;
      }
    }
    const loop = this.readRetryLoop(node);
    if (!loop) return this.visitChildren(node, ctx);
    const policy = loopPolicy(loop, this.scope.language);
    const helpers = loop.readsRetryAfter ? [] : this.plainCallees(node);
    const context: RawContext = { source: 'loop', policy, loop, span: this.rel(node), ...(helpers.length > 0 && { helpers }) };
    this.loopsSeen.push(context);
    const inner: WalkContext = { ...ctx, retryLoop: { policy, loop, span: this.rel(node), ...(helpers.length > 0 && { helpers }) } };
    this.visitChildren(node, inner);
  }

  private visitTry(node: Node, ctx: WalkContext): void {
    const loop = ctx.retryLoop;
    // A try of its own (not the loop's) that catches everything and never re-raises: no retry outside it ever sees a failure.
    const catchAllDepth = !loop && this.catchesAllSilently(node) ? ctx.contexts.length : ctx.catchAllDepth;
    const bodyCtx: WalkContext = {
      contexts: loop ? [{ source: 'loop', policy: loop.policy, loop: loop.loop, span: loop.span, ...(loop.helpers && { helpers: loop.helpers }) }, ...ctx.contexts] : ctx.contexts,
      functionName: ctx.functionName,
      inTry: ctx.inTry || this.coversStreamError(node),
      ...(catchAllDepth !== undefined && { catchAllDepth }),
    };
    const restCtx: WalkContext = { contexts: ctx.contexts, functionName: ctx.functionName, inTry: ctx.inTry, ...(ctx.catchAllDepth !== undefined && { catchAllDepth: ctx.catchAllDepth }) };
    const body = node.childForFieldName('body');
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (body ? child.id === body.id : child.type === 'block' || child.type === 'statement_block') this.visit(child, bodyCtx);
      else this.visit(child, restCtx);
    }
  }

  /**
   * Whether a try's handlers see an `error` event that arrives inside a 200 stream: Python raises it as an
   * `APIStatusError` with `status_code == 200`, TS as an `APIError` with no status. A handler that acts only
   * on status 529 (or another status list) never sees it as an overload.
   */
  private coversStreamError(tryNode: Node): boolean {
    const python = this.scope.language === 'python';
    const handlers = tryNode.namedChildren.filter((child): child is Node => !!child && (child.type === 'except_clause' || child.type === 'catch_clause'));
    return handlers.some((handler) => {
      const handlerText = this.src(handler);
      if (python) {
        const names = this.exceptNames(handler).map((name) => name.replace(/^.*\./, ''));
        if (names.length > 0 && !names.some((name) => /^(APIStatusError|APIError|AnthropicError|Exception|BaseException)$/.test(name))) return false;
      }
      const testsOverloadStatus = /status(?:_code|Code)?\s*(?:==|===|\bin\b)\s*\(?\[?\s*(?:5\d\d|429)/.test(handlerText) || /\[\s*(?:\d{3}\s*,\s*)*529[^\]]*\]\s*\.includes/.test(handlerText);
      const seesStreamError = /\b200\b|(?:\bis(?:\s+not)?|[!=]==?)\s*(?:None|null|undefined)\b|overloaded_error|\.type\b/.test(handlerText.replace(/^[^\n]*/, ''));
      return !testsOverloadStatus || seesStreamError;
    });
  }

  /** Where keywords are added to a decorator (after its last argument, so a trailing comma stays valid) and where its keyword values are. */
  private argumentEdits(expression: Node, isCall: boolean): RawArgumentEdits | undefined {
    if (this.scope.language !== 'python') return undefined;
    if (!isCall) return { insertAt: expression.endIndex - this.base, bare: true, hasArguments: false, keywords: {}, keywordCallees: {} };
    const args = expression.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    const items = args.namedChildren.filter((c): c is Node => !!c && !c.type.endsWith('comment'));
    const keywords: Record<string, RelSpan> = {};
    const keywordCallees: Record<string, RelSpan> = {};
    for (const item of items) {
      if (item.type !== 'keyword_argument') continue;
      const name = item.childForFieldName('name');
      const value = item.childForFieldName('value');
      if (!name || !value) continue;
      keywords[this.src(name)] = this.rel(value);
      const callee = value.type === 'call' ? value.childForFieldName('function') : null;
      if (callee) keywordCallees[this.src(name)] = this.rel(callee);
    }
    const last = items[items.length - 1];
    return { insertAt: (last ? last.endIndex : args.endIndex - 1) - this.base, bare: false, hasArguments: items.length > 0, keywords, keywordCallees };
  }

  /** A try whose handlers take every failure (bare except, `except Exception`, any JS catch) and none re-raises. */
  private catchesAllSilently(tryNode: Node): boolean {
    const handlers = tryNode.namedChildren.filter((child): child is Node => !!child && (child.type === 'except_clause' || child.type === 'catch_clause'));
    if (handlers.length === 0) return false;
    if (handlers.some((h) => /\b(raise|throw)\b/.test(this.codeText(h)))) return false;
    return handlers.some((h) => h.type === 'catch_clause' || errorCoverage(this.exceptNames(h), 'python').catchAll);
  }

  /** A node's source with its comments blanked out (offsets kept): words in comments are not code (a comment that says `overloaded_error` handles nothing). */
  private codeText(node: Node): string {
    let out = this.src(node);
    for (const comment of node.descendantsOfType('comment')) {
      if (!comment) continue;
      const start = comment.startIndex - node.startIndex;
      const end = comment.endIndex - node.startIndex;
      out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
    }
    return out;
  }

  /** The plain function names called in a node (`serverWaitMs(response)`, not `response.headers.get(…)`). */
  private plainCallees(node: Node): string[] {
    const names = new Set<string>();
    for (const call of node.descendantsOfType(this.scope.language === 'python' ? 'call' : 'call_expression')) {
      const callee = call?.childForFieldName('function');
      if (callee?.type === 'identifier') names.add(this.src(callee));
    }
    return [...names];
  }

  /**
   * Raw HTTP whose client does not throw on a status (fetch / node-fetch; requests, httpx, a session, with no
   * raise_for_status): a try around only that request sees connection errors, never a 4xx/5xx.
   */
  private statusBlindRequest(tryBody: Node | null): boolean {
    if (!tryBody) return false;
    const code = this.codeText(tryBody);
    if (this.scope.language === 'python') {
      if (/\braise\b|raise_for_status|\.messages\b|status_code|urlopen|\baiohttp\b/.test(code)) return false;
      return /\b(?:requests|httpx|\w*[Ss]ession)\.(?:post|request)\s*\(/.test(code);
    }
    if (/\bthrow\b|\.messages\b|\.ok\b|\.status\b|\b(?:axios|got|ky|superagent)\b/.test(code)) return false;
    return /(?<![\w$.])fetch\s*\(/.test(code);
  }

  /** A `for`/`while` whose body has a try that ends the loop on success (break/return): a hand-written retry. */
  private readRetryLoop(node: Node): Omit<RetryLoop, 'span'> | undefined {
    const loopText = this.codeText(node);
    const isFor = node.type === 'for_statement';
    const python = this.scope.language === 'python';
    const header = loopText.slice(0, loopText.indexOf(python ? ':' : '{') + 1 || 80);
    let attemptCap: RetryLoop['attemptCap'] = null;
    if (isFor) {
      if (python) {
        const range = /\bin\s+range\s*\(\s*(?:\d+\s*,\s*)?(\d+)?/.exec(header);
        if (!range) return undefined; // iterating over items, not attempts
        attemptCap = range[1] !== undefined ? Number(range[1]) - (/range\s*\(\s*1\s*,/.test(header) ? 1 : 0) : 'bounded';
      } else {
        if (!header.includes(';')) return undefined; // for…of / for…in: iterating over items, not attempts
        const bound = /;\s*[\w$.]+\s*(<=?)\s*(\d+)?/.exec(header);
        const condition = /;([^;]*);/.exec(header)?.[1].trim() ?? '';
        // `for (;;)` has no cap (a counter check in the handler may add one below); `Date.now() < deadline` is a limit.
        if (bound) attemptCap = bound[2] !== undefined ? Number(bound[2]) + (bound[1] === '<=' ? 1 : 0) : 'bounded';
        else attemptCap = /[<>]/.test(condition) ? 'bounded' : null;
      }
    } else {
      const condition = /\(\s*(true|1)\s*\)|while\s+(True|1)\s*:/.test(header);
      attemptCap = condition ? null : /[<>]=?/.test(header) ? 'bounded' : null;
    }
    const tryNode = findDirect(node, 'try_statement');
    if (!tryNode) return undefined;
    const body = tryNode.childForFieldName('body') ?? tryNode.namedChild(0);
    const bodyText = this.src(body);
    // Success ends the loop inside the try, or (a counted loop whose try only guards the request) after it:
    // `try: response = post(...) except ConnectionError: ...; if response.ok: return response.json()`.
    const afterTry = this.text.slice(tryNode.endIndex, node.endIndex);
    if (!/\b(break|return)\b/.test(bodyText) && !(attemptCap !== null && /\breturn\b/.test(afterTry))) return undefined; // success does not end the loop: not a retry
    const handlers = tryNode.namedChildren.filter((child): child is Node => !!child && (child.type === 'except_clause' || child.type === 'catch_clause'));
    const handlerText = handlers.map((h) => this.codeText(h)).join('\n');
    const handlerRaises = /\b(raise|throw)\b/.test(handlerText);
    // A JS catch takes every error: the tests in it only narrow what is retried when the rest is thrown.
    const caught = python ? handlers.flatMap((h) => this.exceptNames(h)) : handlerRaises ? jsCaughtNames(handlerText) : [];
    let tested = handlerRaises ? statusesTested(handlerText) : undefined;
    // A try around a request that never throws on a status (fetch, requests without raise_for_status) catches
    // connection errors only; a test after it that throws or returns on the statuses it does not name is the
    // filter: `if (response && !RETRYABLE.has(response.status)) { if (!response.ok) throw …; return … }`.
    let caughtNames = caught;
    if (tested === undefined && this.statusBlindRequest(body)) {
      const exit = statusExitTest(withoutComments(afterTry, python));
      if (exit) {
        caughtNames = ['connection'];
        tested = exit;
      }
    }
    // A counter checked before re-raising (`if attempt == 4: raise`) caps a `while True`.
    if (attemptCap === null && countedBeforeRaising(loopText)) attemptCap = 'bounded';
    const waitText = loopText.slice(header.length);
    const { wait, jitter, smallJitter } = readWait(waitText, python);
    const handler: RetryLoop['handler'] = handlerRaises
      ? 'reraise'
      : /\bbreak\b/.test(handlerText)
        ? 'break'
        : /\breturn\b/.test(handlerText)
          ? 'return'
          : /\bcontinue\b|sleep|setTimeout|delay|wait/i.test(handlerText) || wait.kind !== 'none'
            ? 'continue'
            : 'swallow';
    return {
      loopKind: isFor ? 'for' : 'while',
      wait,
      jitter,
      ...(smallJitter ? { smallJitter } : {}),
      attemptCap,
      caught: caughtNames,
      readsRetryAfter: /retry[-_]after/i.test(loopText),
      handler,
      ...(tested && { statusFilter: tested }),
      ...(this.raisesAfter(node) && { raisesAfterLoop: true }),
    };
  }

  /** Something raises after the loop, before its function ends (`raise RuntimeError(...)`, `throw lastError`). */
  private raisesAfter(loop: Node): boolean {
    let scope: Node | null = loop.parent;
    while (scope && !/function|method_definition|lambda/.test(scope.type)) scope = scope.parent;
    if (!scope) return false;
    return /\b(raise|throw)\b/.test(this.codeText(scope).slice(loop.endIndex - scope.startIndex));
  }

  /** `except (A, B) as e:` → ['A', 'B']; a bare `except:` → []. */
  private exceptNames(clause: Node): string[] {
    const clauseText = this.src(clause);
    const head = clauseText.slice(0, clauseText.indexOf(':'));
    const types = head.replace(/^except\*?/, '').replace(/\bas\s+\w+\s*$/, '');
    return types
      .replace(/[()]/g, ' ')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
  }

  private visitBinding(node: Node): void {
    const type = node.type;
    const left = node.childForFieldName(type === 'variable_declarator' || type === 'public_field_definition' ? 'name' : 'left');
    const right = node.childForFieldName(type === 'variable_declarator' || type === 'public_field_definition' ? 'value' : 'right');
    if (!left || !right) return;
    const name = this.src(left).replace(/\s+/g, '');
    const value = unwrap(right);
    if (value.type === 'string' && !hasChildOfType(value, 'interpolation')) this.facts.strings.push({ name, value: this.src(value) });
    else if (value.type === 'template_string' || value.type === 'string') this.facts.strings.push({ name, value: this.src(value) });
    else if (value.type === 'dictionary' || value.type === 'object') this.facts.headerObjects.push({ name, keys: this.objectKeys(value) });
  }

  private objectKeys(object: Node): string[] {
    const keys: string[] = [];
    for (const child of object.namedChildren) {
      if (!child) continue;
      if (child.type === 'pair') keys.push(unquote(this.src(child.childForFieldName('key'))).toLowerCase());
      else if (child.type === 'shorthand_property_identifier') keys.push(this.src(child).toLowerCase());
      else if (child.type === 'spread_element' || child.type === 'dictionary_splat') keys.push('*');
    }
    return keys;
  }

  /** Reads a call; true when it has visited the call's children itself. */
  private visitCall(node: Node, ctx: WalkContext): boolean {
    const isNew = node.type === 'new_expression';
    const calleeNode = node.childForFieldName(isNew ? 'constructor' : 'function');
    if (!calleeNode) return false;
    const chain = this.calleeChain(calleeNode);
    const last = chain.names[chain.names.length - 1] ?? '';
    const args = node.childForFieldName('arguments');
    const calleeText = chain.names.join('.');

    // Client constructions.
    if (CLIENT_CLASSES.has(last) || (last === 'default' && chain.names[0] && this.scope.imported.get(chain.names[0])?.module === '@anthropic-ai/sdk')) {
      // A construction used in place (`Anthropic().messages.create`) is read with its call.
      if (!/^(attribute|member_expression)$/.test(node.parent?.type ?? '')) this.facts.clients.push(this.readClient(node, last, args, ctx));
      return false;
    }
    if (LANGCHAIN_CLASSES.has(last)) {
      this.facts.frameworkClients.push({ name: bindingName(node, this.text), maxRetries: this.option(args, ['max_retries', 'maxRetries']), span: this.rel(node) });
      return false;
    }
    if (FOREIGN_CLIENT.test(calleeText)) {
      const bound = bindingName(node, this.text);
      if (bound) this.facts.foreignClients.push(bound);
      return false;
    }

    // A `client.with_options(max_retries=…)` bound to a name: a derived client.
    if ((last === 'with_options' || last === 'withOptions') && chain.names.length >= 2) {
      const bound = bindingName(node, this.text);
      if (bound) {
        const client = this.readClient(node, 'with_options', args, ctx);
        client.derivedFrom = chain.names.slice(0, -1).join('.');
        this.facts.clients.push(client);
      }
      return false;
    }

    // Retry library calls that take the code to retry as a function: pRetry(fn, opts), retry(fn, opts), backOff(fn, opts).
    const libraryArgs = this.libraryArguments(calleeText, node);
    const mechanism = IDENTIFIER.test(calleeText) || calleeText.includes('.') ? retryLibraryOf(libraryArgs, this.scope.language) : undefined;
    if (mechanism && args && !isNew) {
      const fnArgs = args.namedChildren.filter((a): a is Node => !!a && isFunctionNode(a));
      const first = args.namedChild(0);
      if (mechanism === 'axios-retry' && first && /^[\w$.]+$/.test(this.src(first))) {
        // axiosRetry(instance, {...}): the retries of every request through that instance.
        this.facts.instanceRetries.push({ name: this.src(first), context: { source: 'library', policy: readLibraryRetry(mechanism, libraryArgs), arguments: libraryArgs, span: this.rel(node) } });
        return false;
      }
      const bound = fnArgs.length === 0 && mechanism === 'cockatiel' ? bindingName(node, this.text) : undefined;
      if (bound) {
        // A policy built now and run later (`const policy = retry(handleAll, {...})`, then `policy.execute(fn)`).
        this.facts.policies.push({ name: bound, context: { source: 'library', policy: readLibraryRetry(mechanism, libraryArgs), arguments: libraryArgs, span: this.rel(node) } });
        return false;
      }
      if (fnArgs.length > 0) {
        const context: RawContext = { source: 'library', policy: this.filteredInside(readLibraryRetry(mechanism, libraryArgs), fnArgs), arguments: libraryArgs, span: this.rel(node) };
        const inner: WalkContext = { ...ctx, contexts: [context, ...ctx.contexts], retryLoop: undefined };
        for (const fn of fnArgs) this.visitChildren(fn, inner);
        // The rest is visited as usual; the function arguments again would double their calls.
        for (const a of args.namedChildren) if (a && !fnArgs.includes(a)) this.visit(a, ctx);
        return true;
      }
    }
    // `policy.execute(() => …)`: the function runs inside the policy bound to that name.
    if (last === 'execute' && chain.names.length >= 2 && args && !isNew) {
      const fnArgs = args.namedChildren.filter((a): a is Node => !!a && isFunctionNode(a));
      if (fnArgs.length > 0) {
        const context: RawContext = { source: 'policyRef', name: chain.names.slice(0, -1).join('.'), span: this.rel(node) };
        const inner: WalkContext = { ...ctx, contexts: [context, ...ctx.contexts], retryLoop: undefined };
        for (const fn of fnArgs) this.visitChildren(fn, inner);
        return true;
      }
    }

    // HTTP instances with a base URL, and prepared urllib requests: read here, used by later calls.
    if (args && !isNew && this.readHttpInstance(node, chain.names, args)) return false;

    const call = this.classifyCall(node, chain, last, args, ctx);
    if (call) {
      this.facts.calls.push(call);
      return false;
    }
    // `withRetries(() => client.messages.create(…))`: a function of this file applied to a function, like a
    // decorator; resolved to the retry loop inside it when linking (nothing when it has none).
    if (!isNew && args && IDENTIFIER.test(calleeText)) {
      const fnArgs = args.namedChildren.filter((a): a is Node => !!a && isFunctionNode(a));
      if (fnArgs.length > 0) {
        const inner: WalkContext = { ...ctx, contexts: [{ source: 'localDecorator', name: calleeText, span: this.rel(node) }, ...ctx.contexts], retryLoop: undefined };
        for (const fn of fnArgs) this.visitChildren(fn, inner);
        for (const a of args.namedChildren) if (a && !fnArgs.includes(a)) this.visit(a, ctx);
        return true;
      }
    }
    // A call of a local helper inside a retry mechanism: followed when linking.
    if (ctx.contexts.length > 0 && (IDENTIFIER.test(calleeText) || /^(self|this)\.\w+$/.test(calleeText))) {
      this.facts.helperCalls.push({ name: last, contexts: ctx.contexts });
    }
    return false;
  }

  /** `http = axios.create({ baseURL, headers })`, `httpx.Client(base_url=…, headers=…)`, `req = urllib.request.Request(url, headers=…)`. */
  private readHttpInstance(node: Node, names: readonly string[], args: Node): boolean {
    const calleeText = names.join('.');
    const python = this.scope.language === 'python';
    if (names[names.length - 1] === 'Request' && (names.length === 1 || /^urllib\.request$/.test(names.slice(0, -1).join('.')))) {
      const bound = bindingName(node, this.text);
      if (!bound) return false;
      const first = args.namedChild(0);
      const url = first && first.type !== 'keyword_argument' ? first : findKeyword(args, 'url', this.text);
      const urlText = this.src(url);
      const isName = !!url && /^[\w$.]+$/.test(urlText);
      this.facts.preparedRequests.push({ name: bound, url: isName ? undefined : urlText, urlName: isName ? urlText : undefined, headers: this.headersOf(args) });
      return true;
    }
    const isInstance = python ? /^(?:httpx\.)?(?:Async)?Client$/.test(calleeText) && this.scope.modules.has('httpx') : /^axios\.create$/.test(calleeText);
    if (!isInstance) return false;
    const bound = bindingName(node, this.text);
    if (!bound) return false;
    let baseUrl = '';
    const options = python ? args : unwrap(args.namedChild(0) ?? args);
    for (const a of options.namedChildren) {
      if (!a) continue;
      const key = a.type === 'keyword_argument' ? this.src(a.childForFieldName('name')) : a.type === 'pair' ? unquote(this.src(a.childForFieldName('key'))) : '';
      if (key === 'baseURL' || key === 'base_url') baseUrl = this.src(a.childForFieldName('value'));
    }
    if (!/anthropic\.com/.test(baseUrl)) return false;
    this.facts.httpInstances.push({ name: bound, baseUrl, headers: this.headersOf(args) });
    return true;
  }

  /**
   * p-retry stops on `throw new AbortError(…)`, async-retry on `bail(…)`: a retried function that does either
   * filters what is retried itself, whatever the options say.
   */
  private filteredInside(policy: RetryPolicy, fns: readonly Node[]): RetryPolicy {
    if (policy.retries.value.kind !== 'everything') return policy;
    const stops = fns.some((fn) => {
      const code = this.codeText(fn);
      if (policy.mechanism === 'p-retry') return /\bAbortError\b/.test(code);
      if (policy.mechanism !== 'async-retry') return false;
      const bail = /^\(?\s*([A-Za-z_$][\w$]*)/.exec(this.src(fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter')))?.[1];
      return !!bail && new RegExp(`\\b${escapeRegExp(bail)}\\s*\\(`).test(code.slice(code.indexOf(bail) + bail.length));
    });
    return stops ? { ...policy, retries: { value: { kind: 'predicate' }, fromDefault: false } } : policy;
  }

  private classifyCall(node: Node, chain: Chain, last: string, args: Node | null, ctx: WalkContext): RawCall | undefined {
    const names = chain.names;
    const python = this.scope.language === 'python';
    const awaited = isAwaited(node);
    const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function') ?? node;
    const base = {
      contexts: ctx.contexts,
      ...(ctx.catchAllDepth !== undefined && { outsideCatchAll: ctx.catchAllDepth }),
      enclosingFunction: ctx.functionName,
      span: this.rel(node),
      calleeSpan: this.rel(callee),
      frameworkMaxRetries: { kind: 'absent' } as RawOption,
    };

    // Official SDK.
    const suffix = SDK_METHODS.find((s) => endsWith(names, s));
    if (suffix && names.length > suffix.length && !names.includes('chat') && !names.includes('threads') && this.mayBeAnthropic(names)) {
      const methodStart = names.length - suffix.length;
      let receiverNames = names.slice(0, methodStart);
      while (receiverNames.length > 1 && (receiverNames[receiverNames.length - 1] === 'beta' || receiverNames[receiverNames.length - 1] === 'messages')) receiverNames = receiverNames.slice(0, -1);
      const method = names.slice(names.indexOf(receiverNames[receiverNames.length - 1]) + 1).join('.');
      const streaming = last === 'stream' || (python ? /\bstream\s*=\s*True\b/.test(this.src(args)) : /\bstream\s*:\s*true\b/.test(this.src(args)));
      let requestMaxRetries = chain.withOptionsRetries ?? ({ kind: 'absent' } as RawOption);
      let requestOptionsInsertAt: RawCall['requestOptionsInsertAt'];
      if (!python && args) {
        const second = args.namedChild(1);
        if (second && unwrap(second).type === 'object') {
          const fromOptions = this.objectOption(unwrap(second), ['maxRetries']);
          if (fromOptions.kind !== 'absent') requestMaxRetries = fromOptions;
          // `{ ...options }`: a spread may set maxRetries (the retry helpers pass `{ maxRetries: 0 }` so).
          else if (unwrap(second).namedChildren.some((child) => child?.type === 'spread_element')) requestMaxRetries = { kind: 'unreadable', text: this.src(second), span: this.rel(second) };
        } else if (second) {
          requestMaxRetries = { kind: 'unreadable', text: this.src(second), span: this.rel(second) }; // options in a variable
        } else if (args.namedChild(0)) {
          // Just after the first argument: `, { maxRetries: 0 }` fits there with or without a trailing comma.
          requestOptionsInsertAt = { offset: (args.namedChild(0)?.endIndex ?? args.endIndex - 1) - this.base, text: 'secondArgument' };
        }
      } else if (python && !chain.inlineClient && requestMaxRetries.kind === 'absent') {
        // Just after the receiver (`client|.messages.create`): `.with_options(max_retries=0)` goes there.
        const receiverEnd = this.receiverEnd(callee, receiverNames.join('.'));
        if (receiverEnd !== undefined) requestOptionsInsertAt = { offset: receiverEnd - this.base, text: 'withOptions' };
      }
      return {
        ...base,
        kind: 'sdk',
        method,
        isAsync: awaited, // or its client is an async one (linked in build.ts)
        receiver: chain.inlineClient ? undefined : receiverNames.join('.'),
        inlineClient: chain.inlineClient ? this.readClient(chain.inlineClient, this.lastName(chain.inlineClient), chain.inlineClient.childForFieldName('arguments'), ctx) : undefined,
        requestMaxRetries,
        requestOptionsInsertAt,
        stream: streaming ? this.streamUse(node, ctx) : undefined,
      };
    }

    // LangChain ChatAnthropic: `llm.invoke(...)`; resolved against ChatAnthropic bindings when linking.
    if (LANGCHAIN_METHODS.has(last) && names.length >= 2 && (this.scope.modules.has('langchain_anthropic') || this.scope.modules.has('@langchain/anthropic'))) {
      return {
        ...base,
        kind: 'langchain',
        method: last,
        isAsync: awaited || last.startsWith('a'),
        receiver: names.slice(0, -1).join('.'),
        requestMaxRetries: { kind: 'absent' },
        stream: last.includes('stream') ? this.streamUse(node, ctx) : undefined,
      };
    }

    // Vercel AI SDK with the anthropic provider.
    if (VERCEL_CALLS.has(last) && names.length === 1 && this.scope.modules.has('@ai-sdk/anthropic') && args) {
      const options = args.namedChild(0);
      if (options && unwrap(options).type === 'object' && !this.otherVercelProvider(unwrap(options))) {
        return {
          ...base,
          kind: 'vercel',
          method: last,
          isAsync: awaited,
          requestMaxRetries: { kind: 'absent' },
          frameworkMaxRetries: this.objectOption(unwrap(options), ['maxRetries']),
          stream: last.startsWith('stream') ? this.streamUse(node, ctx) : undefined,
        };
      }
    }

    // Raw HTTP to the Anthropic API.
    const receiver = names.slice(0, -1).join('.');
    const first = args?.namedChildren.find((a) => !!a && !a.type.endsWith('comment')) ?? null;
    const relative = names.length === 2 && /^(post|request|stream)$/.test(last) && !!first && /^["'`]\/?v1\//.test(this.src(first));
    const nodeFetch = names.length === 1 && this.scope.imported.get(last)?.module === 'node-fetch';
    const isHttp = nodeFetch || (last !== 'Request' && HTTP_METHODS.has(last) && (names.length === 1 ? ['fetch', 'axios', 'got', 'urlopen'].includes(last) : HTTP_RECEIVERS.test(receiver) || relative));
    if (isHttp && args) {
      const url = first && first.type !== 'keyword_argument' ? first : findKeyword(args, 'url', this.text);
      const urlText = this.src(url);
      if (relative) {
        // A path on an instance with a base URL: Claude's only if the instance's base URL is (linking decides).
        return { ...base, kind: 'rawHttp', method: names.join('.'), isAsync: awaited, requestMaxRetries: { kind: 'absent' }, headers: this.headersOf(args), instanceName: receiver };
      }
      const direct = /anthropic\.com/.test(urlText) || /anthropic\.com/.test(this.src(args).slice(0, 400));
      const urlName = !direct && url && /^[\w$.]+$/.test(urlText) ? urlText : !direct && url?.type.includes('template') ? undefined : undefined;
      if (!direct && !urlName) return undefined;
      return {
        ...base,
        kind: 'rawHttp',
        method: names.join('.'),
        isAsync: awaited,
        requestMaxRetries: { kind: 'absent' },
        headers: this.headersOf(args),
        urlName: direct ? undefined : urlName,
        stream: /stream["']?\s*[:=]\s*(True|true)/.test(this.src(args)) ? this.streamUse(node, ctx) : undefined,
      };
    }
    return undefined;
  }

  /** `model: openai('gpt-4o')`: a provider call that is not the anthropic provider (imported from `@ai-sdk/anthropic`). */
  private otherVercelProvider(options: Node): boolean {
    for (const p of options.namedChildren) {
      if (p?.type !== 'pair' || unquote(this.src(p.childForFieldName('key'))) !== 'model') continue;
      const value = unwrap(p.childForFieldName('value') ?? p);
      if (value.type !== 'call_expression') return false;
      const callee = this.src(value.childForFieldName('function')).split('.')[0];
      const module = this.scope.imported.get(callee)?.module;
      return module !== undefined && module !== '@ai-sdk/anthropic';
    }
    return false;
  }

  /** The end of the receiver expression in a callee chain (`self.client` in `self.client.beta.messages.create`). */
  private receiverEnd(callee: Node, receiver: string): number | undefined {
    let node: Node | null = callee;
    for (let depth = 0; node && depth < 12; depth++) {
      if (this.src(node).replace(/\s+/g, '') === receiver) return node.endIndex;
      node = node.type === 'call' ? (node.childForFieldName('function')?.childForFieldName('object') ?? null) : node.childForFieldName('object');
    }
    return undefined;
  }

  /** An SDK-shaped call is Claude's unless the file never imports an Anthropic SDK and the receiver is not a client we know. */
  private mayBeAnthropic(names: readonly string[]): boolean {
    const modules = this.scope.modules;
    if (modules.has('anthropic') || modules.has('@anthropic-ai/sdk') || modules.has('@anthropic-ai/bedrock-sdk') || modules.has('@anthropic-ai/vertex-sdk')) return true;
    return names.some((name) => /anthropic|claude/i.test(name));
  }

  /** Header names of a raw HTTP call, lower case; undefined when built in a way we cannot read (resolved by name when linking). */
  private headersOf(args: Node): string[] | undefined {
    let headers: Node | null = null;
    for (const a of args.namedChildren) {
      if (!a) continue;
      if (a.type === 'keyword_argument' && this.src(a.childForFieldName('name')) === 'headers') headers = a.childForFieldName('value');
      if (a.type === 'object') {
        for (const p of a.namedChildren) if (p?.type === 'pair' && unquote(this.src(p.childForFieldName('key'))) === 'headers') headers = p.childForFieldName('value');
        for (const p of a.namedChildren) if (p?.type === 'shorthand_property_identifier' && this.src(p) === 'headers') headers = p;
      }
    }
    if (!headers) return [];
    const value = unwrap(headers);
    if (value.type === 'dictionary' || value.type === 'object') return this.objectKeys(value);
    return [`=${this.src(value)}`]; // a name: resolved against the file's header objects when linking
  }

  private streamUse(call: Node, ctx: WalkContext): RawCall['stream'] {
    // The statement (or function) around the call tells how the stream is read.
    let scope: Node = call;
    for (let up = call.parent, depth = 0; up && depth < 30; up = up.parent, depth++) {
      if (up.startIndex < this.base || !up.parent) break; // the facts come from this statement only (they are cached by its text)
      scope = up;
      if (/function|method_definition|arrow_function|lambda/.test(up.type)) break;
    }
    const around = this.codeText(scope);
    const consumed = /\basync\s+for\b|\bfor\s+\w+\s+in\b|for\s+await\b|for\s*\(\s*(?:const|let|var)\s+\w+\s+of\b/.test(around)
      ? 'iterated'
      : /text_stream|get_final_message|get_final_text|until_done|finalMessage|finalText|textStream|fullStream|\.on\(/.test(around)
        ? 'helper'
        : 'unknown';
    const handlesErrorEvent = ctx.inTry || /overloaded_error|type\s*===?\s*["']error["']|\.on\(\s*["']error["']|onError/.test(around);
    return { consumed, handlesErrorEvent };
  }

  private readClient(node: Node, className: string, args: Node | null, ctx: WalkContext): RawClient {
    const python = this.scope.language === 'python';
    let maxRetries: RawOption = { kind: 'absent' };
    let timeout: RawOption = { kind: 'absent' };
    let insertAt = args ? args.startIndex + 1 - this.base : node.endIndex - this.base;
    let hasArguments = false;
    let objectLiteral: boolean | undefined;
    if (args) {
      if (python) {
        maxRetries = this.option(args, ['max_retries']);
        timeout = this.option(args, ['timeout']);
        hasArguments = args.namedChildCount > 0;
      } else {
        const first = args.namedChild(0);
        if (first && unwrap(first).type === 'object') {
          const object = unwrap(first);
          objectLiteral = true;
          maxRetries = this.objectOption(object, ['maxRetries']);
          timeout = this.objectOption(object, ['timeout']);
          insertAt = object.startIndex + 1 - this.base;
          hasArguments = object.namedChildCount > 0;
        } else {
          objectLiteral = first ? false : undefined;
          hasArguments = !!first;
        }
      }
    }
    return {
      className,
      isAsync: className.startsWith('Async'),
      boundTo: bindingName(node, this.text),
      maxRetries,
      timeout,
      span: this.rel(node),
      insertAt,
      hasArguments,
      objectLiteral,
      enclosingFunction: ctx.functionName,
    };
  }

  /** A Python keyword argument (or a property of a JS options object in first place) read as a number. */
  private option(args: Node | null, keys: readonly string[]): RawOption {
    if (!args) return { kind: 'absent' };
    for (const a of args.namedChildren) {
      if (!a) continue;
      if (a.type === 'keyword_argument' && keys.includes(this.src(a.childForFieldName('name')))) return this.numberOption(a.childForFieldName('value'));
      if (a.type === 'object') return this.objectOption(a, keys);
    }
    return { kind: 'absent' };
  }

  private objectOption(object: Node, keys: readonly string[]): RawOption {
    for (const p of object.namedChildren) {
      if (!p) continue;
      if (p.type === 'pair' && keys.includes(unquote(this.src(p.childForFieldName('key'))))) return this.numberOption(p.childForFieldName('value'));
      if (p.type === 'shorthand_property_identifier' && keys.includes(this.src(p))) return { kind: 'unreadable', text: this.src(p), span: this.rel(p) };
    }
    return { kind: 'absent' };
  }

  private numberOption(value: Node | null): RawOption {
    if (!value) return { kind: 'absent' };
    const valueText = this.src(value).replace(/_/g, '');
    const number = /^\d+(\.\d+)?$/.test(valueText) ? Number(valueText) : NaN;
    return Number.isFinite(number) ? { kind: 'value', value: number, span: this.rel(value) } : { kind: 'unreadable', text: this.src(value), span: this.rel(value) };
  }

  /** A callee's names, looking through `with_options(…)` (its retries kept) and a construction in place. */
  private calleeChain(callee: Node): Chain {
    const names: string[] = [];
    let withOptionsRetries: RawOption | undefined;
    let inlineClient: Node | undefined;
    let node: Node | null = callee;
    for (let depth = 0; node && depth < 12; depth++) {
      const type: string = node.type;
      if (type === 'identifier' || type === 'this' || type === 'property_identifier' || type === 'shorthand_property_identifier') {
        names.unshift(this.src(node));
        break;
      }
      if (type === 'attribute' || type === 'member_expression') {
        const property = node.childForFieldName(type === 'attribute' ? 'attribute' : 'property');
        const name = this.src(property);
        if (!TRANSPARENT.has(name)) names.unshift(name);
        node = node.childForFieldName('object');
        continue;
      }
      if (type === 'call' || type === 'call_expression') {
        const fn = node.childForFieldName('function');
        const fnName = fn ? this.lastName(node) : '';
        if (fnName === 'with_options' || fnName === 'withOptions') {
          withOptionsRetries = this.option(node.childForFieldName('arguments'), ['max_retries', 'maxRetries']);
          node = fn?.childForFieldName('object') ?? null;
          continue;
        }
        if (CLIENT_CLASSES.has(fnName)) {
          inlineClient = node;
          names.unshift(fnName);
          break;
        }
        names.unshift('*');
        break;
      }
      if (type === 'parenthesized_expression' || type === 'await' || type === 'await_expression' || type === 'non_null_expression') {
        node = node.namedChild(0);
        continue;
      }
      if (type === 'new_expression') {
        const ctor = this.src(node.childForFieldName('constructor'));
        if (CLIENT_CLASSES.has(ctor)) inlineClient = node;
        names.unshift(ctor);
        break;
      }
      names.unshift('*');
      break;
    }
    return { names, withOptionsRetries, inlineClient };
  }

  private lastName(call: Node): string {
    const fn = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
    const t = this.src(fn);
    return t.slice(Math.max(t.lastIndexOf('.'), -1) + 1).trim();
  }

  private importOf(callee: string): { module: string; name: string } | undefined {
    const [head, ...rest] = callee.split('.');
    const found = this.scope.imported.get(head);
    if (!found) return undefined;
    return rest.length > 0 && found.name === '*' ? { module: found.module, name: rest.join('.') } : found;
  }

  /** A call's arguments as the contract's `LibraryCallArguments`. */
  private libraryArguments(callee: string, call: Node): LibraryCallArguments {
    const result: LibraryCallArguments = { callee, imported: this.importOf(callee), positional: [], named: {} };
    const args = call.childForFieldName('arguments');
    if (!args) return result;
    for (const a of args.namedChildren) {
      if (!a || a.type.endsWith('comment')) continue;
      if (a.type === 'keyword_argument') {
        result.named[this.src(a.childForFieldName('name'))] = this.argumentValue(a.childForFieldName('value'));
      } else if (a.type === 'object' && this.scope.language === 'javascript') {
        // The options object: its properties are the named arguments.
        for (const p of a.namedChildren) {
          if (p?.type === 'pair') result.named[unquote(this.src(p.childForFieldName('key')))] = this.argumentValue(p.childForFieldName('value'));
          else if (p?.type === 'shorthand_property_identifier') result.named[this.src(p)] = { kind: 'name', name: this.src(p) };
        }
      } else result.positional.push(this.argumentValue(a));
    }
    return result;
  }

  argumentValue(node: Node | null, depth = 0): ArgumentValue {
    if (!node) return { kind: 'none' };
    const value = unwrap(node);
    const t = value.type;
    const source = this.src(value);
    if (depth > 6) return { kind: 'unknown', text: source.slice(0, 80) };
    if (t === 'integer' || t === 'float' || t === 'number') {
      const n = Number(source.replace(/_/g, ''));
      return Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'unknown', text: source };
    }
    if (t === 'string' && !hasChildOfType(value, 'interpolation')) return { kind: 'string', value: unquote(source.replace(/^[rRbBuU]+/, '')) };
    if (t === 'true' || t === 'false') return { kind: 'boolean', value: t === 'true' };
    if (t === 'none' || t === 'null' || t === 'undefined' || source === 'None') return { kind: 'none' };
    if (t === 'identifier' || t === 'attribute' || t === 'member_expression') return /^[\w$.]+$/.test(source) ? { kind: 'name', name: source } : { kind: 'unknown', text: source.slice(0, 80) };
    if (t === 'tuple' || t === 'list' || t === 'array') return { kind: 'tuple', items: value.namedChildren.filter((c): c is Node => !!c).map((c) => this.argumentValue(c, depth + 1)) };
    if (isFunctionNode(value)) return { kind: 'function' };
    if (t === 'unary_operator' || t === 'unary_expression') {
      const inner = this.argumentValue(value.namedChild(0), depth + 1);
      if (inner.kind === 'number' && source.trim().startsWith('-')) return { kind: 'number', value: -inner.value };
      return { kind: 'unknown', text: source.slice(0, 80) };
    }
    if (t === 'binary_operator' || t === 'binary_expression' || t === 'boolean_operator') {
      const operator = value.childForFieldName('operator');
      return { kind: 'binary', operator: operator ? this.src(operator) : source.slice(this.src(value.namedChild(0)).length).trim().split(/\s/)[0], left: this.argumentValue(value.childForFieldName('left'), depth + 1), right: this.argumentValue(value.childForFieldName('right'), depth + 1) };
    }
    if (t === 'call' || t === 'call_expression' || t === 'new_expression') {
      const callee = this.src(value.childForFieldName(t === 'new_expression' ? 'constructor' : 'function')).replace(/\s+/g, '');
      const args = this.libraryArguments(callee, value);
      return { kind: 'call', callee, positional: args.positional, named: args.named };
    }
    return { kind: 'unknown', text: source.slice(0, 80) };
  }
}

interface Chain {
  names: string[];
  withOptionsRetries?: RawOption;
  inlineClient?: Node;
}

/** The wait a loop body makes, from its sleep calls (comments left out, names assigned in the loop followed). */
export function readWait(loopText: string, python: boolean): { wait: WaitShape; jitter: boolean; smallJitter: boolean } {
  const code = withoutComments(loopText, python);
  const waits = sleepArguments(code, python)
    .map((argument) => ({ argument, expression: expandNames(argument, code, python) }));
  if (waits.length === 0) return { wait: { kind: 'none' }, jitter: false, smallJitter: false };
  const shaped = waits.map((w) => ({ ...w, shape: waitShapeOf(w.argument, w.expression, code, python) }));
  // The loop's own backoff decides (a sleep of the server's retry-after alone is a wait of the server's choosing).
  const chosen = shaped.find((w) => w.shape.kind === 'exponential') ?? shaped.find((w) => !RETRY_AFTER.test(w.expression)) ?? shaped[0];
  if (chosen.shape.kind !== 'exponential' && RETRY_AFTER.test(chosen.expression)) return { wait: { kind: 'custom' }, jitter: false, smallJitter: false };
  const random = RANDOM.test(chosen.expression);
  // The seeds' "jitter": random.uniform(0, base * 0.1), Math.random() * base * 0.1 — a few percent of the wait.
  const smallJitter = random && SMALL_FRACTION.test(chosen.expression);
  return { wait: chosen.shape, jitter: random && !smallJitter, smallJitter };
}

const RETRY_AFTER = /retry[-_]?after/i;
const RANDOM = /\brandom\b|\buniform\s*\(|\brandint\s*\(|\brandrange\s*\(|Math\.random|\bjitter\s*\(/;
/** A random term followed, within it, by a factor under one half (`* 0.1`, `0.1 *`, `/ 10`). */
const SMALL_FRACTION = /(?:\brandom\b|\buniform\s*\(|Math\.random)[^\n]*?(?:\*\s*0?\.[0-4]\d*(?![\d.])|(?<![\d.])0?\.[0-4]\d*\s*\*|\/\s*(?:[3-9]|\d{2,})\b)/;

/** The shape of one sleep: a number is constant; powers, shifts and a doubling variable are exponential. */
function waitShapeOf(argument: string, expression: string, code: string, python: boolean): WaitShape {
  const literal = argument.replace(/_/g, '');
  if (/^\d+(\.\d+)?$/.test(literal)) return { kind: 'constant', ms: python ? Number(literal) * 1000 : Number(literal) };
  const assigned = /^[A-Za-z_$][\w$]*$/.test(argument) ? assignmentsOf(argument, code, python) : [];
  if (assigned.length === 1 && assigned[0].operator === '=' && /^\d[\d_]*(\.\d+)?$/.test(assigned[0].value)) {
    const value = Number(assigned[0].value.replace(/_/g, ''));
    return { kind: 'constant', ms: python ? value * 1000 : value };
  }
  const doubling = assigned.some((a) => (a.operator === '*=' && /^\d/.test(a.value) && Number(a.value) > 1) || new RegExp(`\\b${escapeRegExp(argument)}\\s*\\*\\s*\\d|\\d\\s*\\*\\s*${escapeRegExp(argument)}\\b`).test(a.value));
  if (doubling || /\*\*|Math\.pow|\bpow\s*\(|<<|\bbackoff\b|\bexp/i.test(expression)) {
    return { kind: 'exponential', initialMs: NaN, maxMs: /\bmin\s*\(|Math\.min/.test(expression) ? NaN : null };
  }
  return { kind: 'unknown' };
}

/** The argument of every sleep in the loop (`time.sleep(x)`, `await sleep(x)`, `setTimeout(resolve, x)`). */
function sleepArguments(code: string, python: boolean): string[] {
  const head = python ? /\b(?:time\.|asyncio\.|trio\.|anyio\.)?sleep\s*\(/g : /\b(sleep|delay|wait|setTimeout)\s*\(/g;
  const found: string[] = [];
  for (const match of code.matchAll(head)) {
    const args = topLevelArguments(code, (match.index ?? 0) + match[0].length);
    const argument = !python && match[1] === 'setTimeout' ? args[1] : args[0];
    if (argument) found.push(argument);
  }
  return found;
}

/** The comma-separated arguments from `from` (just after an opening parenthesis) to its closing one. */
function topLevelArguments(code: string, from: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  args.push(current.trim());
  return args.filter((a) => a.length > 0);
}

interface Assignment { operator: string; value: string }

/** `name = …`, `name += …`, `name *= …` in the loop, right-hand sides as written. */
function assignmentsOf(name: string, code: string, python: boolean): Assignment[] {
  const pattern = new RegExp(`(?<![\\w$.])${escapeRegExp(name)}\\s*(?::\\s*[\\w.]+\\s*)?([-+*/]?=)(?!=)\\s*([^\\n${python ? '' : ';'}]+)`, 'g');
  return [...code.matchAll(pattern)].map((m) => ({ operator: m[1], value: m[2].trim() }));
}

/** The argument with the right-hand sides of the names it reads, three levels deep: enough to see a random or a power. */
function expandNames(argument: string, code: string, python: boolean): string {
  let expression = argument;
  let frontier = [argument];
  const seen = new Set<string>();
  for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const part of frontier) {
      for (const m of part.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)(?![\w$]*\s*\()/g)) {
        const name = m[1];
        if (seen.has(name)) continue;
        seen.add(name);
        for (const a of assignmentsOf(name, code, python)) next.push(a.value);
      }
    }
    if (next.length > 0) expression += ` ${next.join(' ')}`;
    frontier = next;
  }
  return expression;
}

/** The loop's text with comments blanked (annotations and remarks such as "no jitter here" are not code). */
function withoutComments(code: string, python: boolean): string {
  return python ? code.replace(/(^|[\s;])#[^\n]*/g, '$1') : code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[\s;{}])\/\/[^\n]*/g, '$1');
}

/** A counter or clock compared before re-raising (`if attempt == 4: raise`, `attempt >= max && throw`); a status test (`if e.status_code != 529: raise`) is a filter, not a cap. */
function countedBeforeRaising(loopText: string): boolean {
  const lines = loopText.split('\n');
  return lines.some((line, i) => {
    const test = /\b(?:if|and|&&|\|\|)\b|\bif\s*\(|&&|\|\|/.test(line) && /[<>]=?|[!=]==?/.test(line);
    if (!test) return false;
    const comparisons = line.replace(/[\w$.]*(?:status(?:_?code)?|code|type)\s*(?:[!=]==?|[<>]=?)\s*[\w'"]+/gi, '');
    if (!/[<>]=?|[!=]==?/.test(comparisons)) return false;
    return /\b(?:raise|throw)\b/.test(line) || /\b(?:raise|throw)\b/.test(lines[i + 1] ?? '');
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `instanceof RateLimitError`, `.status === 429` in a catch body: the errors it retries (empty: everything). */
function jsCaughtNames(handlerText: string): string[] {
  const names: string[] = [];
  for (const m of handlerText.matchAll(/instanceof\s+([\w$.]+)/g)) names.push(m[1]);
  for (const m of handlerText.matchAll(/status(?:Code)?\s*(?:===?|!==?)\s*(\d{3})/g)) names.push(m[1]);
  for (const m of handlerText.matchAll(/\[\s*((?:\d{3}\s*,?\s*)+)\]\s*\.includes/g)) names.push(...m[1].split(/\s*,\s*/).filter(Boolean));
  return names;
}

/**
 * The statuses a handler compares the error's status with (`e.status_code != 529`, `>= 500` as '5xx',
 * `not in (429, 500)`, `[429, 529].includes(error.status)`); [] for a set named elsewhere (`in RETRYABLE`,
 * `RETRYABLE.has(error.status)`); undefined when it tests no status.
 */
export function statusesTested(code: string): string[] | undefined {
  const found = new Set<string>();
  let tested = false;
  const status = String.raw`\bstatus(?:_code|Code)?\b(?:\s*\?\?\s*\d+)?`;
  for (const m of code.matchAll(new RegExp(`${status}\\s*(?:===?|!==?)\\s*(\\d{3})\\b`, 'g'))) {
    tested = true;
    found.add(m[1]);
  }
  for (const m of code.matchAll(new RegExp(`\\b(\\d{3})\\s*(?:===?|!==?)\\s*[\\w$.?]*status`, 'g'))) {
    tested = true;
    found.add(m[1]);
  }
  for (const m of code.matchAll(new RegExp(`${status}\\s*>=?\\s*(\\d{3})\\b`, 'g'))) {
    tested = true;
    const n = Number(m[1]);
    found.add(n >= 500 ? '5xx' : n >= 400 ? '4xx' : m[1]);
  }
  for (const m of code.matchAll(new RegExp(`${status}\\s+(?:not\\s+)?in\\s*[([{]([^)\\]}]*)[)\\]}]`, 'g'))) {
    tested = true;
    m[1].match(/\d{3}/g)?.forEach((s) => found.add(s));
  }
  for (const m of code.matchAll(/[[(]\s*((?:\d{3}\s*,?\s*)+)[\])]\s*\.includes\s*\([^)]*status/g)) {
    tested = true;
    m[1].match(/\d{3}/g)?.forEach((s) => found.add(s));
  }
  if (new RegExp(`${status}\\s+(?:not\\s+)?in\\s+[A-Za-z_]`).test(code) || /\.has\s*\([^)]*status/.test(code)) tested = true;
  return tested ? [...found] : undefined;
}

/**
 * After a request that does not throw on a status: a negated status test (`!RETRYABLE.has(response.status)`,
 * `status_code not in RETRYABLE`, `status !== 429`) whose branch throws, raises or returns (within the next
 * lines): the statuses it lets through to the next attempt ([] for a set named elsewhere), else undefined.
 */
export function statusExitTest(code: string): string[] | undefined {
  const lines = code.split('\n');
  const negated = /!\s*[\w$.]+\.has\s*\([^)]*status|!\s*\[[\d\s,]+\]\s*\.includes\s*\([^)]*status|\bstatus(?:_code|Code)?\s+not\s+in\b|\bstatus(?:_code|Code)?\s*!==?\s*\d{3}\b/;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!/\bif\b/.test(line) || !negated.test(line)) continue;
    const branch = [line.replace(/^[^(]*\bif\b/, ''), ...lines.slice(i + 1, i + 4)].join('\n');
    if (!/\b(?:throw|raise|return)\b|raise_for_status/.test(branch)) continue;
    return statusesTested(line) ?? [];
  }
  return undefined;
}

/** A hand-written loop as the contract's policy. 'unknown' attempts: capped, but the cap could not be read. */
export function loopPolicy(loop: Omit<RetryLoop, 'span'>, language: UsageLanguage): RetryPolicy {
  const set = <T>(value: T) => ({ value, fromDefault: false });
  // A status test that re-raises the rest narrows the caught classes to the statuses it lets through.
  const caughtNames = loop.statusFilter
    ? [...new Set([...loop.caught.filter((name) => !/^\d/.test(name) && errorCoverage([name], language).nonRetryable.length === 0), ...loop.statusFilter])]
    : loop.caught;
  // What the caught names cover comes from the one error-name table (errorNames.ts).
  const coverage = errorCoverage(caughtNames, language);
  return {
    mechanism: 'loop',
    maxAttempts: set(loop.attemptCap === null ? null : loop.attemptCap === 'bounded' ? 'unknown' : loop.attemptCap),
    deadlineMs: set(null),
    wait: set(loop.wait),
    jitter: set(loop.wait.kind === 'unknown' || loop.wait.kind === 'custom' ? 'unknown' : loop.jitter),
    retries: set(
      loop.statusFilter && loop.statusFilter.length === 0
        ? { kind: 'predicate' }
        : coverage.catchAll && !loop.statusFilter
          ? { kind: 'everything' }
          : { kind: 'named', names: caughtNames, includesNonRetryable: coverage.nonRetryable },
    ),
    honoursRetryAfter: set(loop.readsRetryAfter),
    onExhaustion: set(
      loop.handler === 'reraise' ? 'reraise' : loop.handler === 'swallow' || loop.handler === 'continue' || loop.handler === 'break' ? (loop.raisesAfterLoop ? 'wrapperError' : 'swallow') : 'unknown',
    ),
    retriesPost: set(true),
  };
}

function findDirect(loop: Node, type: string): Node | undefined {
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  if (body.type === type) return body;
  for (const child of body.namedChildren) if (child?.type === type) return child;
  return undefined;
}

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 5 && /^(parenthesized_expression|await|await_expression|as_expression|satisfies_expression|non_null_expression)$/.test(current.type); i++) {
    const inner = current.namedChild(0);
    if (!inner) break;
    current = inner;
  }
  return current;
}

function isAwaited(call: Node): boolean {
  let up = call.parent;
  for (let i = 0; up && i < 4; i++, up = up.parent) {
    if (up.type === 'await' || up.type === 'await_expression') return true;
    if (!/attribute|member_expression|call|parenthesized/.test(up.type)) return false;
  }
  return false;
}

function isFunctionNode(node: Node): boolean {
  return /^(arrow_function|function_expression|function|lambda|generator_function)$/.test(node.type);
}

function hasChildOfType(node: Node, type: string): boolean {
  for (const child of node.namedChildren) if (child?.type === type) return true;
  return false;
}

function findKeyword(args: Node, name: string, text: string): Node | null {
  for (const a of args.namedChildren) {
    const key = a?.type === 'keyword_argument' ? a.childForFieldName('name') : null;
    if (a && key && text.slice(key.startIndex, key.endIndex) === name) return a.childForFieldName('value');
  }
  return null;
}

/** The name a construction is bound to: `client = …`, `const client = …`, `self.client = …`, `client = new …` in a class field. */
function bindingName(node: Node, text: string): string | undefined {
  let up = node.parent;
  for (let i = 0; up && i < 4; i++, up = up.parent) {
    const type = up.type;
    if (type === 'assignment' || type === 'assignment_expression' || type === 'augmented_assignment') {
      const left = up.childForFieldName('left');
      return left ? text.slice(left.startIndex, left.endIndex).replace(/\s+/g, '') : undefined;
    }
    if (type === 'variable_declarator' || type === 'public_field_definition' || type === 'field_definition') {
      const name = up.childForFieldName(type === 'variable_declarator' ? 'name' : 'name') ?? up.childForFieldName('property');
      const bound = name ? text.slice(name.startIndex, name.endIndex) : undefined;
      return bound && type !== 'variable_declarator' ? `this.${bound}` : bound;
    }
    if (!/parenthesized_expression|await|as_expression|type_assertion|non_null_expression|satisfies_expression/.test(type)) return undefined;
  }
  return undefined;
}

/** `const ask = async () => …` / `ask = lambda: …`: the name a function expression is bound to. */
function functionNameOf(node: Node, text: string): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  const name = parent.childForFieldName(parent.type === 'variable_declarator' ? 'name' : parent.type === 'assignment' ? 'left' : 'name');
  if (!name || !/^(variable_declarator|assignment|pair|public_field_definition)$/.test(parent.type)) return undefined;
  const bound = text.slice(name.startIndex, name.endIndex);
  return IDENTIFIER.test(bound) ? bound : undefined;
}

function endsWith(names: readonly string[], suffix: readonly string[]): boolean {
  if (names.length < suffix.length) return false;
  const offset = names.length - suffix.length;
  return suffix.every((name, i) => names[offset + i] === name);
}

function unquote(key: string): string {
  const first = key.charAt(0);
  return (first === '"' || first === "'" || first === '`') && key.endsWith(first) ? key.slice(1, -1) : key;
}
