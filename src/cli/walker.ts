/**
 * Finds the files to lint under the paths given on the command line: Python, TypeScript and JavaScript
 * files, skipping dependency and build folders and whatever .gitignore files exclude.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { languageFromFileName } from '../analysis/languages';
import type { LanguageId } from '../analysis/types';

/** Folders never walked into: dependencies, VCS data, build outputs, caches, virtual environments. */
export const skippedDirectoryNames: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn',
  'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache', '.cache', 'coverage', '.vscode-test',
  '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages',
]);

/** A file to lint. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  language: LanguageId;
  /** Named on the command line (so a skip is worth a note). */
  explicit: boolean;
}

/** Something worth telling the user on stderr: a named file we cannot check, an unreadable folder. */
export interface PathNote {
  /** Absolute. */
  path: string;
  problem: string;
}

export interface CollectedFiles {
  files: SourceFile[];
  notes: PathNote[];
}

/** One .gitignore's rules and the folder its patterns are relative to. */
interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

/**
 * Collects the files under `targets` (absolute paths that exist). Folders are walked, skipping
 * `skippedDirectoryNames`, symbolic links and git-ignored entries (every .gitignore from the repository
 * root down is read). What is named directly is always checked, even when ignored: naming it is a request
 * to check it (a file still needs an extension we check).
 */
export function collectFiles(targets: readonly string[]): CollectedFiles {
  const collected: CollectedFiles = { files: [], notes: [] };
  const seen = new Set<string>();
  const add = (file: SourceFile): void => {
    if (seen.has(file.path)) return;
    seen.add(file.path);
    collected.files.push(file);
  };
  for (const target of targets) {
    let stats: fs.Stats;
    try {
      stats = fs.statSync(target);
    } catch (error) {
      collected.notes.push({ path: target, problem: `cannot be read (${describeError(error)})` });
      continue;
    }
    if (stats.isDirectory()) {
      // A folder named on the command line is walked even if it is itself ignored (say `lint build/`).
      const layers = ancestorIgnoreLayers(target);
      walkDirectory(target, isIgnored(layers, target, true) ? [] : layers, add, collected.notes);
    } else {
      const language = languageFromFileName(target);
      if (language) add({ path: target, language, explicit: true });
      else collected.notes.push({ path: target, problem: 'skipped: not a Python, TypeScript or JavaScript file' });
    }
  }
  return collected;
}

function walkDirectory(dir: string, parentLayers: readonly IgnoreLayer[], add: (file: SourceFile) => void, notes: PathNote[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    notes.push({ path: dir, problem: `folder cannot be read (${describeError(error)})` });
    return;
  }
  // Plain concatenation: path.join normalises, which shows over tens of thousands of entries; `dir` is normal already.
  const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
  const layers = entries.some((entry) => entry.name === '.gitignore' && entry.isFile()) ? withIgnoreFile(parentLayers, dir) : parentLayers;
  for (const entry of entries) {
    const isDirectory = entry.isDirectory();
    // Symbolic links are not followed: they can loop and usually point outside the project.
    if (!isDirectory && !entry.isFile()) continue;
    if (isDirectory && skippedDirectoryNames.has(entry.name)) continue;
    const language = isDirectory ? undefined : languageFromFileName(entry.name);
    if (!isDirectory && !language) continue;
    const fullPath = `${prefix}${entry.name}`;
    if (layers.length > 0 && isIgnored(layers, fullPath, isDirectory)) continue;
    if (isDirectory) walkDirectory(fullPath, layers, add, notes);
    else add({ path: fullPath, language: language as LanguageId, explicit: false });
  }
}

/** Git's rule: the deepest .gitignore with a matching pattern decides; `!pattern` can re-include. */
function isIgnored(layers: readonly IgnoreLayer[], fullPath: string, isDirectory: boolean): boolean {
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

function withIgnoreFile(layers: readonly IgnoreLayer[], dir: string): readonly IgnoreLayer[] {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return [...layers, { dir, rules: ignore().add(text) }];
  } catch {
    return layers; // an unreadable .gitignore ignores nothing
  }
}

/**
 * The .gitignore files above a walked folder that still apply to it: those from the repository root
 * (the nearest folder up with a `.git`) down to the folder's parent. Outside a repository, none.
 */
function ancestorIgnoreLayers(dir: string): readonly IgnoreLayer[] {
  const ancestors: string[] = [];
  let current = path.dirname(dir);
  let insideRepository = fs.existsSync(path.join(dir, '.git'));
  while (!insideRepository) {
    ancestors.push(current);
    if (fs.existsSync(path.join(current, '.git'))) insideRepository = true;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!insideRepository) return [];
  let layers: readonly IgnoreLayer[] = [];
  for (const ancestor of ancestors.reverse()) {
    if (fs.existsSync(path.join(ancestor, '.gitignore'))) layers = withIgnoreFile(layers, ancestor);
  }
  return layers;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? String(error);
}
