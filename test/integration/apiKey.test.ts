import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, extensionId, waitFor } from './helpers';
import type { ClaudeHealthApi } from '../../src/extension';

// Unique keys per run, so finding one in the log cannot be a coincidence.
const nonce = Date.now().toString(36);
const userKey = `sk-ant-api03-IntegrationUserKey${nonce}AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-xyzAA`;
const adminKey = `sk-ant-admin01-IntegrationAdminKey${nonce}AbCdEfGhIjKlMnOpQrStUvWxYz0123456789`;

/** Everything the extension's LogOutputChannel has written to disk so far. */
function readLog(api: ClaudeHealthApi): string {
  if (!fs.existsSync(api.logFolder)) return '';
  return fs
    .readdirSync(api.logFolder)
    .filter((f) => f.endsWith('.log'))
    .map((f) => fs.readFileSync(path.join(api.logFolder, f), 'utf8'))
    .join('\n');
}

describe('API key handling (in the real extension host)', () => {
  let api: ClaudeHealthApi;

  before(async () => {
    api = await activateExtension();
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
  });

  after(async () => {
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
  });

  it('registers every command the manifest contributes', async () => {
    const contributed = (vscode.extensions.getExtension(extensionId)!.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(contributed.length >= 8, `the manifest contributes ${contributed.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('uses ANTHROPIC_API_KEY from the environment when no key is stored', async () => {
    assert.ok(process.env.ANTHROPIC_API_KEY, 'the test runner sets ANTHROPIC_API_KEY for the extension host');
    assert.strictEqual(await api.apiKeySource(), 'environment');
  });

  it('stores a pasted key (quotes and newline trimmed) in SecretStorage, which then wins over the environment', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('claudeHealth.setApiKey', { key: ` "${userKey}"\n` });
    assert.strictEqual(saved, true);
    assert.strictEqual(await api.apiKeySource(), 'secretStorage');
  });

  it('refuses an Admin API key and keeps the stored one', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('claudeHealth.setApiKey', { key: adminKey });
    assert.strictEqual(saved, false);
    assert.strictEqual(await api.apiKeySource(), 'secretStorage');
  });

  it('clears the stored key, falling back to the environment', async () => {
    const cleared = await vscode.commands.executeCommand<boolean>('claudeHealth.clearApiKey');
    assert.strictEqual(cleared, true);
    assert.strictEqual(await api.apiKeySource(), 'environment');
    const clearedAgain = await vscode.commands.executeCommand<boolean>('claudeHealth.clearApiKey');
    assert.strictEqual(clearedAgain, false);
  });

  it('never writes a key to the log', async () => {
    const log = await waitFor('the log lines of the key commands', () => {
      const text = readLog(api);
      return text.includes('API key removed from secret storage') && text.includes('Refused an API key') ? text : undefined;
    });
    assert.match(log, /API key saved in secret storage \(sk-ant-api03-…yzAA\)/);
    for (const secret of [userKey, adminKey, process.env.ANTHROPIC_API_KEY ?? '<unset>']) {
      assert.ok(!log.includes(secret), 'a key reached the log');
      assert.ok(!log.includes(secret.slice(15, 40)), 'part of a key reached the log');
    }
  });
});
