import * as vscode from 'vscode';
import { commandIds } from '../constants';

/** One entry of the status bar item's click menu. */
interface MenuItem extends vscode.QuickPickItem {
  command: string;
}

/** The status bar item's click menu, Diagnose Connection first (the question a red item raises). */
export const healthMenuItems: readonly MenuItem[] = [
  { label: '$(pulse) Diagnose Connection', description: 'whose problem is it, with the evidence', command: commandIds.diagnoseConnection },
  { label: '$(graph) Show Health Details', description: 'latency, availability, incidents', command: commandIds.showHealthDetails },
  { label: '$(refresh) Refresh Health', description: 'check now', command: commandIds.refreshHealth },
  { label: '$(link-external) Open Status Page', command: commandIds.openStatusPage },
  { label: '$(output) Show Log', command: commandIds.showLog },
];

/** Shows the menu and runs the chosen command (nothing when dismissed). */
export async function showHealthMenu(): Promise<void> {
  const choice = await vscode.window.showQuickPick(healthMenuItems, { title: 'Claude API Health', placeHolder: 'What do you want to do?' });
  if (choice) await vscode.commands.executeCommand(choice.command);
}
