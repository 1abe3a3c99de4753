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

  /**
   * Hovers the item until its tooltip shows the state's title ("Claude API: Outage": other states'
   * tooltips can mention "outage" or "Operational" elsewhere), checks the other lines the title of the
   * test promises, and takes the picture.
   */
  async function screenshotWithTooltip(name: string, title: string, ...lines: RegExp[]): Promise<void> {
    await workbench.page.mouse.move(0, 0);
    await item().hover();
    const hover = workbench.page.locator('.monaco-hover', { hasText: `Claude API: ${title}` }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const text = (await hover.textContent()) ?? '';
    for (const line of lines) assert.match(text, line);
    await workbench.screenshot(name);
  }

  /** The item's background and the colours the current theme gives the two alarm backgrounds, as computed CSS colours. */
  async function backgrounds(): Promise<{ item: string; error: string; warning: string }> {
    const itemColour = await item().evaluate((node) => (globalThis as unknown as { getComputedStyle(n: unknown): { backgroundColor: string } }).getComputedStyle(node).backgroundColor);
    // Runs in the page (the tests compile without the DOM library, hence the casts): VS Code puts theme colours in CSS variables.
    const themeColour = (name: string): Promise<string> =>
      workbench.page.evaluate((variable) => {
        type Element = { style: { backgroundColor: string }; remove(): void };
        const page = globalThis as unknown as { document: { createElement(tag: string): Element; querySelector(s: string): { appendChild(e: Element): void } }; getComputedStyle(n: Element): { backgroundColor: string } };
        const probe = page.document.createElement('div');
        probe.style.backgroundColor = `var(${variable})`;
        page.document.querySelector('.monaco-workbench').appendChild(probe);
        const colour = page.getComputedStyle(probe).backgroundColor;
        probe.remove();
        return colour;
      }, name);
    const [error, warning] = await Promise.all([themeColour('--vscode-statusBarItem-errorBackground'), themeColour('--vscode-statusBarItem-warningBackground')]);
    assert.notStrictEqual(error, warning, 'the theme gives both alarms one colour: the test could not tell them apart');
    return { item: itemColour, error, warning };
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
    await refreshUntil(/^Claude \d+ ms$/);
    const colours = await backgrounds();
    assert.ok(![colours.error, colours.warning].includes(colours.item), `an alarm background (${colours.item}) while operational`);
    await screenshotWithTooltip('health-operational', 'Operational', /Latency: now \d+ ms/, /Status page: All Systems Operational/);
  });

  it('Degraded: the status page reports trouble while the probe works', async () => {
    workbench.api.setStatus('degraded');
    await refreshUntil(/Claude degraded/);
    const colours = await backgrounds();
    assert.strictEqual(colours.item, colours.warning, 'not the theme\'s statusBarItem.warningBackground');
    await screenshotWithTooltip('health-degraded', 'Degraded', /Elevated errors/);
  });

  it('Outage: confirmed 529 overloads, in the error colour', async () => {
    workbench.api.script('models', Array.from({ length: 8 }, () => ({ kind: 'error' as const, status: 529 })));
    await refreshUntil(/Claude outage/);
    const colours = await backgrounds();
    assert.strictEqual(colours.item, colours.error, 'not the theme\'s statusBarItem.errorBackground');
    await screenshotWithTooltip('health-outage', 'Outage', /529|overload/i);
  });

  it('Key problem: the API refuses the key', async () => {
    workbench.api.script('models', Array.from({ length: 4 }, () => ({ kind: 'error' as const, status: 401 })));
    await refreshUntil(/Claude key\?/);
    const colours = await backgrounds();
    assert.strictEqual(colours.item, colours.error, 'not the theme\'s statusBarItem.errorBackground');
    await screenshotWithTooltip('health-key-problem', 'Key problem', /401|refus|invalid/i);
  });

  it('Rate limited: a countdown to the reset', async () => {
    workbench.api.script('models', [{ kind: 'error', status: 429, retryAfter: 90 }]);
    await refreshUntil(/Claude rate-limited \d:\d\d/);
    const colours = await backgrounds();
    assert.strictEqual(colours.item, colours.warning, 'not the theme\'s statusBarItem.warningBackground');
    await screenshotWithTooltip('health-rate-limited', 'Rate limited', /Resets in \d/);
  });

  it('a click opens the menu (Diagnose Connection first); Show Health Details opens the latency chart and the availability timeline', async () => {
    await workbench.page.mouse.move(0, 0);
    await item().click();
    const rows = workbench.page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await rows.first().textContent()) ?? '', /Diagnose Connection/);
    await workbench.page.locator('.quick-input-widget input').fill('Show Health Details');
    await workbench.page.keyboard.press('Enter');
    const frame = workbench.page.frameLocator('iframe.webview').frameLocator('iframe');
    await frame.locator('h1', { hasText: 'Claude API health' }).waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('svg[aria-label="Latency over the last 24 hours"]').waitFor({ state: 'visible' });
    await frame.locator('[aria-label="Availability over the last 24 hours"]').waitFor({ state: 'visible' });
    await workbench.screenshot('health-details');
  });
});
