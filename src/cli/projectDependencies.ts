/**
 * The retry libraries the project of a linted file depends on, for the retry fixes (tenacity / p-retry
 * variants): the manifests (pyproject.toml, requirements*.txt, package.json) of the nearest folder at or
 * above the file that has any, not above a `.git` folder. Read once per folder per run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isManifestName, retryLibrariesIn, type ManifestFile, type RetryLibraries } from '../analysis/fixes/dependencies';

const none: RetryLibraries = { tenacity: false, pRetry: false };

/** Reads and caches project dependencies by folder. Never throws: an unreadable folder depends on nothing. */
export class ProjectDependencyReader {
  private readonly byFolder = new Map<string, RetryLibraries>();

  /** The dependencies of the project `file` belongs to. */
  forFile(file: string): RetryLibraries {
    const visited: string[] = [];
    let folder = path.dirname(path.resolve(file));
    let found: RetryLibraries = none;
    for (let depth = 0; depth < 50; depth++) {
      const cached = this.byFolder.get(folder);
      if (cached) {
        found = cached;
        break;
      }
      visited.push(folder);
      const entries = readNames(folder);
      const manifests = entries.filter(isManifestName);
      if (manifests.length > 0) {
        found = retryLibrariesIn(manifests.map((name): ManifestFile => ({ path: name, text: readText(path.join(folder, name)) })));
        break;
      }
      const parent = path.dirname(folder);
      if (entries.includes('.git') || parent === folder) break;
      folder = parent;
    }
    for (const seen of visited) this.byFolder.set(seen, found);
    return found;
  }
}

function readNames(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
