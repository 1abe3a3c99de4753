/**
 * Scan Workspace's file filter: `findFiles` has already listed the folder (with `files.exclude` and
 * `search.exclude`); this keeps, of that list, what the CLI's walker would also check: no skipped folder
 * on the way, nothing .gitignore excludes. Asynchronous and without walking the disk again: the .gitignore
 * files come in the same listing, and only the few folders above the workspace folder are asked about.
 * Pure: no `vscode` import.
 */
import * as path from 'path';
import { ancestorIgnoreFoldersAsync, isIgnored, skippedDirectoryNames, withIgnoreText, type IgnoreLayer } from './ignoreRules';

/** How the filter reaches the disk (the adapter's `workspace.fs`, or `fs.promises`). */
export interface IgnoreFileAccess {
  /** Whether `path` exists (a `.git` folder or file). */
  exists(path: string): Promise<boolean>;
  /** A .gitignore's text, or undefined if it cannot be read (it then ignores nothing). */
  readText(path: string): Promise<string | undefined>;
}

/** The verdict on one folder, and the rules that apply inside it. */
interface FolderState {
  excluded: boolean;
  layers: readonly IgnoreLayer[];
}

/**
 * The paths of `files` (absolute, under `root`) to check. `ignoreFiles` are the `.gitignore` files the
 * same listing found under `root`; `.gitignore` files above `root` up to its repository's root apply too.
 * Order is kept.
 */
export async function keepListedFiles(root: string, files: readonly string[], ignoreFiles: readonly string[], access: IgnoreFileAccess): Promise<string[]> {
  const ignoreTexts = new Map<string, string | undefined>();
  await Promise.all(ignoreFiles.map(async (file) => ignoreTexts.set(path.dirname(file), await access.readText(file))));

  let rootLayers: readonly IgnoreLayer[] = [];
  for (const ancestor of await ancestorIgnoreFoldersAsync(root, (folder) => access.exists(path.join(folder, '.git')))) {
    const file = path.join(ancestor, '.gitignore');
    if (await access.exists(file)) rootLayers = withIgnoreText(rootLayers, ancestor, await access.readText(file));
  }
  // The root is checked even if a rule above ignores it, as the CLI walks a folder it is given.
  const folders = new Map<string, FolderState>([[root, { excluded: false, layers: withOwn(isIgnored(rootLayers, root, true) ? [] : rootLayers, root, ignoreTexts) }]]);
  const stateOf = (folder: string): FolderState => {
    const known = folders.get(folder);
    if (known) return known;
    const parentFolder = path.dirname(folder);
    // Outside the root (should not happen with findFiles): judged on its own.
    const parent = parentFolder === folder || !folder.startsWith(root) ? { excluded: false, layers: [] } : stateOf(parentFolder);
    const excluded = parent.excluded || skippedDirectoryNames.has(path.basename(folder)) || isIgnored(parent.layers, folder, true);
    const state = { excluded, layers: excluded ? parent.layers : withOwn(parent.layers, folder, ignoreTexts) };
    folders.set(folder, state);
    return state;
  };
  return files.filter((file) => {
    const folder = stateOf(path.dirname(file));
    return !folder.excluded && !(folder.layers.length > 0 && isIgnored(folder.layers, file, false));
  });
}

function withOwn(layers: readonly IgnoreLayer[], folder: string, ignoreTexts: ReadonlyMap<string, string | undefined>): readonly IgnoreLayer[] {
  return ignoreTexts.has(folder) ? withIgnoreText(layers, folder, ignoreTexts.get(folder)) : layers;
}
