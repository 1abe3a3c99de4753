/**
 * Builds a file's FileUsage from its syntax tree: imports first (they say what a name is), then each
 * top-level statement's facts (statementFacts.ts), taken from the cache when the statement's text is
 * unchanged, then linked across the file: calls to the clients they use, helper functions to the retry
 * mechanisms around their callers, decorators defined in the file to their loops, raw HTTP URLs and
 * headers to the names that hold them. Pure: no `vscode` import.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { LineIndex } from '../lineIndex';
import { mayContainModelId, otherUsageNeedles } from '../prefilter';
import { findSuppressedLines, looksLikeCommentAt } from '../suppressions';
import type { ModelLiteral } from '../types';
import { ownHelperPolicy, ownRetryHelpers } from './ownHelpers';
import { sdkRetryPolicy } from './retryLibraries';
import { readStatement, type RawCall, type RawClient, type RawContext, type RawOption, type RelSpan, type StatementFacts, type WalkScope } from './statementFacts';
import type { RetryPolicy } from './retryPolicy';
import type { ClaudeCall, ClientConstruction, FileUsage, ImportUse, KeyLiteral, OptionValue, RetryLoop, RetryMechanismUse, Span, UsageLanguage } from './types';
import { emptyUsage } from './types';

/** Text that any Claude usage contains: a model ID, the SDK or provider name, a key (prefilter.ts's needles). */
const usageNeedles = /laude-|hropic|-ant-/;

/** False if the text cannot hold Claude usage of any kind (no model ID, no `anthropic`, no key): the file is not parsed. */
export function mayContainClaudeUsage(text: string): boolean {
  // indexOf per needle: several times faster than one regex with alternatives over a whole file.
  return mayContainModelId(text) || otherUsageNeedles.some((needle) => text.indexOf(needle) !== -1);
}

/**
 * Statement facts by statement text (and the imports they were read with). Kept by an analysis across
 * edits: after a keystroke only the statement it touched is read again. Entries not used by the last
 * build are dropped, so it holds one file's statements at most.
 */
export class UsageCache {
  private entries = new Map<string, StatementFacts>();
  private next = new Map<string, StatementFacts>();
  /** Statements read (not found in the cache) by the last build: for tests and the bench. */
  statementsRead = 0;
  /** The last build ran out of its time budget before reading every statement: build again to go on. */
  incomplete = false;

  get(key: string): StatementFacts | undefined {
    const found = this.entries.get(key) ?? this.next.get(key);
    if (found) this.next.set(key, found);
    return found;
  }

  set(key: string, facts: StatementFacts): void {
    this.next.set(key, facts);
  }

  private scope = '';

  /** Starts a build: what the previous build used stays available to this one, unless the imports changed. */
  begin(scope: string): void {
    this.statementsRead = 0;
    this.next = new Map();
    if (scope !== this.scope) this.entries = new Map(); // facts depend on what the imports bring in
    this.scope = scope;
  }

