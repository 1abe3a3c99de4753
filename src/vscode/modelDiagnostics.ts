import * as vscode from 'vscode';
import type { DiagnosticsSettings } from '../config';
import { readDiagnosticsSettings } from '../config';
import { DocumentAnalysisOwner, editorAnalysisOptions, type DocumentAnalysis } from '../analysis/documentAnalysis';
import { evaluate } from '../analysis/evaluate';
import { languageFromVsCodeId } from '../analysis/languages';
import type { TreeSitterParsers } from '../analysis/parsers';
import type { DocumentChange, Finding, LanguageId, ModelLiteral } from '../analysis/types';
import { mayContainClaudeUsage, usageLanguageOf } from '../analysis/usage/build';
import { emptyUsage, type FileUsage } from '../analysis/usage/types';
import type { Log } from '../log';
import type { DayClock } from '../models/dayWatch';
import { DayWatch } from '../models/dayWatch';
import { judgementDay as judgementDayAt } from '../models/days';
import type { CatalogService } from './catalogService';
import type { FindingsStore } from './findingsStore';
import type { ProjectDependencies } from './projectDependencies';

/** Typing pauses this long before a file is analysed again. */
const debounceMs = 200;
/** A parse abandoned at its time limit is tried once more after this long (the machine may only have been busy). */
const parseRetryDelayMs = 2_000;

interface TrackedDocument {
  /** The document this entry is for: a URI can come back for another document (an untitled name used again). */
  document: vscode.TextDocument;
  language: LanguageId;
  /** Created (and the grammar loaded) only once the text mentions Claude; one per document even when analyses overlap. */
  owner?: DocumentAnalysisOwner;
  /** The analysis has been given the document's text (later analyses apply edits). */
  opened: boolean;
  /** Changes not yet given to the analysis, in order. */
  pending: DocumentChange[];
  timer?: NodeJS.Timeout;
  /** The usage of the last analysis (model literals included) and the document version it belongs to. */
  usage: FileUsage;
  version: number;
}

/** The judgement day: `CLAUDE_HEALTH_TODAY` (YYYY-MM-DD, for tests and reproducing a report) or today in UTC. */
export function judgementDay(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return judgementDayAt(env);
}

