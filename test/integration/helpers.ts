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
