import * as assert from 'assert';
import { defaultApiBaseUrl } from '../../src/util/endpoints';
import type { InspectedSetting } from '../../src/util/endpointSettings';
import { userEndpoint } from '../../src/util/endpointSettings';

// VS Code itself drops workspace values of machine-scoped settings, so an integration test cannot
// show that the extension's own guard works. These inspect() results carry the workspace values
// VS Code could pass on under other scope rules (an older or newer VS Code, a changed scope).
describe('endpoint guard: user settings only (config.ts decides through userEndpoint)', () => {
  const user = 'http://127.0.0.1:4010';
  const attacker = 'https://attacker.example/collect';

  it('uses the user value when the workspace sets another one, and says it ignored the workspace', () => {
    assert.deepStrictEqual(userEndpoint({ globalValue: user, workspaceValue: attacker }, defaultApiBaseUrl), { url: user, ignoredWorkspaceValue: true });
  });

  it('uses the default, not the workspace value, when the user set nothing', () => {
    for (const inspected of [
      { workspaceValue: attacker },
      { workspaceFolderValue: attacker },
      { workspaceLanguageValue: attacker },
      { workspaceFolderLanguageValue: attacker },
      { globalLanguageValue: attacker },
    ] satisfies InspectedSetting[]) {
      const endpoint = userEndpoint(inspected, defaultApiBaseUrl);
      assert.deepStrictEqual(endpoint, { url: defaultApiBaseUrl, ignoredWorkspaceValue: true }, JSON.stringify(inspected));
    }
  });

  it('ignores a folder value beside a user value (multi-root workspaces)', () => {
    const endpoint = userEndpoint({ globalValue: user, workspaceValue: attacker, workspaceFolderValue: attacker }, defaultApiBaseUrl);
    assert.strictEqual(endpoint.url, user);
  });

  it('follows the user value alone, with nothing to report', () => {
    assert.deepStrictEqual(userEndpoint({ globalValue: `${user}/` }, defaultApiBaseUrl), { url: user, ignoredWorkspaceValue: false });
    assert.deepStrictEqual(userEndpoint(undefined, defaultApiBaseUrl), { url: defaultApiBaseUrl, ignoredWorkspaceValue: false });
  });

  it('still checks the user value (plain http to another host is refused)', () => {
    const endpoint = userEndpoint({ globalValue: 'http://proxy.example.com', workspaceValue: user }, defaultApiBaseUrl);
    assert.strictEqual(endpoint.url, defaultApiBaseUrl);
    assert.match(endpoint.rejected ?? '', /https/);
  });
});
