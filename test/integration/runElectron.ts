/**
 * The same integration suite on desktop VS Code through @vscode/test-electron, for
 * contributors whose machines can download VS Code (the CI machines here cannot; they use
 * runCodeServer, and this launcher has never run on them). `npm run test:electron` builds first.
 * Like runCodeServer it starts the local fake Claude API, points the endpoint settings at it,
 * gives the extension host the runner's key instead of yours, and refuses to start otherwise.
 *
 *   VSCODE_VERSION=1.100.3 npm run test:electron     (default: stable)
 */
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { FakeClaudeApi } from '../fake-api/server';
import { extensionHostEnvironment, fakeEndpointSettings, fakeTargetProblem } from '../runners/fakeTarget';
import { makeRunFolder } from '../runners/processes';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const run = makeRunFolder('chx-');
  const workspace = path.join(run.dir, 'ws');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const api = await FakeClaudeApi.start();
  try {
    // Desktop VS Code reads machine-scoped settings from the user settings of its user data folder.
    const userDataDir = path.join(run.dir, 'ud');
    const settingsFile = path.join(userDataDir, 'User', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify(fakeEndpointSettings(api.url), null, 2));
    const written = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    const problem = fakeTargetProblem(api.url, { apiBaseUrl: written['claudeHealth.apiBaseUrl'], statusPageUrl: written['claudeHealth.statusPageUrl'] });
    if (problem) throw new Error(`Not starting VS Code: ${problem}.`);
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'index'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir', userDataDir,
        '--extensions-dir', path.join(run.dir, 'ext'),
      ],
      extensionTestsEnv: { ...run.env, ...extensionHostEnvironment(api.url) },
    });
  } finally {
    await api.close();
    fs.rmSync(run.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
