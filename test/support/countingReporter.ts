/**
 * Mocha's spec reporter, plus a JSON file with the counts, so the test command can add up
 * every layer (unit, integration inside VS Code, end-to-end) into one closing line.
 * The file path comes from CLAUDE_HEALTH_TEST_COUNTS; without it this is the plain spec reporter.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as Mocha from 'mocha';

/** What a layer reports. */
interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const file = process.env.CLAUDE_HEALTH_TEST_COUNTS;
    runner.once('end', () => {
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const counts: TestCounts = { passed: stats.passes, failed: stats.failures, skipped: stats.pending };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(counts));
    });
  }
}

export = CountingReporter;
