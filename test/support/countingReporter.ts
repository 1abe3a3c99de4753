/**
 * Mocha's spec reporter, plus a JSON file with the counts, so the test command can add up
 * every layer (unit, integration inside VS Code, end-to-end) into one closing line, and check
 * that every test file of the layer ran a test (test/support/layerCheck).
 * The file path comes from CLAUDE_HEALTH_TEST_COUNTS; without it this is the plain spec reporter.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as Mocha from 'mocha';
import { TestTally } from './layerCheck';

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const file = process.env.CLAUDE_HEALTH_TEST_COUNTS;
    const tally = new TestTally();
    runner.on('pass', (test) => tally.record('passed', test.file));
    runner.on('fail', (runnable, error) => tally.recordFailure(runnable.file, runnable.fullTitle(), error));
    runner.on('pending', (test) => tally.record('skipped', test.file));
    runner.once('end', () => {
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(tally.counts()));
    });
  }
}

export = CountingReporter;
