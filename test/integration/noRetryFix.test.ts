// claude/no-retry's fixes in the real extension host, through the code action API: raw HTTP wrapped in the
// raw HTTP retry helper (inserted once, in one WorkspaceEdit), a framework's retries put back where the 0 is,
// the finding gone afterwards, and neither offered by fix-all (they change behaviour).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, diagnosticsWhen, waitFor } from './helpers';

const rule = 'claude/no-retry';

function noRetryDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Claude API Health' && typeof d.code === 'object' && d.code !== null && String(d.code.value) === rule);
}

/** The code actions of `kind` at `range`, asked again while a request comes back `Canceled` (another provider, the built-in TypeScript features on an untitled file, still starting). */
async function codeActions(document: vscode.TextDocument, range: vscode.Range, kind: string): Promise<vscode.CodeAction[]> {
  return waitFor(`the ${kind} code actions`, async () => {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, kind)) ?? [];
    } catch (error) {
      if (error instanceof Error && error.message === 'Canceled') return undefined;
      throw error;
    }
  });
}

/** Our quick fix titled `title` at `range`, asked again until offered. */
async function quickFix(document: vscode.TextDocument, range: vscode.Range, title: string): Promise<vscode.CodeAction> {
  return waitFor(`the quick fix "${title}"`, async () => (await codeActions(document, range, vscode.CodeActionKind.QuickFix.value)).find((action) => action.title === title && action.edit !== undefined));
}

async function notInFixAll(document: vscode.TextDocument, range: vscode.Range): Promise<void> {
  const fixAll = await codeActions(document, range, 'source.fixAll.claudeHealth');
  assert.deepStrictEqual(fixAll.filter((a) => a.title.startsWith('Fix all Claude')).map((a) => a.title), []);
}

describe('claude/no-retry fixes through the code action API (in the real extension host)', function () {
  this.timeout(40_000);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('raw HTTP (httpx): both calls wrapped, the helper inserted once, the findings gone; not in fix-all', async () => {
    const content = [
      'import httpx',
      '',
      'API_URL = "https://api.anthropic.com/v1/messages"',
      'HEADERS = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}',
      '',
      '',
      'def ask(body):',
      '    return httpx.post(API_URL, headers=HEADERS, json=body).json()',
      '',
      '',
      'async def ask_async(client: httpx.AsyncClient, body):',
      '    response = await client.post(API_URL, headers=HEADERS, json=body)',
      '    return response.json()',
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(document);
    const title = 'Wrap in retry with backoff (the request sent again on 408, 409, 429, 5xx, 529 and connection errors)';
    for (const remaining of [2, 1]) {
      // On a time-out it says which of our diagnostics the document has instead.
      const diagnostics = await diagnosticsWhen(document.uri, rule, (ours) => ours.length === remaining);
      assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Warning);
      await notInFixAll(document, diagnostics[0].range);
      const fix = await quickFix(document, diagnostics[0].range, title);
      assert.strictEqual(await vscode.workspace.applyEdit(fix.edit!), true);
    }
    await waitFor(`no ${rule} diagnostics`, () => (noRetryDiagnostics(document.uri).length === 0 ? true : undefined), 15_000);
    const text = document.getText();
    assert.match(text, /^ {4}return call_claude_http_with_retry\(lambda: httpx\.post\(API_URL, headers=HEADERS, json=body\), connection_errors=httpx\.TransportError\)\.json\(\)$/m);
    assert.match(text, /^ {4}response = await call_claude_http_with_retry_async\(lambda: client\.post\(API_URL, headers=HEADERS, json=body\), connection_errors=httpx\.TransportError\)$/m);
    assert.strictEqual(text.match(/^def claude_retry_wait_s\(/gm)?.length, 1, 'the wait block once');
    assert.doesNotMatch(text, /import anthropic/);
  });

  it('the Vercel AI SDK with maxRetries: 0: the fix puts its default 2 back on the call', async () => {
    const content = [
      "import { anthropic } from '@ai-sdk/anthropic';",
      "import { generateText } from 'ai';",
      "export const ask = async (prompt: string) => (await generateText({ model: anthropic('claude-haiku-5-5'), maxRetries: 0, prompt })).text;",
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitFor(`a ${rule} diagnostic`, () => {
      const ours = noRetryDiagnostics(document.uri);
      return ours.length === 1 ? ours : undefined;
    }, 15_000);
    await notInFixAll(document, diagnostic.range);
    const fix = await quickFix(document, diagnostic.range, 'Let generateText retry: maxRetries: 2 (its default)');
    assert.strictEqual(fix.isPreferred, true);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.strictEqual(document.getText(), content.replace('maxRetries: 0', 'maxRetries: 2'));
    await waitFor(`no ${rule} diagnostics`, () => (noRetryDiagnostics(document.uri).length === 0 ? true : undefined), 15_000);
  });
});
