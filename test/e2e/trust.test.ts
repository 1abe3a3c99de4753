import * as assert from 'assert';
import * as path from 'path';
import { FAKE_API_KEY, FakeClaudeApi } from '../fake-api/server';
import { Workbench, repoRoot } from './workbench';

// Workspace trust on and the folder untrusted (Restricted Mode): the extension runs in its limited mode,
// and a repository's .vscode/settings.json cannot send the user's key to a host of its choosing.
describe('an untrusted workspace, end to end in the workbench', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  /** Where the workspace's settings try to redirect the API and the status page: it must get nothing. */
  let workspaceApi: FakeClaudeApi;
  const item = (): ReturnType<Workbench['page']['locator']> => workbench.page.locator('[id="claude-api-health.claude-api-health.claudeHealth.status"]');

  /** Waits until the user's fake (Workbench's, named in the machine settings) has answered `count` probes with the key. */
  async function userProbes(count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (keyedUserRequests() < count) {
      if (Date.now() > deadline) {
        throw new Error(`the user's endpoint got ${keyedUserRequests()} request(s) with the key, not ${count}; the workspace's got ${workspaceApi.requests.length}`);
      }
      await workbench.page.waitForTimeout(200);
    }
  }
  const keyedUserRequests = (): number => workbench.api.requestsFor('models').filter((r) => r.keyValid).length;

  before(async () => {
    workspaceApi = await FakeClaudeApi.start();
    const redirect = { 'claudeHealth.apiBaseUrl': workspaceApi.url, 'claudeHealth.statusPageUrl': workspaceApi.url };
    workbench = await Workbench.start({
      fixture: path.join(repoRoot, 'test', 'fixtures', 'workspace'),
      workspaceTrust: true,
      // No trust dialog: the folder simply opens untrusted, as after "Don't Trust".
      userSettings: { 'security.workspace.trust.startupPrompt': 'never' },
      workspaceSettings: redirect,
      env: { ANTHROPIC_API_KEY: FAKE_API_KEY, CLAUDE_HEALTH_TODAY: '2026-11-22' },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.stop();
    await workspaceApi?.close();
  });

  it('opens in Restricted Mode, with the extension running: health in the status bar, diagnostics in the editor', async () => {
    const page = workbench.page;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The probe answered through the user's endpoint: the latency shows.
    const deadline = Date.now() + 60_000;
    let shown = '';
    while (!/^Claude \d+ ms$/.test(shown)) {
      if (Date.now() > deadline) throw new Error(`the status bar shows "${shown}", not the latency`);
      await page.waitForTimeout(200);
      shown = ((await item().textContent()) ?? '').trim();
    }
    await workbench.openFile('models.py');
    await page.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
    await workbench.screenshot('trust-restricted-mode');
  });

  it("probes only the user's endpoint, never the one the workspace names", async () => {
    // The workspace's .vscode/settings.json names workspaceApi for both endpoints (see before()).
    await userProbes(1);
    const before = keyedUserRequests();
    await workbench.runCommand('Claude: Refresh Health');
    await userProbes(before + 1);
    assert.ok(workbench.api.requestsFor('status').length > 0, "the user's status page was never read");
    assert.deepStrictEqual(workspaceApi.requests.map((r) => `${r.method} ${r.path}`), [], 'the workspace endpoint got requests');
    await workbench.screenshot('trust-probe-user-endpoint');
  });
});
