// Issue 7 item 13: every launcher of the integration suite (runCodeServer, runElectron) sends the
// extension only to the local fake, with the runner's key, and the suite refuses to run otherwise.
import * as assert from 'assert';
import { extensionHostEnvironment, fakeEndpointSettings, fakeTargetProblem, runnerEnvironmentKey } from '../runners/fakeTarget';

describe('the integration launchers target the local fake API only', () => {
  const fake = 'http://127.0.0.1:43210';

  it('give the extension host the runner key and the fake URL, whatever key the developer has', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'sk-ant-api03-DevelopersRealKeyMustNotReachTheTests000000000000-AAAA';
    try {
      const env = extensionHostEnvironment(fake);
      assert.strictEqual(env.ANTHROPIC_API_KEY, runnerEnvironmentKey);
      assert.strictEqual(env.CLAUDE_HEALTH_FAKE_API_URL, fake);
      assert.strictEqual(env.ANTHROPIC_BASE_URL, fake);
      // Spread over process.env as the launchers do: the runner's values win.
      assert.strictEqual({ ...process.env, ...env }.ANTHROPIC_API_KEY, runnerEnvironmentKey);
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('point both endpoint settings at the fake', () => {
    assert.deepStrictEqual(fakeEndpointSettings(fake), { 'claudeHealth.apiBaseUrl': fake, 'claudeHealth.statusPageUrl': fake });
  });

  it('accept a run whose endpoints are the fake on the loopback address', () => {
    assert.strictEqual(fakeTargetProblem(fake, { apiBaseUrl: fake, statusPageUrl: fake }), undefined);
  });

  it('refuse a run with no fake, a fake that is not local, or an endpoint elsewhere', () => {
    assert.match(fakeTargetProblem(undefined, { apiBaseUrl: fake, statusPageUrl: fake }) ?? '', /started no fake API/);
    assert.match(fakeTargetProblem('https://api.anthropic.com', { apiBaseUrl: 'https://api.anthropic.com', statusPageUrl: fake }) ?? '', /not on this machine's loopback/);
    assert.match(fakeTargetProblem(fake, { apiBaseUrl: 'https://api.anthropic.com', statusPageUrl: fake }) ?? '', /claudeHealth\.apiBaseUrl is "https:\/\/api\.anthropic\.com", not the fake/);
    assert.match(fakeTargetProblem(fake, { apiBaseUrl: fake, statusPageUrl: undefined }) ?? '', /claudeHealth\.statusPageUrl/);
  });
});
