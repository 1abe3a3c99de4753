import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { grammarFileNames } from '../../src/analysis/languages';
import { nodeModulesWasmLocator, resolveWasm, runtimeWasmFileName, TreeSitterParsers } from '../../src/analysis/parsers';

const root = path.resolve(__dirname, '..', '..', '..');

describe('analysis: parsers', function () {
  this.timeout(20000);

  it('resolves wasm files in a dist-like directory, or through a function', () => {
    assert.strictEqual(resolveWasm('/ext/dist', runtimeWasmFileName), path.join('/ext/dist', 'web-tree-sitter.wasm'));
    assert.strictEqual(resolveWasm('/ext/dist', 'tree-sitter-python.wasm'), path.join('/ext/dist', 'grammars', 'tree-sitter-python.wasm'));
    assert.strictEqual(resolveWasm((name) => `/x/${name}`, 'tree-sitter-tsx.wasm'), '/x/tree-sitter-tsx.wasm');
  });

  it('finds every wasm file in node_modules, and esbuild.js copies the same grammars into dist/grammars', () => {
    const locate = nodeModulesWasmLocator(path.join(root, 'node_modules'));
    for (const file of [runtimeWasmFileName, ...Object.values(grammarFileNames)]) assert.ok(fs.existsSync(locate(file)), file);
    const esbuildConfig = fs.readFileSync(path.join(root, 'esbuild.js'), 'utf8');
    const copied = [...esbuildConfig.matchAll(/'grammars\/([\w-]+\.wasm)'/g)].map((match) => match[1]).sort();
    assert.deepStrictEqual(copied, Object.values(grammarFileNames).sort());
  });

  it('loads nothing until a language is asked for, then shares one parser per grammar', async () => {
    const parsers = new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules')));
    assert.strictEqual(parsers.loadedParserFor('javascript'), undefined);
    const [js, jsx] = await Promise.all([parsers.parserFor('javascript'), parsers.parserFor('javascriptreact')]);
    assert.strictEqual(js, jsx, 'JavaScript and JSX share the JavaScript grammar');
    assert.strictEqual(parsers.loadedParserFor('javascript'), js);
    assert.strictEqual(parsers.loadedParserFor('typescriptreact'), undefined);
    const tree = js.parse('const a = <b c="d" />;');
    assert.ok(tree && !tree.rootNode.hasError);
    tree.delete();
  });

  it('rejects a grammar that cannot be found, and loads it on a later request once it can', async () => {
    let directory = path.join(root, 'no-such-dir');
    const locate = nodeModulesWasmLocator(path.join(root, 'node_modules'));
    const parsers = new TreeSitterParsers((name) => (name === runtimeWasmFileName ? locate(name) : path.join(directory, name)));
    await assert.rejects(parsers.parserFor('python'));
    directory = path.join(root, 'node_modules', 'tree-sitter-python');
    const parser = await parsers.parserFor('python');
    assert.strictEqual(parser.grammar, 'python');
  });

  it('abandons a parse that runs over its time limit, and parses normally afterwards', async () => {
    const parser = await new TreeSitterParsers(nodeModulesWasmLocator(path.join(root, 'node_modules'))).parserFor('python');
    const text = 'x = [1, 2, 3]\n'.repeat(2000);
    assert.strictEqual(parser.parse(text, null, -1), null);
    const tree = parser.parse(text);
    assert.ok(tree && !tree.rootNode.hasError && tree.rootNode.namedChildCount === 2000);
    tree.delete();
  });
});
