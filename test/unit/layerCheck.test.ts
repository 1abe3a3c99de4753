// Issue 7 item 11: a layer that ran no test, a grep that matched nothing, a test file that ran no
// test, or a stale compiled test must fail the test command instead of passing with "0 failed".
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LayerCounts, TestCounts } from '../support/layerCheck';
import { checkLayer, compiledTestFiles, TestTally } from '../support/layerCheck';

const a = '/r/out/test/unit/a.test.js';
const b = '/r/out/test/unit/b.test.js';

function counts(files: Record<string, Partial<TestCounts>>): LayerCounts {
  const full: Record<string, TestCounts> = {};
  const total: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const [file, own] of Object.entries(files)) {
    full[file] = { passed: own.passed ?? 0, failed: own.failed ?? 0, skipped: own.skipped ?? 0 };
    total.passed += full[file].passed;
    total.failed += full[file].failed;
    total.skipped += full[file].skipped;
  }
  return { ...total, files: full, failures: [] };
}

describe('checkLayer', () => {
  it('accepts a full run in which every test file ran a test', () => {
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a, b], counts: counts({ [a]: { passed: 3 }, [b]: { passed: 1, failed: 1 } }) }), []);
  });

  it('fails a layer with no test files, and one that ran no test', () => {
    assert.deepStrictEqual(checkLayer({ expectedFiles: [], counts: counts({}) }), ['no test files were found', 'no test ran']);
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a], counts: counts({}) }), ['no test ran']);
  });

  it('fails a full run in which a test file ran no test, or only skipped ones', () => {
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a, b], counts: counts({ [a]: { passed: 2 } }) }), [`${b} ran no test`]);
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a, b], counts: counts({ [a]: { passed: 2 }, [b]: { skipped: 4 } }) }), [`${b} ran no test (4 skipped)`]);
  });

  it('fails a filtered run whose grep matched nothing', () => {
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a, b], counts: counts({}), grep: 'no such test' }), ['no test matched the grep "no such test"']);
  });

  it('lets a filtered run leave files out, as long as one test ran', () => {
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a, b], counts: counts({ [b]: { passed: 1 } }), grep: 'key' }), []);
  });

  it('fails a run in which a file that is not a test source of the layer ran', () => {
    const stale = '/r/out/test/unit/deleted.test.js';
    assert.deepStrictEqual(checkLayer({ expectedFiles: [a], counts: counts({ [a]: { passed: 1 }, [stale]: { passed: 1 } }) }), [
      `${stale} ran but is not one of the layer's test files (a stale compiled file?)`,
    ]);
  });
});

describe('TestTally', () => {
  it('counts each outcome per file and in total', () => {
    const tally = new TestTally();
    tally.record('passed', a);
    tally.record('passed', a);
    tally.record('failed', b);
    tally.record('skipped', b);
    assert.deepStrictEqual(tally.counts(), {
      passed: 2,
      failed: 1,
      skipped: 1,
      files: { [a]: { passed: 2, failed: 0, skipped: 0 }, [b]: { passed: 0, failed: 1, skipped: 1 } },
      failures: [],
    });
  });

  it('names each failure with the first line of its error, so the summary says what failed', () => {
    const tally = new TestTally();
    tally.recordFailure(a, 'health polls again', new Error('expected 2 probes\n  at stack line'));
    tally.recordFailure(b, 'a hook', 'x'.repeat(400));
    const counts = tally.counts();
    assert.strictEqual(counts.failed, 2);
    assert.deepStrictEqual(counts.files[a], { passed: 0, failed: 1, skipped: 0 });
    assert.strictEqual(counts.failures[0], 'health polls again: Error: expected 2 probes');
    assert.strictEqual(counts.failures[1], `a hook: ${'x'.repeat(299)}…`);
  });
});

describe('compiledTestFiles', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-layers-'));
    const touch = (relative: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), '');
    };
    for (const file of ['test/unit/a.test.ts', 'test/unit/nested/b.test.ts', 'test/unit/helpers.ts', 'test/integration/c.test.ts', 'test/integration/deep/d.test.ts']) touch(file);
    // Compiled files, including one whose source was deleted.
    for (const file of ['out/test/unit/a.test.js', 'out/test/unit/nested/b.test.js', 'out/test/unit/deleted.test.js', 'out/test/integration/c.test.js']) touch(file);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists the compiled file of each test source, and not a compiled test whose source was deleted', () => {
    const out = path.join(root, 'out');
    assert.deepStrictEqual(compiledTestFiles(root, out, 'test/unit'), [path.join(out, 'test/unit/a.test.js'), path.join(out, 'test/unit/nested/b.test.js')]);
  });

  it('keeps to the folder itself when asked (the integration entry loads its own folder)', () => {
    const out = path.join(root, 'out');
    assert.deepStrictEqual(compiledTestFiles(root, out, 'test/integration', { recursive: false }), [path.join(out, 'test/integration/c.test.js')]);
  });
});
