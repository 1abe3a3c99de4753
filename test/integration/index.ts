/**
 * The integration suite's entry: VS Code loads this module in the extension host
 * (`extensionTestsPath`) and awaits `run()`. Used by both launchers: code-server's
 * server (runCodeServer) and desktop VS Code through @vscode/test-electron (runElectron).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 20_000,
    reporter: path.resolve(__dirname, '..', 'support', 'countingReporter.js'),
  });
  const grep = process.env.CLAUDE_HEALTH_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
