/**
 * Starts code-server with the packaged .vsix installed, and drives its workbench in
 * headless Chromium as a person would: command palette, input boxes, notifications.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Started } from '../runners/processes';
import { chromiumArgs, chromiumPath, freePort, makeRunFolder, startDetached, waitForHttp } from '../runners/processes';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');
const codeServerDir = path.join(repoRoot, 'node_modules', 'code-server');
const entry = path.join(codeServerDir, 'out', 'node', 'entry.js');

export interface WorkbenchOptions {
  /** Folder copied as the opened workspace. */
  fixture: string;
  /** User settings (settings.json of the user profile). */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
}

/** One running code-server and one browser page on it. */
export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: Started,
    private readonly runDir: string,
  ) {}

  static async start(options: WorkbenchOptions): Promise<Workbench> {
    const run = makeRunFolder('che-');
    const workspace = path.join(run.dir, 'ws');
    fs.cpSync(options.fixture, workspace, { recursive: true });
    const userDataDir = path.join(run.dir, 'ud');
    const extensionsDir = path.join(run.dir, 'ext');
    const config = path.join(run.dir, 'config.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', ...options.userSettings }, null, 2),
    );
    const env = { ...process.env, ...run.env, ...options.env };
    const vsix = path.join(repoRoot, 'dist', 'claude-api-health.vsix');
    const install = startDetached('node', [entry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--config', config, '--user-data-dir', userDataDir], env);
    await new Promise<void>((resolve, reject) => {
      install.child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Installing the .vsix failed:\n${install.output()}`))));
    });

    const port = await freePort();
    const server = startDetached(
      'node',
      [
        entry,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--config', config,
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
      ],
      env,
    );
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, env });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    return new Workbench(page, browser, server, run.dir);
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
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        break;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw error;
      }
    }
    await input.press('Enter');
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
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }
}
