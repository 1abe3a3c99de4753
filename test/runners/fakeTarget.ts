/**
 * What every launcher of the integration suite gives the extension host so that it talks only to
 * the local fake Claude API, and the check that refuses a run where it would not. Pure: no vscode.
 * Used by runCodeServer, runElectron, scripts/test.mjs and the suite's entry (test/integration/index.ts).
 */

/** A key-shaped value for the extension host's environment; the fake API accepts nothing else than its own key. */
export const runnerEnvironmentKey = 'sk-ant-api03-EnvironmentKeyOfTheTestRunner0000000000000000000000000000-AAAAAA';

/** The day model lifecycles are judged on in the tests, so that they do not change with the calendar. */
export const judgementDay = '2026-11-22';

/** The endpoint settings that send every request of the extension to the fake. */
export function fakeEndpointSettings(fakeUrl: string): Record<string, string> {
  return { 'claudeHealth.apiBaseUrl': fakeUrl, 'claudeHealth.statusPageUrl': fakeUrl };
}

/**
 * The extension host's environment on top of the launcher's: the runner's key, never a developer's
 * real ANTHROPIC_API_KEY, and the fake's URL (ANTHROPIC_BASE_URL too, for anything the SDK reads itself).
 */
export function extensionHostEnvironment(fakeUrl: string): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: runnerEnvironmentKey,
    ANTHROPIC_BASE_URL: fakeUrl,
    CLAUDE_HEALTH_FAKE_API_URL: fakeUrl,
    CLAUDE_HEALTH_TODAY: judgementDay,
  };
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why the suite must not run (a sentence), or undefined: the fake's URL must be a loopback http URL
 * and both endpoint settings must point at it, else a test could reach the real API with a real key.
 */
export function fakeTargetProblem(fakeUrl: string | undefined, endpoints: { apiBaseUrl: unknown; statusPageUrl: unknown }): string | undefined {
  if (!fakeUrl) return 'CLAUDE_HEALTH_FAKE_API_URL is not set: the launcher started no fake API';
  let parsed: URL;
  try {
    parsed = new URL(fakeUrl);
  } catch {
    return `CLAUDE_HEALTH_FAKE_API_URL (${fakeUrl}) is not a URL`;
  }
  if (parsed.protocol !== 'http:' || !loopbackHosts.has(parsed.hostname)) return `the fake API (${fakeUrl}) is not on this machine's loopback address`;
  for (const [name, value] of Object.entries(endpoints)) {
    if (value !== fakeUrl) return `claudeHealth.${name} is ${JSON.stringify(value)}, not the fake API at ${fakeUrl}`;
  }
  return undefined;
}