/** The real clock: today from `judgementDay`, Node's timers. */
export const systemDayClock: DayClock = {
  now: () => Date.now(),
  today: () => judgementDay(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Model-name diagnostics for open Python, TypeScript and JavaScript documents: keeps one incremental
 * analysis per document, re-analyses after a typing pause (or on save), drops results that belong to an
 * older version, and publishes findings through the FindingsStore.
 */
export class ModelDiagnostics implements vscode.Disposable {
  private readonly tracked = new Map<string, TrackedDocument>();
  private readonly subscriptions: vscode.Disposable[];
  /** Re-judges every open document when the UTC day changes ("1 day left" yesterday is "today" now). */
  private readonly dayWatch: DayWatch;

  constructor(
    private readonly store: FindingsStore,
    private readonly catalogs: CatalogService,
    private readonly parsers: TreeSitterParsers,
    private readonly log: Log,
    private readonly clock: DayClock = systemDayClock,
    /** tenacity / p-retry in the document's project, for the retry fixes; none when not given. */
    private readonly dependencies?: ProjectDependencies,
  ) {
    this.dayWatch = new DayWatch(
      clock,
      (day) => this.dayChanged(day),
      () => this.refreshListIfDue(),
    );
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.didOpen(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.didChange(event)),
      vscode.workspace.onDidSaveTextDocument((document) => this.didSave(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.didClose(document)),
      catalogs.onDidChange(() => this.reevaluateAll()),
      ...(dependencies ? [dependencies.onDidChange(() => this.reevaluateAll())] : []),
    ];
    for (const document of vscode.workspace.textDocuments) this.didOpen(document);
  }

  /** Whether a document is analysed live (so a workspace scan leaves it alone). */
  isTracked(uri: vscode.Uri): boolean {
    return this.tracked.has(uri.toString());
  }

  /** The model literal under `position`, from the analysis of the document's current version. */
  literalAt(document: vscode.TextDocument, position: vscode.Position): ModelLiteral | undefined {
    const entry = this.tracked.get(document.uri.toString());
    if (!entry || entry.version !== document.version) return undefined;
    const offset = document.offsetAt(position);
    return entry.usage.modelLiterals.find((l) => l.startOffset <= offset && offset <= l.endOffset);
  }

  /**
   * The model IDs the open documents pass to the API (not in comments or templates), each once, with the
   * first place seen ("src/app.py:12"): Diagnose Connection checks access to them.
   */
  modelsInUse(): Array<{ id: string; where: string }> {
    const seen = new Map<string, string>();
    for (const [uri, entry] of this.tracked) {
      for (const literal of entry.usage.modelLiterals) {
        if (literal.inComment || literal.inTemplate || literal.role === 'comparison' || seen.has(literal.model)) continue;
        seen.set(literal.model, `${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}:${literal.range.startLine + 1}`);
      }
    }
    return [...seen].map(([id, where]) => ({ id, where }));
  }

  /** Settings changed: re-evaluate everything (enabling may start tracking, disabling clears). */
  settingsChanged(): void {
    for (const document of vscode.workspace.textDocuments) this.didOpen(document);
    this.reevaluateAll();
  }

  dispose(): void {
    this.dayWatch.dispose();
    for (const entry of this.tracked.values()) this.forget(entry);
    this.tracked.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private didOpen(document: vscode.TextDocument): void {
    const language = languageFromVsCodeId(document.languageId);
    const existing = this.tracked.get(document.uri.toString());
    if (!language || existing?.document === document) return;
    if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-scm') return;
    if (!readDiagnosticsSettings(document.uri).enabled) return;
    // Another document under a tracked URI (its close not seen first): the old entry's analysis is not this text's.
    if (existing) this.forget(existing);
    this.tracked.set(document.uri.toString(), { document, language, pending: [], usage: emptyUsage(usageLanguageOf(language)), version: -1, opened: false });
    this.schedule(document, 0);
  }

  private didChange(event: vscode.TextDocumentChangeEvent): void {
    const entry = this.tracked.get(event.document.uri.toString());
    if (!entry || event.contentChanges.length === 0) return;
    for (const change of event.contentChanges) {
      entry.pending.push({ startOffset: change.rangeOffset, oldEndOffset: change.rangeOffset + change.rangeLength, newText: change.text });
    }
    if (readDiagnosticsSettings(event.document.uri).run === 'onType') this.schedule(event.document, debounceMs);
  }

  private didSave(document: vscode.TextDocument): void {
    if (this.tracked.has(document.uri.toString()) && readDiagnosticsSettings(document.uri).run === 'onSave') this.schedule(document, 0);
  }

  private didClose(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const entry = this.tracked.get(key);
    if (!entry) return;
    this.forget(entry);
    this.tracked.delete(key);
    this.store.delete(document.uri);
  }

  private forget(entry: TrackedDocument): void {
    clearTimeout(entry.timer);
    entry.owner?.dispose();
    entry.owner = undefined;
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    const entry = this.tracked.get(document.uri.toString());
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.analyse(document, entry).catch((error: unknown) => this.log.error(`Analysis of ${document.uri.fsPath} failed`, error));
    }, delayMs);
  }

  private async analyse(document: vscode.TextDocument, entry: TrackedDocument): Promise<void> {
    if (document.isClosed || this.tracked.get(document.uri.toString()) !== entry) return;
    if (!entry.owner && !mayContainClaudeUsage(document.getText())) {
      entry.pending = [];
      this.publish(document, entry, emptyUsage(usageLanguageOf(entry.language)), document.version);
      return;
    }
    // Two analyses can overlap here (a settings change while the grammar loads): they share one owner.
    entry.owner ??= new DocumentAnalysisOwner(entry.language, this.parsers, editorAnalysisOptions);
    const analysis: DocumentAnalysis | undefined = await entry.owner.ensure();
    if (!analysis || document.isClosed || this.tracked.get(document.uri.toString()) !== entry) return;
    if (!entry.opened) {
      analysis.open(document.getText()); // the text now includes every change so far
      entry.opened = true;
    } else {
      analysis.applyEdits(entry.pending, document.getText());
    }
    analysis.retryParse(); // a no-op unless the last parse of this same text was abandoned
    entry.pending = [];
    const version = document.version;
    const usage = analysis.usage();
    this.publish(document, entry, usage, version);
    // A paused parse goes on in the next turn of the event loop, after whatever else is waiting; a
    // keystroke meanwhile reschedules (and restarts it from the edited tree).
    if ((analysis.parsePending || analysis.usagePending) && entry.timer === undefined) this.schedule(document, 0);
    // Abandoned, the answer came from the text alone (a call in a docstring reported, calls missed): try again soon.
    else if (analysis.parseAbandoned && entry.timer === undefined) this.schedule(document, parseRetryDelayMs);
    // A Claude literal makes the live model list worth a request: the first one, and again once the list is a day old.
    if (usage.modelLiterals.length > 0) this.catalogs.refreshIfDue();
  }

  /** A new UTC day: yesterday's day counts are wrong now. */
  private dayChanged(day: string): void {
    this.log.debug(`The judgement day is now ${day}: judging open documents again.`);
    this.reevaluateAll();
  }

  /** On each timed check: a window left open for days still gets the list refetched once it is a day old. */
  private refreshListIfDue(): void {
    if ([...this.tracked.values()].some((entry) => entry.usage.modelLiterals.length > 0)) this.catalogs.refreshIfDue();
  }

  private publish(document: vscode.TextDocument, entry: TrackedDocument, usage: FileUsage, version: number): void {
    entry.usage = usage;
    entry.version = version;
    this.store.set(document.uri, this.findingsFor(document.uri, usage, readDiagnosticsSettings(document.uri)), version);
  }

  private findingsFor(uri: vscode.Uri, usage: FileUsage, settings: DiagnosticsSettings): Finding[] {
    if (!settings.enabled) return [];
    // Only a file with Claude calls can get a retry fix: others never make us read the project's manifests.
    const projectDependencies = usage.calls.length > 0 ? this.dependencies?.get(uri) : undefined;
    return evaluate(usage, {
      catalog: this.catalogs.current(),
      asOf: this.clock.today(),
      severity: settings.severity,
      includeComments: settings.includeComments,
      ...(projectDependencies && { projectDependencies }),
    });
  }

  private reevaluateAll(): void {
    for (const [key, entry] of this.tracked) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (!document) continue;
      if (!readDiagnosticsSettings(document.uri).enabled) {
        this.didClose(document);
        continue;
      }
      if (entry.version === document.version) this.store.set(document.uri, this.findingsFor(document.uri, entry.usage, readDiagnosticsSettings(document.uri)), entry.version);
      else this.schedule(document, 0);
    }
  }
}
