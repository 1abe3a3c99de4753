/**
 * The integration suite's entry: VS Code loads this module in the extension host
 * (`extensionTestsPath`) and awaits `run()`. Used by both launchers: code-server's
 * server (runCodeServer) and desktop VS Code through @vscode/test-electron (runElectron).
 * The run fails when a test fails, when `.only` is left in, when no test ran (a grep,
 * CLAUDE_HEALTH_TEST_GREP, that matched nothing) and, in a full run, when a test file ran no test.
 */
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { ClaudeHealthApi } from '../../src/extension';
import { fakeTargetProblem } from '../runners/fakeTarget';
import { checkLayer, compiledTestFiles, TestTally } from '../support/layerCheck';
import { extensionId } from './helpers';

export async function run(): Promise<void> {
  // No test runs unless the extension under test talks to the launcher's local fake API only.
  const extension = vscode.extensions.getExtension<ClaudeHealthApi>(extensionId);
  if (!extension) throw new Error(`Refusing to run the integration tests: ${extensionId} is not loaded.`);
  const problem = fakeTargetProblem(process.env.CLAUDE_HEALTH_FAKE_API_URL, (await extension.activate()).endpoints());
  if (problem) throw new Error(`Refusing to run the integration tests: ${problem}.`);

  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 20_000,
    forbidOnly: true,
    reporter: path.resolve(__dirname, '..', 'support', 'countingReporter.js'),
  });
  const grep = process.env.CLAUDE_HEALTH_TEST_GREP || undefined;
  if (grep) mocha.grep(grep);
  // The files with a source in test/integration/: a compiled test whose source was deleted does not run.
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const files = compiledTestFiles(repoRoot, path.resolve(__dirname, '..', '..'), path.join('test', 'integration'), { recursive: false });
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const tally = new TestTally();
    const runner = mocha.run((failures) => {
      const problems = checkLayer({ expectedFiles: files, counts: tally.counts(), grep });
      for (const problem of problems) console.error(`integration: ${problem}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (problems.length > 0) reject(new Error(`the integration run is not sound: ${problems.join('; ')}`));
      else resolve();
    });
    runner.on('pass', (test) => tally.record('passed', test.file));
    runner.on('fail', (runnable, error) => tally.recordFailure(runnable.file, runnable.fullTitle(), error));
    runner.on('pending', (test) => tally.record('skipped', test.file));
  });
}