  /** Ends a build: keeps only what it used. */
  end(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

/** The usage language of a VS Code language id. */
export function usageLanguageOf(language: string): UsageLanguage {
  return language === 'python' ? 'python' : 'javascript';
}

/**
 * The FileUsage of `text`. `tree` null (no grammar, parse abandoned or paused): only model literals, key
 * literals and suppressions, which the text alone gives. Never throws.
 */
export function buildFileUsage(
  text: string,
  tree: Tree | null,
  lines: LineIndex,
  modelLiterals: ModelLiteral[],
  language: UsageLanguage,
  cache: UsageCache = new UsageCache(),
  budgetMs?: number,
): FileUsage {
  cache.incomplete = false;
  const started = performance.now();
  const root = tree?.rootNode ?? null;
  const isComment = (offset: number): boolean => commentAt(text, root, offset);
  const suppressedLines = findSuppressedLines(text, (offset) => lines.lineAt(offset), isComment);
  const usage = emptyUsage(language, modelLiterals, text);
  usage.suppressedLines = suppressedLines;
  usage.eol = text.includes('\r\n') ? '\r\n' : '\n';
  usage.keyLiterals = findKeyLiterals(text, root, lines, isComment);
  if (tree && language === 'javascript') usage.typeScript = tree.language.types.includes('type_annotation'); // TS and TSX grammars only
  if (!root || !mayContainClaudeUsage(text)) return usage;
  try {
    const statements = root.namedChildren.filter((node): node is Node => !!node);
    const imports = readImports(statements, text, lines, language);
    usage.imports = imports;
    usage.importInsertAt = importInsertAt(statements, text, language);
    const scope = scopeOf(imports, language);
    cache.begin([...scope.imported].map(([local, { module, name }]) => `${local}=${module}:${name}`).join(','));
    const placed: Array<{ base: number; facts: StatementFacts }> = [];
    // Two rounds: statements with Claude text first; then those that call a helper making a Claude call,
    // or define a decorator used on one (the names the first round found). Nothing else can matter.
    const read = (statement: Node, statementText: string): void => {
      let facts = cache.get(statementText);
      if (!facts) {
        // Over budget (a large file's first build on the editor's thread): leave the rest for the next build,
        // which goes on from the cache (each build reads at least one statement, so it always ends).
        if (budgetMs !== undefined && cache.statementsRead > 0 && performance.now() - started > budgetMs) {
          cache.incomplete = true;
          return;
        }
        facts = readStatement(statement, text, scope);
        cache.set(statementText, facts);
        cache.statementsRead++;
      }
      placed.push({ base: statement.startIndex, facts });
    };
    const later: Array<{ statement: Node; statementText: string }> = [];
    for (const statement of statements) {
      if (statement.type.endsWith('comment')) continue;
      const statementText = text.slice(statement.startIndex, statement.endIndex);
      if (usageNeedles.test(statementText) || claudeCallText.test(statementText)) read(statement, statementText);
      else later.push({ statement, statementText });
    }
    // Later rounds (at most three, each over what is still unread) follow the names the earlier ones found.
    const helperNames = new Set<string>();
    let pending = later;
    for (let round = 0, seen = 0; round < 3 && pending.length > 0; round++, seen = placed.length) {
      for (const { facts } of placed.slice(seen)) {
        for (const call of facts.calls) if (call.enclosingFunction) helperNames.add(call.enclosingFunction);
        for (const call of facts.calls) for (const context of call.contexts) if (context.source === 'localDecorator' || context.source === 'policyRef') helperNames.add(context.name);
        for (const call of facts.calls) if (call.instanceName) helperNames.add(call.instanceName); // axiosRetry(http, …)
        // Raw HTTP headers and URLs held in names (`headers=HEADERS`, `urlopen(request)`): their definitions.
        for (const call of facts.calls) for (const header of call.headers ?? []) if (header.startsWith('=')) helperNames.add(header.slice(1));
        for (const call of facts.calls) if (call.urlName) helperNames.add(call.urlName);
        for (const request of [...facts.preparedRequests, ...facts.httpInstances]) for (const header of request.headers ?? []) if (header.startsWith('=')) helperNames.add(header.slice(1));
        for (const request of facts.preparedRequests) if (request.urlName) helperNames.add(request.urlName);
        for (const helper of facts.helperCalls) {
          helperNames.add(helper.name); // a helper of a helper
          for (const context of helper.contexts) if (context.source === 'policyRef' || context.source === 'localDecorator') helperNames.add(context.name);
        }
        // Functions a retry loop calls (`serverWaitMs(response)`): one may read retry-after for it.
        const loopContexts = [...facts.calls.flatMap((call) => call.contexts), ...facts.helperCalls.flatMap((helper) => helper.contexts), ...facts.functionLoops.flatMap((f) => f.contexts)];
        for (const context of loopContexts) if (context.source === 'loop') for (const name of context.helpers ?? []) helperNames.add(name);
      }
      if (helperNames.size === 0) break;
      const mentions = new RegExp(`\\b(?:${[...helperNames].map(escapeRegExp).join('|')})\\b`);
      const before = placed.length;
      const unread: typeof later = [];
      for (const item of pending) {
        if (mentions.test(item.statementText)) read(item.statement, item.statementText);
        else unread.push(item);
      }
      pending = unread;
      if (placed.length === before) break;
    }
    placed.sort((a, b) => a.base - b.base);
    cache.end();
    // A partial build links nothing: a call whose helper's caller is not read yet would look unretried.
    if (!cache.incomplete) link(usage, placed, lines, language);
  } catch {
    // A failure in the walk leaves the literals, which are what the model rules need.
  }
  return usage;
}

/** Calls that may be Claude's where the statement names neither a model nor the SDK (a client passed in, a derived client, a URL in a constant). */
const claudeCallText = /Fetch\b|\.messages\b|\bcompletions\b|with_options|withOptions|\.post\b|\.request\b|\bfetch\b|\baxios\b|\bgot\b|urlopen|\bRequest\b|\binvoke\b|\bainvoke\b|\bgenerateText\b|\bstreamText\b|\bgenerateObject\b|\bstreamObject\b/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function span(base: number, rel: RelSpan, lines: LineIndex): Span {
  const startOffset = base + rel.start;
  const endOffset = base + rel.end;
  const start = lines.positionAt(startOffset);
  const end = lines.positionAt(endOffset);
  return { startOffset, endOffset, range: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column } };
}

function option(base: number, raw: RawOption, lines: LineIndex): OptionValue<number> {
  if (raw.kind === 'absent') return raw;
  return raw.kind === 'value' ? { kind: 'value', value: raw.value, span: span(base, raw.span, lines) } : { kind: 'unreadable', text: raw.text, span: span(base, raw.span, lines) };
}

function client(base: number, raw: RawClient, lines: LineIndex): ClientConstruction {
  return {
    className: raw.className,
    isAsync: raw.isAsync,
    boundTo: raw.boundTo,
    maxRetries: option(base, raw.maxRetries, lines),
    timeout: option(base, raw.timeout, lines),
    ...(raw.derivedFrom !== undefined && { derivedFrom: raw.derivedFrom }),
    span: span(base, raw.span, lines),
    argumentsInsertAt: { offset: base + raw.insertAt, hasArguments: raw.hasArguments, objectLiteral: raw.objectLiteral },
    ...(raw.enclosingFunction !== undefined && { enclosingFunction: raw.enclosingFunction }),
  };
}

/** Links the statements' facts into the usage. */
function link(usage: FileUsage, placed: ReadonlyArray<{ base: number; facts: StatementFacts }>, lines: LineIndex, language: UsageLanguage): void {
  const clients: ClientConstruction[] = [];
  const foreign = new Set<string>();
  const framework = new Map<string, OptionValue<number>>();
  const strings = new Map<string, string>();
  const headerObjects = new Map<string, string[]>();
  const functionLoops = new Map<string, Array<{ base: number; context: RawContext }>>();
  const helperCalls = new Map<string, Array<{ base: number; context: RawContext }>>();
  const policies = new Map<string, { base: number; context: RawContext }>();
  const instances = new Map<string, { baseUrl: string; headers: string[] | undefined }>();
  const instanceRetries = new Map<string, Array<{ base: number; context: RawContext }>>();
  const prepared = new Map<string, { url: string | undefined; urlName: string | undefined; headers: string[] | undefined }>();
  const retryAfterReaders = new Set<string>();
  for (const { base, facts } of placed) {
    for (const name of facts.retryAfterReaders) retryAfterReaders.add(name);
    for (const { name, context } of facts.policies) policies.set(name, { base, context });
    for (const { name, baseUrl, headers } of facts.httpInstances) instances.set(name, { baseUrl, headers });
    for (const { name, context } of facts.instanceRetries) instanceRetries.set(name, [...(instanceRetries.get(name) ?? []), { base, context }]);
    for (const { name, ...request } of facts.preparedRequests) prepared.set(name, request);
    for (const raw of facts.clients) clients.push(client(base, raw, lines));
    for (const name of facts.foreignClients) foreign.add(name);
    for (const fc of facts.frameworkClients) if (fc.name) framework.set(fc.name, option(base, fc.maxRetries, lines));
    for (const { name, value } of facts.strings) strings.set(name, value);
    for (const { name, keys } of facts.headerObjects) headerObjects.set(name, keys);
    for (const { name, contexts } of facts.functionLoops) functionLoops.set(name, contexts.map((context) => ({ base, context })));
    for (const { name, contexts } of facts.helperCalls) {
      const list = helperCalls.get(name) ?? [];
      list.push(...contexts.map((context) => ({ base, context })));
      helperCalls.set(name, list);
    }
  }
  usage.clients = clients;

  /** A loop that calls a function of the file reading retry-after (`serverWaitMs(response)`) reads it. */
  const withHelpers = (raw: Extract<RawContext, { source: 'loop' }>): { policy: RetryPolicy; loop: Omit<RetryLoop, 'span'> } =>
    !raw.loop.readsRetryAfter && raw.helpers?.some((name) => retryAfterReaders.has(name))
      ? { policy: { ...raw.policy, honoursRetryAfter: { value: true, fromDefault: false } }, loop: { ...raw.loop, readsRetryAfter: true } }
      : { policy: raw.policy, loop: raw.loop };

  const mechanism = (base: number, raw: RawContext, via?: string): RetryMechanismUse | undefined => {
    if (raw.source === 'policyRef') {
      // The policy's definition holds the settings: that is where the mechanism is shown.
      const defined = policies.get(raw.name);
      if (!defined || defined.context.source !== 'library') return undefined;
      return { source: 'library', policy: defined.context.policy, arguments: defined.context.arguments, span: span(defined.base, defined.context.span, lines), ...(via && { via }) };
    }
    if (raw.source === 'localDecorator' && ownRetryHelpers.has(raw.name)) {
      // One of the helpers our fixes insert: its retry is known, and it switches the SDK's retries off inside.
      return { source: 'decorator', policy: ownHelperPolicy(), ownHelper: raw.name, span: span(base, raw.span, lines), ...(via && { via }) };
    }
    if (raw.source === 'localDecorator') {
      // A decorator defined in this file: the retry loop inside its wrapper is what runs around the function.
      const loop = functionLoops.get(raw.name)?.[0];
      if (!loop || loop.context.source !== 'loop') return undefined;
      const read = withHelpers(loop.context);
      return { source: 'decorator', policy: read.policy, loop: { ...read.loop, span: span(loop.base, loop.context.span, lines) }, span: span(base, raw.span, lines), ...(via && { via }) };
    }
    if (raw.source === 'loop') {
      const read = withHelpers(raw);
      return { source: 'loop', policy: read.policy, loop: { ...read.loop, span: span(base, raw.span, lines) }, span: span(base, raw.span, lines), ...(via && { via }) };
    }
    const edits = raw.edits && {
      argumentEdits: {
        insertAt: base + raw.edits.insertAt,
        bare: raw.edits.bare,
        hasArguments: raw.edits.hasArguments,
        keywords: Object.fromEntries(Object.entries(raw.edits.keywords).map(([name, at]) => [name, { startOffset: base + at.start, endOffset: base + at.end }])),
        keywordCallees: Object.fromEntries(Object.entries(raw.edits.keywordCallees).map(([name, at]) => [name, { startOffset: base + at.start, endOffset: base + at.end }])),
      },
    };
    return { source: raw.source, policy: raw.policy, arguments: raw.arguments, span: span(base, raw.span, lines), ...edits, ...(via && { via }) };
  };

  /** Mechanisms around the callers of helper `name`, and around their callers (three levels). */
  const aroundHelper = (name: string | undefined, depth: number): RetryMechanismUse[] => {
    if (!name || depth > 3) return [];
    const uses: RetryMechanismUse[] = [];
    for (const { base, context } of helperCalls.get(name) ?? []) {
      const use = mechanism(base, context, name);
      if (use) uses.push(use);
    }
    return uses;
  };

  for (const { base, facts } of placed) {
    for (const raw of facts.calls) {
      const call = linkCall(base, raw, lines, clients, foreign, framework, strings, headerObjects, language, { instances, prepared });
      if (!call) continue;
      // Contexts from `firstSilenced` on (innermost first) sit outside a try that catches everything: they never fire.
      const firstSilenced = raw.outsideCatchAll === undefined ? Infinity : raw.contexts.length - raw.outsideCatchAll;
      const direct = raw.contexts
        .map((context, index) => {
          const use = mechanism(base, context);
          return use && index >= firstSilenced ? { ...use, neverFires: true as const } : use;
        })
        .filter((use): use is RetryMechanismUse => !!use);
      // Retries attached to the HTTP instance (axiosRetry(http, …)) run inside everything around the call.
      const receiver = raw.kind === 'rawHttp' ? (raw.instanceName ?? raw.method.replace(/\.?[^.]*$/, '')) : undefined;
      const attached = receiver ? (instanceRetries.get(receiver) ?? []).map(({ base: at, context }) => mechanism(at, context)).filter((use): use is RetryMechanismUse => !!use) : [];
      const viaHelpers = aroundHelper(raw.enclosingFunction, 0).map((use) => (raw.outsideCatchAll === undefined ? use : { ...use, neverFires: true as const }));
      call.retryContext = [...attached, ...direct, ...viaHelpers];
      usage.calls.push(call);
    }
  }
  usage.calls.sort((a, b) => a.span.startOffset - b.span.startOffset);
}

function linkCall(
  base: number,
  raw: RawCall,
  lines: LineIndex,
  clients: readonly ClientConstruction[],
  foreign: ReadonlySet<string>,
  framework: ReadonlyMap<string, OptionValue<number>>,
  strings: ReadonlyMap<string, string>,
  headerObjects: ReadonlyMap<string, string[]>,
  language: UsageLanguage,
  http: {
    instances: ReadonlyMap<string, { baseUrl: string; headers: string[] | undefined }>;
    prepared: ReadonlyMap<string, { url: string | undefined; urlName: string | undefined; headers: string[] | undefined }>;
  },
): ClaudeCall | undefined {
  const callSpan = span(base, raw.span, lines);
  const call: ClaudeCall = {
    kind: raw.kind,
    method: raw.method,
    isAsync: raw.isAsync,
    ...(raw.receiver !== undefined && { receiver: raw.receiver }),
    requestMaxRetries: option(base, raw.requestMaxRetries, lines),
    ...(raw.requestOptionsInsertAt && { requestOptionsInsertAt: { offset: base + raw.requestOptionsInsertAt.offset, text: raw.requestOptionsInsertAt.text } }),
    frameworkMaxRetries: option(base, raw.frameworkMaxRetries, lines),
    ...(raw.stream && { stream: raw.stream }),
    retryContext: [],
    ...(raw.enclosingFunction !== undefined && { enclosingFunction: raw.enclosingFunction }),
    span: callSpan,
    calleeSpan: span(base, raw.calleeSpan, lines),
  };
  if (raw.kind === 'sdk') {
    if (raw.receiver && foreign.has(raw.receiver)) return undefined; // an OpenAI (or other) client
    const resolved = raw.inlineClient ? client(base, raw.inlineClient, lines) : resolveClient(raw.receiver, raw.enclosingFunction, callSpan.startOffset, clients);
    if (resolved) call.client = resolved;
    call.isAsync ||= resolved?.isAsync ?? false;
    call.sdkRetries = sdkRetryPolicy(effectiveRetries(call, clients));
  } else if (raw.kind === 'langchain') {
    if (!raw.receiver || !framework.has(raw.receiver)) return undefined; // not a ChatAnthropic we know of
    call.frameworkMaxRetries = framework.get(raw.receiver) ?? { kind: 'absent' };
    call.sdkRetries = sdkRetryPolicy(readRetries(call.frameworkMaxRetries));
  } else if (raw.kind === 'vercel') {
    call.sdkRetries = sdkRetryPolicy(readRetries(call.frameworkMaxRetries));
  } else {
    let headers = resolveHeaders(raw.headers, headerObjects);
    if (raw.instanceName) {
      // A path on an instance: Claude's when the instance's base URL is the API; its default headers count.
      const instance = http.instances.get(raw.instanceName);
      if (!instance) return undefined;
      const instanceHeaders = resolveHeaders(instance.headers, headerObjects);
      headers = headers && instanceHeaders ? [...instanceHeaders, ...headers] : undefined;
    } else if (raw.urlName) {
      const request = http.prepared.get(raw.urlName);
      // urlopen(request) of a urllib Request built earlier: its URL and headers.
      const url = request ? (request.url ?? (request.urlName ? strings.get(request.urlName) : undefined)) : strings.get(raw.urlName);
      if (!url || !/anthropic\.com/.test(url)) return undefined;
      if (request) headers = resolveHeaders(request.headers, headerObjects);
    }
    call.headers = headers;
  }
  void language;
  return call;
}

function readRetries(value: OptionValue<number>): number | undefined | 'unknown' {
  return value.kind === 'absent' ? undefined : value.kind === 'value' ? value.value : 'unknown';
}

/** The SDK's retries for a call: per-request first, then the client's (through `with_options` derivations), else the default. */
function effectiveRetries(call: ClaudeCall, clients: readonly ClientConstruction[]): number | undefined | 'unknown' {
  if (call.requestMaxRetries.kind !== 'absent') return readRetries(call.requestMaxRetries);
  let current = call.client;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.maxRetries.kind !== 'absent') return readRetries(current.maxRetries);
    const parent = current.derivedFrom;
    current = parent ? resolveClient(parent, current.enclosingFunction, current.span.startOffset, clients) : undefined;
  }
  return undefined;
}

