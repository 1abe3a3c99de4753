/**
 * Which files a walk or a listing leaves out: dependency and build folders by name, and git's
 * .gitignore rules. Shared by the CLI's walker and Scan Workspace's filter of `findFiles`, so the editor
 * and CI check the same files. Pure: no `vscode` import.
 */
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';

/** Folders never walked into: dependencies, VCS data, build outputs, caches, virtual environments. */
export const skippedDirectoryNames: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn',
  'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache', '.cache', 'coverage', '.vscode-test',
  '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages',
]);

/** One .gitignore's rules and the folder its patterns are relative to. */
export interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

/** Git's rule: the deepest .gitignore with a matching pattern decides; `!pattern` can re-include. */
export function isIgnored(layers: readonly IgnoreLayer[], fullPath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    let relative = path.relative(layer.dir, fullPath);
    if (path.sep !== '/') relative = relative.split(path.sep).join('/');
    const result = layer.rules.test(isDirectory ? `${relative}/` : relative);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** `layers` plus the rules of the .gitignore in `dir` (its text; undefined if it could not be read: it ignores nothing). */
export function withIgnoreText(layers: readonly IgnoreLayer[], dir: string, text: string | undefined): readonly IgnoreLayer[] {
  return text === undefined ? layers : [...layers, { dir, rules: ignore().add(text) }];
}

/**
 * The folders, outermost first, whose .gitignore files apply to `dir` from above: those from the
 * repository root (the nearest folder up with a `.git`) down to `dir`'s parent. Outside a repository,
 * none. `hasGit` tells whether a folder holds a `.git` entry (the CLI asks the disk synchronously).
 */
export function ancestorIgnoreFolders(dir: string, hasGit: (folder: string) => boolean): string[] {
  if (hasGit(dir)) return [];
  const ancestors: string[] = [];
  for (let current = path.dirname(dir); ; ) {
    ancestors.push(current);
    if (hasGit(current)) return ancestors.reverse();
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
  }
}

/** `ancestorIgnoreFolders` with an asynchronous `hasGit` (the editor must not block on the disk). */
export async function ancestorIgnoreFoldersAsync(dir: string, hasGit: (folder: string) => Promise<boolean>): Promise<string[]> {
  if (await hasGit(dir)) return [];
  const ancestors: string[] = [];
  for (let current = path.dirname(dir); ; ) {
    ancestors.push(current);
    if (await hasGit(current)) return ancestors.reverse();
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
  }
}
