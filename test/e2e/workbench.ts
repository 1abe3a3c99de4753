/**
 * Starts code-server with the packaged .vsix installed, and drives its workbench in
 * headless Chromium as a person would: command palette, input boxes, notifications.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RunningCodeServer } from '../runners/codeServer';
import { repoRoot, startCodeServer } from '../runners/codeServer';
import { chromiumArgs, chromiumPath } from '../runners/processes';
import { FakeClaudeApi } from '../fake-api/server';

export { repoRoot } from '../runners/codeServer';
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

export interface WorkbenchOptions {
  /** Folder copied as the opened workspace. */
  fixture: string;
  /** User settings (settings.json of the user profile). */
  userSettings?: Record<string, unknown>;
  /** Workspace settings (the copy's .vscode/settings.json), replacing the fixture's. */
  workspaceSettings?: Record<string, unknown>;
  /** Workspace trust on (off otherwise): see CodeServerOptions.workspaceTrust. */
  workspaceTrust?: boolean;
  /** Extra environment for code-server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Machine settings over the defaults (which point the extension at the fake), given the fake's URL. */
  machineSettings?: (apiUrl: string) => Record<string, unknown>;
}

/** One running code-server, the local fake Claude API it talks to, and one browser page on it. */
export class Workbench {
  private constructor(
    readonly page: Page,
    readonly api: FakeClaudeApi,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
  ) {}

  static async start(options: WorkbenchOptions): Promise<Workbench> {
    // The extension's requests go to a local fake, never to Anthropic.
    const api = await FakeClaudeApi.start();
    let server: RunningCodeServer | undefined;
    try {
      server = await startCodeServer({
        folder: options.fixture,
        copyFolder: true,
        userSettings: options.userSettings,
        workspaceSettings: options.workspaceSettings,
        workspaceTrust: options.workspaceTrust,
        machineSettings: { 'claudeHealth.apiBaseUrl': api.url, 'claudeHealth.statusPageUrl': api.url, ...options.machineSettings?.(api.url) },
        env: options.env,
      });
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, env: server.env });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      return new Workbench(page, api, browser, server);
    } catch (error) {
      await server?.stop();
      await api.close();
      throw error;
    }
  }

  /**
   * Runs a command from the command palette by its title, e.g. "Claude: Set API Key".
   * The palette lists the commands known when it opens; right after start-up the
   * extension's contributions may not be there yet, so it is reopened until the row shows.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (;;) {
      await this.page.keyboard.press('F1');
      try {
        // A view that takes the focus as it opens (a webview revealing itself) closes the palette under us: retry.
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`, { timeout: 5_000 });
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        break;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw error;
      }
    }
    await input.press('Enter');
  }

  /**
   * Opens the quick-fix menu at the cursor (Ctrl+.) and waits until a row with `rowText` shows. Right after a
   * squiggle appears, VS Code may answer a first Ctrl+. with "No code actions available" before it has asked
   * the providers with the new diagnostics (the lightbulb follows a moment later): the menu is then closed and
   * opened again, as a person would.
   */
  async openQuickFixMenu(rowText: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: rowText }).first();
    for (;;) {
      await this.page.keyboard.press('Control+.');
      try {
        await row.waitFor({ state: 'visible', timeout: 5_000 });
        return;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw error;
        await this.page.waitForTimeout(500);
      }
    }
  }

  /** The workspace folder that is open (a copy of the fixture). */
  get folder(): string {
    return this.server.folder;
  }

  /** Opens a workspace file through Quick Open, as a person would, and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relativePath) }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await input.press('Enter');
    await this.page.locator(`.tab[aria-label*="${path.basename(relativePath)}"]`).first().waitFor({ state: 'visible', timeout: 20_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  }

  /** Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    // Focus the editor first (a panel may have focus; Ctrl+G there does nothing).
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`); // the Go to Line box starts with ":"; without it, it searches files
    await input.press('Enter');
  }

  /** Sets the API key as a person would: the command, the password box, Enter; waits for the confirmation. */
  async setApiKey(key: string): Promise<void> {
    await this.runCommand('Claude: Set API Key');
    // Wait for the password box itself: the command palette's input has the same selector.
    const box = this.page.locator('.quick-input-widget input[type="password"]');
    await box.waitFor({ state: 'visible' });
    await box.fill(key);
    await box.press('Enter');
    await this.notification('Claude API key saved');
    await this.clearNotifications();
  }

  /** Types into the open quick input (e.g. the API key box) without pressing Enter. */
  async typeInQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  /** Waits for a notification toast containing `text` and returns its full message. */
  async notification(text: string | RegExp): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    return (await toast.textContent()) ?? '';
  }

  /** Dismisses every notification toast. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /**
   * Waits until some webview (the Markdown preview, a details view) shows an element matching `selector`
   * with `text`, and returns its text. Webviews are frames inside frames, so every frame is searched.
   */
  async webviewElement(selector: string, text: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const element = frame.locator(selector, { hasText: text }).first();
        if (await element.isVisible().catch(() => false)) return (await element.textContent()) ?? '';
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector} "${text}"`);
      await this.page.waitForTimeout(200);
    }
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name}.png`);
    // Let toasts and panels finish sliding in, so the picture shows what a person sees.
    await this.page.waitForTimeout(400);
    await this.page.screenshot({ path: file });
    return file;
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    await this.api.close();
  }
}
