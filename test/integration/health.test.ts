import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeHealthApi } from '../../src/extension';
import { Log } from '../../src/log';
import type { ResolvedApiKey } from '../../src/secrets/apiKey';
import { HealthController, type HealthControllerContext, type HealthKeySource } from '../../src/vscode/healthController';
import { FAKE_API_KEY } from '../fake-api/server';
import { activateExtension, extensionId, fakeApiUrl } from './helpers';

/** A key the fake refuses (401): its probes are told apart from the extension's own by `keyValid`. */
const REFUSED_KEY = 'sk-ant-api03-RefusedKeyOfTheRaceTest0000000000000000000000000000000-AAAA';

interface RecordedRequest {
  seq: number;
  route: string;
  query: Record<string, string | string[]>;
  keyValid: boolean;
  headers: Record<string, string>;
}

async function requests(): Promise<RecordedRequest[]> {
  const response = await fetch(`${fakeApiUrl()}/__control/requests`);
  return ((await response.json()) as { requests: RecordedRequest[] }).requests;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A key source whose next read can be held open: like a SecretStorage read issued before the user
 * stored a new key, it then answers with the key as it was when the read began.
 */
class HeldKeySource implements HealthKeySource {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private held: { entered: () => void; release: Promise<void> } | undefined;

  constructor(private key: string | undefined) {}

  /** The next resolve() waits for `release()`; `entered` resolves once it is waiting. */
  holdNextRead(): { entered: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    this.held = { entered, release: new Promise<void>((resolve) => (release = resolve)) };
    return { entered: enteredPromise, release };
  }

  async resolve(): Promise<ResolvedApiKey> {
    const key = this.key; // read before the wait: a stale answer
    const held = this.held;
    this.held = undefined;
    if (held) {
      held.entered();
      await held.release;
    }
    return key ? { key, source: 'secretStorage' } : { key: undefined, source: 'none' };
  }

  /** The user stores a new key: SecretStorage fires its change event. */
  set(key: string | undefined): void {
    this.key = key;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** An in-memory globalState; `failWrites` makes every update reject, as a broken storage would. */
function memento(failWrites = false): vscode.Memento & { setKeysForSync(keys: readonly string[]): void } {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T): T | undefined => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown): Thenable<void> => {
      if (failWrites) return Promise.reject(new Error('globalState write refused (test)'));
      values.set(key, value);
      return Promise.resolve();
    },
    setKeysForSync: () => undefined,
  };
}

function controllerContext(failWrites = false): HealthControllerContext {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension);
  return { globalState: memento(failWrites), extensionUri: extension.extensionUri };
}

/** Polls a controller's snapshot until it shows `kind`. */
async function controllerShows(controller: HealthController, kind: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (controller.snapshot()?.kind !== kind) {
    if (Date.now() > deadline) throw new Error(`the bar never showed ${kind}; it shows ${JSON.stringify(controller.snapshot()?.text)} (${controller.snapshot()?.kind})`);
    await sleep(100);
  }
}