/**
 * The construction a receiver name is bound to: the last one before the call in the same function, else
 * the last at module level, else for `self.`/`this.` fields the last anywhere (`self.client` set in `__init__`).
 */
function resolveClient(receiver: string | undefined, inFunction: string | undefined, before: number, clients: readonly ClientConstruction[]): ClientConstruction | undefined {
  if (!receiver) return undefined;
  const named = clients.filter((c) => c.boundTo === receiver || (c.boundTo !== undefined && receiver.replace(/^(self|this)\./, '') === c.boundTo.replace(/^(self|this)\./, '') && /^(self|this)\./.test(receiver)));
  if (named.length === 0) return undefined;
  const local = named.filter((c) => c.enclosingFunction === inFunction && c.span.startOffset < before);
  if (local.length > 0) return local[local.length - 1];
  const moduleLevel = named.filter((c) => c.enclosingFunction === undefined);
  if (moduleLevel.length > 0) return moduleLevel[moduleLevel.length - 1];
  // A plain name bound inside another function is that function's local (the retry helpers' `retry_client`).
  return /^(self|this)\./.test(receiver) ? named[named.length - 1] : undefined;
}

function resolveHeaders(headers: string[] | undefined, headerObjects: ReadonlyMap<string, string[]>): string[] | undefined {
  if (!headers) return undefined;
  const out: string[] = [];
  for (const header of headers) {
    if (!header.startsWith('=')) {
      out.push(header);
      continue;
    }
    const keys = headerObjects.get(header.slice(1));
    if (!keys) return undefined; // built somewhere we cannot see
    out.push(...keys);
  }
  return out.includes('*') ? undefined : out;
}

