import * as vscode from 'vscode';
import { readDiagnosticsSettings } from '../config';
import { evaluate } from '../analysis/evaluate';
import { languageFromFileName, supportedExtensions } from '../analysis/languages';
import type { TreeSitterParsers } from '../analysis/parsers';
import type { Finding } from '../analysis/types';
import type { FileUsage } from '../analysis/usage/types';
import { maxFileBytes } from '../files/limits';
import { keepListedFiles, type IgnoreFileAccess } from '../files/listedFiles';
import { nodeFileReader, scanFiles, type ScanFile, type ScanReader } from '../files/scan';
import { describeSkip } from '../files/types';
import type { Log } from '../log';
import type { CatalogService } from './catalogService';
import type { FindingsStore } from './findingsStore';
import type { ModelDiagnostics } from './modelDiagnostics';
import { judgementDay } from './modelDiagnostics';

/** Progress is redrawn at most this often (each report crosses to the workbench). */
const progressIntervalMs = 100;

/** The keys of a `files.exclude`-style setting that are switched on. */
function enabledGlobs(section: string, key: string, scope: vscode.Uri): string[] {
  const value = vscode.workspace.getConfiguration(section, scope).get<Record<string, unknown>>(key) ?? {};
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/** `workspace.fs` for the .gitignore filter; never rejects. */
const workspaceIgnoreAccess: IgnoreFileAccess = {
  exists: async (fsPath) => {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(fsPath));
      return true;
    } catch {
      return false;
    }
  },
  readText: async (fsPath) => {
    try {
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.file(fsPath)));
    } catch {
      return undefined;
    }
  },
};

/** Reads through `workspace.fs` (any scheme): the size first, so files over the limit are not read. */
const workspaceReader: ScanReader<vscode.Uri> = async (uri) => {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.size > maxFileBytes ? 'tooLarge' : vscode.workspace.fs.readFile(uri);
};

/** Local files straight from the disk, asynchronously (fewer hops than `workspace.fs`). */
const localReader: ScanReader<vscode.Uri> = (uri) => (uri.scheme === 'file' ? nodeFileReader(uri.fsPath) : workspaceReader(uri));

/**
 * The files to scan in one workspace folder, listed once by `findFiles` (with `files.exclude` and
 * `search.exclude`); of those, on disk, only what the CLI's walker also keeps (no dependency or build
 * folder on the way, nothing .gitignore excludes: src/files/), so the editor and CI agree on what is checked.
 */
async function filesToScan(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const patterns = [...supportedExtensions.map((e) => `*${e}`), '.gitignore'];
  const include = new vscode.RelativePattern(folder, `**/{${patterns.join(',')}}`);
  const excludes = [...enabledGlobs('files', 'exclude', folder.uri), ...enabledGlobs('search', 'exclude', folder.uri), '**/node_modules/**'];
  const found = await vscode.workspace.findFiles(include, `{${excludes.join(',')}}`, undefined, token);
  const sources = found.filter((uri) => languageFromFileName(uri.path) !== undefined);
  if (folder.uri.scheme !== 'file') return sources;
  const ignoreFiles = found.filter((uri) => uri.path.endsWith('/.gitignore')).map((uri) => uri.fsPath);
  const byPath = new Map(sources.map((uri) => [uri.fsPath, uri]));
  const kept = await keepListedFiles(folder.uri.fsPath, [...byPath.keys()], ignoreFiles, workspaceIgnoreAccess);
  return kept.map((fsPath) => byPath.get(fsPath) as vscode.Uri);
}

/** What a scan did; the command resolves with it (for other extensions and the tests). */
export interface ScanWorkspaceResult {
  /** Files read and analysed (open documents are left to the live analysis). */
  files: number;
  errors: number;
  warnings: number;
  filesWithProblems: number;
  /** Too large, binary or minified. */
  skipped: number;
  unreadable: number;
  cancelled: boolean;
}

/**
 * Optional argument of the command, for callers in code (the palette passes none): a cancellation of
 * their own, and progress by files done.
 */
export interface ScanWorkspaceObserver {
  token?: vscode.CancellationToken;
  onProgress?(done: number, total: number): void;
}