/** Drives the runner's fake API (it runs in the test runner's process) through its control endpoints. */
async function control(action: string, body?: unknown): Promise<void> {
  const response = await fetch(`${fakeApiUrl()}/__control/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  assert.strictEqual(response.status, 200, `control ${action}: ${await response.text()}`);
}

/** Waits until the status bar shows `kind` (confirming re-probes take a few seconds), returning what it shows. */
async function statusBarWhen(api: ClaudeHealthApi, kind: string, timeoutMs = 20_000): Promise<NonNullable<ReturnType<ClaudeHealthApi['health']['snapshot']>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = api.health.snapshot();
    if (snapshot?.kind === kind) return snapshot;
    if (Date.now() > deadline) throw new Error(`status bar never showed ${kind}; it shows ${JSON.stringify(snapshot?.text)} (${snapshot?.kind})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('status bar health (in the real extension host, following the fake API)', function () {
  this.timeout(60_000);
  let api: ClaudeHealthApi;

  before(async () => {
    api = await activateExtension();
    await control('reset');
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
  });

  afterEach(async () => {
    await control('reset');
  });

  after(async () => {
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
  });

  it('Operational: the latency, no alarm colour, and a tooltip with command links', async () => {
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    const shown = await statusBarWhen(api, 'operational');
    assert.match(shown.text, /^\$\(pass\) Claude \d+ ms$/);
    assert.strictEqual(shown.background, undefined);
    assert.match(shown.tooltip, /command:claudeHealth\.refreshHealth/);
    assert.match(shown.tooltip, /command:claudeHealth\.showHealthDetails/);
    // Component names come from the network, so the Markdown escapes them: "Claude API \(api\.anthropic\.com\)".
    assert.ok(shown.tooltip.includes('Claude API \\(api\\.anthropic\\.com\\)'), `the status page components are not listed:\n${shown.tooltip}`);
  });

  it('Outage: one 529 is not an outage; confirmed 529s are, in error colour; then it recovers', async () => {
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    await statusBarWhen(api, 'operational');
    await control('script', { route: 'models', outcomes: Array.from({ length: 6 }, () => ({ kind: 'error', status: 529 })) });
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    // Right after the first failure the state holds while a confirming re-probe runs.
    assert.notStrictEqual(api.health.snapshot()?.kind, 'outage');
    const outage = await statusBarWhen(api, 'outage');
    assert.strictEqual(outage.text, '$(error) Claude outage');
    assert.strictEqual(outage.background, 'error');
    assert.match(outage.tooltip, /overload|529/i);
    await control('reset');
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    await statusBarWhen(api, 'operational');
  });

  it('Degraded: the status page can raise a warning while the probe works', async () => {
    await control('status', { state: 'degraded' });
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    const degraded = await statusBarWhen(api, 'degraded');
    assert.strictEqual(degraded.text, '$(warning) Claude degraded');
    assert.strictEqual(degraded.background, 'warning');
    assert.match(degraded.tooltip, /Elevated errors on Claude API/);
  });

  it('Key problem: a key the API refuses shows as a key problem, in error colour', async () => {
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: 'sk-ant-api03-RevokedKeyOfTheIntegrationTest000000000000000000000000-AAAA' });
    const problem = await statusBarWhen(api, 'keyProblem');
    assert.strictEqual(problem.text, '$(key) Claude key?');
    assert.strictEqual(problem.background, 'error');
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
    await statusBarWhen(api, 'operational');
  });

  it('"Show Health Details" opens the details view', async () => {
    await vscode.commands.executeCommand('claudeHealth.showHealthDetails');
    const deadline = Date.now() + 5_000;
    const detailsTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Claude API Health');
    while (!detailsTab() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(detailsTab(), `no details tab among: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  // Mocha runs this after the suite's own tests; each case ends with the bar operational again.
  describe('a server wait longer than an hour is capped, not a request loop (issue 7 item 2)', () => {
    const yearThreeThousand = Date.parse('3000-01-01T00:00:00Z');
    const cases: Array<[string, () => Promise<void>]> = [
      ['retry-after: 9999999999', () => control('scenario', [{ forMs: 600_000, api: { kind: 'error', status: 429, retryAfter: 9_999_999_999 } }])],
      ['retry-after-ms: 1e15', () => control('scenario', [{ forMs: 600_000, api: { kind: 'error', status: 429, retryAfterMs: 1e15 } }])],
      [
        'no retry-after, a rate-limit reset in the year 3000',
        async () => {
          await control('ratelimits', { tokens: { remaining: 0, resetMs: yearThreeThousand - Date.now() } });
          await control('scenario', [{ forMs: 600_000, api: { kind: 'error', status: 429 } }]);
        },
      ],
    ];
    for (const [name, arrange] of cases) {
      it(`${name}: one request in several seconds, and "rate-limited" without a countdown`, async () => {
        await arrange();
        // The health probe is GET /v1/models?limit=1 (the model list asks for pages of 1000).
        const probes = async (): Promise<number> => (await requests()).filter((r) => r.route === 'models' && r.query.limit === '1').length;
        const before = await probes();
        await vscode.commands.executeCommand('claudeHealth.refreshHealth');
        await sleep(5_000);
        const during = (await probes()) - before;
        // The refresh's own probe; one more only if a timer happened to be due. A loop makes hundreds.
        assert.ok(during >= 1 && during <= 2, `${during} probes in 5 s`);
        const limited = await statusBarWhen(api, 'rateLimited');
        assert.strictEqual(limited.text, '$(clock) Claude rate-limited', 'no countdown to a reset that far off');
        assert.match(limited.tooltip, /until/);
        await control('reset');
        await vscode.commands.executeCommand('claudeHealth.refreshHealth');
        await statusBarWhen(api, 'operational');
      });
    }
  });

  // Last: a rate limit holds until its reset time, whatever the later tests would script.
  it('Rate limited: a 429 with retry-after counts down, in warning colour', async () => {
    await control('script', { route: 'models', outcomes: [{ kind: 'error', status: 429, retryAfter: 42 }] });
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    const limited = await statusBarWhen(api, 'rateLimited');
    assert.match(limited.text, /^\$\(clock\) Claude rate-limited 0:[34]\d$/);
    assert.strictEqual(limited.background, 'warning');
  });
});

describe('health polling survives a start-over while a cycle is in flight (issue 7 items 1 and 4)', function () {
  this.timeout(90_000);
  const disposables: vscode.Disposable[] = [];

  before(async () => {
    await activateExtension();
    // A short interval, so "it keeps probing" is seen within the test (read when a controller is made).
    await vscode.workspace.getConfiguration('claudeHealth').update('health.intervalSeconds', 15, vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    while (disposables.length > 0) disposables.pop()?.dispose();
    await control('reset');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('claudeHealth').update('health.intervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a key set while the old cycle still reads the key: the bar reaches the new state and probing goes on', async () => {
    const keys = new HeldKeySource(undefined);
    const log = new Log('Claude API Health (race test)');
    const controller = new HealthController(controllerContext(), keys, log);
    disposables.push(keys, log, controller);
    await controllerShows(controller, 'noKey', 10_000);

    // A cycle in flight, held inside its key read (the read began before the key was set).
    const held = keys.holdNextRead();
    const refreshing = controller.refresh();
    await held.entered;
    keys.set(REFUSED_KEY);
    await sleep(300); // the start-over's immediate tick has run by now, and met the cycle in flight
    const mark = Math.max(0, ...(await requests()).map((r) => r.seq));
    held.release();
    await refreshing;

    // The stale read must not say "no key", and a cycle of the new key must follow.
    await controllerShows(controller, 'keyProblem', 15_000);
    const refusedProbes = async (): Promise<number> => (await requests()).filter((r) => r.seq > mark && r.route === 'models' && r.query.limit === '1' && !r.keyValid).length;
    const seen = await refusedProbes();
    assert.ok(seen >= 1, 'the new key was probed');
    // ... and the loop goes on at the interval (15 s, ±5 %), with no refresh from us.
    const deadline = Date.now() + 25_000;
    while ((await refusedProbes()) <= seen) {
      if (Date.now() > deadline) assert.fail(`no probe after the key problem within 25 s: polling stopped (${seen} probes of the new key)`);
      await sleep(250);
    }
  });

  it('a history write that fails is logged, not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      if (String(reason).includes('globalState write refused (test)')) unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const keys = new HeldKeySource(undefined);
      const log = new Log('Claude API Health (storage test)');
      const controller = new HealthController(controllerContext(true), keys, log);
      disposables.push(keys, log);
      await controllerShows(controller, 'noKey', 10_000);
      controller.dispose(); // saves the history: the write rejects
      await sleep(500);
      assert.deepStrictEqual(unhandled.map(String), []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
