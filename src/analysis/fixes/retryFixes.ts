/**
 * The retry quick fixes as edit sets, built from the helper templates (templates/): wrap a Claude call in
 * the retry helper, fall back to other models on overload, handle an overload that arrives mid-stream.
 * Each returns a `behaviour` fix (never part of fix-all), or undefined where it cannot build one safely.
 * A fix adds the imports the helpers need (only those missing), the helper blocks once per file (a later
 * fix reuses those already there) and rewrites the call into the shape documented in templates/python.ts
 * and templates/script.ts. Pure: no `vscode`.
 */
import type { Fix, ModelLiteral, OffsetEdit, RuleContext } from '../types';
import type { ClaudeCall, FileUsage } from '../usage/types';
import { fallbackChain, type ChainCatalog } from './fallbackChain';
import { planHelpers, type HelperKind, type HelperLanguage, type HelperStyle, type ImportNeed } from './templates';
import * as names from './templates';

/**
 * Wraps the call in the retry helper (tenacity / p-retry where the project uses them), inserting the helper once
 * per file; raw HTTP in the raw HTTP helper (see wrapRawHttpInRetryFix).
 */
export function wrapInRetryFix(usage: FileUsage, call: ClaudeCall, context: RuleContext): Fix | undefined {
  if (call.kind === 'rawHttp') return wrapRawHttpInRetryFix(usage, call);
  const site = readCallSite(usage, call);
  if (!site || call.stream || /stream/.test(call.method)) return undefined;
  const python = usage.language === 'python';
  const library = useLibrary(usage, context);
  const kind: HelperKind = library ? 'library-retry' : 'retry';
  let replacement: string;
  if (python) {
    const helper = library ? (call.isAsync ? names.PYTHON_TENACITY_ASYNC : names.PYTHON_TENACITY) : call.isAsync ? names.PYTHON_RETRY_ASYNC : names.PYTHON_RETRY;
    replacement = `${helper}(${site.receiver}, lambda retry_client: retry_client.${call.method}${site.argumentsText})`;
  } else {
    const helper = library ? names.SCRIPT_PRETRY : names.SCRIPT_RETRY;
    const [params, options] = site.arguments;
    if (params === undefined || site.arguments.length > 2) return undefined;
    const merged = options === undefined ? 'options' : `{ ...${options}, ...options }`;
    replacement = `${helper}((options) => ${site.receiver}.${call.method}(${params}, ${merged}))`;
  }
  const by = library ? (python ? ' (tenacity)' : ' (p-retry)') : '';
  return lazyFix(`Wrap in retry with backoff${by} (and switch the SDK's retries off inside)`, () => [
    ...helperEdits(usage, kind, styleOf(usage, call)),
    { startOffset: call.span.startOffset, endOffset: call.span.endOffset, newText: replacement },
  ]);
}

/** What a Python raw HTTP helper retries as "no response came", per library (the file already uses the module). */
const PYTHON_CONNECTION_ERRORS = { requests: '(requests.ConnectionError, requests.Timeout)', httpx: 'httpx.TransportError' } as const;

/**
 * Wraps a raw HTTP call in the raw HTTP helper, which sends it again as written (URL, headers, body) on each
 * attempt and returns the last response, so the code after it reads the response as before:
 *   requests.post(…) / httpx.post(…) / SESSION.post(…) -> call_claude_http_with_retry(lambda: …, connection_errors=…)
 *   await ASYNC_CLIENT.post(…) (httpx.AsyncClient)    -> await call_claude_http_with_retry_async(lambda: …, …)
 *   fetch(…)                                           -> fetchClaudeWithRetry(() => fetch(…))
 * Declines what has another shape (aiohttp, urllib, axios, got, node-fetch, a streamed response), a receiver
 * whose library the file does not show, and a call whose arguments await (a lambda or arrow cannot).
 */
