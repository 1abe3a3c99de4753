import * as vscode from 'vscode';
import { extensionName, fixAllKindSuffix, internalCommandIds } from '../constants';
import type { Finding } from '../analysis/types';
import type { FindingsStore } from './findingsStore';
import { toRange } from './findingsStore';

const fixAllKind = vscode.CodeActionKind.SourceFixAll.append(fixAllKindSuffix);

/**
 * Quick fixes for our diagnostics (one provider for every rule), "Learn more", and
 * fix-all (`source.fixAll.claudeHealth`, usable in `editor.codeActionsOnSave`).
 */
export class ModelCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, fixAllKind],
  };

  constructor(private readonly store: FindingsStore) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const only = context.only;
    const actions: vscode.CodeAction[] = [];
    if (!only || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only)) {
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== extensionName) continue;
        const finding = this.store.findingFor(document, diagnostic);
        if (finding) actions.push(...this.quickFixes(document, finding, diagnostic));
      }
    }
    if (only && (fixAllKind.contains(only) || only.contains(fixAllKind))) {
      const fixAll = this.fixAll(document);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  private quickFixes(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const actions = finding.fixes.map((fix) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, toRange(finding.literal), fix.newText);
      action.diagnostics = [diagnostic];
      action.isPreferred = fix.isPreferred;
      return action;
    });
    // The rule's page as shipped in the .vsix, rendered in VS Code's Markdown preview (works offline).
    const learnMore = new vscode.CodeAction(`Learn more about ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
    learnMore.command = { command: internalCommandIds.showRuleDocs, title: 'Learn more', arguments: [finding.ruleId] };
    learnMore.diagnostics = [diagnostic];
    actions.push(learnMore);
    return actions;
  }

  /** Every finding's preferred fix, in one edit. */
  private fixAll(document: vscode.TextDocument): vscode.CodeAction | undefined {
    const edit = new vscode.WorkspaceEdit();
    let count = 0;
    for (const finding of this.store.get(document)) {
      const preferred = finding.fixes.find((fix) => fix.isPreferred);
      if (!preferred) continue;
      edit.replace(document.uri, toRange(finding.literal), preferred.newText);
      count++;
    }
    if (count === 0) return undefined;
    const action = new vscode.CodeAction(`Fix all Claude model names (${count})`, fixAllKind);
    action.edit = edit;
    return action;
  }
}
