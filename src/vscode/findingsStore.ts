import * as vscode from 'vscode';
import type { Finding, Severity, TextRange } from '../analysis/types';
import { diagnosticCollectionName, extensionName } from '../constants';
import { ruleDocsLink } from './ruleDocs';

const severityToVscode: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Converts our 0-based range (of a finding, a literal) to VS Code's. */
export function toRange(located: { range: TextRange }): vscode.Range {
  const r = located.range;
  return new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}

/** A diagnostic that describes itself: our source, the rule id linking to its page (bundled, opened offline). */
export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding), finding.message, severityToVscode[finding.severity]);
  diagnostic.source = extensionName;
  diagnostic.code = { value: finding.ruleId, target: ruleDocsLink(finding.ruleId) };
  return diagnostic;
}

/**
 * The one DiagnosticCollection, plus the findings (with their fixes) behind each published
 * diagnostic, so the code-action provider can offer fixes without analysing again.
 */
export class FindingsStore implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticCollectionName);
  private readonly findings = new Map<string, { version: number | undefined; findings: Finding[] }>();

  /** Publishes the findings of a document; `version` is the document version they were made from (none for a scanned file). */
  set(uri: vscode.Uri, findings: Finding[], version?: number): void {
    this.findings.set(uri.toString(), { version, findings });
    this.collection.set(uri, findings.map(toDiagnostic));
  }

  delete(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** The findings of a document, only if they were made from its current text (fixes on stale ranges would corrupt it). */
  get(document: { uri: vscode.Uri; version: number }): readonly Finding[] {
    const entry = this.findings.get(document.uri.toString());
    return entry && (entry.version === undefined || entry.version === document.version) ? entry.findings : [];
  }

  /** The finding a diagnostic of ours was made from (same rule, same range). */
  findingFor(document: { uri: vscode.Uri; version: number }, diagnostic: vscode.Diagnostic): Finding | undefined {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    return this.get(document).find((f) => f.ruleId === code && toRange(f).isEqual(diagnostic.range));
  }

  clear(): void {
    this.findings.clear();
    this.collection.clear();
  }

  dispose(): void {
    this.findings.clear();
    this.collection.dispose();
  }
}