function wrapRawHttpInRetryFix(usage: FileUsage, call: ClaudeCall): Fix | undefined {
  const text = usage.text;
  if (text === '' || call.span.endOffset > text.length || call.stream) return undefined;
  const request = text.slice(call.span.startOffset, call.span.endOffset);
  if (/\b(?:await|yield)\b/.test(request)) return undefined;
  let replacement: string;
  if (usage.language === 'python') {
    const library = pythonHttpLibrary(usage, call.method);
    if (!library || library.async !== call.isAsync) return undefined; // an async client must be awaited, a sync one not
    const helper = library.async ? names.PYTHON_HTTP_RETRY_ASYNC : names.PYTHON_HTTP_RETRY;
    replacement = `${helper}(lambda: ${request}, connection_errors=${PYTHON_CONNECTION_ERRORS[library.name]})`;
  } else {
    // The global fetch only: a fetch imported (node-fetch, a polyfill) may fail in other ways.
    if (call.method !== 'fetch' || rawHttpFactsOf(usage).fetchShadowed) return undefined;
    replacement = `${names.SCRIPT_FETCH_RETRY}(() => ${request})`;
  }
  return lazyFix('Wrap in retry with backoff (the request sent again on 408, 409, 429, 5xx, 529 and connection errors)', () => [
    ...helperEdits(usage, 'http-retry', styleOf(usage, call)),
    { startOffset: call.span.startOffset, endOffset: call.span.endOffset, newText: replacement },
  ]);
}

/** What the raw HTTP builder reads from the whole file, once per usage (the rule asks for every raw call on every keystroke). */
interface RawHttpFacts {
  /** `fetch` is imported or declared in the file (node-fetch, a polyfill): not the global one. */
  fetchShadowed: boolean;
  /** Python: the HTTP session / client constructors each name is bound to in the file (lower case). */
  httpBindings: Map<string, Set<string>>;
}

type PythonHttpLibrary = { name: 'requests' | 'httpx'; async: boolean };

const rawHttpFactsByUsage = new WeakMap<FileUsage, RawHttpFacts>();

const HTTP_CONSTRUCTOR = String.raw`(requests\.[Ss]ession|httpx\.(?:Async)?Client)`;
const ONE_LEVEL_ARGUMENTS = String.raw`\((?:[^()\n]|\([^()\n]*\))*\)`;
/** `NAME = httpx.Client(…)` (annotated too), `… httpx.AsyncClient(…) as NAME` (a with item), `(NAME: requests.Session` (a parameter). */
const HTTP_BINDINGS: ReadonlyArray<{ pattern: RegExp; name: number; constructor: number }> = [
  { pattern: new RegExp(String.raw`(?:^|[^\w.])([A-Za-z_][\w.]*)\s*(?::[^=\n]*)?=\s*${HTTP_CONSTRUCTOR}\s*\(`, 'gm'), name: 1, constructor: 2 },
  { pattern: new RegExp(String.raw`${HTTP_CONSTRUCTOR}\s*${ONE_LEVEL_ARGUMENTS}\s+as\s+([A-Za-z_]\w*)`, 'g'), name: 2, constructor: 1 },
  { pattern: new RegExp(String.raw`[(,]\s*([A-Za-z_]\w*)\s*:\s*${HTTP_CONSTRUCTOR}\b`, 'g'), name: 1, constructor: 2 },
];

function rawHttpFactsOf(usage: FileUsage): RawHttpFacts {
  let facts = rawHttpFactsByUsage.get(usage);
  if (!facts) {
    const python = usage.language === 'python';
    const fetchShadowed = !python && (usage.imports.some((use) => 'fetch' in use.names) || /\b(?:const|let|var)\s+fetch\s*=/.test(usage.text));
    const httpBindings = new Map<string, Set<string>>();
    if (python && /requests|httpx/.test(usage.text)) {
      for (const { pattern, name, constructor } of HTTP_BINDINGS) {
        for (const match of usage.text.matchAll(pattern)) {
          const constructors = httpBindings.get(match[name]) ?? new Set<string>();
          constructors.add(match[constructor].toLowerCase());
          httpBindings.set(match[name], constructors);
        }
      }
    }
    facts = { fetchShadowed, httpBindings };
    rawHttpFactsByUsage.set(usage, facts);
  }
  return facts;
}

