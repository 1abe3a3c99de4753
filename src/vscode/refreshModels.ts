import * as vscode from 'vscode';
import type { CatalogService } from './catalogService';

/** "Claude: Refresh Model List": fetches the live list now and says what came of it. */
export async function refreshModelList(catalogs: CatalogService): Promise<void> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Refreshing the Claude model list' },
    () => catalogs.refresh(true),
  );
  const { source, asOf } = catalogs.current().source;
  if (outcome.ok) {
    void vscode.window.showInformationMessage(`Claude model list refreshed: ${outcome.count} models from the Models API.`);
  } else {
    const using = source === 'live' ? `the live list fetched ${asOf}` : `the bundled list (as of ${asOf})`;
    void vscode.window.showWarningMessage(`Could not refresh the Claude model list (${outcome.reason}). Using ${using}.`);
  }
}
