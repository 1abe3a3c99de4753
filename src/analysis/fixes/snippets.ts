/**
 * The `contributes.snippets` files: each helper with everything it needs (imports, support block), the same
 * text the quick fixes insert. scripts/build-snippets.mjs writes them to snippets/; a unit test fails when the
 * files and the templates differ. Pure.
 */
import { importText, planHelpers, type HelperKind, type HelperLanguage, type HelperStyle } from './templates';

export interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

/** File name (under snippets/) -> snippets by title. */
export type SnippetFiles = Record<string, Record<string, SnippetEntry>>;

/** The language ids each file serves, for package.json `contributes.snippets`. */
export const SNIPPET_LANGUAGES: Record<string, string[]> = {
  'python.json': ['python'],
  'typescript.json': ['typescript', 'typescriptreact'],
  'javascript.json': ['javascript', 'javascriptreact'],
};

interface SnippetSpec {
  title: string;
  prefix: string;
  kind: HelperKind;
  async: boolean;
  description: string;
}

const PYTHON: SnippetSpec[] = [
  { title: 'Claude: call with retry', prefix: 'claude-retry', kind: 'retry', async: false, description: 'call_claude_with_retry: exponential backoff with full jitter, attempt cap and deadline, retry-after honoured up to a limit, only retryable errors, SDK retries off inside' },
  { title: 'Claude: call with retry (async)', prefix: 'claude-retry-async', kind: 'retry', async: true, description: 'call_claude_with_retry_async: the same for AsyncAnthropic' },
  { title: 'Claude: call with retry (tenacity)', prefix: 'claude-retry-tenacity', kind: 'library-retry', async: false, description: 'call_claude_with_tenacity: the same retry policy on top of tenacity' },
  { title: 'Claude: call with retry (tenacity, async)', prefix: 'claude-retry-tenacity-async', kind: 'library-retry', async: true, description: 'call_claude_with_tenacity_async: the same retry policy on top of tenacity, for AsyncAnthropic' },
  { title: 'Claude: model fallback on overload', prefix: 'claude-fallback', kind: 'fallback', async: false, description: 'call_claude_with_fallback: retries each model, moves to the next one while overloaded (529)' },
  { title: 'Claude: model fallback on overload (async)', prefix: 'claude-fallback-async', kind: 'fallback', async: true, description: 'call_claude_with_fallback_async: the same for AsyncAnthropic' },
  { title: 'Claude: stream with overload retry', prefix: 'claude-stream-retry', kind: 'stream', async: false, description: 'stream_claude_with_retry: restarts a stream hit by overloaded_error mid-stream, then falls back' },
  { title: 'Claude: stream with overload retry (async)', prefix: 'claude-stream-retry-async', kind: 'stream', async: true, description: 'stream_claude_with_retry_async: the same for AsyncAnthropic' },
  { title: 'Claude: raw HTTP request with retry', prefix: 'claude-http-retry', kind: 'http-retry', async: false, description: 'call_claude_http_with_retry: the same retry policy for raw HTTP with requests or httpx (no SDK), the request sent again on each attempt' },
  { title: 'Claude: raw HTTP request with retry (async)', prefix: 'claude-http-retry-async', kind: 'http-retry', async: true, description: 'call_claude_http_with_retry_async: the same for httpx.AsyncClient' },
];

const SCRIPT: SnippetSpec[] = [
  { title: 'Claude: call with retry', prefix: 'claude-retry', kind: 'retry', async: true, description: 'callClaudeWithRetry: exponential backoff with full jitter, attempt cap and deadline, retry-after honoured up to a limit, only retryable errors, SDK retries off inside' },
  { title: 'Claude: call with retry (p-retry)', prefix: 'claude-retry-p-retry', kind: 'library-retry', async: true, description: 'callClaudeWithPRetry: the same retry policy on top of p-retry' },
  { title: 'Claude: model fallback on overload', prefix: 'claude-fallback', kind: 'fallback', async: true, description: 'callClaudeWithFallback: retries each model, moves to the next one while overloaded (529)' },
  { title: 'Claude: stream with overload retry', prefix: 'claude-stream-retry', kind: 'stream', async: true, description: 'streamClaudeWithRetry: restarts a stream hit by overloaded_error mid-stream, then falls back' },
  { title: 'Claude: fetch with retry', prefix: 'claude-fetch-retry', kind: 'http-retry', async: true, description: 'fetchClaudeWithRetry: the same retry policy for raw HTTP with fetch (no SDK), the request sent again on each attempt' },
];

/** Snippet syntax: `$` and `\` are special in a snippet body; the helpers' text is meant literally. */
const literal = (line: string): string => line.replace(/[\\$]/g, (c) => `\\${c}`);

function entries(language: HelperLanguage, specs: SnippetSpec[], base: HelperStyle): Record<string, SnippetEntry> {
  const out: Record<string, SnippetEntry> = {};
  for (const spec of specs) {
    const style = { ...base, async: spec.async };
    const plan = planHelpers(language, spec.kind, style);
    const text = `${importText(language, plan.imports, style)}\n${plan.blocks.map((b) => b.text).join('\n\n')}`;
    const body = text.replace(/\n$/, '').split('\n').map(literal);
    body.push('$0');
    out[spec.title] = { prefix: spec.prefix, description: spec.description, body };
  }
  return out;
}

/** The snippet files' content, in the project's defaults (4 spaces and `"` for Python; 2 spaces and `'` for TS/JS). */
export function snippetFiles(): SnippetFiles {
  const python: HelperStyle = { indent: '    ', quote: '"', async: false };
  const script: HelperStyle = { indent: '  ', quote: "'", async: true, semicolons: true };
  return {
    'python.json': entries('python', PYTHON, python),
    'typescript.json': entries('typescript', SCRIPT, script),
    'javascript.json': entries('javascript', SCRIPT, script),
  };
}

/** A file's text as written to disk (stable key order, 2-space JSON, final newline). */
export function snippetFileText(content: Record<string, SnippetEntry>): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}
