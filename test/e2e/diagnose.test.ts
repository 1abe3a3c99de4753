import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FAKE_API_KEY } from '../fake-api/server';
import { makeTestPki, startTlsServer, type LocalServer, type TestPki } from '../support/netServers';
import { Workbench, repoRoot } from './workbench';

/** A key of the real shape that the fake does not know: the API answers 401. */
const unknownKey = `sk-ant-api03-${'x'.repeat(93)}AA`;

/** Waits for the report's verdict, checks the lines the test promises, and takes the picture (the README's with CLAUDE_HEALTH_UPDATE_SCREENSHOTS=1). */
async function reportShows(workbench: Workbench, name: string, verdict: string, ...lines: RegExp[]): Promise<string> {
  const sentence = await workbench.webviewElement('h1#verdict', verdict, 60_000);
  const page = (await Promise.all(workbench.page.frames().map(async (frame) => ((await frame.locator('h1#verdict').count().catch(() => 0)) > 0 ? frame.locator('body').textContent() : null)))).find(Boolean) ?? '';
  for (const line of lines) assert.match(page, line);
  assert.ok(!page.includes(FAKE_API_KEY) && !page.includes(unknownKey), 'no key in the report');
  // The progress notification closes once the run is over (a toast that stays would be a run that never ended).
  await workbench.page.locator('.notifications-toasts .notification-list-item', { hasText: 'Diagnosing the connection' }).first().waitFor({ state: 'detached', timeout: 15_000 });
  const shot = await workbench.screenshot(name);
  if (process.env.CLAUDE_HEALTH_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshots', `${name}.png`));
  return sentence;
}

// Diagnose Connection as a person runs it: from the palette, with the report in its webview, in the four
// situations the issue names (healthy, an invalid key, an outage, a TLS-intercepting proxy).
describe('Diagnose Connection, end to end in the workbench', function () {
  this.timeout(240_000);

  describe('against the fake API', () => {
    let workbench: Workbench;

    before(async () => {
      workbench = await Workbench.start({ fixture: path.join(repoRoot, 'test', 'fixtures', 'workspace') });
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
      workbench?.api.reset();
    });

    after(async () => {
      await workbench?.stop();
    });

    it('healthy: "All good", whose problem nobody’s, every check listed', async () => {
      await workbench.setApiKey(FAKE_API_KEY);
      await workbench.runCommand('Claude: Diagnose Connection');
      await reportShows(workbench, 'diagnose-healthy', 'All good', /Authentication/, /Status page/, /Request ids/);
    });

    it("an outage: the API overloaded and the status page red, Anthropic's problem", async () => {
      workbench.api.scenario([{ forMs: 3_600_000, api: { kind: 'error', status: 529 }, status: 'outage' }]);
      await workbench.runCommand('Claude: Diagnose Connection');
      await reportShows(workbench, 'diagnose-outage', 'overloaded', /Whose problem:\s*Anthropic/i);
    });
    it('an invalid key: "Your API key was rejected (401)", yours to fix', async () => {
      await workbench.setApiKey(unknownKey);
      await workbench.runCommand('Claude: Diagnose Connection');
      await reportShows(workbench, 'diagnose-invalid-key', 'was rejected (401)', /Whose problem:\s*Yours/i);
    });

    it('"Run with a live call…" asks first (it costs tokens), then makes exactly one messages request', async () => {
      await workbench.setApiKey(FAKE_API_KEY);
      await workbench.runCommand('Claude: Diagnose Connection');
      await workbench.webviewElement('h1#verdict', 'All good', 60_000);
      const view = (await Promise.all(workbench.page.frames().map(async (f) => ((await f.locator('button#live').count().catch(() => 0)) > 0 ? f : null)))).find(Boolean);
      assert.ok(view, 'the report view with its live-call button');
      await view.locator('button#live').click();
      const dialog = workbench.page.locator('.monaco-dialog-box', { hasText: 'costs a few tokens' });
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      assert.strictEqual(workbench.api.requestsFor('messages').length, 0, 'nothing sent before the answer');
      await dialog.locator('.monaco-button', { hasText: 'Run Live Call' }).click();
      const deadline = Date.now() + 30_000;
      while (workbench.api.requestsFor('messages').length === 0 && Date.now() < deadline) await workbench.page.waitForTimeout(200);
      await workbench.page.locator('.notifications-toasts .notification-list-item', { hasText: 'Diagnosing the connection' }).first().waitFor({ state: 'detached', timeout: 15_000 });
      assert.strictEqual(workbench.api.requestsFor('messages').length, 1, 'one one-token request');
      assert.strictEqual(workbench.api.requestsFor('messages')[0].model, 'claude-haiku-5-5', 'to the cheapest current model');
      const liveRow = await workbench.webviewElement('details[data-check="liveCall"] summary', 'Live call', 20_000);
      assert.match(liveRow, /^\s*pass\b/, `the live call passed: ${liveRow}`);
      await workbench.screenshot('diagnose-live-call');
    });

    it('Cancel in the progress notification stops a run that hangs, and the report says it was cancelled', async () => {
      await workbench.setApiKey(FAKE_API_KEY);
      workbench.api.script('models', [{ kind: 'hang' }]);
      await workbench.runCommand('View: Close All Editors');
      await workbench.runCommand('Claude: Diagnose Connection');
      const progress = workbench.page.locator('.notifications-toasts .notification-list-item', { hasText: 'Diagnosing the connection' }).first();
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).click({ timeout: 20_000 });
      await workbench.webviewElement('p', 'Cancelled before every check finished', 20_000);
      await progress.waitFor({ state: 'detached', timeout: 15_000 });
    });

    it("an outage's health notification offers Diagnose Connection, which opens the report", async () => {
      // (Key problems are notified only with claudeHealth.health.notifications "all"; outages by default.)
      await workbench.setApiKey(FAKE_API_KEY);
      await workbench.runCommand('View: Close All Editors');
      workbench.api.script('models', Array.from({ length: 40 }, () => ({ kind: 'error' as const, status: 529 })));
      const button = workbench.page.locator('.notifications-toasts .notification-list-item .monaco-button', { hasText: 'Diagnose Connection' }).first();
      // An outage is confirmed over a few probes: refresh until the notification shows.
      const deadline = Date.now() + 60_000;
      while (!(await button.isVisible())) {
        if (Date.now() > deadline) throw new Error('no outage notification with a Diagnose Connection action');
        await workbench.runCommand('Claude: Refresh Health');
        await workbench.page.waitForTimeout(1_000);
      }
      await button.click();
      await reportShows(workbench, 'diagnose-from-notification', 'overloaded', /Whose problem:\s*Anthropic/i);
    });
  });

  describe('behind a TLS-intercepting proxy', () => {
    let workbench: Workbench;
    let pki: TestPki;
    let interceptor: LocalServer;

    before(async () => {
      pki = makeTestPki();
      // A TLS server on 127.0.0.1 with a certificate a "Zscaler Root CA" issued, in front of nothing that matters:
      // the handshake is what the doctor judges, and it must never get as far as sending the key.
      interceptor = await startTlsServer(pki.intercepted, { chain: [pki.interceptionCa] });
      workbench = await Workbench.start({
        fixture: path.join(repoRoot, 'test', 'fixtures', 'workspace'),
        machineSettings: () => ({ 'claudeHealth.apiBaseUrl': `https://localhost:${interceptor.port}` }),
      });
      await workbench.setApiKey(FAKE_API_KEY);
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    });

    after(async () => {
      await workbench?.stop();
      await interceptor?.close();
      pki?.dispose();
    });

    it('names the proxy by its CA, calls it the network’s problem, and says what to do', async () => {
      await workbench.runCommand('Claude: Diagnose Connection');
      await reportShows(workbench, 'diagnose-interception', 'TLS-intercepting proxy (issuer: Zscaler Root CA)', /Whose problem:\s*Your network/i, /NODE_EXTRA_CA_CERTS/);
    });
  });
});