function readImports(statements: readonly Node[], text: string, lines: LineIndex, language: UsageLanguage): ImportUse[] {
  const imports: ImportUse[] = [];
  const at = (node: Node): Span => span(0, { start: node.startIndex, end: node.endIndex }, lines);
  for (const statement of statements) {
    const type = statement.type;
    const source = text.slice(statement.startIndex, statement.endIndex);
    if (language === 'python') {
      if (type === 'import_statement') {
        for (const part of source.replace(/^import\s+/, '').split(',')) {
          const [module, alias] = part.trim().split(/\s+as\s+/);
          if (module) imports.push({ module, names: { [alias ?? module.split('.')[0]]: '*' }, span: at(statement) });
        }
      } else if (type === 'import_from_statement') {
        const m = /^from\s+([\w.]+)\s+import\s+\(?([\s\S]*?)\)?\s*$/.exec(source);
        if (!m) continue;
        const names: Record<string, string> = {};
        for (const part of m[2].split(',')) {
          const [name, alias] = part.trim().split(/\s+as\s+/);
          if (name) names[alias ?? name] = name;
        }
        imports.push({ module: m[1], names, span: at(statement) });
      }
      continue;
    }
    // JS/TS: `import … from 'm'`, `const x = require('m')`, `const { a } = require('m')`.
    const from = type === 'import_statement' ? /from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/.exec(source) : /^(?:const|let|var)\s+([\s\S]+?)\s*=\s*(?:await\s+)?(?:require|import)\(\s*["']([^"']+)["']\s*\)/.exec(source);
    if (!from) continue;
    const module = type === 'import_statement' ? (from[1] ?? from[2]) : from[2];
    const clause = type === 'import_statement' ? source.replace(/^import\s+(type\s+)?/, '').replace(/\s*from\s*["'][^"']+["'];?\s*$/, '') : from[1];
    imports.push({ module, names: jsImportNames(clause), span: at(statement) });
  }
  return imports;
}

