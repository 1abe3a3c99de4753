/**
 * Finds the files to lint under the paths given on the command line: Python, TypeScript and JavaScript
 * files, skipping dependency and build folders and whatever .gitignore files exclude. Synchronous: the
 * CLI has nothing else to do meanwhile, and sync directory reads are the fastest (the editor lists files
 * with `findFiles` and filters them with `listedFiles.ts` instead). Pure: no `vscode` import.
 */
import * as fs from 'fs';
import * as path from 'path';
import { languageFromFileName } from '../analysis/languages';
import type { LanguageId } from '../analysis/types';
import { ancestorIgnoreFolders, isIgnored, skippedDirectoryNames, withIgnoreText, type IgnoreLayer } from './ignoreRules';
import { describeError, type FileError, type SkippedFile, type SourceFile } from './types';

export interface CollectedFiles {
  files: SourceFile[];
  /** Named files we do not check (not a supported language). */
  skipped: SkippedFile[];
  /** Named paths or walked folders that could not be read. */
  errors: FileError[];
}

/**
 * Collects the files under `targets` (absolute paths that exist). Folders are walked, skipping
 * `skippedDirectoryNames`, symbolic links and git-ignored entries (every .gitignore from the repository
 * root down is read). What is named directly is always checked, even when ignored: naming it is a request
 * to check it (a file still needs an extension we check).
 */
export function collectFiles(targets: readonly string[]): CollectedFiles {
  const collected: CollectedFiles = { files: [], skipped: [], errors: [] };
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
      collected.errors.push({ path: target, message: `cannot be read (${describeError(error)})` });
      continue;
    }
    if (stats.isDirectory()) {
      // A folder named on the command line is walked even if it is itself ignored (say `lint build/`).
      const layers = ancestorIgnoreLayers(target);
      walkDirectory(target, isIgnored(layers, target, true) ? [] : layers, add, collected.errors);
    } else {
      const language = languageFromFileName(target);
      if (language) add({ path: target, language, explicit: true });
      else collected.skipped.push({ path: target, reason: 'unsupported' });
    }
  }
  return collected;
}

function walkDirectory(dir: string, parentLayers: readonly IgnoreLayer[], add: (file: SourceFile) => void, errors: FileError[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    errors.push({ path: dir, message: `folder cannot be read (${describeError(error)})` });
    return;
  }
  // Plain concatenation: path.join normalises, which shows over tens of thousands of entries; `dir` is normal already.
  const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
  const layers = entries.some((entry) => entry.name === '.gitignore' && entry.isFile()) ? withIgnoreText(parentLayers, dir, readIgnoreFile(dir)) : parentLayers;
  for (const entry of entries) {
    const isDirectory = entry.isDirectory();
    // Symbolic links are not followed: they can loop and usually point outside the project.
    if (!isDirectory && !entry.isFile()) continue;
    if (isDirectory && skippedDirectoryNames.has(entry.name)) continue;
    const language = isDirectory ? undefined : languageFromFileName(entry.name);
    if (!isDirectory && !language) continue;
    const fullPath = `${prefix}${entry.name}`;
    if (layers.length > 0 && isIgnored(layers, fullPath, isDirectory)) continue;
    if (isDirectory) walkDirectory(fullPath, layers, add, errors);
    else add({ path: fullPath, language: language as LanguageId, explicit: false });
  }
}

function readIgnoreFile(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined; // an unreadable .gitignore ignores nothing
  }
}

/** The .gitignore layers above a walked folder that still apply to it (see `ancestorIgnoreFolders`). */
function ancestorIgnoreLayers(dir: string): readonly IgnoreLayer[] {
  let layers: readonly IgnoreLayer[] = [];
  for (const ancestor of ancestorIgnoreFolders(dir, (folder) => fs.existsSync(path.join(folder, '.git')))) {
    if (fs.existsSync(path.join(ancestor, '.gitignore'))) layers = withIgnoreText(layers, ancestor, readIgnoreFile(ancestor));
  }
  return layers;
}
