import * as vscode from 'vscode';
import { affectsOurSettings, readEndpointSettings } from './config';
import { commandIds, extensionName } from './constants';
import { Log } from './log';
import type { ApiKeySource } from './secrets/apiKey';
import { registerApiKeyCommands } from './vscode/apiKeyCommands';
import { ApiKeyStore } from './vscode/apiKeyStore';
import { registerCommand } from './vscode/registerCommand';

/**
 * What `activate` returns: a small read-only view for integration tests and other
 * extensions. It never exposes the key itself, only where it comes from.
 */
export interface ClaudeHealthApi {
  apiKeySource(): Promise<ApiKeySource | 'none'>;
  endpoints(): { apiBaseUrl: string; statusPageUrl: string };
  /** Folder of this extension's log files (the LogOutputChannel writes there). */
  logFolder: string;
}

/** Wires things up and returns at once: nothing here waits on the network or loads a heavy module. */
export function activate(context: vscode.ExtensionContext): ClaudeHealthApi {
  const log = new Log(extensionName);
  const keys = new ApiKeyStore(context.secrets);
  context.subscriptions.push(
    log,
    keys,
    registerApiKeyCommands(log, keys),
    registerCommand(log, commandIds.showLog, () => log.show()),
    keys.onDidChange(() => log.debug('The stored API key changed.')),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsOurSettings(event)) reportEndpoints(log);
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
  };
}

/** Logs where requests will go, and any setting value that was refused. */
function reportEndpoints(log: Log): void {
  const settings = readEndpointSettings();
  for (const [name, check] of [['apiBaseUrl', settings.apiBaseUrl], ['statusPageUrl', settings.statusPageUrl]] as const) {
    if (check.rejected) log.warn(`claudeHealth.${name} ${check.rejected}; using ${check.url}.`);
  }
  log.debug(`API: ${settings.apiBaseUrl.url}; status page: ${settings.statusPageUrl.url}`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
