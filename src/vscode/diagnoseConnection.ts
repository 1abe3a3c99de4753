import * as vscode from 'vscode';
import { readDiagnoseSettings, readEndpointSettings } from '../config';
import { commandIds, configSection, extensionName, internalCommandIds } from '../constants';
import type * as DoctorModule from '../diagnose/doctor';
import type { CheckId, CredentialCandidate, DiagnoseInputs, DiagnosisCheck, DiagnosisReport } from '../diagnose/types';
import type { Log } from '../log';
import { redactSecrets } from '../secrets/redact';
import type { ModelCatalog } from '../models/catalog';
import { registerCommand } from './registerCommand';

/** What the command reads the stored key from (ApiKeyStore). */
export interface StoredKeySource {
  stored(): Promise<string | undefined>;
}

/** Where the models used in open documents come from (ModelDiagnostics). */
export interface ModelsInUse {
  modelsInUse(): Array<{ id: string; where: string }>;
}

/** Arguments the command takes when run programmatically (tests, other extensions). */
export interface DiagnoseCommandArgs {
  /** Also make the one-token live call; from the view's button it is asked first (it costs tokens). */
  live?: boolean;
}

/** What the command resolves with: the report (already masked) and its Markdown, or undefined when it could not start. */
export interface DiagnoseOutcome {
  report: DiagnosisReport;
  markdown: string;
}

const viewType = 'claudeHealth.diagnosis';
const viewTitle = 'Claude: Diagnose Connection';

/** A fresh random nonce for the one script the view's CSP allows. */
function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

/**
 * "Claude: Diagnose Connection": gathers the inputs (the stored key and the environment's, the user-only
 * endpoint settings, VS Code's proxy settings, the models of the open documents and the default-model
 * setting, the workspace folders' `.env` files), runs the pure doctor (src/diagnose/) under a cancellable
 * progress notification that names the checks running, and shows the report in one webview panel (strict
 * CSP, theme colours, each check a <details>) with "Copy report" (Markdown to the clipboard). The report also
 * goes to the log. Owns the panel and the run in flight.
 */
