// Which files the CLI reads: languages by extension, skipped folders, .gitignore rules (nested,
// negated, above the walked folder), symbolic links, named files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCandidateSources } from '../../src/files/readSources';
import { collectFiles } from '../../src/files/walker';

describe('CLI file walk', () => {
  let tree: string;
  const write = (relative: string, text = 'x = 1\n'): void => {
    const file = path.join(tree, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const walked = (...targets: string[]): string[] =>
    collectFiles(targets.map((target) => path.join(tree, target)))
      .files.map((file) => path.relative(tree, file.path).split(path.sep).join('/'))
      .sort();

  beforeEach(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-walk-'));
  });
  afterEach(() => fs.rmSync(tree, { recursive: true, force: true }));

  it('takes the ten source extensions and nothing else', () => {
    for (const ext of ['py', 'pyi', 'ts', 'mts', 'cts', 'tsx', 'js', 'mjs', 'cjs', 'jsx', 'md', 'json', 'txt', 'd']) write(`a.${ext}`);
    write('Makefile');
    assert.deepStrictEqual(walked('.'), ['a.cjs', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.mts', 'a.py', 'a.pyi', 'a.ts', 'a.tsx']);
  });

  it('skips dependency, VCS, build, cache and virtual-environment folders at any depth', () => {
    for (const dir of ['node_modules', '.git', 'dist', 'build', 'out', '.next', '__pycache__', '.venv', 'venv', 'coverage']) write(`pkg/${dir}/x.py`);
    write('pkg/src/keep.py');
    assert.deepStrictEqual(walked('.'), ['pkg/src/keep.py']);
  });

  it('follows .gitignore rules: nested files, folder patterns, negation', () => {
    fs.mkdirSync(path.join(tree, '.git'));
    write('.gitignore', 'secret*.py\ngenerated/\n*.js\n!keep.js\n');
    write('src/.gitignore', 'local.ts\n!secret-but-wanted.py\n');
    for (const file of ['a.py', 'secret1.py', 'generated/g.py', 'x.js', 'keep.js', 'src/local.ts', 'src/ok.ts', 'src/secret-but-wanted.py', 'other/local.ts']) write(file);
    assert.deepStrictEqual(walked('.'), ['a.py', 'keep.js', 'other/local.ts', 'src/ok.ts', 'src/secret-but-wanted.py']);
  });

  it('applies .gitignore files between the repository root and a walked subfolder, not above the root', () => {
    write('.gitignore', '*.py\n'); // outside the repository: ignored by git, and by us
    fs.mkdirSync(path.join(tree, 'repo', '.git'), { recursive: true });
    write('repo/.gitignore', 'drafts/\n');
    write('repo/pkg/drafts/d.ts');
    write('repo/pkg/a.py');
    assert.deepStrictEqual(walked('repo/pkg'), ['repo/pkg/a.py']);
  });

  it('walks a folder named on the command line even if it is ignored or has a skipped name', () => {
    fs.mkdirSync(path.join(tree, '.git'));
    write('.gitignore', 'legacy/\n');
    write('legacy/old.py');
    write('build/gen.py');
    assert.deepStrictEqual(walked('.'), []);
    assert.deepStrictEqual(walked('legacy', 'build'), ['build/gen.py', 'legacy/old.py']);
  });

  it('takes a named file even when ignored, once even if named twice, and notes an unsupported one', () => {
    fs.mkdirSync(path.join(tree, '.git'));
    write('.gitignore', 'ignored.py\n');
    write('ignored.py');
    write('notes.txt');
    const collected = collectFiles([path.join(tree, 'ignored.py'), path.join(tree, 'ignored.py'), path.join(tree, 'notes.txt')]);
    assert.deepStrictEqual(collected.files.map((file) => [path.basename(file.path), file.language, file.explicit]), [['ignored.py', 'python', true]]);
    assert.deepStrictEqual(collected.skipped.map((skip) => [path.basename(skip.path), skip.reason]), [['notes.txt', 'unsupported']]);
    assert.deepStrictEqual(collected.errors, []);
  });

  it('does not follow symbolic links while walking', function () {
    write('real/a.py');
    try {
      fs.symlinkSync(path.join(tree, 'real'), path.join(tree, 'link'));
    } catch {
      this.skip(); // no symlinks on this file system
    }
    assert.deepStrictEqual(walked('.'), ['real/a.py']);
  });

  it('reads only what may hold a model ID, and skips walked files over 1 MB', async () => {
    write('plain.py', 'print(1)\n');
    write('model.py', 'MODEL = "claude-3-opus-20240229"\n');
    write('typo.py', 'MODEL = "Claude-3-Opus"\n');
    write('huge.js', `${'// filler\n'.repeat(110_000)}const m = 'claude-3-opus-20240229';\n`);
    const read = await readCandidateSources(collectFiles([tree]).files);
    assert.strictEqual(read.analysed, 3);
    assert.deepStrictEqual(read.candidates.map((c) => path.basename(c.file.path)).sort(), ['model.py', 'typo.py']);
    assert.strictEqual(read.candidates.find((c) => c.file.path.endsWith('model.py'))?.text, 'MODEL = "claude-3-opus-20240229"\n');
    assert.deepStrictEqual(read.skipped, []);
    assert.deepStrictEqual(read.errors, []);
  });

  it('reports a file that cannot be read as an error, and a named binary or minified one as skipped', async () => {
    write('gone.py', 'MODEL = "claude-3-opus-20240229"\n');
    write('blob.py', 'MODEL = "claude-3-opus-20240229"\n\0\n');
    write('one-line.js', `const m = 'claude-3-opus-20240229';${'x=1;'.repeat(12_500)}\n`);
    write('walked/blob.py', 'MODEL = "claude-3-opus-20240229"\n\0\n');
    const files = collectFiles([tree]).files.concat(collectFiles(['blob.py', 'one-line.js'].map((name) => path.join(tree, name))).files);
    fs.rmSync(path.join(tree, 'gone.py')); // listed, then gone: the read fails
    const read = await readCandidateSources(files);
    assert.deepStrictEqual(read.errors.map((e) => [path.basename(e.path), e.message]), [['gone.py', 'cannot be read (ENOENT)']]);
    // Named ones are told; walked ones are left out quietly, as the editor does.
    assert.deepStrictEqual(read.skipped.map((s) => [path.relative(tree, s.path), s.reason]), [['blob.py', 'binary'], ['one-line.js', 'minified']]);
    assert.deepStrictEqual(read.candidates, []);
  });
});
