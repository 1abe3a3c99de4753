import * as vscode from 'vscode';
import { apiKeyEnvVar, commandIds } from '../constants';
import type { Log } from '../log';
import { checkApiKeyInput, describeCleaning, keyInputFeedback, maskApiKey } from '../secrets/apiKey';
import type { ApiKeyStore } from './apiKeyStore';
import { notify } from './notify';
import { registerCommand } from './registerCommand';

const inputSeverity = {
  error: vscode.InputBoxValidationSeverity.Error,
  warning: vscode.InputBoxValidationSeverity.Warning,
  info: vscode.InputBoxValidationSeverity.Info,
} as const;

/** Live feedback in the input box while the user pastes; an error blocks Enter. */
function validateKeyInput(value: string): vscode.InputBoxValidationMessage | undefined {
  const feedback = keyInputFeedback(value);
  return feedback && { message: feedback.message, severity: inputSeverity[feedback.severity] };
}

/**
 * "Claude: Set API Key" and "Claude: Clear API Key".
 * Set takes an optional `{ key }` argument so that it can be driven without the input box
 * (keybindings, tests); the key is still checked exactly as typed input is.
 * Every message shown goes through `notify`, which redacts it and logs it.
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
    // Masked from here on, saved or not: the refusal below must not echo it either.
    log.rememberSecret(raw.trim());
    log.rememberSecret(input.key);
    if (input.verdict === 'empty' || input.verdict === 'admin' || input.verdict === 'malformed') {
      const what = { empty: 'empty input', admin: 'an Admin API key', malformed: `a malformed key (${maskApiKey(input.key)})` }[input.verdict];
      log.warn(`Refused an API key: ${what}.`);
      void notify(log, 'error', `Claude API key not saved. ${input.reason ?? ''}`);
      return false;
    }
    await store.store(input.key);
    const cleaning = input.cleaned.length > 0 ? ` ${describeCleaning(input.cleaned, 'past')}` : '';
    log.info(`API key saved in secret storage (${maskApiKey(input.key)}).${cleaning}`);
    if (input.verdict === 'unusual') {
      void notify(log, 'warning', `Claude API key saved (${maskApiKey(input.key)}), but check it: ${input.reason ?? ''}${cleaning}`);
    } else {
      const precedence = store.hasEnvironmentKey() ? ` It takes precedence over ${apiKeyEnvVar}.` : '';
      void notify(log, 'info', `Claude API key saved (${maskApiKey(input.key)}).${cleaning}${precedence}`);
    }
    return true;
  };

  const clearApiKey = async (): Promise<boolean> => {
    const had = await store.stored();
    if (had === undefined) {
      void notify(log, 'info', 'No Claude API key is stored in secret storage.');
      return false;
    }
    await store.clear();
    log.info('API key removed from secret storage.');
    const fallback = store.hasEnvironmentKey() ? ` The key from ${apiKeyEnvVar} is used from now on.` : '';
    void notify(log, 'info', `Claude API key removed from secret storage.${fallback}`);
    return true;
  };

  return vscode.Disposable.from(
    registerCommand(log, commandIds.setApiKey, setApiKey),
    registerCommand(log, commandIds.clearApiKey, clearApiKey),
  );
}
