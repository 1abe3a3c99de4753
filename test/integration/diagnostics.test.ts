import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, hoverText } from './helpers';

const workspaceRoot = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;

/** Ours only, sorted by position. */
function claudeDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Claude API Health')
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Waits until our diagnostics for `uri` satisfy `ready` (checked on every change event, not by sleeping). */
async function diagnosticsWhen(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const now = claudeDiagnostics(uri);
  if (ready(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`Timed out waiting for diagnostics on ${path.basename(uri.fsPath)}; have: ${claudeDiagnostics(uri).map(codeOf).join(', ')}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const current = claudeDiagnostics(uri);
      if (ready(current)) {
        clearTimeout(timer);
        listener.dispose();
        resolve(current);
      }
    });
  });
}

async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), name));
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Our code actions at `range`. Fixes are offered only once the findings belong to the document's current
 * version (a fix on a stale range would corrupt the text), so right after an edit or a revert this polls
 * until the provider offers something.
 */
async function codeActionsAt(document: vscode.TextDocument, range: vscode.Range, kind?: string, timeoutMs = 5_000): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, kind)) ?? [];
    // Other extensions (e.g. Copilot on 1.139) add their own actions; ours either edit or are the Learn more link.
    const ours = all.filter((a) => a.edit !== undefined || a.title.startsWith('Learn more about claude/'));
    if (ours.length > 0 || Date.now() > deadline) return ours;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Applies a code action's edit and checks it was accepted. */
async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" has no edit`);
  assert.strictEqual(await vscode.workspace.applyEdit(action.edit), true, `"${action.title}" was not applied`);
}

describe('model-name diagnostics and quick fixes (in the real extension host)', function () {
  this.timeout(30_000);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports each problem in a Python file with source, code, link and exact range', async () => {
    const document = await openFixture('models.py');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length >= 4);
    assert.deepStrictEqual(
      diagnostics.map((d) => [codeOf(d), document.getText(d.range), d.severity]),
      [
        ['claude/model-alias', 'claude-haiku-4-5', vscode.DiagnosticSeverity.Warning],
        ['claude/model-retired', 'claude-3-opus-20240229', vscode.DiagnosticSeverity.Error],
        ['claude/model-unknown', 'claude-3.5-sonnet-20241022', vscode.DiagnosticSeverity.Error],
        // End of life 2026-11-30, 8 days after the test's day: within the last 14 days, so an error.
        ['claude/model-deprecated', 'claude-sonnet-4-5-20250929', vscode.DiagnosticSeverity.Error],
      ],
    );
    for (const d of diagnostics) {
      // The link runs the command that opens the rule's bundled page (test/integration/ruleDocs.test.ts).
      const code = d.code as { value: string; target: vscode.Uri };
      assert.strictEqual(`${code.target.scheme}:${code.target.path}`, 'command:claudeHealth.showRuleDocs');
      assert.deepStrictEqual(JSON.parse(code.target.query), [code.value]);
    }
    assert.match(diagnostics[1].message, /retired/);
    assert.match(diagnostics[3].message, /2026-11-30/);
  });

  it('pins an alias to its dated snapshot with the preferred quick fix', async () => {
    const document = await openFixture('models.py');
    const [alias] = await diagnosticsWhen(document.uri, (d) => d.some((x) => codeOf(x) === 'claude/model-alias'));
    const actions = await codeActionsAt(document, alias.range, vscode.CodeActionKind.QuickFix.value);
    const pin = actions.find((a) => a.title.includes('claude-haiku-4-5-20251001'));
    assert.ok(pin, actions.map((a) => a.title).join(' | '));
    assert.strictEqual(pin.isPreferred, true);
    await apply(pin);
    assert.match(document.getText(), /FAST_MODEL = "claude-haiku-4-5-20251001"/);
    await diagnosticsWhen(document.uri, (d) => !d.some((x) => codeOf(x) === 'claude/model-alias'));
  });

  it('replaces a retired model with its replacement and offers a Learn more link', async () => {
    const document = await openFixture('models.py');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.some((x) => codeOf(x) === 'claude/model-retired'));
    const retired = diagnostics.find((d) => codeOf(d) === 'claude/model-retired')!;
    const actions = await codeActionsAt(document, retired.range);
    // (Commands with arguments come back from executeCodeActionProvider wrapped, so check the title.)
    const learnMore = actions.find((a) => a.title === 'Learn more about claude/model-retired');
    assert.ok(learnMore?.command, `no Learn more action: ${actions.map((a) => a.title).join(' | ')}`);
    const replace = actions.find((a) => a.isPreferred);
    assert.ok(replace, actions.map((a) => a.title).join(' | '));
    await apply(replace);
    const newText = document.getText(new vscode.Range(retired.range.start, retired.range.start.translate(0, 40))).split('"')[0];
    assert.ok(/^claude-opus-/.test(newText), newText);
    await diagnosticsWhen(document.uri, (d) => !d.some((x) => codeOf(x) === 'claude/model-retired'));
  });

  it('offers each "did you mean" suggestion for a name that never existed', async () => {
    const document = await openFixture('models.py');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.some((x) => codeOf(x) === 'claude/model-unknown'));
    const unknown = diagnostics.find((d) => codeOf(d) === 'claude/model-unknown')!;
    const fixes = (await codeActionsAt(document, unknown.range, vscode.CodeActionKind.QuickFix.value)).filter((a) => a.edit);
    assert.ok(fixes.length >= 1, 'no suggestion');
    for (const fix of fixes) assert.match(fix.title, /claude-/);
  });

  it('fixes everything in the file at once (source.fixAll)', async () => {
    const document = await openFixture('models.py');
    await diagnosticsWhen(document.uri, (d) => d.length >= 4);
    const [fixAll] = await codeActionsAt(document, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.claudeHealth');
    assert.ok(fixAll, 'no fix-all action');
    await apply(fixAll);
    const remaining = await diagnosticsWhen(document.uri, (d) => d.length === 0 || d.every((x) => codeOf(x) === 'claude/model-unknown' && x.severity !== vscode.DiagnosticSeverity.Error));
    assert.deepStrictEqual(remaining.map(codeOf), []);
    assert.ok(!document.getText().includes('"claude-3-opus-20240229"'));
  });

  it('does not report comments, pinned 4.6+ IDs or suppressed lines', async () => {
    const document = await openFixture('models.py');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length >= 4);
    const texts = diagnostics.map((d) => document.getText(d.range));
    assert.ok(!texts.includes('claude-opus-5'));
    assert.ok(!texts.includes('claude-3-haiku-20240307'), 'the suppressed line was reported');
    assert.strictEqual(texts.filter((t) => t === 'claude-3-opus-20240229').length, 1, 'the comment was reported');
  });

  it('follows a per-rule severity setting, including off', async () => {
    const config = vscode.workspace.getConfiguration('claudeHealth');
    const document = await openFixture('models.py');
    try {
      await config.update('rules.modelAlias', 'off', vscode.ConfigurationTarget.Workspace);
      await diagnosticsWhen(document.uri, (d) => d.length >= 3 && !d.some((x) => codeOf(x) === 'claude/model-alias'));
      await config.update('rules.modelRetired', 'info', vscode.ConfigurationTarget.Workspace);
      await diagnosticsWhen(document.uri, (d) => d.some((x) => codeOf(x) === 'claude/model-retired' && x.severity === vscode.DiagnosticSeverity.Information));
    } finally {
      await config.update('rules.modelAlias', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('rules.modelRetired', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('shows the catalog card on hover', async () => {
    const document = await openFixture('models.py');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length >= 4);
    const deprecated = diagnostics.find((d) => codeOf(d) === 'claude/model-deprecated')!;
    const text = await hoverText(document.uri, deprecated.range.start.translate(0, 3));
    assert.match(text, /claude-sonnet-4-5-20250929/);
    assert.match(text, /2026-11-30/);
    // The source line, in either state: other tests may have loaded the live list (a key and a model in an open file).
    assert.match(text, /_Data: (the bundled snapshot of|the Models API, fetched) \d{4}-\d{2}-\d{2}\._/);
  });

  it('reports a retired model in TypeScript and updates as the user types', async () => {
    const document = await openFixture('models.ts');
    const [retired] = await diagnosticsWhen(document.uri, (d) => d.length === 1);
    assert.strictEqual(codeOf(retired), 'claude/model-retired');
    assert.strictEqual(document.getText(retired.range), 'claude-3-5-sonnet-latest');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.replace(retired.range, 'claude-sonnet-4-6'));
    await diagnosticsWhen(document.uri, (d) => d.length === 0);
  });

  it('"Scan Workspace" reports files that are not open, skipping node_modules and git-ignored files', async () => {
    await vscode.commands.executeCommand('claudeHealth.scanWorkspace');
    const unopened = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'unopened.js'));
    const [retired] = await diagnosticsWhen(unopened, (d) => d.length === 1);
    assert.strictEqual(codeOf(retired), 'claude/model-retired');
    assert.deepStrictEqual(claudeDiagnostics(vscode.Uri.file(path.join(workspaceRoot(), 'node_modules', 'somepkg', 'index.js'))), []);
    assert.deepStrictEqual(claudeDiagnostics(vscode.Uri.file(path.join(workspaceRoot(), 'ignored.py'))), []);
  });
});
