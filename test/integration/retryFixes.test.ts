// The usage rules' fixes in the real extension host: each pilot fix applied through the code action API
// as one WorkspaceEdit, the finding gone afterwards, and neither offered by fix-all (they change behaviour).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, diagnosticsWhen, quickFixes, waitFor } from './helpers';

/** Our diagnostics of `rule` once `ready` holds. */
const ruleDiagnostics = (uri: vscode.Uri, rule: string, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> => diagnosticsWhen(uri, rule, ready);

/** A key of real shape, built here so none sits in the repository. */
function fakeKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
  let body = '';
  for (let i = 0; i < 93; i++) body += alphabet[(i * 7 + 11) % alphabet.length];
  return `sk-ant-api03-${body}AA`;
}

describe('usage-rule fixes through the code action API (in the real extension host)', function () {
  this.timeout(40_000);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('claude/hardcoded-api-key: moves the key to os.environ with `import os` added, in one edit; not in fix-all', async () => {
    const content = ['import anthropic', '', `client = anthropic.Anthropic(api_key="${fakeKey()}")`, ''].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await ruleDiagnostics(document.uri, 'claude/hardcoded-api-key', (d) => d.length === 1);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(!diagnostic.message.includes(fakeKey().slice(13, 50)), 'the diagnostic must not show the key');
    const fixAll = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, 'source.fixAll.claudeHealth')) ?? [];
    assert.deepStrictEqual(fixAll.filter((a) => a.title.startsWith('Fix all Claude')).map((a) => a.title), []);
    const fix = (await quickFixes(document, diagnostic.range)).find((a) => a.title.startsWith('Read the key from ANTHROPIC_API_KEY'));
    assert.ok(fix?.edit, 'the environment fix is offered');
    assert.strictEqual(fix.edit.get(document.uri).length, 2, 'the import and the replacement are one WorkspaceEdit');
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    assert.strictEqual(document.getText(), ['import anthropic', 'import os', '', 'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])', ''].join('\n'));
    await ruleDiagnostics(document.uri, 'claude/hardcoded-api-key', (d) => d.length === 0);
  });

  it('claude/retries-disabled: raises maxRetries on the client construction', async () => {
    const content = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ maxRetries: 0 });', 'export const ask = (model: string) => client.messages.create({ model, max_tokens: 1, messages: [] });', ''].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 1);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(document.getText(diagnostic.range), 'new Anthropic({ maxRetries: 0 })', 'shown where the 0 is decided');
    const fix = (await quickFixes(document, diagnostic.range)).find((a) => a.title.startsWith('Let the SDK retry'));
    assert.ok(fix?.edit, 'the retries fix is offered');
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    assert.strictEqual(document.getText(), content.replace('maxRetries: 0', 'maxRetries: 4'));
    await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 0);
  });
  it('wrap in retry: the helper goes in once, a second application on another call reuses it; both findings gone', async () => {
    const content = [
      'import anthropic',
      '',
      'client = anthropic.Anthropic(max_retries=0)',
      '',
      '',
      'def ask(prompt):',
      '    return client.messages.create(model="claude-opus-5", max_tokens=64, messages=[{"role": "user", "content": prompt}])',
      '',
      '',
      'def summarise(text):',
      '    return client.messages.create(model="claude-sonnet-4-6", max_tokens=64, messages=[{"role": "user", "content": text}])',
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(document);
    // One finding, on the client construction; it offers a wrap fix for each bare call through the client.
    const wrapIn = async (diagnostic: vscode.Diagnostic, call: string): Promise<void> => {
      const fix = (await quickFixes(document, diagnostic.range)).find((a) => a.title.startsWith('Wrap in retry with backoff') && a.title.endsWith(`(the call in ${call}())`));
      assert.ok(fix?.edit, `the wrap fix for the call in ${call}() is offered`);
      assert.notStrictEqual(fix.isPreferred, true, 'raising the SDK retries stays the preferred fix');
      assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    };
    const [finding] = await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 1);
    assert.strictEqual(document.getText(finding.range), 'anthropic.Anthropic(max_retries=0)');
    await wrapIn(finding, 'ask');
    const helperCount = () => document.getText().match(/^def call_claude_with_retry\(/gm)?.length ?? 0;
    assert.strictEqual(helperCount(), 1);
    assert.match(document.getText(), /^ {4}return call_claude_with_retry\(client, lambda retry_client: retry_client\.messages\.create\(model="claude-opus-5"/m);
    // The call in summarise() is still bare: the finding stays, now offering only that call's wrap.
    const [again] = await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 1 && d[0].message.includes('a call through it'));
    await wrapIn(again, 'summarise');
    assert.strictEqual(helperCount(), 1, 'the second fix reuses the helper');
    assert.strictEqual(document.getText().match(/^def claude_retry_delay_s\(/gm)?.length, 1);
    assert.strictEqual(document.getText().match(/^import time$/gm)?.length, 1);
    assert.match(document.getText(), /^ {4}return call_claude_with_retry\(client, lambda retry_client: retry_client\.messages\.create\(model="claude-sonnet-4-6"/m);
    await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 0);
    const fixAll = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.claudeHealth')) ?? [];
    assert.deepStrictEqual(fixAll.filter((a) => a.title.startsWith('Fix all Claude')).map((a) => a.title), [], 'never part of fix-all');
  });

  it("wrap in retry builds on tenacity when the workspace project depends on it, and follows a change of the project's manifest", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the tests run in a workspace folder');
    const project = vscode.Uri.joinPath(folder, 'retry-project');
    const requirements = vscode.Uri.joinPath(project, 'requirements.txt');
    const source = vscode.Uri.joinPath(project, 'ask.py');
    const encode = (text: string) => new TextEncoder().encode(text);
    await vscode.workspace.fs.writeFile(requirements, encode('anthropic\ntenacity>=8\n'));
    await vscode.workspace.fs.writeFile(source, encode(['import anthropic', '', 'client = anthropic.Anthropic(max_retries=0)', 'reply = client.messages.create(model="claude-opus-5", max_tokens=8, messages=[])', ''].join('\n')));
    try {
      const document = await vscode.workspace.openTextDocument(source);
      await vscode.window.showTextDocument(document);
      const wrapTitle = async (): Promise<string | undefined> => {
        const [diagnostic] = await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 1);
        return (await quickFixes(document, diagnostic.range)).find((a) => a.title.startsWith('Wrap in retry'))?.title;
      };
      await waitFor('the tenacity variant', async () => ((await wrapTitle())?.includes('(tenacity)') ? true : undefined), 15_000);
      const fix = (await quickFixes(document, (await ruleDiagnostics(document.uri, 'claude/retries-disabled', (d) => d.length === 1))[0].range)).find((a) => a.title.includes('(tenacity)'));
      assert.ok(fix?.edit);
      const edited = fix.edit.get(document.uri).map((e) => e.newText).join('\n');
      assert.match(edited, /^import tenacity$/m);
      assert.match(edited, /call_claude_with_tenacity\(client, lambda retry_client:/);
      await vscode.workspace.fs.writeFile(requirements, encode('anthropic\n'));
      await waitFor('the self-contained variant after the manifest change', async () => ((await wrapTitle()) === "Wrap in retry with backoff (and switch the SDK's retries off inside) (the call on line 4)" ? true : undefined), 15_000);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(project, { recursive: true });
    }
  });
});