/** The command's argument if it is an observer, else undefined (a palette or keybinding may pass anything). */
export function asScanObserver(argument: unknown): ScanWorkspaceObserver | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const { token, onProgress } = argument as Record<string, unknown>;
  const observer: ScanWorkspaceObserver = {};
  if (typeof onProgress === 'function') observer.onProgress = onProgress as ScanWorkspaceObserver['onProgress'];
  if (typeof token === 'object' && token !== null && typeof (token as vscode.CancellationToken).isCancellationRequested === 'boolean') observer.token = token as vscode.CancellationToken;
  return observer;
}

/** "Claude: Scan Workspace": checks every matching file, with a cancellable progress notification. */
export async function scanWorkspace(
  store: FindingsStore,
  live: ModelDiagnostics,
  catalogs: CatalogService,
  parsers: TreeSitterParsers,
  log: Log,
  observer: ScanWorkspaceObserver = {},
): Promise<ScanWorkspaceResult | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Open a folder to scan it for Claude model problems.');
    return undefined;
  }
  const started = Date.now();
  const totals = { files: 0, errors: 0, warnings: 0, filesWithProblems: 0, skipped: 0, unreadable: 0 };
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Claude: scanning for model problems', cancellable: true },
    async (progress, progressToken) => {
      const token = { get isCancellationRequested() { return progressToken.isCancellationRequested || observer.token?.isCancellationRequested === true; } };
      progress.report({ message: 'listing files…' });
      const listed = (await Promise.all(folders.map((folder) => filesToScan(folder, progressToken)))).flat();
      if (token.isCancellationRequested) return true;
      // Open documents are analysed live; the scan leaves them alone.
      const files: ScanFile<vscode.Uri>[] = [];
      for (const uri of listed) {
        const language = languageFromFileName(uri.path);
        if (language && !live.isTracked(uri)) files.push({ ref: uri, language });
      }
      let reportedDone = 0;
      let lastReport = 0;
      const summary = await scanFiles(files, localReader, parsers, {
        isCancelled: () => token.isCancellationRequested,
        onProgress: (done, total) => {
          observer.onProgress?.(done, total);
          const now = Date.now();
          if (done < total && now - lastReport < progressIntervalMs) return;
          lastReport = now;
          progress.report({ message: `${done} of ${total} files`, increment: ((done - reportedDone) * 100) / Math.max(1, total) });
          reportedDone = done;
        },
        onChecked: (uri, _literals, usage) => {
          const findings = findingsFor(uri, usage, catalogs);
          totals.files++;
          store.set(uri, findings);
          if (findings.length > 0) totals.filesWithProblems++;
          for (const finding of findings) {
            if (finding.severity === 'error') totals.errors++;
            else if (finding.severity === 'warning') totals.warnings++;
          }
        },
        onSkipped: (uri, reason) => {
          totals.skipped++;
          log.debug(`Scan skipped ${uri.fsPath}: ${describeSkip(reason)}`);
        },
        onError: (uri, message) => {
          totals.unreadable++;
          log.warn(`Scan could not check ${uri.fsPath}: ${message}`);
        },
      });
      return summary.cancelled;
    },
  );
  const summary = `${totals.files} files: ${totals.errors} errors, ${totals.warnings} warnings in ${totals.filesWithProblems} files`;
  const notChecked = `${totals.skipped} skipped, ${totals.unreadable} unreadable`;
  log.info(`Workspace scan ${cancelled ? 'cancelled after' : 'checked'} ${summary} (${notChecked}) in ${Date.now() - started} ms.`);
  const unreadable = totals.unreadable > 0 ? ` ${totals.unreadable} could not be read (see the log).` : '';
  // Not awaited: the command is done when the scan is, whatever the user does with the message; failures are logged.
  vscode.window.showInformationMessage(`Claude: ${cancelled ? 'scan cancelled after' : 'scanned'} ${summary}.${unreadable}`, 'Show Problems').then(
    (choice) => (choice ? vscode.commands.executeCommand('workbench.actions.view.problems') : undefined),
    (error: unknown) => log.warn(`Scan message failed: ${String(error)}`),
  ).then(undefined, (error: unknown) => log.warn(`Opening the Problems view failed: ${String(error)}`));
  return { ...totals, cancelled };
}

/** A checked file's findings, with its own settings. */
function findingsFor(uri: vscode.Uri, usage: FileUsage, catalogs: CatalogService): Finding[] {
  const settings = readDiagnosticsSettings(uri);
  if (!settings.enabled) return [];
  return evaluate(usage, { catalog: catalogs.current(), asOf: judgementDay(), severity: settings.severity, includeComments: settings.includeComments });
}
