/** Small helpers for tests running inside the extension host. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeHealthApi } from '../../src/extension';

export const extensionId = 'claude-api-health.claude-api-health';

/** The local fake Claude API the runner started; the extension must talk to nothing else. */
export function fakeApiUrl(): string {
  const url = process.env.CLAUDE_HEALTH_FAKE_API_URL;
  assert.ok(url, 'the runner sets CLAUDE_HEALTH_FAKE_API_URL');
  return url;
}

/** Activates the extension under test (if the startup event has not already) and returns its API. */
export async function activateExtension(): Promise<ClaudeHealthApi> {
  const extension = vscode.extensions.getExtension<ClaudeHealthApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this VS Code`);
  const api = await extension.activate();
  // Tests must never reach the real Anthropic hosts.
  assert.strictEqual(api.endpoints().apiBaseUrl, fakeApiUrl(), 'the extension is not pointed at the local fake API');
  return api;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The text of every hover at a position, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** The rule id of one of our diagnostics (`code` is `{ value, target }`). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Our diagnostics of a document (of one rule when given), in text order. */
export function ourDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Claude API Health' && (rule === undefined || codeOf(d) === rule))
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** Our diagnostics of `rule` (every rule: undefined) once `ready` holds, checked at once and on each change event. */
export async function diagnosticsWhen(uri: vscode.Uri, rule: string | undefined, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const now = ourDiagnostics(uri, rule);
  if (ready(now)) return now;
  return new Promise((resolve, reject) => {
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const current = ourDiagnostics(uri, rule);
      if (!ready(current)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(current);
    });
    const timer = setTimeout(() => {
      listener.dispose();
      const have = ourDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${rule ?? 'our'} diagnostics; have: ${have.join(', ') || 'none'}`));
    }, timeoutMs);
  });
}

/**
 * Our quick fixes (the actions with an edit) at `range`, asked again until some are offered: the provider
 * offers fixes only from findings of the document's current version, so right after an edit it has none
 * until the analysis caught up. A request can also come back `Canceled` while another provider (the
 * built-in TypeScript features on an untitled file) is still starting: asked again then.
 */
export async function quickFixes(document: vscode.TextDocument, range: vscode.Range, timeoutMs = 10_000): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let all: vscode.CodeAction[] = [];
    try {
      all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    } catch (error) {
      if (!(error instanceof Error && error.message === 'Canceled') || Date.now() > deadline) throw error;
    }
    const ours = all.filter((a) => a.edit !== undefined);
    if (ours.length > 0 || Date.now() > deadline) return ours;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Applies a code action's WorkspaceEdit and checks VS Code accepted it. */
export async function applyAction(action: vscode.CodeAction | undefined, what: string): Promise<void> {
  assert.ok(action?.edit, `${what} is offered`);
  assert.strictEqual(await vscode.workspace.applyEdit(action.edit), true, `${what} was applied`);
}
