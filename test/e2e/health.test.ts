import * as assert from 'assert';
import * as path from 'path';
import { FAKE_API_KEY } from '../fake-api/server';
import { Workbench, repoRoot } from './workbench';

// The status bar item as a person sees it, in each state the fake API can put it in, and the details view.
describe('status bar health, end to end in the workbench', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  const item = (): ReturnType<Workbench['page']['locator']> => workbench.page.locator('[id="claude-api-health.claude-api-health.claudeHealth.status"]');

  /** Runs "Claude: Refresh Health" and waits until the item's text matches. */
  async function refreshUntil(text: RegExp, timeoutMs = 30_000): Promise<string> {
    await workbench.runCommand('Claude: Refresh Health');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = ((await item().textContent()) ?? '').trim();
      if (text.test(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`the status bar shows "${shown}", not ${text}`);
      await workbench.page.waitForTimeout(200);
    }
  }

  /** Hovers the item so its tooltip shows, and takes the picture. */
  async function screenshotWithTooltip(name: string, tooltipText: string): Promise<void> {
    await workbench.page.mouse.move(0, 0);
    await item().hover();
    await workbench.page.locator('.monaco-hover', { hasText: tooltipText }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await workbench.screenshot(name);
  }

  before(async () => {
    workbench = await Workbench.start({ fixture: path.join(repoRoot, 'test', 'fixtures', 'workspace') });
    await workbench.setApiKey(FAKE_API_KEY);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    workbench?.api.reset();
  });

  after(async () => {
    await workbench?.stop();
  });

  it('Operational: latency in the status bar, a tooltip with the figures and the status page', async () => {
    const text = await refreshUntil(/^Claude \d+ ms$/);
    assert.match(text, /Claude \d+ ms/);
    await screenshotWithTooltip('health-operational', 'Operational');
  });

  it('Degraded: the status page reports trouble while the probe works', async () => {
    workbench.api.setStatus('degraded');
    await refreshUntil(/Claude degraded/);
    await screenshotWithTooltip('health-degraded', 'Elevated errors');
  });

  it('Outage: confirmed 529 overloads, in the error colour', async () => {
    workbench.api.script('models', Array.from({ length: 8 }, () => ({ kind: 'error' as const, status: 529 })));
    await refreshUntil(/Claude outage/);
    // Runs in the page (the tests compile without the DOM library, hence the cast).
    const background = await item().evaluate((node) => (globalThis as unknown as { getComputedStyle(n: unknown): { backgroundColor: string } }).getComputedStyle(node).backgroundColor);
    assert.notStrictEqual(background, 'rgba(0, 0, 0, 0)', 'no error background');
    await screenshotWithTooltip('health-outage', 'outage');
  });

  it('Key problem: the API refuses the key', async () => {
    workbench.api.script('models', Array.from({ length: 4 }, () => ({ kind: 'error' as const, status: 401 })));
    await refreshUntil(/Claude key\?/);
    await screenshotWithTooltip('health-key-problem', 'key');
  });

  it('Rate limited: a countdown to the reset', async () => {
    workbench.api.script('models', [{ kind: 'error', status: 429, retryAfter: 90 }]);
    await refreshUntil(/Claude rate-limited \d:\d\d/);
    await screenshotWithTooltip('health-rate-limited', 'ate limit');
  });

  it('a click opens the details view with the latency chart and the availability timeline', async () => {
    await workbench.page.mouse.move(0, 0);
    await item().click();
    const frame = workbench.page.frameLocator('iframe.webview').frameLocator('iframe');
    await frame.locator('h1', { hasText: 'Claude API health' }).waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('svg[aria-label="Latency over the last 24 hours"]').waitFor({ state: 'visible' });
    await frame.locator('[aria-label="Availability over the last 24 hours"]').waitFor({ state: 'visible' });
    await workbench.screenshot('health-details');
  });
});
