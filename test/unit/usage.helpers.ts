// Shared by the usage-model and usage-rule tests: parse a snippet, build its usage, apply a fix's edits.
import * as path from 'path';
import { analyzeUsage } from '../../src/analysis/documentAnalysis';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import type { LanguageId, OffsetEdit } from '../../src/analysis/types';
import type { FileUsage } from '../../src/analysis/usage/types';

const root = path.resolve(__dirname, '..', '..', '..');
export const parsers = new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules')));

/** The usage of `text` as the editor's analysis builds it. */
export async function usageOf(text: string, language: LanguageId): Promise<FileUsage> {
  return analyzeUsage(text, await parsers.parserFor(language), undefined, language).usage;
}

/** Applies non-overlapping edits made against `text`. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.startOffset - a.startOffset)) out = out.slice(0, edit.startOffset) + edit.newText + out.slice(edit.endOffset);
  return out;
}

/** A key of real shape (facts §8: 93 characters of [A-Za-z0-9_-] then AA), built so no key literal sits in the repository. */
export function fakeKey(kind: 'api03' | 'admin01' = 'api03', seed = 7): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
  let body = '';
  for (let i = 0; i < 93; i++) body += alphabet[(i * seed + 11) % alphabet.length];
  return `sk-ant-${kind}-${body}AA`;
}

/** Text between `marker` and the end of its line, to find offsets in snippets. */
export function offsetOf(text: string, needle: string, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in snippet`);
  return at;
}
