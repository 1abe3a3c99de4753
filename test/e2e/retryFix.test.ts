import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workbench, repoRoot } from './workbench';

/** A user's file with the SDK's retries off: claude/retries-disabled reports the client and offers the wrap fix for its call. */
const program = [
  'import anthropic',
  '',
  'client = anthropic.Anthropic(max_retries=0)',
  '',
  '',
  'def ask(prompt):',
  '    return client.messages.create(model="claude-opus-5", max_tokens=1024, messages=[{"role": "user", "content": prompt}])',
  '',
].join('\n');

// A retry quick fix applied as a person would: Ctrl+. on the finding, the wrap fix chosen from the menu, saved.
describe('retry quick fix, end to end in the workbench', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await Workbench.start({ fixture: path.join(repoRoot, 'test', 'fixtures', 'workspace'), env: { CLAUDE_HEALTH_TODAY: '2026-11-22' } });
    fs.writeFileSync(path.join(workbench.folder, 'retry_fix.py'), program);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.stop();
  });

  it('wraps the call in retry with backoff from the Ctrl+. menu, inserting the helper once', async () => {
    await workbench.openFile('retry_fix.py');
    const page = workbench.page;
    await workbench.goTo(3, 20); // inside "anthropic.Anthropic(max_retries=0)", where the finding is
    await page.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: 30_000 });
    await workbench.openQuickFixMenu('Wrap in retry with backoff');
    // Down the menu with the keyboard to the wrap fix (raising the SDK's retries is the preferred one, first).
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let step = 0; step < 6 && !((await focused.textContent()) ?? '').includes('Wrap in retry'); step++) await page.keyboard.press('ArrowDown');
    assert.match((await focused.textContent()) ?? '', /Wrap in retry with backoff/);
    await workbench.screenshot('retry-fix-menu');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const file = path.join(workbench.folder, 'retry_fix.py');
    const deadline = Date.now() + 20_000;
    let text = fs.readFileSync(file, 'utf8');
    while (!text.includes('call_claude_with_retry(client,') && Date.now() < deadline) {
      await page.waitForTimeout(200);
      text = fs.readFileSync(file, 'utf8');
    }
    assert.match(text, /^ {4}return call_claude_with_retry\(client, lambda retry_client: retry_client\.messages\.create\(model="claude-opus-5"/m, 'the fix was not saved');
    assert.strictEqual(text.match(/^def call_claude_with_retry\(/gm)?.length, 1);
    // Show the rewritten call with the helper it calls above it.
    const callLine = text.split('\n').findIndex((line) => line.includes('return call_claude_with_retry(client,')) + 1;
    await workbench.goTo(callLine, 5);
    await page.keyboard.press('Escape');
    // Word wrap on (Alt+Z) for the picture: the rewritten call is one long line, and a view scrolled
    // sideways to follow the cursor would cut off the start of every line.
    await page.keyboard.press('Alt+Z');
    await page.keyboard.press('Home');
    await page.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 20_000 });
    const shot = await workbench.screenshot('retry-fix-applied');
    // The README's picture is refreshed on request only: a test run must not leave a tracked file changed.
    if (process.env.CLAUDE_HEALTH_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshots', 'retry-fix.png'));
  });
});