/** `Anthropic, { APIError as E }` / `* as sdk` / `{ a, b }` → local name → imported name (`default`, `*`). */
function jsImportNames(clause: string): Record<string, string> {
  const names: Record<string, string> = {};
  const braces = /\{([^}]*)\}/.exec(clause);
  for (const part of braces?.[1].split(',') ?? []) {
    const [name, alias] = part.trim().replace(/^type\s+/, '').split(/\s+as\s+|\s*:\s*/);
    if (name) names[alias ?? name] = name;
  }
  const rest = clause.replace(/\{[^}]*\}/, '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const part of rest) {
    const namespace = /^\*\s*as\s+([\w$]+)$/.exec(part);
    if (namespace) names[namespace[1]] = '*';
    else if (/^[\w$]+$/.test(part)) names[part] = 'default';
  }
  return names;
}

function scopeOf(imports: readonly ImportUse[], language: UsageLanguage): WalkScope {
  const imported = new Map<string, { module: string; name: string }>();
  const modules = new Set<string>();
  for (const { module, names } of imports) {
    modules.add(module);
    modules.add(module.split('.')[0]);
    for (const [local, name] of Object.entries(names)) imported.set(local, { module, name });
  }
  return { language, imported, modules };
}

/** After the last top-level import (or a module docstring / shebang), at the start of the next line. */
function importInsertAt(statements: readonly Node[], text: string, language: UsageLanguage): number {
  let at = 0;
  for (const statement of statements) {
    const type = statement.type;
    const isImport = language === 'python' ? type === 'import_statement' || type === 'import_from_statement' : type === 'import_statement';
    const isDocstring = language === 'python' && at === 0 && type === 'expression_statement' && statement.namedChild(0)?.type === 'string' && statement === statements[0];
    if (isImport || isDocstring) {
      const newline = text.indexOf('\n', statement.endIndex);
      at = newline === -1 ? text.length : newline + 1;
    } else if (!type.endsWith('comment')) break;
  }
  if (at === 0 && text.startsWith('#!')) {
    const newline = text.indexOf('\n');
    at = newline === -1 ? text.length : newline + 1;
  }
  return at;
}

