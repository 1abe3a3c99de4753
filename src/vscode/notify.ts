import * as vscode from 'vscode';
import type { Log } from '../log';

/** How loud a notification is. */
export type NotificationLevel = 'info' | 'warning' | 'error';

function show(level: NotificationLevel, text: string, actions: string[]): Thenable<string | undefined> {
  switch (level) {
    case 'info':
      return vscode.window.showInformationMessage(text, ...actions);
    case 'warning':
      return vscode.window.showWarningMessage(text, ...actions);
    case 'error':
      return vscode.window.showErrorMessage(text, ...actions);
  }
}

/**
 * Shows a notification after the log's redaction (every key shape and every key the log knows), and
 * writes the same text to the log: a notification vanishes, the log is what the user can look up and
 * send. Resolves with the action chosen; never rejects (a failure to show is logged).
 */
export async function notify(log: Log, level: NotificationLevel, message: string, ...actions: string[]): Promise<string | undefined> {
  const text = log.redact(message);
  log.info(`Notification (${level}): ${text}`);
  try {
    return await show(level, text, actions);
  } catch (error) {
    log.error('Could not show a notification', error);
    return undefined;
  }
}
