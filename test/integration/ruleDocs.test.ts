import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';

const workspaceRoot = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;

/** The open Markdown preview tabs (a webview whose label names the previewed file). */
function markdownPreviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType));
}

async function closePreviews(): Promise<void> {
  await vscode.window.tabGroups.close(markdownPreviewTabs());
}

/** Waits for our retired-model diagnostic in the fixture's models.py. */
async function retiredDiagnostic(): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const document = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'models.py'));
  await vscode.window.showTextDocument(document);
  const diagnostic = await waitFor(
    'the claude/model-retired diagnostic',
    () =>
      vscode.languages
        .getDiagnostics(document.uri)
        .find((d) => d.source === 'Claude API Health' && typeof d.code === 'object' && d.code.value === 'claude/model-retired'),
    15_000,
  );
  return { document, diagnostic };
}

// The rule pages ship in the .vsix and open in VS Code's Markdown preview, offline: no web page that may not exist.
describe('rule pages (in the real extension host)', function () {
  this.timeout(30_000);

  before(async () => {
    await activateExtension();
    await closePreviews();
  });

  afterEach(async () => {
    await closePreviews();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("links a diagnostic's rule id to a command that opens the bundled page, not to a web address", async () => {
    const { diagnostic } = await retiredDiagnostic();
    const target = (diagnostic.code as { value: string; target: vscode.Uri }).target;
    assert.strictEqual(target.scheme, 'command', target.toString());
    assert.strictEqual(target.path, 'claudeHealth.showRuleDocs');
    assert.deepStrictEqual(JSON.parse(target.query), ['claude/model-retired']);
  });

  it("the rule id's link opens the Markdown preview of the rule's page", async () => {
    const { diagnostic } = await retiredDiagnostic();
    const target = (diagnostic.code as { value: string; target: vscode.Uri }).target;
    // What the workbench does when the link is clicked: run the command with the link's arguments.
    await vscode.commands.executeCommand(target.path, ...(JSON.parse(target.query) as unknown[]));
    const tab = await waitFor('a Markdown preview of model-retired.md', () => markdownPreviewTabs().find((t) => t.label.includes('model-retired.md')));
    assert.ok(tab.isActive, 'the preview is not the active tab');
  });

  it('"Learn more" opens the Markdown preview of the bundled page', async () => {
    const { document, diagnostic } = await retiredDiagnostic();
    const actions = await waitFor('the Learn more action', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range)) ?? [];
      return all.find((a) => a.title === 'Learn more about claude/model-retired');
    });
    assert.ok(actions.command, 'Learn more has no command');
    // (executeCodeActionProvider hands back commands with arguments wrapped; running the wrapper runs ours.)
    await vscode.commands.executeCommand(actions.command.command, ...(actions.command.arguments ?? []));
    await waitFor('a Markdown preview of model-retired.md', () => markdownPreviewTabs().find((t) => t.label.includes('model-retired.md')));
  });

  it('refuses to open anything but a rule page of ours', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('claudeHealth.showRuleDocs', '../../package.json');
    assert.strictEqual(opened, false);
    assert.deepStrictEqual(markdownPreviewTabs(), []);
  });
});