export class DiagnoseConnection implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private last: DiagnoseOutcome | undefined;
  private running: Promise<DiagnoseOutcome | undefined> | undefined;
  private cancelRun: (() => void) | undefined;
  private readonly panelSubscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly version: string,
    private readonly keys: StoredKeySource,
    private readonly catalog: () => ModelCatalog,
    private readonly models: ModelsInUse,
    private readonly log: Log,
    /** The checks to run; default the doctor's own (tests may pass others). */
    private readonly checks?: readonly DiagnosisCheck[],
  ) {}

  /** Registers the command and "Copy report"; one Disposable for both. */
  register(): vscode.Disposable {
    return vscode.Disposable.from(
      registerCommand(this.log, commandIds.diagnoseConnection, (args) => this.run(asArgs(args))),
      registerCommand(this.log, internalCommandIds.copyDiagnosisReport, () => this.copyReport()),
    );
  }

  /** Runs a diagnosis (or joins the one running) and shows its report. */
  run(args: DiagnoseCommandArgs = {}): Promise<DiagnoseOutcome | undefined> {
    this.running ??= this.diagnose(args).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Puts the last report's Markdown on the clipboard; false when there is none yet. */
  async copyReport(): Promise<boolean> {
    if (!this.last) {
      void vscode.window.showInformationMessage('No diagnosis to copy yet: run "Claude: Diagnose Connection" first.');
      return false;
    }
    await vscode.env.clipboard.writeText(this.last.markdown);
    void vscode.window.showInformationMessage('Diagnosis report copied (Markdown, no secrets).');
    return true;
  }

  dispose(): void {
    this.cancelRun?.();
    this.panel?.dispose();
    this.disposePanelSubscriptions();
  }

  private async diagnose(args: DiagnoseCommandArgs): Promise<DiagnoseOutcome | undefined> {
    const doctor = await loadDoctor();
    // The SDK and undici load while the inputs are read and the first checks run (never rejects).
    void doctor.warmUpApiChecks();
    const checks = this.checks ?? doctor.diagnosisChecks;
    const inputs = await this.gatherInputs(doctor, args);
    const secrets = [...inputs.credentials.map((c) => c.raw.trim()), ...inputs.dotEnvKeys.map((k) => k.value.trim())];
    for (const secret of secrets) this.log.rememberSecret(secret);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Claude: Diagnosing the connection', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        this.cancelRun = () => abort.abort();
        const cancellation = token.onCancellationRequested(() => abort.abort());
        const done = new Set<CheckId>();
        const step = 100 / Math.max(1, checks.length);
        const tell = (increment: number): void => progress.report({ increment, message: runningNow(checks, done) });
        tell(0);
        try {
          return await doctor.runDiagnosis(checks, inputs, {
            signal: abort.signal,
            onCheck: (result) => {
              done.add(result.id);
              tell(step);
            },
          });
        } finally {
          cancellation.dispose();
          this.cancelRun = undefined;
        }
      },
    );
    const markdown = redactSecrets(doctor.renderMarkdownReport(report), secrets);
    this.last = { report, markdown };
    this.log.info(`Diagnose Connection: ${report.verdict.sentence}\n${markdown}`);
    this.show(doctor, report);
    return this.last;
  }

  private async gatherInputs(doctor: Doctor, args: DiagnoseCommandArgs): Promise<DiagnoseInputs> {
    const { credentialsFromEnvironment, diagnosisEnvironment, readProxyEnvironment } = doctor;
    const env = process.env;
    const stored = await this.keys.stored().then(
      (key) => key,
      () => undefined, // a keyring that cannot be read: the environment's keys are still diagnosed
    );
    const credentials: CredentialCandidate[] = [...(stored !== undefined ? [{ source: 'secretStorage' as const, raw: stored }] : []), ...credentialsFromEnvironment(env)];
    const endpoints = readEndpointSettings();
    const http = vscode.workspace.getConfiguration('http');
    const proxySetting = http.get<unknown>('proxy');
    const strictSSL = http.get<unknown>('proxyStrictSSL');
    const noProxy = http.get<unknown>('noProxy');
    const proxySupport = http.get<unknown>('proxySupport');
    const defaultModel = readDiagnoseSettings().defaultModel;
    const models = this.models.modelsInUse();
    if (defaultModel && !models.some((model) => model.id === defaultModel)) models.push({ id: defaultModel, where: `setting ${configSection}.diagnose.defaultModel` });
    return {
      credentials,
      dotEnvKeys: await readWorkspaceDotEnvKeys(doctor),
      baseUrl: endpoints.apiBaseUrl.url,
      baseUrlSource: describeBaseUrlSource(endpoints.apiBaseUrl),
      statusPageUrl: endpoints.statusPageUrl.url,
      // VS Code's fields are passed even unset: their presence tells proxy.ts to follow VS Code's rules.
      proxy: {
        vscodeProxy: typeof proxySetting === 'string' ? proxySetting.trim() : '',
        vscodeStrictSSL: typeof strictSSL === 'boolean' ? strictSSL : true,
        vscodeNoProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
        ...(typeof proxySupport === 'string' && { vscodeProxySupport: proxySupport }),
        ...readProxyEnvironment(env),
      },
      models,
      live: args.live === true,
      timeoutMs: 10_000,
      environment: diagnosisEnvironment(`${extensionName} ${this.version} (VS Code ${vscode.version})`),
      catalog: this.catalog(),
      setKeyHint: `Run "Claude: Set API Key", or set ANTHROPIC_API_KEY in the environment VS Code starts from.`,
    };
  }

  /** Opens the view, or brings it to the front with the new report. */
  private show(doctor: Doctor, report: DiagnosisReport): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', 'diagnose');
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(viewType, viewTitle, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      this.panelSubscriptions.push(
        panel.webview.onDidReceiveMessage((message: unknown) => this.didReceiveMessage(message)),
        panel.onDidDispose(() => {
          this.panel = undefined;
          this.disposePanelSubscriptions();
        }),
      );
      this.panel = panel;
    } else {
      this.panel.reveal(undefined, false);
    }
    const webview = this.panel.webview;
    webview.html = doctor.renderHtmlReport(report, {
      cspSource: webview.cspSource,
      nonce: nonce(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
      offerLiveCall: !report.checks.some((check) => check.id === 'liveCall' && check.status !== 'skipped'),
    });
  }

  private didReceiveMessage(message: unknown): void {
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    const fail = (what: string) => (error: unknown) => this.log.error(`Diagnose Connection: ${what} failed`, error);
    switch (type) {
      case 'copy':
        this.copyReport().then(undefined, fail('copying the report'));
        break;
      case 'rerun':
        this.run().then(undefined, fail('running again'));
        break;
      case 'live':
        this.confirmLiveCall().then(undefined, fail('the live call'));
        break;
      case 'log':
        this.log.show();
        break;
    }
  }

  /** The live call costs tokens: asked first, every time. */
  private async confirmLiveCall(): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      'Run the diagnosis with a live call? It sends one messages.create request with max_tokens 1 to the cheapest current model: it costs a few tokens.',
      { modal: true },
      'Run Live Call',
    );
    if (choice === 'Run Live Call') await this.run({ live: true });
  }

  private disposePanelSubscriptions(): void {
    for (const subscription of this.panelSubscriptions.splice(0)) subscription.dispose();
  }
}

