import * as vscode from 'vscode';
import type { HealthSettings } from '../config';
import { readEndpointSettings, readHealthSettings } from '../config';
import { commandIds, healthStatusBarItemId, internalCommandIds } from '../constants';
import { buildDetailsModel } from '../health/detailsModel';
import { deserializeHistory, HISTORY_SAVE_INTERVAL_MS, HISTORY_STORAGE_KEY, serializeHistory } from '../health/historyStore';
import type { MonitorDecision } from '../health/monitor';
import { HealthMonitor } from '../health/monitor';
import { NotificationPolicy } from '../health/notifications';
import { CycleGate, nextDelayMs, shouldProbeOnFocus, statusPageDue } from '../health/pollingPolicy';
import type { StatusBarView } from '../health/presentation';
import { nextRenderDelayMs, renderStatusBar, tooltipCommandIds } from '../health/presentation';
import { probeApi } from '../health/probe';
import { fetchStatusPage, statusPageLink } from '../health/statusPage';
import type { HealthState } from '../health/types';
import type { Log } from '../log';
import type { ResolvedApiKey } from '../secrets/apiKey';
import { HealthDetailsPanel } from './healthDetails';

/** Where the controller gets the key from (ApiKeyStore in the extension; a slow stand-in in the race test). */
export interface HealthKeySource {
  resolve(): Promise<ResolvedApiKey>;
  readonly onDidChange: vscode.Event<void>;
}

/** What the controller uses of the extension context. */
export type HealthControllerContext = Pick<vscode.ExtensionContext, 'globalState' | 'extensionUri'>;

/** What tests and other extensions can read of the status bar (the rendered view and the state kind). */
export interface HealthSnapshot extends StatusBarView {
  kind: HealthState['kind'];
}

/**
 * The status bar health item: runs the polling loop (one timer, never two requests in flight), feeds the
 * pure monitor with probe and status page results, renders its state, notifies, keeps the history in
 * globalState, and serves the details view. Everything decided lives in src/health; this only wires it.
 *
 * Each cycle belongs to a generation (CycleGate): a key or settings change starts a new one, and a cycle
 * of an older one stops after its next await without touching the monitor. A cycle asked for while one
 * runs is run when that one ends, so every cycle ends with a timer (or, disabled, none).
 */
