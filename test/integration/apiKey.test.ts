import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { keyPiecesIn, nastyKey } from '../support/secretLeaks';
import { activateExtension, extensionId, fakeApiUrl, waitFor } from './helpers';
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

// Issue 7 item 10: a key with a '.', a space and a line break is refused from the command argument and
// from the environment, never sent, and nothing of it beyond the fingerprint `Zq9x` reaches the log, the
// notifications (notify() writes each one to the log) or the status bar.
describe('malformed API keys (in the real extension host)', () => {
  const badKey = nastyKey('host');
  let api: ClaudeHealthApi;
  let savedEnvKey: string | undefined;

  async function apiRequests(): Promise<number> {
    const response = await fetch(`${fakeApiUrl()}/__control/requests`);
    const { requests } = (await response.json()) as { requests: Array<{ route: string }> };
    return requests.filter((r) => r.route !== 'status').length;
  }

  before(async () => {
    api = await activateExtension();
    savedEnvKey = process.env.ANTHROPIC_API_KEY;
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
  });

  after(() => {
    // The extension reads the extension host's process.env, which the tests share: put it back.
    process.env.ANTHROPIC_API_KEY = savedEnvKey;
  });

  it('refuses the key given as the command argument, and keeps the key in use', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('claudeHealth.setApiKey', { key: badKey });
    assert.strictEqual(saved, false);
    assert.strictEqual(await api.apiKeySource(), 'environment');
  });

  it('reports an ANTHROPIC_API_KEY with whitespace inside as unusable, and sends no request with it', async () => {
    process.env.ANTHROPIC_API_KEY = `${badKey}\n`;
    const before = await apiRequests();
    assert.strictEqual(await api.apiKeySource(), 'none');
    await api.health.refresh();
    assert.strictEqual(await apiRequests(), before, 'a request reached the API with the malformed key');
  });

  it('shows and logs nothing of the key beyond its fingerprint', async () => {
    const log = await waitFor('the refusals in the log', () => {
      const text = readLog(api);
      return text.includes('Notification (error): Claude API key not saved.') && text.includes('Notification (warning): The Claude API key in the ANTHROPIC_API_KEY') ? text : undefined;
    });
    assert.match(log, /Refused an API key: a malformed key \(sk-ant-api03-…Zq9x\)/);
    assert.match(log, /The key contains a space or a line break inside it\. API keys never do, so it is not saved\./);
    assert.match(log, /ANTHROPIC_API_KEY environment variable \(sk-ant-api03-…Zq9x\) is not used: it contains a space or a line break inside it/);
    assert.deepStrictEqual(keyPiecesIn(log, badKey), [], 'part of the key reached the log or a notification');
    const shown = api.health.snapshot();
    assert.deepStrictEqual(keyPiecesIn(`${shown?.text ?? ''}\n${shown?.tooltip ?? ''}`, badKey), [], 'part of the key reached the status bar');
  });
});
