/**
 * The doctor's machine form (`--format json`), schema `claude-api-health/doctor-report` version 1, documented
 * in docs/doctor-report.md. Stable: every field is always present (null or [] when there is nothing), in a
 * fixed order, so `jq` scripts and CI steps can rely on it. Pure.
 */
import type { CheckResult, DiagnosisReport } from '../types';
import { requestIdsOf } from './words';

export const doctorReportSchema = 'claude-api-health/doctor-report';
export const doctorReportSchemaVersion = 1;

/** One check as the JSON report holds it. */
export interface JsonCheck {
  id: CheckResult['id'];
  title: string;
  status: CheckResult['status'];
  summary: string;
  owner: CheckResult['owner'] | null;
  cause: string | null;
  nextStep: string | null;
  skippedBecause: string | null;
  durationMs: number;
  requestIds: string[];
  evidence: Array<{ label: string; value: string }>;
}

/** The JSON report's shape (docs/doctor-report.md). */
export interface JsonReport {
  schema: typeof doctorReportSchema;
  schemaVersion: typeof doctorReportSchemaVersion;
  verdict: { sentence: string; owner: DiagnosisReport['verdict']['owner']; nextStep: string | null; causeCheck: string | null };
  exitCode: number;
  cancelled: boolean;
  startedAt: string;
  durationMs: number;
  target: DiagnosisReport['target'];
  environment: DiagnosisReport['environment'];
  checks: JsonCheck[];
  requestIds: string[];
}

/** The report as a plain object of the documented shape. */
export function toJsonReport(report: DiagnosisReport, exitCode: number): JsonReport {
  return {
    schema: doctorReportSchema,
    schemaVersion: doctorReportSchemaVersion,
    verdict: { sentence: report.verdict.sentence, owner: report.verdict.owner, nextStep: report.verdict.nextStep ?? null, causeCheck: report.verdict.causeCheck ?? null },
    exitCode,
    cancelled: report.cancelled,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    target: { baseUrl: report.target.baseUrl, baseUrlSource: report.target.baseUrlSource, statusPageUrl: report.target.statusPageUrl },
    environment: { tool: report.environment.tool, os: report.environment.os, node: report.environment.node },
    checks: report.checks.map((check) => ({
      id: check.id,
      title: check.title,
      status: check.status,
      summary: check.summary,
      owner: check.owner ?? null,
      cause: check.cause ?? null,
      nextStep: check.nextStep ?? null,
      skippedBecause: check.skippedBecause ?? null,
      durationMs: check.durationMs,
      requestIds: [...(check.requestIds ?? [])],
      evidence: check.evidence.map((item) => ({ label: item.label, value: item.value })),
    })),
    requestIds: requestIdsOf(report).map((entry) => entry.requestId),
  };
}

/** The JSON report as text, two-space indented, ending with a newline. */
export function renderJsonReport(report: DiagnosisReport, exitCode: number): string {
  return `${JSON.stringify(toJsonReport(report, exitCode), null, 2)}\n`;
}
