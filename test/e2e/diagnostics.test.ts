import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workbench, repoRoot } from './workbench';

// What a person sees: the squiggle, the Problems row, the hover card, a quick fix applied from the lightbulb menu.
describe('model-name diagnostics, end to end in the workbench', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await Workbench.start({ fixture: path.join(repoRoot, 'test', 'fixtures', 'workspace'), env: { CLAUDE_HEALTH_TODAY: '2026-11-22' } });
  });

  afterEach(async function () {
    // A failure is easier to understand with a picture of the workbench at that moment.
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.stop();
  });

  it('underlines the problems and lists them in the Problems panel', async () => {
    await workbench.openFile('models.py');
    const page = workbench.page;
    await page.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('.squiggly-warning').first().waitFor({ state: 'attached' });
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'claude/model-retired' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const texts = await rows.allTextContents();
    const all = texts.join('\n');
    for (const rule of ['claude/model-alias', 'claude/model-retired', 'claude/model-unknown', 'claude/model-deprecated']) {
      assert.ok(all.includes(rule), `${rule} missing from the Problems panel:\n${all}`);
    }
    await workbench.screenshot('diagnostics-problems');
  });

  it("opens the rule's page, bundled and rendered, from the rule id in the Problems panel", async () => {
    const page = workbench.page;
    // Ctrl+Shift+M toggles: the panel may still be open from the test before.
    if (!(await page.locator('.markers-panel').first().isVisible())) await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'claude/model-retired' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.locator('a.monaco-link', { hasText: 'claude/model-retired' }).click();
    // The Markdown preview of docs/rules/model-retired.md from the installed .vsix: its heading and a section of the page.
    await workbench.webviewElement('h1', 'claude/model-retired');
    await workbench.webviewElement('h2', 'Why it matters');
    await page.locator('.tab', { hasText: 'model-retired.md' }).first().waitFor({ state: 'visible' });
    await workbench.screenshot('diagnostics-rule-page');
    await page.keyboard.press('Control+W');
  });

  it('shows the catalog card on hover', async () => {
    await workbench.goTo(22, 45); // inside "claude-sonnet-4-5-20250929"
    await workbench.page.keyboard.press('Control+K');
    await workbench.page.keyboard.press('Control+I');
    const hover = workbench.page.locator('.monaco-hover-content', { hasText: 'claude-sonnet-4-5-20250929' }).first();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await hover.textContent()) ?? '', /2026-11-30/);
    await workbench.screenshot('diagnostics-hover');
    await workbench.page.keyboard.press('Escape');
  });

  it('applies a quick fix from the lightbulb menu', async () => {
    await workbench.goTo(14, 52); // inside "claude-3-opus-20240229"
    await workbench.openQuickFixMenu(/claude-opus-/);
    const focused = workbench.page.locator('.action-widget .monaco-list-row.focused');
    await focused.waitFor({ state: 'visible', timeout: 20_000 });
    const title = (await focused.textContent()) ?? '';
    assert.match(title, /claude-opus-/);
    await workbench.screenshot('diagnostics-quick-fix-menu');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.press('Control+S');
    const file = path.join(workbench.folder, 'models.py');
    const deadline = Date.now() + 20_000;
    let text = fs.readFileSync(file, 'utf8');
    while (text.includes('"claude-3-opus-20240229"') && Date.now() < deadline) {
      await workbench.page.waitForTimeout(200);
      text = fs.readFileSync(file, 'utf8');
    }
    assert.ok(!text.includes('"claude-3-opus-20240229"'), 'the fix was not saved');
    assert.match(text, /model="claude-opus-[0-9-]+"/);
    await workbench.screenshot('diagnostics-quick-fix-applied');
  });
});