/** Key shapes (facts §8): API and Admin keys are 93 characters then `AA`; OAuth tokens are checked by length only. */
const keyPattern = /sk-ant-(api03|admin01|oat01|ort01)-([A-Za-z0-9_-]{80,120})/g;

/** Anthropic credentials of real shape in the text; placeholders (`sk-ant-xxx`, `sk-ant-api03-...`, a row of x) are not keys. */
export function findKeyLiterals(text: string, root: Node | null, lines: LineIndex, isComment: (offset: number) => boolean): KeyLiteral[] {
  if (text.indexOf('sk-ant-') === -1) return [];
  const keys: KeyLiteral[] = [];
  for (const match of text.matchAll(keyPattern)) {
    const kind = match[1] as KeyLiteral['kind'];
    const body = match[2];
    const start = match.index;
    const end = start + match[0].length;
    if (/[A-Za-z0-9_-]/.test(text.charAt(end))) continue; // longer than any key
    if ((kind === 'api03' || kind === 'admin01') && !(body.length === 95 && body.endsWith('AA'))) continue;
    if (new Set(body).size < 12) continue; // `xxxx…`, `0000…`: a placeholder
    const keySpan = span(0, { start, end }, lines);
    let literalSpan = keySpan;
    let inClientConstruction = false;
    const node = root?.descendantForIndex(start, end) ?? null;
    const stringNode = node && /string_content|string_fragment/.test(node.type) ? node.parent : node;
    if (stringNode && /^(string|template_string)$/.test(stringNode.type)) {
      literalSpan = span(0, { start: stringNode.startIndex, end: stringNode.endIndex }, lines);
      const holder = stringNode.parent;
      const key = holder ? holder.childForFieldName(holder.type === 'keyword_argument' ? 'name' : 'key') : null;
      const keyName = key ? text.slice(key.startIndex, key.endIndex).replace(/["']/g, '') : '';
      inClientConstruction = /^(api_key|apiKey|auth_token|authToken)$/.test(keyName);
    }
    keys.push({ kind, fingerprint: body.slice(-4), span: keySpan, literalSpan, inComment: isComment(start), inClientConstruction });
  }
  return keys;
}

function commentAt(text: string, root: Node | null, offset: number): boolean {
  if (!root) return looksLikeCommentAt(text, offset);
  try {
    return root.descendantForIndex(offset)?.type.endsWith('comment') ?? false;
  } catch {
    return looksLikeCommentAt(text, offset);
  }
}
