/// <reference types="mocha" />
import * as assert from 'assert';
import { retryLibrariesIn } from '../../src/analysis/fixes/dependencies';

const none = { tenacity: false, pRetry: false };

describe('retry libraries a project depends on', () => {
  it('reads requirements*.txt: names with versions, extras and markers; not comments, options or other names', () => {
    assert.deepStrictEqual(retryLibrariesIn([{ path: 'requirements.txt', text: 'anthropic==1.13.0\nTenacity>=8.2 ; python_version > "3.8"\n' }]), { tenacity: true, pRetry: false });
    assert.deepStrictEqual(retryLibrariesIn([{ path: 'sub/requirements-dev.txt', text: 'tenacity[doc]~=9.0' }]).tenacity, true);
    for (const text of ['# tenacity\n', '-r tenacity.txt\n', 'tenacity-extras==1\n', 'pytenacity\n', 'anthropic  # uses tenacity\n']) {
      assert.deepStrictEqual(retryLibrariesIn([{ path: 'requirements.txt', text }]), none, text);
    }
  });

  it('reads pyproject.toml: PEP 621 dependencies and optional dependencies, dependency groups, Poetry tables', () => {
    const pep621 = '[project]\nname = "x"\ndependencies = [\n  "anthropic>=1.0",\n  "tenacity[doc]>=8",\n]\n';
    assert.strictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: pep621 }]).tenacity, true);
    assert.strictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: '[project]\ndependencies = ["tenacity"]\n' }]).tenacity, true);
    assert.strictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: '[project.optional-dependencies]\nretry = ["tenacity>=9"]\n' }]).tenacity, true);
    assert.strictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: '[dependency-groups]\ndev = [\n "tenacity",\n]\n' }]).tenacity, true);
    assert.strictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: '[tool.poetry.dependencies]\npython = "^3.11"\ntenacity = "^9.0"\n' }]).tenacity, true);
    assert.strictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: '[tool.poetry.group.dev.dependencies]\ntenacity = "*"\n' }]).tenacity, true);
    // Mentioned elsewhere: not a dependency.
    const elsewhere = '[project]\nname = "tenacity-user"\ndescription = "uses tenacity"\ndependencies = ["anthropic"]\n[tool.ruff]\nextend = ["tenacity"]\n';
    assert.deepStrictEqual(retryLibrariesIn([{ path: 'pyproject.toml', text: elsewhere }]), none);
  });

  it('reads package.json: every dependency field, and survives broken JSON', () => {
    assert.strictEqual(retryLibrariesIn([{ path: 'package.json', text: '{"dependencies":{"p-retry":"^7.1.1"}}' }]).pRetry, true);
    assert.strictEqual(retryLibrariesIn([{ path: 'a\\package.json', text: '{"devDependencies":{"p-retry":"7"}}' }]).pRetry, true);
    assert.deepStrictEqual(retryLibrariesIn([{ path: 'package.json', text: '{"dependencies":{"async-retry":"1"},"description":"p-retry"}' }]), none);
    assert.deepStrictEqual(retryLibrariesIn([{ path: 'package.json', text: '{"dependencies":' }]), none);
    assert.deepStrictEqual(retryLibrariesIn([{ path: 'notes.txt', text: 'tenacity' }]), none);
  });
});
