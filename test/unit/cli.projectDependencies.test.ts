/// <reference types="mocha" />
// The CLI's reader of a linted file's project dependencies (for the retry fixes' tenacity / p-retry variants).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProjectDependencyReader } from '../../src/cli/projectDependencies';

describe('CLI: the project dependencies of a linted file', () => {
  let root: string;
  const write = (relative: string, text: string): string => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-health-deps-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the nearest folder with manifests, at or above the file', () => {
    fs.mkdirSync(path.join(root, '.git'));
    write('requirements-dev.txt', 'tenacity>=8\n');
    write('web/package.json', JSON.stringify({ dependencies: { 'p-retry': '^7.1.1' } }));
    const reader = new ProjectDependencyReader();
    assert.deepStrictEqual(reader.forFile(write('app/deep/ask.py', '')), { tenacity: true, pRetry: false });
    assert.deepStrictEqual(reader.forFile(write('web/src/ask.ts', '')), { tenacity: false, pRetry: true });
  });

  it('stops at the repository root (.git) and depends on nothing when no manifest is found', () => {
    write('requirements.txt', 'tenacity\n'); // outside the repository below
    fs.mkdirSync(path.join(root, 'repo', '.git'), { recursive: true });
    assert.deepStrictEqual(new ProjectDependencyReader().forFile(write('repo/src/ask.py', '')), { tenacity: false, pRetry: false });
  });

  it('reads a folder once per run', () => {
    fs.mkdirSync(path.join(root, '.git'));
    const manifest = write('pyproject.toml', '[project]\ndependencies = ["tenacity"]\n');
    const reader = new ProjectDependencyReader();
    assert.strictEqual(reader.forFile(write('a/one.py', '')).tenacity, true);
    fs.writeFileSync(manifest, '[project]\ndependencies = []\n');
    assert.strictEqual(reader.forFile(write('a/two.py', '')).tenacity, true, 'cached for the run');
    assert.strictEqual(new ProjectDependencyReader().forFile(path.join(root, 'a', 'two.py')).tenacity, false);
  });
});
