// Scan Workspace's pure core (src/files/): the findFiles-list filter agrees with the CLI's walker, and the
// scan is asynchronous, yields to the event loop (a large file's parse too), reports progress by files
// done and stops when cancelled.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeModulesWasmLocator, TreeSitterParsers } from '../../src/analysis/parsers';
import { keepListedFiles, type IgnoreFileAccess } from '../../src/files/listedFiles';
import { nodeFileReader, scanFiles, type ScanFile } from '../../src/files/scan';
import { collectFiles } from '../../src/files/walker';
import { languageFromFileName } from '../../src/analysis/languages';

const root = path.resolve(__dirname, '..', '..', '..');
const parsers = new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules')));

const diskAccess: IgnoreFileAccess = {
  exists: (file) => fs.promises.access(file).then(() => true, () => false),
  readText: (file) => fs.promises.readFile(file, 'utf8').catch(() => undefined),
};

/** Every file under `dir`, as `findFiles` lists them (it does not read .gitignore). */
function listAll(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
}

describe('files: the findFiles-list filter agrees with the CLI walker', () => {
  let repo: string;
  const write = (relative: string, text = 'x = 1\n'): void => {
    const file = path.join(repo, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-list-'));
    fs.mkdirSync(path.join(repo, '.git'));
    write('.gitignore', 'generated/\n*.local.py\n/project/top-only.py\n');
    write('project/.gitignore', 'secret/\n!keep.local.py\n');
    for (const file of [
      'project/app.py', 'project/a.local.py', 'project/keep.local.py', 'project/top-only.py', 'project/generated/g.py',
      'project/secret/s.ts', 'project/src/x.ts', 'project/src/node_modules/m.js', 'project/build/b.js', 'project/src/.venv/v.py',
      'project/src/deep/generated/d.py', 'project/src/deep/ok.mjs',
    ]) write(file);
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('keeps what collectFiles keeps, for a folder inside a repository (.gitignore above it included)', async () => {
    const folder = path.join(repo, 'project');
    const listed = listAll(folder);
    const sources = listed.filter((file) => languageFromFileName(file));
    const ignoreFiles = listed.filter((file) => path.basename(file) === '.gitignore');
    const kept = await keepListedFiles(folder, sources, ignoreFiles, diskAccess);
    const walked = collectFiles([folder]).files.map((file) => file.path);
    assert.deepStrictEqual([...kept].sort(), [...walked].sort());
    assert.deepStrictEqual(kept.map((file) => path.relative(folder, file).split(path.sep).join('/')).sort(), ['app.py', 'keep.local.py', 'src/deep/ok.mjs', 'src/x.ts']);
  });
});

describe('files: scanFiles (issue 7, item 7)', function () {
  this.timeout(60000);
  let dir: string;
  let files: ScanFile<string>[];
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-scan-'));
    const paths = [];
    for (let i = 0; i < 40; i++) paths.push(write(`plain${i}.py`, 'print(1)\n'.repeat(50)));
    paths.push(write('retired.py', 'client.messages.create(model="claude-3-opus-20240229")\n'));
    paths.push(write('minified.js', `const m='claude-3-opus-20240229';${'x=1;'.repeat(12_500)}\n`));
    paths.push(write('blob.py', 'M = "claude-3-opus-20240229"\n\0\n'));
    paths.push(write('huge.js', `${'// filler\n'.repeat(110_000)}const m = 'claude-3-opus-20240229';\n`));
    paths.push(path.join(dir, 'missing.py'));
    files = paths.map((file) => ({ ref: file, language: languageFromFileName(file) ?? 'python' }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks, skips and reports unreadable files, with progress by files done', async () => {
    const progress: Array<[number, number]> = [];
    const checked = new Map<string, string[]>();
    const skipped: string[] = [];
    const errors: string[] = [];
    const summary = await scanFiles(files, nodeFileReader, parsers, {
      isCancelled: () => false,
      onProgress: (done, total) => progress.push([done, total]),
      onChecked: (file, literals) => checked.set(path.basename(file), literals.map((literal) => `${literal.model} ${literal.role}`)),
      onSkipped: (file, reason) => skipped.push(`${path.basename(file)} ${reason}`),
      onError: (file, message) => errors.push(`${path.basename(file)} ${message}`),
    });
    assert.deepStrictEqual(summary, { checked: 41, skipped: 3, errors: 1, cancelled: false });
    assert.deepStrictEqual(checked.get('retired.py'), ['claude-3-opus-20240229 apiCall']);
    assert.deepStrictEqual(checked.get('plain0.py'), []);
    assert.deepStrictEqual(skipped, ['minified.js minified', 'blob.py binary', 'huge.js tooLarge']);
    assert.deepStrictEqual(errors, ['missing.py cannot be read (ENOENT)']);
    assert.deepStrictEqual(progress, files.map((_, i) => [i + 1, files.length]));
  });

  it('stops between files when cancelled', async () => {
    let done = 0;
    let checkedAfterCancel = 0;
    let cancelled = false;
    const summary = await scanFiles(files, nodeFileReader, parsers, {
      isCancelled: () => cancelled,
      onProgress: (count) => {
        done = count;
        if (count === 5) cancelled = true;
      },
      onChecked: () => {
        if (cancelled) checkedAfterCancel++;
      },
    });
    assert.strictEqual(summary.cancelled, true);
    assert.strictEqual(done, 5);
    assert.strictEqual(checkedAfterCancel, 0);
  });

  it('yields to the event loop while it works, a large file\'s parse included', async () => {
    // About 16,000 lines of Python with a call in every tenth function: one full parse takes 100 ms or more here.
    const block = (i: number): string =>
      i % 10 === 0
        ? `def ask_${i}(client):\n    return client.messages.create(model="claude-3-opus-20240229", max_tokens=${i})\n\n`
        : `def step_${i}(items, limit=${i}):\n    total = sum(item.size for item in items if item.size < limit)\n    return total\n\n`;
    const large = write('large.py', Array.from({ length: 4000 }, (_, i) => block(i)).join(''));
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 1);
    let literals = 0;
    // What one unsliced parse of the file costs on this machine now (times move with the load; ratios hold).
    const python = await parsers.parserFor('python'); // loading the grammar is not the scan's own work
    const parseStart = performance.now();
    python.parse(fs.readFileSync(large, 'utf8'))?.delete();
    const fullParseMs = performance.now() - parseStart;
    try {
      last = performance.now();
      await scanFiles([{ ref: large, language: 'python' }], nodeFileReader, parsers, {
        isCancelled: () => false,
        onProgress: () => undefined,
        onChecked: (_, found) => (literals = found.length),
      }, { maxStepMs: 10 });
    } finally {
      clearInterval(probe);
    }
    assert.strictEqual(literals, 400);
    assert.ok(ticks >= 3, `a timer ran during the scan (${ticks} ticks)`);
    assert.ok(longestGap < fullParseMs / 2, `longest stall ${longestGap.toFixed(1)} ms, against ${fullParseMs.toFixed(1)} ms for one whole parse`);
  });
});