type Doctor = typeof DoctorModule;

/** The doctor's code, bundled apart (dist/doctor.js, see esbuild.js) and loaded on the first diagnosis. */
function loadDoctor(): Promise<Doctor> {
  return import('../diagnose/doctor');
}

function asArgs(value: unknown): DiagnoseCommandArgs {
  return typeof value === 'object' && value !== null && (value as DiagnoseCommandArgs).live === true ? { live: true } : {};
}

/** "Running: DNS, Status page" — the checks whose needs are done and which are not done themselves. */
function runningNow(checks: readonly DiagnosisCheck[], done: ReadonlySet<CheckId>): string {
  const present = new Set(checks.map((check) => check.id));
  const running = checks.filter((check) => !done.has(check.id) && check.needs.every((need) => done.has(need) || !present.has(need)));
  return running.length > 0 ? `Running: ${running.map((check) => check.title).join(', ')}` : 'Writing the report';
}

/** Where the base URL came from, in the report's words (a refused or ignored value is said). */
function describeBaseUrlSource(endpoint: ReturnType<typeof readEndpointSettings>['apiBaseUrl']): string {
  const inspected = vscode.workspace.getConfiguration(configSection).inspect('apiBaseUrl');
  const notes: string[] = [];
  if (endpoint.rejected) notes.push(`your claudeHealth.apiBaseUrl ${endpoint.rejected}`);
  if (endpoint.ignoredWorkspaceValue) notes.push('a workspace value of claudeHealth.apiBaseUrl was ignored');
  const source = inspected?.globalValue !== undefined && !endpoint.rejected ? `setting ${configSection}.apiBaseUrl` : 'default';
  return notes.length > 0 ? `${source}; ${notes.join('; ')}` : source;
}

/** `ANTHROPIC_API_KEY` as each workspace folder's `.env` sets it (compared by fingerprint only, never shown). */
async function readWorkspaceDotEnvKeys(doctor: Doctor): Promise<DiagnoseInputs['dotEnvKeys']> {
  const { apiKeysFromDotEnv, maxDotEnvBytes } = doctor;
  const out: DiagnoseInputs['dotEnvKeys'] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, '.env');
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > maxDotEnvBytes) continue;
      out.push(...apiKeysFromDotEnv([{ file: `${folder.name}/.env`, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) }]));
    } catch {
      // No .env in this folder (or unreadable): nothing to compare.
    }
  }
  return out;
}
