/**
 * The same integration suite on desktop VS Code through @vscode/test-electron, for
 * contributors whose machines can download VS Code (the CI machines here cannot; they use
 * runCodeServer). `npm run test:electron` builds first.
 *
 *   VSCODE_VERSION=1.100.3 npm run test:electron     (default: stable)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-ws-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY ?? 'sk-ant-api03-EnvironmentKeyOfTheTestRunner0000000000000000000000000000-AAAAAA' },
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
