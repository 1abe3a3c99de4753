/**
 * Runs the integration suite inside the real extension host of VS Code's server (from the
 * npm package code-server), with headless Chromium as the workbench. VS Code's own browser
 * tests use the same mechanism: a test payload in the URL and the smoke-test driver.
 *
 *   node out/test/integration/runCodeServer.js '<VscodeServerInstall JSON>'
 *
 * Exits with the suite's exit code. Environment variables reach the extension host.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { FakeClaudeApi } from '../fake-api/server';
import { extensionHostEnvironment, fakeEndpointSettings } from '../runners/fakeTarget';
import type { VscodeServerInstall } from '../runners/processes';
import { chromiumArgs, chromiumPath, freePort, makeRunFolder, startDetached, waitForHttp } from '../runners/processes';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const hardTimeoutMs = 5 * 60_000;

async function main(): Promise<number> {
  const install = JSON.parse(process.argv[2] ?? '') as VscodeServerInstall;
  const run = makeRunFolder('chi-');
  // Tests change the workspace (settings); give each run its own copy of the fixture.
  const workspace = path.join(run.dir, 'ws');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  // Every request the extension makes goes to a local fake: its endpoints are machine-scoped settings,
  // which VS Code's server reads from its own data folder.
  const api = await FakeClaudeApi.start();
  const machineSettings = path.join(run.dir, 'ud', 'Machine', 'settings.json'); // <user-data-dir>/Machine
  fs.mkdirSync(path.dirname(machineSettings), { recursive: true });
  fs.writeFileSync(machineSettings, JSON.stringify(fakeEndpointSettings(api.url), null, 2));

  const port = await freePort();
  // The runner's key (never the caller's ANTHROPIC_API_KEY), the fake's URL, the judgement day.
  const env = { ...process.env, ...run.env, ...extensionHostEnvironment(api.url) };
  const server = startDetached(
    install.node,
    [
      install.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver', // without it VS Code 1.139 ignores the test payload
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--server-data-dir', path.join(run.dir, 'sd'),
      '--user-data-dir', path.join(run.dir, 'ud'),
      '--extensions-dir', path.join(run.dir, 'ext'),
    ],
    env,
  );
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, env });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/version`, 60_000, server);
    const page = await browser.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    // The workbench forwards the extension host's console (mocha's reporter) here, printf-style.
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const [format, ...rest] = Array.isArray(args) ? args : [args];
      let text = String(format ?? '');
      text = text.replace(/%[sdoOif]/g, () => (rest.length > 0 ? String(rest.shift()) : ''));
      const tail = rest.map(String).join(' ');
      console.log(tail ? `${text} ${tail}` : text);
    });
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(path.join(__dirname, 'index'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`Integration run on VS Code ${install.vscodeVersion} timed out after ${hardTimeoutMs / 1000} s.\n${server.output().slice(-5000)}`);
        resolve(1);
      }, hardTimeoutMs);
    });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await api.close();
    fs.rmSync(run.dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