/**
 * The Python HTTP library of a raw call `RECEIVER.post` / `RECEIVER.request`: `requests` / `httpx` themselves, or
 * a name the file binds to one `requests.Session`, `httpx.Client` or `httpx.AsyncClient` (assigned, `with … as`,
 * or an annotated parameter). Undefined when the file shows none, or several.
 */
function pythonHttpLibrary(usage: FileUsage, method: string): PythonHttpLibrary | undefined {
  const dot = method.lastIndexOf('.');
  const receiver = method.slice(0, dot);
  if (dot < 0 || !['post', 'request'].includes(method.slice(dot + 1))) return undefined; // httpx.stream is a context manager
  if (receiver === 'requests' || receiver === 'httpx') return { name: receiver, async: false };
  const constructors = rawHttpFactsOf(usage).httpBindings.get(receiver);
  if (constructors?.size !== 1) return undefined;
  const [only] = constructors;
  return only.startsWith('requests') ? { name: 'requests', async: false } : { name: 'httpx', async: only === 'httpx.asyncclient' };
}

/** Wraps the call in the fallback helper, with a chain of current lower-tier models from the catalog. */
export function fallbackFix(usage: FileUsage, call: ClaudeCall, context: RuleContext): Fix | undefined {
  const site = readCallSite(usage, call);
  if (!site || call.stream || /stream/.test(call.method) || !/(^|\.)messages\.create$/.test(call.method)) return undefined;
  const model = modelArgument(usage, call);
  if (!model) return undefined;
  const chain = fallbackChain(chainCatalog(context), model.literal.model, context.asOf).models;
  if (chain.length < 2) return undefined;
  const models = modelList(chain, usage.text[model.start] as HelperStyle['quote']); // the quotes the model was written with
  const args = withModelParameter(usage, site, model);
  let replacement: string;
  if (usage.language === 'python') {
    const helper = call.isAsync ? names.PYTHON_FALLBACK_ASYNC : names.PYTHON_FALLBACK;
    replacement = `${helper}(${site.receiver}, ${models}, lambda retry_client, model: retry_client.${call.method}${args.argumentsText})`;
  } else {
    const [params, options] = args.arguments;
    if (params === undefined || args.arguments.length > 2) return undefined;
    const merged = options === undefined ? 'options' : `{ ...${options}, ...options }`;
    replacement = `${names.SCRIPT_FALLBACK}(${models}, (model, options) => ${site.receiver}.${call.method}(${params}, ${merged}))`;
  }
  return lazyFix(`Fall back to ${chain.slice(1).join(', ')} on overload (with retries)`, () => [
    ...helperEdits(usage, 'fallback', styleOf(usage, call)),
    { startOffset: call.span.startOffset, endOffset: call.span.endOffset, newText: replacement },
  ]);
}

/**
 * Wraps a streamed call in the stream helper: restart once on a mid-stream overload, then fall back. Two shapes
 * are rewritten, where the stream is read only for its final message (so a restart loses nothing already used):
 * TS/JS `client.messages.stream(PARAMS).finalMessage()`, and Python `with client.messages.stream(ARGS) as s:`
 * whose body is the one statement `return s.get_final_message()` or `NAME = s.get_final_message()`.
 */
