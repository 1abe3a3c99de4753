import * as vscode from 'vscode';
import { readDiagnosticsSettings } from '../config';
import { analyzeText } from '../analysis/documentAnalysis';
import { evaluate } from '../analysis/evaluate';
import { languageFromFileName, supportedExtensions } from '../analysis/languages';
import type { TreeSitterParsers } from '../analysis/parsers';
import { mayContainModelId } from '../analysis/prefilter';
import { collectFiles } from '../cli/walker';
import type { Log } from '../log';
import type { CatalogService } from './catalogService';
import type { FindingsStore } from './findingsStore';
import type { ModelDiagnostics } from './modelDiagnostics';
import { judgementDay } from './modelDiagnostics';

/** Files larger than this are skipped: generated or vendored code, not something to fix by hand. */
const maxFileBytes = 1024 * 1024;

/** The keys of a `files.exclude`-style setting that are switched on. */
function enabledGlobs(section: string, key: string, scope: vscode.Uri): string[] {
  const value = vscode.workspace.getConfiguration(section, scope).get<Record<string, unknown>>(key) ?? {};
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/**
 * The files to scan in one workspace folder: what `findFiles` returns with `files.exclude` and
 * `search.exclude` applied, and, on disk, only what the CLI's walker also keeps (it honours .gitignore
 * files and skips dependency and build folders), so the editor and CI agree on what is checked.
 */
async function filesToScan(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const include = new vscode.RelativePattern(folder, `**/*.{${supportedExtensions.map((e) => e.slice(1)).join(',')}}`);
  const excludes = [...enabledGlobs('files', 'exclude', folder.uri), ...enabledGlobs('search', 'exclude', folder.uri), '**/node_modules/**'];
  const found = await vscode.workspace.findFiles(include, `{${excludes.join(',')}}`, undefined, token);
  if (folder.uri.scheme !== 'file') return found;
  const kept = new Set(collectFiles([folder.uri.fsPath]).files.map((f) => f.path));
  return found.filter((uri) => kept.has(uri.fsPath));
}

/** "Claude: Scan Workspace": checks every matching file, with a cancellable progress notification. */
export async function scanWorkspace(
  store: FindingsStore,
  live: ModelDiagnostics,
  catalogs: CatalogService,
  parsers: TreeSitterParsers,
  log: Log,
): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Open a folder to scan it for Claude model problems.');
    return;
  }
  const started = Date.now();
  const totals = { files: 0, errors: 0, warnings: 0, filesWithProblems: 0, skipped: 0 };
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Claude: scanning for model problems', cancellable: true },
    async (progress, token) => {
      const files = (await Promise.all(folders.map((folder) => filesToScan(folder, token)))).flat();
      const increment = files.length > 0 ? 100 / files.length : 100;
      for (const [index, uri] of files.entries()) {
        if (token.isCancellationRequested) return true;
        progress.report({ message: `${index + 1} of ${files.length} files`, increment });
        if (live.isTracked(uri)) continue; // open documents are analysed live
        const findings = await scanFile(uri, catalogs, parsers, log);
        if (findings === undefined) {
          totals.skipped++;
          continue;
        }
        totals.files++;
        store.set(uri, findings);
        if (findings.length > 0) totals.filesWithProblems++;
        for (const finding of findings) {
          if (finding.severity === 'error') totals.errors++;
          else if (finding.severity === 'warning') totals.warnings++;
        }
      }
      return token.isCancellationRequested;
    },
  );
  const summary = `${totals.files} files: ${totals.errors} errors, ${totals.warnings} warnings in ${totals.filesWithProblems} files`;
  log.info(`Workspace scan ${cancelled ? 'cancelled after' : 'checked'} ${summary} (${totals.skipped} skipped) in ${Date.now() - started} ms.`);
  // Not awaited: the command is done when the scan is, whatever the user does with the message.
  void vscode.window.showInformationMessage(`Claude: ${cancelled ? 'scan cancelled after' : 'scanned'} ${summary}.`, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/** The findings of one file on disk; undefined when it is skipped (too large, unreadable, not text). */
async function scanFile(uri: vscode.Uri, catalogs: CatalogService, parsers: TreeSitterParsers, log: Log): Promise<ReturnType<typeof evaluate> | undefined> {
  const language = languageFromFileName(uri.path);
  if (!language) return undefined;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxFileBytes) return undefined;
    const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    if (!mayContainModelId(text)) return [];
    let parser;
    try {
      parser = await parsers.parserFor(language);
    } catch {
      parser = undefined; // text-level analysis still finds the literals
    }
    const { literals, skipReason } = analyzeText(text, parser);
    if (skipReason) return undefined;
    const settings = readDiagnosticsSettings(uri);
    if (!settings.enabled) return [];
    return evaluate(literals, { catalog: catalogs.current(), asOf: judgementDay(), severity: settings.severity, includeComments: settings.includeComments });
  } catch (error) {
    log.debug(`Scan skipped ${uri.fsPath}: ${String(error)}`);
    return undefined;
  }
}
