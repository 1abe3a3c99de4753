/** Small helpers for tests running inside the extension host. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeHealthApi } from '../../src/extension';

export const extensionId = 'claude-api-health.claude-api-health';

/** Activates the extension under test (if the startup event has not already) and returns its API. */
export async function activateExtension(): Promise<ClaudeHealthApi> {
  const extension = vscode.extensions.getExtension<ClaudeHealthApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this VS Code`);
  return extension.activate();
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