export function streamOverloadFix(usage: FileUsage, call: ClaudeCall, context: RuleContext): Fix | undefined {
  const site = readCallSite(usage, call, true);
  if (!site || !/(^|\.)messages\.stream$/.test(call.method)) return undefined;
  const model = modelArgument(usage, call);
  if (!model) return undefined;
  const chain = fallbackChain(chainCatalog(context), model.literal.model, context.asOf).models;
  const text = usage.text;
  const statement = usage.language === 'python' ? finalMessageWith(text, call) : undefined;
  if (usage.language === 'python' && !statement) return undefined;
  // Python: the helper's async twin exactly where the stream was opened with `async with`.
  const isAsync = statement ? statement.async : true;
  const models = modelList(chain, text[model.start] as HelperStyle['quote']);
  const args = withModelParameter(usage, site, model);
  let replaced: OffsetEdit;
  if (statement) {
    const helper = isAsync ? names.PYTHON_STREAM_ASYNC : names.PYTHON_STREAM;
    const wrapped = `${isAsync ? 'await ' : ''}${helper}(${site.receiver}, ${models}, lambda stream_client, model: stream_client.${call.method}${args.argumentsText}, lambda ${statement.name}: ${statement.name}.${statement.read}())`;
    replaced = { startOffset: statement.start, endOffset: statement.end, newText: `${statement.lead}${wrapped}` };
  } else {
    const after = /^\s*\.\s*finalMessage\s*\(\s*\)/.exec(text.slice(call.span.endOffset));
    const [params] = args.arguments;
    if (!after || params === undefined || args.arguments.length > 1) return undefined;
    const wrapped = `${names.SCRIPT_STREAM}(${models}, (model) => ${site.receiver}.${call.method}(${params}), (stream) => stream.finalMessage())`;
    replaced = { startOffset: call.span.startOffset, endOffset: call.span.endOffset + after[0].length, newText: wrapped };
  }
  const then = chain.length > 1 ? `, then fall back to ${chain.slice(1).join(', ')}` : '';
  return lazyFix(`Restart the stream once on a mid-stream overload${then}`, () => [...helperEdits(usage, 'stream', { ...styleOf(usage, call), async: isAsync }), replaced]);
}

/** The call's receiver and arguments as written. */
interface CallSite {
  /** The receiver expression (`client`, `self.client`, `client.with_options(max_retries=0)`). */
  receiver: string;
  /** `(…)` with the parentheses, as written. */
  argumentsText: string;
  /** Offset of argumentsText in the document. */
  argumentsStart: number;
  /** The top-level arguments, trimmed (TS/JS rewrites need them apart). */
  arguments: string[];
}

/** Reads an SDK call whose text is `RECEIVER.METHOD(ARGS)`; undefined for anything else (or a call used as `.withResponse()`…). */
function readCallSite(usage: FileUsage, call: ClaudeCall, allowMemberAfter = false): CallSite | undefined {
  const text = usage.text;
  if (call.kind !== 'sdk' || text === '' || call.span.endOffset > text.length) return undefined;
  const callee = text.slice(call.calleeSpan.startOffset, call.calleeSpan.endOffset);
  const suffix = `.${call.method}`;
  if (call.calleeSpan.startOffset !== call.span.startOffset || !callee.replace(/\s+/g, '').endsWith(suffix)) return undefined;
  const receiver = receiverOf(callee, call.method);
  if (!receiver) return undefined;
  const argumentsText = text.slice(call.calleeSpan.endOffset, call.span.endOffset);
  if (!/^\(/.test(argumentsText) || !/\)$/.test(argumentsText)) return undefined;
  // A call used further (`.withResponse()`, `.asResponse()`) returns the SDK's promise type: a wrapper would not have those.
  if (!allowMemberAfter && /^\s*(\?\.|\.(?!\.))/.test(text.slice(call.span.endOffset))) return undefined;
  const args = splitArguments(argumentsText.slice(1, -1));
  if (!args) return undefined;
  return { receiver, argumentsText, argumentsStart: call.calleeSpan.endOffset, arguments: args };
}

/** `client.messages.create` minus `.messages.create`, allowing whitespace and line breaks around the dots. */
function receiverOf(callee: string, method: string): string | undefined {
  const pattern = new RegExp(`\\s*${method.split('.').map((part) => `\\.\\s*${part}`).join('\\s*')}$`);
  const match = pattern.exec(callee);
  const receiver = match ? callee.slice(0, match.index).trim() : '';
  return receiver === '' ? undefined : receiver;
}

