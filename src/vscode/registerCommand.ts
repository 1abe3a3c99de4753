import * as vscode from 'vscode';
import type { Log } from '../log';
import { notify } from './notify';

/**
 * Registers a command whose failures are logged and shown, never thrown into the
 * extension host (an unhandled rejection there shows the user nothing useful).
 */
export function registerCommand(
  log: Log,
  id: string,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      log.error(`Command ${id} failed`, error);
      // notify() redacts, logs and never rejects; showing the log cannot fail in a way worth more than the log.
      void notify(log, 'error', `Claude API Health: ${id} failed. See the log for details.`, 'Show Log').then((choice) => {
        if (choice) log.show();
      });
      return undefined;
    }
  });
}
