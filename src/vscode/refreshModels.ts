import * as vscode from 'vscode';
import type { Log } from '../log';
import type { CatalogService } from './catalogService';
import { notify } from './notify';

/** "Claude: Refresh Model List": fetches the live list now and says what came of it. */
// notify() redacts, logs and never rejects; not awaited: the command is done when the list is, not when the message is closed.
export async function refreshModelList(catalogs: CatalogService, log: Log): Promise<void> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Refreshing the Claude model list' },
    () => catalogs.refresh(true),
  );
  const { source, asOf } = catalogs.current().source;
  if (outcome.ok) {
    void notify(log, 'info', `Claude model list refreshed: ${outcome.count} models from the Models API.`);
  } else {
    const using = source === 'live' ? `the live list fetched ${asOf}` : `the bundled list (as of ${asOf})`;
    void notify(log, 'warning', `Could not refresh the Claude model list (${outcome.reason}). Using ${using}.`);
  }
}