/** Top-level comma-separated parts of an argument list (brackets and strings respected); undefined if unbalanced. */
function splitArguments(inner: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(inner, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '#' && depth >= 0 && /(^|\s)$/.test(inner.slice(Math.max(0, i - 1), i))) {
      const newline = inner.indexOf('\n', i);
      i = newline < 0 ? inner.length : newline;
    } else if (c === '/' && inner[i + 1] === '/') {
      const newline = inner.indexOf('\n', i);
      i = newline < 0 ? inner.length : newline;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  parts.push(inner.slice(start));
  const trimmed = parts.map((part) => part.trim());
  if (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop(); // a trailing comma
  return trimmed.some((part) => part === '') ? undefined : trimmed;
}

/** The index of the quote closing the string that starts at `start` (escapes, Python triple quotes), or -1. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  const triple = quote !== '`' && text.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  for (let i = start + close.length; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(close, i)) return i + close.length - 1;
  }
  return -1;
}

/** The model literal written as the call's own `model=` / `model:` value (with its quotes), if any. */
function modelArgument(usage: FileUsage, call: ClaudeCall): { literal: ModelLiteral; start: number; end: number } | undefined {
  const text = usage.text;
  for (const literal of usage.modelLiterals) {
    if (literal.startOffset < call.calleeSpan.endOffset || literal.endOffset > call.span.endOffset || literal.inTemplate) continue;
    const start = literal.startOffset - 1;
    const end = literal.endOffset + 1;
    const quote = text[start];
    if ((quote !== '"' && quote !== "'") || text[end - 1] !== quote) continue;
    if (!/\bmodel\s*[=:]\s*$/.test(text.slice(Math.max(0, start - 40), start))) continue;
    return { literal, start, end };
  }
  return undefined;
}

/** The call site with the model literal replaced by the helper's `model` parameter. */
function withModelParameter(usage: FileUsage, site: CallSite, model: { start: number; end: number }): CallSite {
  const from = model.start - site.argumentsStart;
  const to = model.end - site.argumentsStart;
  let before = site.argumentsText.slice(0, from);
  // TS/JS `model: "x"` becomes the shorthand `model`.
  if (usage.language === 'javascript') before = before.replace(/\bmodel\s*:\s*$/, '');
  const argumentsText = `${before}model${site.argumentsText.slice(to)}`;
  return { ...site, argumentsText, arguments: splitArguments(argumentsText.slice(1, -1)) ?? [] };
}

/** Python: the `with … as NAME:` statement around the stream call, when its body only returns / keeps the final message. */
function finalMessageWith(text: string, call: ClaudeCall): { start: number; end: number; lead: string; name: string; read: string; async: boolean } | undefined {
  const lineStart = text.lastIndexOf('\n', call.span.startOffset - 1) + 1;
  const head = /^([ \t]*)(async\s+)?with\s+$/.exec(text.slice(lineStart, call.span.startOffset));
  if (!head) return undefined;
  const rest = text.slice(call.span.endOffset);
  const as = /^\s+as\s+([A-Za-z_]\w*)\s*:[ \t]*(#[^\n]*)?\r?\n/.exec(rest);
  if (!as) return undefined;
  const name = as[1];
  const bodyStart = call.span.endOffset + as[0].length;
  const lines = text.slice(bodyStart).split('\n');
  const body = /^([ \t]+)(return\s+|[A-Za-z_][\w.]*\s*=\s*)(await\s+)?(\w+)\.(get_final_message|get_final_text)\(\)[ \t]*\r?$/.exec(lines[0] ?? '');
  if (!body || body[1].length <= head[1].length || body[4] !== name) return undefined;
  // The body is that one statement: the next line that is not blank is back at the `with`'s indentation or less.
  const next = lines.slice(1).find((line) => line.trim() !== '');
  if (next !== undefined && /^[ \t]*/.exec(next)![0].length > head[1].length) return undefined;
  const start = lineStart + head[1].length;
  const end = bodyStart + lines[0].replace(/\r$/, '').length;
  return { start, end, lead: body[2], name, read: body[5], async: head[2] !== undefined };
}

/** The fallback models as a list literal in the file's quotes. */
function modelList(models: readonly string[], quote: HelperStyle['quote']): string {
  return `[${models.map((m) => `${quote}${m}${quote}`).join(', ')}]`;
}

/** The rule context as the catalog fallbackChain reads (the line of a model comes from its judgement). */
function chainCatalog(context: RuleContext): ChainCatalog {
  return {
    source: context.catalog,
    info(id) {
      const judgement = context.judge(id);
      return judgement && 'model' in judgement ? judgement.model : undefined;
    },
    newestOfLine: (line) => context.newestOfLine(line),
  };
}

function helperLanguage(usage: FileUsage): HelperLanguage {
  if (usage.language === 'python') return 'python';
  if (usage.typeScript !== undefined) return usage.typeScript ? 'typescript' : 'javascript';
  // Not parsed: TypeScript when the file already writes types (an annotation, an interface, `as const`, a type import).
  return /^\s*(?:export\s+)?(?:interface|type)\s+\w|:\s*(?:string|number|boolean|void|Promise<|unknown|any)\b|\bas\s+const\b|^import\s+type\b/m.test(usage.text) || /^import\s+\w+\s*=/m.test(usage.text)
    ? 'typescript'
    : 'javascript';
}

/**
 * What the builders read from the whole file, computed once per usage (a rule may ask for a fix on each of
 * hundreds of calls on every keystroke): the style, the helpers present, where imports go, the helper edits.
 */
interface FileFacts {
  style: HelperStyle;
  language: HelperLanguage;
  present: Map<string, number>;
  importAt: number;
  commonJs: boolean;
  /** helperEdits by kind and sync/async. */
  edits: Map<string, OffsetEdit[]>;
}

const factsByUsage = new WeakMap<FileUsage, FileFacts>();

function factsOf(usage: FileUsage): FileFacts {
  let facts = factsByUsage.get(usage);
  if (!facts) {
    const language = helperLanguage(usage);
    const present = new Map<string, number>();
    for (const name of blockNames(language)) {
      const at = definitionAt(usage.text, name, language);
      if (at !== undefined) present.set(name, at);
    }
    facts = { style: fileStyle(usage), language, present, importAt: importOffset(usage), commonJs: usage.language === 'javascript' && isCommonJs(usage), edits: new Map() };
    factsByUsage.set(usage, facts);
  }
  return facts;
}

/** The file's style with this call's async-ness (Python: the async helpers for an async call). */
function styleOf(usage: FileUsage, call: ClaudeCall): HelperStyle {
  return { ...factsOf(usage).style, async: usage.language === 'python' ? call.isAsync : true };
}

/** The file's style: its indent unit, its quotes, its semicolons. */
function fileStyle(usage: FileUsage): HelperStyle {
  const text = usage.text;
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]);
  const tab = indents.some((indent) => indent.startsWith('\t'));
  const widths = indents.filter((indent) => !indent.includes('\t')).map((indent) => indent.length);
  const unit = widths.length > 0 ? Math.min(...widths) : usage.language === 'python' ? 4 : 2;
  const indent = tab ? '\t' : ' '.repeat(unit);
  const doubles = (text.match(/"/g) ?? []).length;
  const singles = (text.match(/'/g) ?? []).length;
  const quote: HelperStyle['quote'] = usage.language === 'python' ? (singles > doubles ? "'" : '"') : doubles > singles ? '"' : "'";
  const statementLines = text.split('\n').filter((line) => /^\s*(?:const|let|var|return|import|await)\b/.test(line));
  const withSemicolon = statementLines.filter((line) => /;\s*$/.test(line)).length;
  return { indent, quote, async: true, semicolons: statementLines.length === 0 || withSemicolon * 2 >= statementLines.length };
}

/** tenacity / p-retry when the project depends on it (p-retry is ESM-only: not for a CommonJS file). */
function useLibrary(usage: FileUsage, context: RuleContext): boolean {
  const dependencies = context.projectDependencies;
  if (!dependencies) return false;
  return usage.language === 'python' ? dependencies.tenacity : dependencies.pRetry && !factsOf(usage).commonJs;
}

function isCommonJs(usage: FileUsage): boolean {
  const importTexts = usage.imports.map((use) => usage.text.slice(use.span.startOffset, use.span.endOffset));
  return importTexts.length > 0 ? importTexts.every((line) => !/^import\b/.test(line)) : /\brequire\s*\(/.test(usage.text) && !/^import\b/m.test(usage.text);
}

/**
 * The edits that add what `kind` needs: missing imports after the file's imports, and the helper blocks not yet
 * in the file, after the helpers already there (a block's defaults may use an earlier block at definition time)
 * or else after the imports. Built once per usage, kind and sync/async.
 */
function helperEdits(usage: FileUsage, kind: HelperKind, style: HelperStyle): OffsetEdit[] {
  const facts = factsOf(usage);
  const language = facts.language;
  const key = `${kind}:${style.async}`;
  let edits = facts.edits.get(key);
  if (!edits) {
    edits = buildHelperEdits(usage, facts, language, kind, style);
    facts.edits.set(key, edits);
  }
  return edits.map((edit) => ({ ...edit })); // each fix owns its edits
}

function buildHelperEdits(usage: FileUsage, facts: FileFacts, language: HelperLanguage, kind: HelperKind, style: HelperStyle): OffsetEdit[] {
  const text = usage.text;
  const eol = usage.eol;
  const present = facts.present;
  const plan = planHelpers(language, kind, style, new Set(present.keys()));
  const importAt = facts.importAt;
  const importLines = missingImports(usage, plan.imports, style, facts.commonJs).map((line) => `${line}${eol}`).join('');
  const blocksText = plan.blocks.map((block) => block.text.replace(/\n/g, eol)).join(language === 'python' ? `${eol}${eol}` : eol);
  const lastPresent = Math.max(-1, ...present.values());
  const helpersAt = lastPresent >= 0 ? definitionEnd(text, lastPresent, language) : importAt;
  const gap = language === 'python' ? `${eol}${eol}` : eol; // blank lines around a top-level block (PEP 8: two)
  // After the blocks, only the blank lines the text that follows does not already start with.
  const blankAfter = /^(?:\r?\n)*/.exec(text.slice(helpersAt))![0].split('\n').length - 1;
  const trailing = eol.repeat(Math.max(0, gap.length / eol.length - blankAfter));
  const edits: OffsetEdit[] = [];
  if (helpersAt === importAt) {
    const lead = importLines !== '' || importAt > 0 ? gap : '';
    const newText = blocksText === '' ? importLines : `${importLines}${lead}${blocksText}${trailing}`;
    if (newText !== '') edits.push({ startOffset: importAt, endOffset: importAt, newText });
  } else {
    if (importLines !== '') edits.push({ startOffset: importAt, endOffset: importAt, newText: importLines });
    if (blocksText !== '') edits.push({ startOffset: helpersAt, endOffset: helpersAt, newText: `${gap}${blocksText}` });
  }
  return edits;
}

/** Identifying names of every helper block of a language (what planHelpers may skip). */
function blockNames(language: HelperLanguage): string[] {
  return language === 'python'
    ? [
        names.PYTHON_RETRY_WAIT,
        names.PYTHON_SUPPORT,
        names.PYTHON_RETRY,
        names.PYTHON_RETRY_ASYNC,
        names.PYTHON_TENACITY,
        names.PYTHON_TENACITY_ASYNC,
        names.PYTHON_FALLBACK,
        names.PYTHON_FALLBACK_ASYNC,
        names.PYTHON_STREAM,
        names.PYTHON_STREAM_ASYNC,
        names.PYTHON_HTTP_RETRY,
        names.PYTHON_HTTP_RETRY_ASYNC,
      ]
    : [names.SCRIPT_RETRY_WAIT, names.SCRIPT_SUPPORT, names.SCRIPT_RETRY, names.SCRIPT_PRETRY, names.SCRIPT_FALLBACK, names.SCRIPT_STREAM, names.SCRIPT_FETCH_RETRY];
}

/** Start of the top-level definition of `name` (a def / function at column 0), or undefined. */
function definitionAt(text: string, name: string, language: HelperLanguage): number | undefined {
  const pattern = language === 'python' ? new RegExp(`^(?:async[ \\t]+)?def[ \\t]+${name}[ \\t]*\\(`, 'm') : new RegExp(`^(?:export[ \\t]+)?(?:async[ \\t]+)?function[ \\t]*\\*?[ \\t]*${name}\\b`, 'm');
  return pattern.exec(text)?.index;
}

/** End of the top-level definition starting at `start`: the start of the line after its last indented (or closing) line. */
function definitionEnd(text: string, start: number, language: HelperLanguage): number {
  let at = text.indexOf('\n', start) + 1;
  if (at === 0) return text.length;
  let end = at;
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    const lineEnd = next < 0 ? text.length : next + 1;
    const line = text.slice(at, lineEnd).replace(/\r?\n$/, '');
    if (line.trim() !== '' && !/^[ \t]/.test(line)) {
      if (language !== 'python' && /^[)}\]]/.test(line)) {
        end = lineEnd; // the closing brace of the function
        at = lineEnd;
        break;
      }
      break;
    }
    if (line.trim() !== '') end = lineEnd;
    at = lineEnd;
  }
  return end === 0 ? text.length : end;
}

/**
 * Where an import line goes: Python after the docstring / imports; JS also after the last top-level `require`.
 * With none of these (a raw HTTP script may import nothing), after the file's leading comment: a header, a
 * license or a coding line stays first.
 */
function importOffset(usage: FileUsage): number {
  let at = usage.importInsertAt;
  for (const use of usage.imports) {
    if (use.span.range.startColumn !== 0) continue;
    const newline = usage.text.indexOf('\n', use.span.endOffset);
    at = Math.max(at, newline < 0 ? usage.text.length : newline + 1);
  }
  if (at === 0) {
    const comment = usage.language === 'python' ? /^(?:#[^\n]*\n)+/ : /^(?:\/\/[^\n]*\n)+|^\/\*[\s\S]*?\*\/[^\n]*\n/;
    at = comment.exec(usage.text)?.[0].length ?? 0;
  }
  return at;
}

/** The import lines the helpers need that the file does not have yet, in its module style. */
function missingImports(usage: FileUsage, needs: readonly ImportNeed[], style: HelperStyle, commonJs: boolean): string[] {
  const lines: string[] = [];
  const q = style.quote;
  const end = style.semicolons === false ? '' : ';';
  for (const need of needs) {
    const fromModule = usage.imports.filter((use) => use.module === need.module);
    if (usage.language === 'python') {
      if (!need.names) {
        const local = need.module.split('.')[0];
        if (!usage.imports.some((use) => use.module === need.module && use.names[local] === '*')) lines.push(`import ${need.module}`);
        continue;
      }
      const missing = need.names.filter((name) => !fromModule.some((use) => use.names[name] === name));
      if (missing.length > 0) lines.push(`from ${need.module} import ${missing.join(', ')}`);
      continue;
    }
    if (need.defaultName !== undefined) {
      if (fromModule.some((use) => use.names[need.defaultName!] === 'default')) continue;
      lines.push(commonJs ? `const ${need.defaultName} = require(${q}${need.module}${q})${end}` : `import ${need.defaultName} from ${q}${need.module}${q}${end}`);
      continue;
    }
    const missing = (need.names ?? []).filter((name) => !fromModule.some((use) => use.names[name] === name));
    if (missing.length === 0) continue;
    lines.push(commonJs ? `const { ${missing.join(', ')} } = require(${q}${need.module}${q})${end}` : `import { ${missing.join(', ')} } from ${q}${need.module}${q}${end}`);
  }
  return lines;
}

/**
 * A behaviour fix whose edits are built when first read (a code action, a test), not when the rule runs: the
 * helper text and the file-wide reads would otherwise cost every keystroke in a file with many findings.
 * Edits in document order (VS Code applies a WorkspaceEdit's edits against the original text either way).
 */
function lazyFix(title: string, build: () => OffsetEdit[]): Fix {
  let edits: OffsetEdit[] | undefined;
  const fix = { title, isPreferred: false, kind: 'behaviour' } as Fix;
  Object.defineProperty(fix, 'edits', {
    enumerable: true,
    get: () => (edits ??= build().sort((a, b) => a.startOffset - b.startOffset)),
  });
  return fix;
}
