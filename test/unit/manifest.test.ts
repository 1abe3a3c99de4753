import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { rules } from '../../src/analysis/registry';
import { ruleDocsFile, ruleDocsFolder, ruleDocsName } from '../../src/analysis/rules/docs';
import { commandIds, configSection } from '../../src/constants';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands the code registers, all under the Claude category', () => {
    const contributed = (manifest.contributes.commands as Array<{ command: string; category: string }>).map((c) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(commandIds).sort());
    for (const command of manifest.contributes.commands) assert.strictEqual(command.category, 'Claude', command.command);
  });

  it('activates late: on startup-finished and the five languages, never on *', () => {
    assert.deepStrictEqual([...manifest.activationEvents].sort(), [
      'onLanguage:javascript',
      'onLanguage:javascriptreact',
      'onLanguage:python',
      'onLanguage:typescript',
      'onLanguage:typescriptreact',
      'onStartupFinished',
    ]);
  });

  it('claims no VS Code older than the oldest one the integration tests run on (1.100)', () => {
    const match = /^\^?(\d+)\.(\d+)\./.exec(manifest.engines.vscode);
    assert.ok(match, manifest.engines.vscode);
    assert.ok(Number(match[1]) === 1 && Number(match[2]) >= 100, manifest.engines.vscode);
    const typesVersion = /(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode']);
    assert.ok(typesVersion && Number(typesVersion[2]) <= Number(match[2]), '@types/vscode must not be newer than engines.vscode');
  });

  it('points main at the esbuild bundle', () => {
    assert.strictEqual(manifest.main, './dist/extension.js');
  });

  // Issue 7 item 17: the description advertised retry diagnostics and a connection doctor before either existed.
  it('describes only features the extension contributes', () => {
    const description = String(manifest.description);
    const commands = Object.values(commandIds).join(' ');
    const ruleSettings = Object.keys(manifest.contributes.configuration.properties).filter((key) => key.startsWith(`${configSection}.rules.`)).join(' ');
    const claims: Array<[RegExp, boolean, string]> = [
      [/retry/i, /retry/i.test(ruleSettings), 'a retry rule'],
      [/doctor|diagnos(e|is) connection|connection check/i, /diagnose/i.test(commands), 'a Diagnose Connection command'],
      [/status bar/i, Object.values(commandIds).includes('claudeHealth.showHealthDetails'), 'the health status bar'],
      [/model name/i, /model/i.test(ruleSettings), 'the model-name rules'],
    ];
    for (const [claim, exists, feature] of claims) {
      if (claim.test(description)) assert.ok(exists, `the description mentions ${feature}, which the manifest does not contribute: ${description}`);
    }
    assert.ok(description.length >= 40 && description.length <= 200, `a description of a sentence: ${description.length} characters`);
  });

  it('keeps the endpoint settings out of workspace reach', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const key of ['apiBaseUrl', 'statusPageUrl']) {
      const setting = properties[`${configSection}.${key}`];
      assert.ok(setting, key);
      assert.ok(['machine', 'application'].includes(setting.scope), `${key} scope ${setting.scope}`);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`${configSection}.${key}`), key);
    }
    assert.strictEqual(properties[`${configSection}.apiBaseUrl`].default, 'https://api.anthropic.com');
    assert.strictEqual(properties[`${configSection}.statusPageUrl`].default, 'https://status.claude.com');
  });

  it('declares no setting that could hold the key', () => {
    for (const key of Object.keys(manifest.contributes.configuration.properties)) {
      assert.doesNotMatch(key, /key|token|secret/i, key);
    }
  });

  it('declares workspace trust and virtual workspace support with descriptions', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
    assert.ok('supported' in manifest.capabilities.virtualWorkspaces);
  });

  it('ships an icon that exists and is a PNG', () => {
    const icon = fs.readFileSync(path.join(root, manifest.icon));
    assert.deepStrictEqual([...icon.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('packages only the bundles, the parser wasm files, media, the rule pages, the snippets, README, CHANGELOG, LICENSE and package.json (vsce ls)', function () {
    this.timeout(30_000);
    const listed = execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean)
      .sort();
    const shipped = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/cli.js', 'dist/doctor.js', 'dist/web-tree-sitter.wasm'];
    const allowed = (file: string): boolean =>
      shipped.includes(file) ||
      file.startsWith('media/') ||
      /^docs\/rules\/([a-z-]+|README)\.md$/.test(file) ||
      /^dist\/grammars\/tree-sitter-[a-z]+\.wasm$/.test(file) ||
      /^dist\/vendor\/[a-z-]+\.js$/.test(file) ||
      /^snippets\/[a-z]+\.json$/.test(file);
    assert.ok(listed.includes('dist/extension.js'), listed.join(', '));
    assert.ok(listed.includes('dist/doctor.js'), 'Diagnose Connection loads its bundle from the installed extension');
    // Every diagnostic links to its rule's page, opened from the installed extension: it must be in the package.
    for (const rule of rules) assert.ok(listed.includes(ruleDocsFile(ruleDocsName(rule.id))), `${rule.id}'s page is not packaged`);
    assert.ok(listed.includes(`${ruleDocsFolder}/README.md`), 'the rule pages link to docs/rules/README.md');
    // Every contributed snippets file must ship, or the snippets silently vanish from the installed extension.
    for (const { path: file } of manifest.contributes.snippets) assert.ok(listed.includes(file.replace(/^\.\//, '')), `${file} is not packaged`);
    assert.deepStrictEqual(listed.filter((file) => !allowed(file)), []);
  });

  it("keeps Diagnose Connection's code out of the start-up bundle: dist/doctor.js, loaded on the first diagnosis", () => {
    // Inline, the checks and reports added ~6 ms to every activation (bench activation_ms, target 20).
    const bundle = (name: string) => fs.readFileSync(path.join(root, 'dist', name), 'utf8');
    const doctorOnly = 'sits between you and'; // the TLS check's interception verdict
    assert.ok(bundle('doctor.js').includes(doctorOnly), 'the doctor bundle holds the checks');
    assert.ok(!bundle('extension.js').includes(doctorOnly), 'the extension bundle does not');
    assert.match(bundle('extension.js'), /require\("\.\/doctor\.js"\)/, 'it requires the doctor bundle instead');
  });
});
