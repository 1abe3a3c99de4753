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

/** A retry mechanism as the walk met it; local decorators are resolved when linking. */
export type RawContext =
  | { source: 'decorator' | 'library'; policy: RetryPolicy; arguments: LibraryCallArguments; span: RelSpan }
  | { source: 'loop'; policy: RetryPolicy; loop: Omit<RetryLoop, 'span'>; span: RelSpan }
  | { source: 'localDecorator'; name: string; span: RelSpan };

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
  /** Raw HTTP whose URL is a name: resolved against the file's string constants when linking. */
  urlName?: string;
  stream?: { consumed: 'iterated' | 'helper' | 'none' | 'unknown'; handlesErrorEvent: boolean };
  contexts: RawContext[];
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
  /** Module-level or local names bound to a string (URLs) and to dict/object literals (headers). */
  strings: Array<{ name: string; value: string }>;
  headerObjects: Array<{ name: string; keys: string[] }>;
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
  inTry: boolean;
  /** The loop this try would retry in (set by a retry loop on its direct try statements). */
  retryLoop?: { policy: RetryPolicy; loop: Omit<RetryLoop, 'span'>; span: RelSpan };
}

/** Reads one top-level statement. Never throws (a failure leaves what was read so far). */
export function readStatement(statement: Node, text: string, scope: WalkScope): StatementFacts {
  const facts: StatementFacts = { clients: [], foreignClients: [], frameworkClients: [], calls: [], helperCalls: [], functionLoops: [], strings: [], headerObjects: [] };
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
    if (mechanism) return { source: 'decorator', policy: readLibraryRetry(mechanism, args), arguments: args, span: this.rel(decorator) };
    if (IDENTIFIER.test(callee)) return { source: 'localDecorator', name: callee, span: this.rel(decorator) };
    return undefined;
  }

  private visitFunction(node: Node, ctx: WalkContext, decorators: RawContext[]): void {
    const name = this.src(node.childForFieldName('name')) || ctx.functionName;
    const inner: WalkContext = { contexts: [...decorators, ...ctx.contexts], functionName: name, inTry: false };
    const loopsBefore = this.loopsSeen.length;
    for (const child of node.namedChildren) if (child && child.type !== 'decorator') this.visit(child, inner);
    if (name) {
      const loops = this.loopsSeen.slice(loopsBefore);
      if (loops.length > 0) this.facts.functionLoops.push({ name, contexts: loops });
    }
  }

  /** Retry loops met so far (for `functionLoops`). */
  private readonly loopsSeen: RawContext[] = [];

  private visitLoop(node: Node, ctx: WalkContext): void {
    const loop = this.readRetryLoop(node);
    if (!loop) return this.visitChildren(node, ctx);
    const policy = loopPolicy(loop, this.scope.language);
    const context: RawContext = { source: 'loop', policy, loop, span: this.rel(node) };
    this.loopsSeen.push(context);
    const inner: WalkContext = { ...ctx, retryLoop: { policy, loop, span: this.rel(node) } };
    this.visitChildren(node, inner);
  }

  private visitTry(node: Node, ctx: WalkContext): void {
    const loop = ctx.retryLoop;
    const bodyCtx: WalkContext = {
      contexts: loop ? [{ source: 'loop', policy: loop.policy, loop: loop.loop, span: loop.span }, ...ctx.contexts] : ctx.contexts,
      functionName: ctx.functionName,
      inTry: true,
    };
    const restCtx: WalkContext = { contexts: ctx.contexts, functionName: ctx.functionName, inTry: ctx.inTry };
    const body = node.childForFieldName('body');
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (body ? child.id === body.id : child.type === 'block' || child.type === 'statement_block') this.visit(child, bodyCtx);
      else this.visit(child, restCtx);
    }
  }

  /** A `for`/`while` whose body has a try that ends the loop on success (break/return): a hand-written retry. */
  private readRetryLoop(node: Node): Omit<RetryLoop, 'span'> | undefined {
    const loopText = this.src(node);
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
        const bound = /;\s*[\w$.]+\s*(<=?)\s*(\d+)?/.exec(header);
        if (!bound) return undefined;
        attemptCap = bound[2] !== undefined ? Number(bound[2]) + (bound[1] === '<=' ? 1 : 0) : 'bounded';
      }
    } else {
      const condition = /\(\s*(true|1)\s*\)|while\s+(True|1)\s*:/.test(header);
      attemptCap = condition ? null : /[<>]=?/.test(header) ? 'bounded' : null;
    }
    const tryNode = findDirect(node, 'try_statement');
    if (!tryNode) return undefined;
    const body = tryNode.childForFieldName('body') ?? tryNode.namedChild(0);
    const bodyText = this.src(body);
    if (!/\b(break|return)\b/.test(bodyText)) return undefined; // success does not end the loop: not a retry
    const handlers = tryNode.namedChildren.filter((child): child is Node => !!child && (child.type === 'except_clause' || child.type === 'catch_clause'));
    const handlerText = handlers.map((h) => this.src(h)).join('\n');
    const caught = python ? handlers.flatMap((h) => this.exceptNames(h)) : jsCaughtNames(handlerText);
    // A counter checked before re-raising (`if attempt == 4: raise`) caps a `while True`.
    if (attemptCap === null && /\b(?:if|and)\b[^\n]*[<>=]=?[^\n]*\n?[^\n]*\b(?:raise|throw)\b/.test(loopText)) attemptCap = 'bounded';
    const waitText = loopText.slice(header.length);
    const { wait, jitter } = readWait(waitText, python);
    const handler: RetryLoop['handler'] = /\b(raise|throw)\b/.test(handlerText)
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
      attemptCap,
      caught,
      readsRetryAfter: /retry[-_]after/i.test(loopText),
      handler,
    };
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
      if (fnArgs.length > 0) {
        const context: RawContext = { source: 'library', policy: readLibraryRetry(mechanism, libraryArgs), arguments: libraryArgs, span: this.rel(node) };
        const inner: WalkContext = { ...ctx, contexts: [context, ...ctx.contexts], retryLoop: undefined };
        for (const fn of fnArgs) this.visitChildren(fn, inner);
        // The rest is visited as usual; the function arguments again would double their calls.
        for (const a of args.namedChildren) if (a && !fnArgs.includes(a)) this.visit(a, ctx);
        return true;
      }
    }

    const call = this.classifyCall(node, chain, last, args, ctx);
    if (call) {
      this.facts.calls.push(call);
      return false;
    }
    // A call of a local helper inside a retry mechanism: followed when linking.
    if (ctx.contexts.length > 0 && (IDENTIFIER.test(calleeText) || /^(self|this)\.\w+$/.test(calleeText))) {
      this.facts.helperCalls.push({ name: last, contexts: ctx.contexts });
    }
    return false;
  }

  private classifyCall(node: Node, chain: Chain, last: string, args: Node | null, ctx: WalkContext): RawCall | undefined {
    const names = chain.names;
    const python = this.scope.language === 'python';
    const awaited = isAwaited(node);
    const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function') ?? node;
    const base = { contexts: ctx.contexts, enclosingFunction: ctx.functionName, span: this.rel(node), calleeSpan: this.rel(callee), frameworkMaxRetries: { kind: 'absent' } as RawOption };

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
        } else requestOptionsInsertAt = { offset: args.endIndex - 1 - this.base, text: 'secondArgument' };
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
      if (options && unwrap(options).type === 'object') {
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
    const isHttp = HTTP_METHODS.has(last) && (names.length === 1 ? ['fetch', 'axios', 'got', 'urlopen', 'Request'].includes(last) : HTTP_RECEIVERS.test(receiver));
    if (isHttp && args) {
      const first = args.namedChild(0);
      const url = first && first.type !== 'keyword_argument' ? first : findKeyword(args, 'url', this.text);
      const urlText = this.src(url);
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
      scope = up;
      if (/function|method_definition|arrow_function|lambda/.test(up.type)) break;
    }
    const around = this.src(scope);
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

/** The wait a loop body makes, from its sleep calls. */
export function readWait(loopText: string, python: boolean): { wait: WaitShape; jitter: boolean } {
  const sleep = python ? /\b(?:time\.|asyncio\.|trio\.|anyio\.)?sleep\s*\(([^\n]*)\)/.exec(loopText) : /(?:\bsleep|\bdelay|\bwait|setTimeout\s*\(\s*[\w$]+\s*,|setTimeout\s*\([^,]*,)\s*\(?([^\n;]*)\)/.exec(loopText);
  if (!sleep) return { wait: { kind: 'none' }, jitter: false };
  const argument = sleep[1].trim();
  const jitter = /random|uniform|jitter/i.test(argument) || /random|uniform|jitter/i.test(loopText);
  if (/^\d+(\.\d+)?$/.test(argument)) return { wait: { kind: 'constant', ms: python ? Number(argument) * 1000 : Number(argument) }, jitter };
  const exponential = /\*\*|Math\.pow|<<|\b2\s*\*\*|\*=\s*2|\bbackoff\b|\bexp/i.test(argument) || new RegExp(`\\b${escapeRegExp(argument.split(/[^\w$]/)[0] || '_')}\\s*(?:\\*=|=\\s*[^\\n]*\\*\\s*2|<<=)`).test(loopText);
  if (exponential) return { wait: { kind: 'exponential', initialMs: NaN, maxMs: /\bmin\s*\(|Math\.min/.test(loopText) ? NaN : null }, jitter };
  return { wait: { kind: 'unknown' }, jitter };
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

/** A hand-written loop as the contract's policy. 'unknown' attempts: capped, but the cap could not be read. */
export function loopPolicy(loop: Omit<RetryLoop, 'span'>, language: UsageLanguage): RetryPolicy {
  const set = <T>(value: T) => ({ value, fromDefault: false });
  const caughtNames = loop.caught;
  // What the caught names cover comes from the one error-name table (errorNames.ts).
  const coverage = errorCoverage(caughtNames, language);
  return {
    mechanism: 'loop',
    maxAttempts: set(loop.attemptCap === null ? null : loop.attemptCap === 'bounded' ? 'unknown' : loop.attemptCap),
    deadlineMs: set(null),
    wait: set(loop.wait),
    jitter: set(loop.wait.kind === 'unknown' ? 'unknown' : loop.jitter),
    retries: set(coverage.catchAll ? { kind: 'everything' } : { kind: 'named', names: caughtNames, includesNonRetryable: coverage.nonRetryable }),
    honoursRetryAfter: set(loop.readsRetryAfter),
    onExhaustion: set(loop.handler === 'reraise' ? 'reraise' : loop.handler === 'swallow' || loop.handler === 'continue' || loop.handler === 'break' ? 'swallow' : 'unknown'),
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
