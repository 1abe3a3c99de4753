import * as vscode from 'vscode';
import { rules } from '../analysis/registry';
import { ruleDocsFile, ruleDocsName } from '../analysis/rules/docs';
import { internalCommandIds } from '../constants';
import type { Log } from '../log';
import { registerCommand } from './registerCommand';

const knownRuleIds = new Set<string>(rules.map((rule) => rule.id));

/**
 * The target of a diagnostic's rule-id link: a command link that opens the bundled page. VS Code
 * opens code targets with command links allowed (Problems panel tree and table, hover, the F8
 * widget: so in 1.100's workbench and in VS Code's current sources), and a command can show the
 * rendered page, where a file link would open the Markdown source.
 */
export function ruleDocsLink(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: 'command', path: internalCommandIds.showRuleDocs, query: JSON.stringify([ruleId]) });
}

/**
 * Registers the command behind the links and "Learn more": it shows the rule's page from the
 * extension's own folder in the Markdown preview, or as text if the preview is not available
 * (the built-in Markdown extension disabled). Only rule ids of ours are accepted: a command link
 * is a string anyone can write, so it must not choose the file.
 */
export function registerRuleDocsCommand(log: Log, extensionUri: vscode.Uri): vscode.Disposable {
  return registerCommand(log, internalCommandIds.showRuleDocs, async (ruleId: unknown) => {
    if (typeof ruleId !== 'string' || !knownRuleIds.has(ruleId)) {
      log.warn(`No rule page for ${JSON.stringify(ruleId)}.`);
      return false;
    }
    const page = vscode.Uri.joinPath(extensionUri, ...ruleDocsFile(ruleDocsName(ruleId)).split('/'));
    try {
      await vscode.commands.executeCommand('markdown.showPreview', page);
    } catch (error) {
      log.warn(`The Markdown preview is not available (${error instanceof Error ? error.message : String(error)}); opening the page as text.`);
      await vscode.commands.executeCommand('vscode.open', page);
    }
    return true;
  });
}
