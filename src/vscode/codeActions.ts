import * as vscode from 'vscode';
import { extensionName, fixAllKindSuffix, internalCommandIds } from '../constants';
import type { Finding, OffsetEdit } from '../analysis/types';
import type { FindingsStore } from './findingsStore';

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
      // Every edit of the fix in one WorkspaceEdit: an import at the top and the change at the finding apply or fail together.
      for (const edit of fix.edits) action.edit.replace(document.uri, offsetRange(document, edit), edit.newText);
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

  /**
   * Every finding's preferred fix, in one edit; only `safe` fixes (a model name): a fix that changes
   * behaviour (retries, a key moved to the environment) is always the user's own choice.
   */
  private fixAll(document: vscode.TextDocument): vscode.CodeAction | undefined {
    const edit = new vscode.WorkspaceEdit();
    const taken: Array<[number, number]> = [];
    let count = 0;
    for (const finding of this.store.get(document)) {
      const preferred = finding.fixes.find((fix) => fix.isPreferred && fix.kind === 'safe');
      if (!preferred) continue;
      // Two fixes touching the same text cannot join one WorkspaceEdit.
      if (preferred.edits.some((e) => taken.some(([start, end]) => e.startOffset < end && start < e.endOffset))) continue;
      for (const e of preferred.edits) {
        edit.replace(document.uri, offsetRange(document, e), e.newText);
        taken.push([e.startOffset, e.endOffset]);
      }
      count++;
    }
    if (count === 0) return undefined;
    const action = new vscode.CodeAction(`Fix all Claude model names (${count})`, fixAllKind);
    action.edit = edit;
    return action;
  }
}

/** The document range of an edit's offsets (the findings were made from this version: FindingsStore checks it). */
function offsetRange(document: vscode.TextDocument, edit: OffsetEdit): vscode.Range {
  return new vscode.Range(document.positionAt(edit.startOffset), document.positionAt(edit.endOffset));
}
