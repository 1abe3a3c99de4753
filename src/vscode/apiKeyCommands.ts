import * as vscode from 'vscode';
import { apiKeyEnvVar, commandIds } from '../constants';
import type { Log } from '../log';
import { checkApiKeyInput, describeCleaning, maskApiKey } from '../secrets/apiKey';
import type { ApiKeyStore } from './apiKeyStore';
import { registerCommand } from './registerCommand';

/** Live feedback in the input box while the user pastes. */
function validateKeyInput(value: string): vscode.InputBoxValidationMessage | undefined {
  if (value === '') return undefined;
  const input = checkApiKeyInput(value);
  switch (input.verdict) {
    case 'admin':
      return { message: input.reason ?? '', severity: vscode.InputBoxValidationSeverity.Error };
    case 'empty':
      return { message: 'The key is empty.', severity: vscode.InputBoxValidationSeverity.Error };
    case 'unusual':
      return { message: input.reason ?? '', severity: vscode.InputBoxValidationSeverity.Warning };
    case 'ok':
      return input.cleaned.length > 0
        ? { message: `Looks right. ${describeCleaning(input.cleaned, 'future')}`, severity: vscode.InputBoxValidationSeverity.Info }
        : undefined;
  }
}

/**
 * "Claude: Set API Key" and "Claude: Clear API Key".
 * Set takes an optional `{ key }` argument so that it can be driven without the input box
 * (keybindings, tests); the key is still checked exactly as typed input is.
 */
export function registerApiKeyCommands(log: Log, store: ApiKeyStore): vscode.Disposable {
  const setApiKey = async (arg?: unknown): Promise<boolean> => {
    const given = typeof arg === 'object' && arg !== null && typeof (arg as { key?: unknown }).key === 'string' ? (arg as { key: string }).key : undefined;
    const raw =
      given ??
      (await vscode.window.showInputBox({
        title: 'Claude: Set API Key',
        prompt: 'Paste your Claude API key (sk-ant-api03-…). It is kept in VS Code\u2019s secret storage, never in settings.',
        placeHolder: 'sk-ant-api03-…',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateKeyInput,
      }));
    if (raw === undefined) return false;
    const input = checkApiKeyInput(raw);
    if (input.verdict === 'empty' || input.verdict === 'admin') {
      log.warn(`Refused an API key: ${input.verdict === 'admin' ? 'an Admin API key' : 'empty input'}.`);
      void vscode.window.showErrorMessage(`Claude API key not saved. ${input.reason ?? ''}`);
      return false;
    }
    log.rememberSecret(input.key);
    await store.store(input.key);
    const cleaning = input.cleaned.length > 0 ? ` ${describeCleaning(input.cleaned, 'past')}` : '';
    log.info(`API key saved in secret storage (${maskApiKey(input.key)}).${cleaning}`);
    if (input.verdict === 'unusual') {
      void vscode.window.showWarningMessage(`Claude API key saved (${maskApiKey(input.key)}), but check it: ${input.reason ?? ''}${cleaning}`);
    } else {
      const precedence = store.hasEnvironmentKey() ? ` It takes precedence over ${apiKeyEnvVar}.` : '';
      void vscode.window.showInformationMessage(`Claude API key saved (${maskApiKey(input.key)}).${cleaning}${precedence}`);
    }
    return true;
  };

  const clearApiKey = async (): Promise<boolean> => {
    const had = await store.stored();
    if (had === undefined) {
      void vscode.window.showInformationMessage('No Claude API key is stored in secret storage.');
      return false;
    }
    await store.clear();
    log.info('API key removed from secret storage.');
    const fallback = store.hasEnvironmentKey() ? ` The key from ${apiKeyEnvVar} is used from now on.` : '';
    void vscode.window.showInformationMessage(`Claude API key removed from secret storage.${fallback}`);
    return true;
  };

  return vscode.Disposable.from(
    registerCommand(log, commandIds.setApiKey, setApiKey),
    registerCommand(log, commandIds.clearApiKey, clearApiKey),
  );
}