export class HealthController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly monitor: HealthMonitor;
  private readonly notifications: NotificationPolicy;
  private readonly gate = new CycleGate();
  private readonly details: HealthDetailsPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private settings: HealthSettings = readHealthSettings();
  private timer: NodeJS.Timeout | undefined;
  private renderTimer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout;
  private inFlight: AbortController | undefined;
  /** The cycle in flight, for refresh() to wait on. */
  private running: Promise<void> | undefined;
  /** Exact secrets to mask in what the UI shows (the keys used this session). */
  private readonly secrets = new Set<string>();
  private lastProbeAt: number | undefined;
  private lastConfirmIn: number | undefined;
  private page: { lastStatusAt?: number; lastSummaryAt?: number; statusIndicator?: string; summaryIndicator?: string } = {};
  private view: StatusBarView | undefined;
  private disposed = false;

  constructor(
    private readonly context: HealthControllerContext,
    private readonly keys: HealthKeySource,
    private readonly log: Log,
  ) {
    const now = Date.now();
    this.monitor = new HealthMonitor({ now: () => Date.now(), history: deserializeHistory(context.globalState.get(HISTORY_STORAGE_KEY), now) });
    this.notifications = new NotificationPolicy(this.settings.notifications);
    this.details = new HealthDetailsPanel(context.extensionUri, log);
    this.item = vscode.window.createStatusBarItem(healthStatusBarItemId, vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Claude API Health';
    this.item.command = internalCommandIds.healthMenu;
    this.saveTimer = setInterval(() => void this.saveHistory(), HISTORY_SAVE_INTERVAL_MS);
    this.subscriptions.push(
      vscode.window.onDidChangeWindowState((state) => this.didChangeWindowState(state)),
      keys.onDidChange(() => this.restart('the API key changed')),
    );
    this.applySettings();
  }

  /** The rendered status bar view, for tests and the extension's API. */
  snapshot(): HealthSnapshot | undefined {
    return this.view && { ...this.view, kind: this.monitor.state().kind };
  }

  /** "Claude: Refresh Health": probe (and read the status page) now; resolves when done. */
  async refresh(): Promise<void> {
    // Never two requests in flight: wait for the running cycle (and any that follows it), then run one.
    while (this.running) await this.running;
    if (!this.settings.enabled || this.disposed) return;
    await this.tick(true);
  }

  /** "Claude: Show Health Details". */
  showDetails(): void {
    this.details.show(this.detailsModel());
  }

  /** "Claude: Open Status Page". */
  async openStatusPage(): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse(statusPageLink(readEndpointSettings().statusPageUrl.url)));
  }

  /** Settings changed: re-read them; endpoint changes start over (history too: another API). */
  settingsChanged(event: vscode.ConfigurationChangeEvent): void {
    const endpointChanged = event.affectsConfiguration('claudeHealth.apiBaseUrl') || event.affectsConfiguration('claudeHealth.statusPageUrl');
    if (!endpointChanged && !event.affectsConfiguration('claudeHealth.health')) return;
    this.settings = readHealthSettings();
    this.notifications.setSetting(this.settings.notifications);
    if (endpointChanged) this.monitor.reset({ clearHistory: true });
    this.applySettings();
  }

  dispose(): void {
    this.disposed = true;
    this.gate.startOver();
    this.inFlight?.abort();
    clearTimeout(this.timer);
    clearTimeout(this.renderTimer);
    clearInterval(this.saveTimer);
    void this.saveHistory();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.details.dispose();
    this.item.dispose();
  }

  private applySettings(): void {
    clearTimeout(this.timer);
    if (!this.settings.enabled) {
      this.gate.startOver();
      this.inFlight?.abort();
      this.monitor.setDisabled();
      this.item.hide();
      return;
    }
    this.render();
    this.item.show();
    this.restart('settings');
  }

  /** Starts over (key or settings changed): abort what runs, forget the state, probe now. */
  private restart(why: string): void {
    if (this.disposed || !this.settings.enabled) return;
    this.log.debug(`Health: starting over (${why}).`);
    this.gate.startOver();
    this.inFlight?.abort();
    this.monitor.reset();
    this.page = {};
    this.render();
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.disposed || !this.settings.enabled) return;
    this.timer = setTimeout(() => void this.tick(false), delayMs);
  }

  /** One polling cycle; a cycle asked for while one runs is run when that one ends (never dropped). Never rejects. */
  private tick(manual: boolean): Promise<void> {
    const token = this.gate.tryStart();
    if (token === undefined) return Promise.resolve();
    clearTimeout(this.timer); // this cycle's end sets the next timer
    const run = this.cycle(token, manual)
      .catch((error: unknown) => this.log.error('Health check failed', error))
      .finally(() => this.afterCycle(token));
    this.running = run;
    return run;
  }

  /** Every cycle ends here: at once again when asked for or gone stale, else at the policy's delay. */
  private afterCycle(token: number): void {
    this.running = undefined;
    try {
      const again = this.gate.finish(token) === 'now';
      if (this.disposed || !this.settings.enabled) return;
      if (again) this.schedule(0);
      else this.scheduleNext();
    } catch (error) {
      this.log.error('Health: could not compute the next check; trying again after one interval', error);
      this.schedule(this.settings.intervalMs);
    }
  }

  /**
   * The probe (if a key and probing are on), then the status page when due. After every await it
   * checks that no start-over happened meanwhile: a stale cycle must not record anything (a "no key"
   * from a key read before the user set one, say).
   */
  private async cycle(token: number, manual: boolean): Promise<void> {
    const abort = new AbortController();
    this.inFlight = abort;
    const stale = (): boolean => !this.gate.isCurrent(token) || abort.signal.aborted;
    try {
      const decisions: MonitorDecision[] = [];
      const resolved = await this.keys.resolve();
      if (stale()) return;
      const endpoints = readEndpointSettings();
      if (!this.settings.probe || !resolved.key) {
        decisions.push(this.monitor.setNoKey(this.settings.probe ? 'noKey' : 'probeOff'));
      } else {
        this.log.rememberSecret(resolved.key);
        this.secrets.add(resolved.key);
        const result = await probeApi({ apiKey: resolved.key, baseURL: endpoints.apiBaseUrl.url, signal: abort.signal });
        if (stale()) return;
        this.lastProbeAt = result.startedAt;
        this.log.debug(`Health probe: ${result.outcome}${result.status ? ` ${result.status}` : ''} in ${Math.round(result.latencyMs)} ms${result.requestId ? ` (${result.requestId})` : ''}.`);
        decisions.push(this.monitor.recordProbe(result));
      }
      const now = Date.now();
      const due = manual ? 'summary' : statusPageDue({ now, state: this.monitor.state(), focused: vscode.window.state.focused, ...this.page });
      if (due) {
        const page = await fetchStatusPage({ pageUrl: endpoints.statusPageUrl.url, kind: due, signal: abort.signal });
        if (stale()) return;
        if (due === 'status') {
          this.page.lastStatusAt = now;
          if ('indicator' in page) this.page.statusIndicator = page.indicator;
          if (!('indicator' in page)) decisions.push(this.monitor.recordStatusPage(page));
        } else {
          this.page.lastSummaryAt = now;
          this.page.lastStatusAt = now;
          if ('indicator' in page) this.page.summaryIndicator = this.page.statusIndicator = page.indicator;
          decisions.push(this.monitor.recordStatusPage(page));
        }
      }
      this.lastConfirmIn = decisions.find((d) => d.confirmIn !== undefined)?.confirmIn;
      this.afterChange();
    } finally {
      if (this.inFlight === abort) this.inFlight = undefined;
    }
  }

  private scheduleNext(): void {
    const hints = this.monitor.pollingHints();
    const delay = nextDelayMs({
      state: this.monitor.state(),
      confirmIn: this.lastConfirmIn,
      focused: vscode.window.state.focused,
      consecutiveFailures: hints.consecutiveFailures,
      retryAfterSeconds: hints.retryAfterSeconds,
      intervalMs: this.settings.intervalMs,
      random: Math.random,
    });
    if (delay !== undefined) this.schedule(delay);
  }

  private didChangeWindowState(state: vscode.WindowState): void {
    if (!state.focused || !this.settings.enabled || this.disposed || this.gate.inFlight) return;
    if (shouldProbeOnFocus(this.lastProbeAt, Date.now(), this.settings.intervalMs)) this.schedule(0);
    else this.scheduleNext();
  }

  /** Renders, notifies and updates the details view after the monitor took new input. */
  private afterChange(): void {
    this.render();
    const state = this.monitor.state();
    const notice = this.notifications.observe(state, Date.now(), [...this.secrets]);
    if (notice) {
      this.log.info(`Health: ${notice.message}`);
      const show = notice.kind === 'recovered' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      // An outage or a key problem raises "whose problem is it?": the doctor answers it.
      const actions = notice.kind === 'recovered' ? ['Show Details'] : ['Diagnose Connection', 'Show Details'];
      show(notice.message, ...actions).then(
        (choice) => {
          if (choice === 'Show Details') this.showDetails();
          if (choice === 'Diagnose Connection') void vscode.commands.executeCommand(commandIds.diagnoseConnection);
        },
        (error: unknown) => this.log.warn(`Could not show a health notification: ${String(error)}`),
      );
    }
    if (this.details.isOpen) this.details.update(this.detailsModel());
  }

  private detailsModel(): ReturnType<typeof buildDetailsModel> {
    return buildDetailsModel(this.monitor.state(), this.monitor.stats(), this.monitor.history(), Date.now(), [...this.secrets]);
  }

  /** Sets only what changed (each property set is a message to the workbench). */
  private render(): void {
    clearTimeout(this.renderTimer);
    const now = Date.now();
    const state = this.monitor.state();
    const view = renderStatusBar(state, this.monitor.stats(now), now, {
      statusPageUrl: statusPageLink(readEndpointSettings().statusPageUrl.url),
      secrets: [...this.secrets],
      diagnoseCommand: commandIds.diagnoseConnection,
    });
    if (view.text !== this.view?.text) this.item.text = view.text;
    if (view.ariaLabel !== this.view?.ariaLabel) this.item.accessibilityInformation = { label: view.ariaLabel };
    if (view.tooltip !== this.view?.tooltip) {
      const tooltip = new vscode.MarkdownString(view.tooltip, true);
      tooltip.isTrusted = { enabledCommands: tooltipCommandIds({ diagnoseCommand: commandIds.diagnoseConnection }) };
      this.item.tooltip = tooltip;
    }
    if (view.background !== this.view?.background) {
      this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    }
    this.view = view;
    // Countdowns and "checked 12 s ago" move on without new input.
    const delay = nextRenderDelayMs(state, now);
    if (delay !== undefined && !this.disposed) this.renderTimer = setTimeout(() => this.render(), delay);
  }

  /** Saves the history; never rejects (a failed write is logged: the history is a convenience). */
  private saveHistory(): Promise<void> {
    try {
      return Promise.resolve(this.context.globalState.update(HISTORY_STORAGE_KEY, serializeHistory(this.monitor.history(), Date.now()))).then(undefined, (error: unknown) =>
        this.log.warn(`Could not save the health history: ${String(error)}`),
      );
    } catch (error) {
      this.log.warn(`Could not save the health history: ${String(error)}`);
      return Promise.resolve();
    }
  }
}
