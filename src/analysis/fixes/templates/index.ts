/**
 * The helper blocks by name, with what each needs before it: what an edit builder (and the snippets) use.
 * Pure: no `vscode`, no tree-sitter.
 */
import * as py from './python';
import * as js from './script';
import type { HelperLanguage, HelperSource, HelperStyle, ImportNeed } from './types';

export type { HelperLanguage, HelperSource, HelperStyle, ImportNeed } from './types';
export * from './python';
export * from './script';

/**
 * What a fix inserts. `library`: on top of tenacity (Python) / p-retry (TS/JS), for projects that depend on them.
 * `http-retry`: raw HTTP (requests / httpx, fetch), with no SDK.
 */
export type HelperKind = 'retry' | 'library-retry' | 'fallback' | 'stream' | 'http-retry';

/** One helper block by kind, rendered in the file's style (Python picks sync/async by `style.async`). */
export function helperSource(language: HelperLanguage, kind: HelperKind, style: HelperStyle): HelperSource {
  if (language === 'python') {
    switch (kind) {
      case 'retry': return py.pythonRetry(style);
      case 'library-retry': return py.pythonTenacityRetry(style);
      case 'fallback': return py.pythonFallback(style);
      case 'stream': return py.pythonStream(style);
      case 'http-retry': return py.pythonHttpRetry(style);
    }
  }
  switch (kind) {
    case 'retry': return js.scriptRetry(style, language);
    case 'library-retry': return js.scriptPRetry(style, language);
    case 'fallback': return js.scriptFallback(style, language);
    case 'stream': return js.scriptStream(style, language);
    case 'http-retry': return js.scriptFetchRetry(style, language);
  }
}

/** Every block by name, for resolving `requires`. */
function blockByName(language: HelperLanguage, name: string, style: HelperStyle): HelperSource | undefined {
  const all =
    language === 'python'
      ? [py.pythonRetryWait(style), py.pythonSupport(style), py.pythonRetry(style), py.pythonTenacityRetry(style), py.pythonFallback(style), py.pythonStream(style), py.pythonHttpRetry(style)]
      : [js.scriptRetryWait(style, language), js.scriptSupport(style, language), js.scriptRetry(style, language), js.scriptPRetry(style, language), js.scriptFallback(style, language), js.scriptStream(style, language), js.scriptFetchRetry(style, language)];
  return all.find((block) => block.name === name);
}

export interface HelperPlan {
  /** The blocks to insert, dependencies first, the asked-for one last; none already in `present`. */
  blocks: HelperSource[];
  /** The imports those blocks need, merged per module (an edit builder still skips those the file has). */
  imports: ImportNeed[];
}

/**
 * The blocks a fix inserts for `kind`, skipping every block whose name is in `present` (helpers already in
 * the file: a later fix reuses them instead of inserting them twice). Idempotent: with everything present,
 * nothing to insert.
 */
export function planHelpers(language: HelperLanguage, kind: HelperKind, style: HelperStyle, present: ReadonlySet<string> = new Set()): HelperPlan {
  const ordered: HelperSource[] = [];
  const visit = (block: HelperSource): void => {
    if (present.has(block.name) || ordered.some((b) => b.name === block.name)) return;
    for (const name of block.requires) {
      const required = blockByName(language, name, style);
      if (required === undefined) throw new Error(`helper ${block.name} requires unknown block ${name}`);
      visit(required);
    }
    ordered.push(block);
  };
  visit(helperSource(language, kind, style));
  return { blocks: ordered, imports: mergeImports(ordered.flatMap((b) => b.imports)) };
}

/** One entry per module (a plain `import m` and `from m import a` stay apart), names merged and sorted. */
export function mergeImports(imports: readonly ImportNeed[]): ImportNeed[] {
  const merged = new Map<string, ImportNeed>();
  for (const need of imports) {
    const key = `${need.module}\u0000${need.names ? 'names' : need.defaultName !== undefined ? `default:${need.defaultName}` : 'module'}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...need, ...(need.names && { names: [...need.names] }) });
    else if (need.names && seen.names) seen.names = [...new Set([...seen.names, ...need.names])].sort();
  }
  return [...merged.values()];
}

/** Import statements for a whole plan, for snippets and tests (an edit builder inserts only the missing ones). */
export function importText(language: HelperLanguage, imports: readonly ImportNeed[], style: HelperStyle): string {
  const q = style.quote;
  const end = style.semicolons === false ? '' : ';';
  return imports
    .map((need) => {
      if (language === 'python') return need.names ? `from ${need.module} import ${need.names.join(', ')}` : `import ${need.module}`;
      if (need.defaultName !== undefined) return `import ${need.defaultName} from ${q}${need.module}${q}${end}`;
      return `import { ${(need.names ?? []).join(', ')} } from ${q}${need.module}${q}${end}`;
    })
    .map((line) => `${line}\n`)
    .join('');
}
