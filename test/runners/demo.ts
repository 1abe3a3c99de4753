/**
 * The demo's choices (scripts/demo.mjs): which health scenario the local fake API plays, and the
 * settings that let a newcomer see the status bar change within a minute or two.
 *   npm run demo -- --scenario outage       (also: flaky, rate-limited, healthy; or a fake API scenario name)
 */
import type { FakeClaudeApiOptions, Scenario } from '../fake-api/server';
import { FakeClaudeApi, NAMED_SCENARIOS } from '../fake-api/server';

const ok = { kind: 'ok' } as const;
const overloaded = { kind: 'error', status: 529 } as const;

/**
 * The demo's own scenarios, in real time and looping, timed for the demo's 15-second probe interval:
 * each state lasts several probes, so the status bar has time to confirm it and to show it.
 */
export const demoScenarios: Readonly<Record<string, Scenario>> = {
  healthy: { name: 'healthy', steps: [{ forMs: 60_000, api: ok, status: 'operational' }], loop: true },
  // Fine for 45 s, then 529s for 90 s (the status page turns red 30 s later, as the real one lags), then recovery.
  outage: {
    name: 'outage',
    steps: [
      { forMs: 45_000, api: ok, status: 'operational' },
      { forMs: 30_000, api: overloaded, status: 'operational' },
      { forMs: 60_000, api: overloaded, status: 'outage' },
      { forMs: 45_000, api: ok, status: 'degraded' },
    ],
    loop: true,
  },
  // Short bursts of failures between working stretches, and a page that admits "elevated errors".
  flaky: {
    name: 'flaky',
    steps: [
      { forMs: 25_000, api: ok, status: 'degraded' },
      { forMs: 10_000, api: overloaded, status: 'degraded' },
      { forMs: 20_000, api: ok, status: 'degraded' },
      { forMs: 10_000, api: { kind: 'error', status: 500 }, status: 'degraded' },
      { forMs: 15_000, api: { kind: 'slow', ms: 4000 }, status: 'degraded' },
      { forMs: 5000, api: { kind: 'reset' }, status: 'degraded' },
    ],
    loop: true,
  },
  // Fine for 30 s, then 429 rate_limit_error with retry-after 30 s for 90 s: your limit, not an outage.
  'rate-limited': {
    name: 'rate-limited',
    steps: [
      { forMs: 30_000, api: ok, status: 'operational' },
      { forMs: 90_000, api: { kind: 'error', status: 429, retryAfter: 30 }, status: 'operational' },
    ],
    loop: true,
  },
};

/** Every name `--scenario` accepts: the demo's own, then the fake API's named scenarios. */
export function demoScenarioNames(): string[] {
  return [...Object.keys(demoScenarios), ...Object.keys(NAMED_SCENARIOS).filter((name) => !Object.hasOwn(demoScenarios, name))];
}

export interface DemoOptions {
  scenario: Scenario;
  help: boolean;
}

/** Reads the demo's command line (`--scenario NAME`, `--scenario=NAME`, `--help`); throws with the accepted names on a mistake. */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  let name = 'healthy';
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--scenario') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--scenario needs a name: ${demoScenarioNames().join(', ')}`);
      name = value;
    } else if (arg.startsWith('--scenario=')) name = arg.slice('--scenario='.length);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; use --scenario NAME (${demoScenarioNames().join(', ')})`);
  }
  const scenario = Object.hasOwn(demoScenarios, name) ? demoScenarios[name] : Object.hasOwn(NAMED_SCENARIOS, name) ? { ...NAMED_SCENARIOS[name], name } : undefined;
  if (!scenario) throw new Error(`unknown scenario ${JSON.stringify(name)}; choose one of: ${demoScenarioNames().join(', ')}`);
  return { scenario, help };
}

/** Starts the fake API playing `scenario` from now. */
export async function startDemoApi(scenario: Scenario, options: FakeClaudeApiOptions = {}): Promise<FakeClaudeApi> {
  const api = await FakeClaudeApi.start(options);
  api.scenario(scenario);
  return api;
}

/** User settings for the demo: probe every 15 s (the minimum) so that changes show quickly. */
export function demoUserSettings(): Record<string, unknown> {
  return {
    // The demo folder sits inside this repository; do not offer to open the parent repository.
    'git.openRepositoryInParentFolders': 'never',
    'claudeHealth.health.intervalSeconds': 15,
  };
}

/** What `npm run demo -- --help` prints. */
export function demoUsage(): string {
  const lines = Object.entries(demoScenarios).map(([name, s]) => `  ${name.padEnd(14)}${describeScenario(s)}`);
  return [
    'npm run demo [-- --scenario NAME]',
    '',
    'Starts VS Code (code-server) on 127.0.0.1 with the extension, pointed at a local fake Claude API',
    'that plays NAME over time (looping), so you can watch the status bar change. Scenarios:',
    ...lines,
    `  also the fake API's own: ${Object.keys(NAMED_SCENARIOS).filter((n) => !Object.hasOwn(demoScenarios, n)).join(', ')}`,
    '',
    'PORT=8080 chooses the port (default 8080, or a free one if it is taken).',
  ].join('\n');
}

/** "ok for 45 s (page operational), 529 for 30 s (…), …": the steps of a scenario in a few words. */
export function describeScenario(scenario: Scenario): string {
  const outcome = (step: Scenario['steps'][number]): string => {
    const api = step.api;
    if (!api || api.kind === 'ok') return 'ok';
    if (api.kind === 'error') return `${api.status}${api.retryAfter !== undefined ? ` retry-after ${String(api.retryAfter)}` : ''}`;
    if (api.kind === 'slow') return `answers after ${api.ms / 1000} s`;
    return api.kind;
  };
  return scenario.steps.map((step) => `${outcome(step)} for ${step.forMs / 1000} s (page ${step.status ?? 'unchanged'})`).join(', ') + (scenario.loop ? ', then again' : '');
}
