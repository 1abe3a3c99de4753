import * as vscode from 'vscode';
import { TreeSitterParsers } from './analysis/parsers';
import { affectsOurSettings, readEndpointSettings } from './config';
import { commandIds, configSection, extensionName, internalCommandIds } from './constants';
import { Log } from './log';
import type { ApiKeySource } from './secrets/apiKey';
import { registerApiKeyCommands } from './vscode/apiKeyCommands';
import { ApiKeyStore } from './vscode/apiKeyStore';
import { CatalogService } from './vscode/catalogService';
import { DiagnoseConnection } from './vscode/diagnoseConnection';
import { ModelCodeActions } from './vscode/codeActions';
import { FindingsStore } from './vscode/findingsStore';
import type { HealthSnapshot } from './vscode/healthController';
import { HealthController } from './vscode/healthController';
import { showHealthMenu } from './vscode/healthMenu';
import { ModelDiagnostics, systemDayClock } from './vscode/modelDiagnostics';
import { ProjectDependencies } from './vscode/projectDependencies';
import { ModelHover } from './vscode/modelHover';
import { refreshModelList } from './vscode/refreshModels';
import { registerCommand } from './vscode/registerCommand';
import { registerRuleDocsCommand } from './vscode/ruleDocs';
import { asScanObserver, scanWorkspace } from './vscode/scanWorkspace';

/** The documents our diagnostics, fixes and hovers serve. */
const documentSelector: vscode.DocumentFilter[] = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language }));

/**
 * What `activate` returns: a small read-only view for integration tests and other
 * extensions. It never exposes the key itself, only where it comes from.
 */
export interface ClaudeHealthApi {
  apiKeySource(): Promise<ApiKeySource | 'none'>;
  endpoints(): { apiBaseUrl: string; statusPageUrl: string };
  /** Folder of this extension's log files (the LogOutputChannel writes there). */
  logFolder: string;
  /** The status bar health item as rendered now, and a way to check at once. */
  health: { snapshot(): HealthSnapshot | undefined; refresh(): Promise<void> };
}

/** Wires things up and returns at once: nothing here waits on the network or loads a heavy module. */
export function activate(context: vscode.ExtensionContext): ClaudeHealthApi {
  const log = new Log(extensionName);
  const keys = new ApiKeyStore(context.secrets, log);
  const catalogs = new CatalogService(context.globalState, keys, log);
  const store = new FindingsStore();
  // Nothing is loaded here: the tree-sitter runtime and each grammar load on the first file that needs them.
  const parsers = new TreeSitterParsers(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  const dependencies = new ProjectDependencies(log);
  const diagnostics = new ModelDiagnostics(store, catalogs, parsers, log, systemDayClock, dependencies);
  // The first probe runs from a timer: activation does not wait on the network.
  const health = new HealthController(context, keys, log);
  const doctor = new DiagnoseConnection(context.extensionUri, String(context.extension.packageJSON.version), keys, () => catalogs.current(), diagnostics, log);
  context.subscriptions.push(
    health,
    doctor,
    doctor.register(),
    registerCommand(log, internalCommandIds.healthMenu, () => showHealthMenu()),
    log,
    keys,
    catalogs,
    store,
    dependencies,
    diagnostics,
    registerApiKeyCommands(log, keys),
    registerCommand(log, commandIds.showLog, () => log.show()),
    registerCommand(log, commandIds.scanWorkspace, (observer) => scanWorkspace(store, diagnostics, catalogs, parsers, log, asScanObserver(observer))),
    registerCommand(log, commandIds.refreshModels, () => refreshModelList(catalogs, log)),
    registerCommand(log, commandIds.refreshHealth, () => health.refresh()),
    registerCommand(log, commandIds.showHealthDetails, () => health.showDetails()),
    registerCommand(log, commandIds.openStatusPage, () => health.openStatusPage()),
    registerRuleDocsCommand(log, context.extensionUri),
    vscode.languages.registerCodeActionsProvider(documentSelector, new ModelCodeActions(store), ModelCodeActions.metadata),
    vscode.languages.registerHoverProvider(documentSelector, new ModelHover(diagnostics, catalogs)),
    keys.onDidChange(() => {
      log.debug('The stored API key changed.');
      void catalogs.refresh(true);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsOurSettings(event)) return;
      reportEndpoints(log);
      health.settingsChanged(event);
      if (event.affectsConfiguration(`${configSection}.apiBaseUrl`)) catalogs.reset();
      if (event.affectsConfiguration(`${configSection}.diagnostics`) || event.affectsConfiguration(`${configSection}.rules`)) diagnostics.settingsChanged();
    }),
  );
  reportEndpoints(log);
  log.info(`${extensionName} ${String(context.extension.packageJSON.version)} activated.`);

  return {
    apiKeySource: async () => (await keys.resolve()).source,
    endpoints: () => {
      const settings = readEndpointSettings();
      return { apiBaseUrl: settings.apiBaseUrl.url, statusPageUrl: settings.statusPageUrl.url };
    },
    logFolder: context.logUri.fsPath,
    health: { snapshot: () => health.snapshot(), refresh: () => health.refresh() },
  };
}

/** Logs where requests will go, and any setting value that was refused. */
function reportEndpoints(log: Log): void {
  const settings = readEndpointSettings();
  for (const [name, check] of [['apiBaseUrl', settings.apiBaseUrl], ['statusPageUrl', settings.statusPageUrl]] as const) {
    if (check.rejected) log.warn(`claudeHealth.${name} ${check.rejected}; using ${check.url}.`);
    if (check.ignoredWorkspaceValue) log.warn(`Ignored a workspace (or language-specific) value of claudeHealth.${name}: only user settings choose where requests go.`);
  }
  log.debug(`API: ${settings.apiBaseUrl.url}; status page: ${settings.statusPageUrl.url}`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
