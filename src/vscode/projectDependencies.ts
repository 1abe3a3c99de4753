import * as vscode from 'vscode';
import { isManifestName, retryLibrariesIn, type RetryLibraries } from '../analysis/fixes/dependencies';
import type { Log } from '../log';

const none: RetryLibraries = { tenacity: false, pRetry: false };

/**
 * The retry libraries (tenacity / p-retry) of the project a document belongs to, for the retry fixes: the
 * manifests of the nearest folder at or above the document, inside its workspace folder, read through
 * workspace.fs (remote and virtual workspaces too). Cached per folder; a manifest created, changed or deleted
 * drops the cache and fires `onDidChange` once it is read again, so the findings' fixes are rebuilt.
 */
export class ProjectDependencies implements vscode.Disposable {
  private readonly byFolder = new Map<string, RetryLibraries>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** The manifest watcher, created on the first question (activation does not pay for it). */
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private generation = 0;
  private disposed = false;
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Log) {}

  /** What the document's project depends on, or undefined while it is being read (onDidChange follows). */
  get(uri: vscode.Uri): RetryLibraries | undefined {
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    if (!root || this.disposed) return undefined; // an untitled or loose file: no project to read
    this.watch();
    const folder = vscode.Uri.joinPath(uri, '..');
    const cached = this.byFolder.get(folder.toString());
    if (cached) return cached;
    this.load(folder, root);
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private watch(): void {
    if (this.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/{package.json,pyproject.toml,requirements*.txt,requirements*.in}');
    const manifestChanged = (): void => this.reset();
    this.watcher = watcher;
    this.subscriptions.push(watcher, watcher.onDidCreate(manifestChanged), watcher.onDidChange(manifestChanged), watcher.onDidDelete(manifestChanged));
  }

  private reset(): void {
    this.generation++;
    this.byFolder.clear();
    this.loading.clear();
    this.changed.fire();
  }

  private load(folder: vscode.Uri, root: vscode.Uri): void {
    const key = folder.toString();
    if (this.loading.has(key)) return;
    const generation = this.generation;
    const loaded = this.read(folder, root)
      .then((found) => {
        if (generation !== this.generation || this.disposed) return; // a manifest changed meanwhile: the next get() reads again
        this.byFolder.set(key, found);
        this.changed.fire();
      })
      .catch((error: unknown) => this.log.warn(`Could not read the project's dependencies near ${folder.toString()}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.loading.delete(key));
    this.loading.set(key, loaded);
  }

  /** The nearest folder with manifests, from `folder` up to the workspace folder's root. */
  private async read(folder: vscode.Uri, root: vscode.Uri): Promise<RetryLibraries> {
    let current = folder;
    for (let depth = 0; depth < 50; depth++) {
      const entries = await vscode.workspace.fs.readDirectory(current).then(
        (list) => list,
        () => [] as [string, vscode.FileType][],
      );
      const manifests = entries.filter(([name, type]) => type === vscode.FileType.File && isManifestName(name)).map(([name]) => name);
      if (manifests.length > 0) {
        const files = await Promise.all(
          manifests.map(async (name) => ({ path: name, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(current, name))) })),
        );
        return retryLibrariesIn(files);
      }
      if (current.toString() === root.toString() || current.path === '/' || current.path === '') return none;
      current = vscode.Uri.joinPath(current, '..');
    }
    return none;
  }
}
