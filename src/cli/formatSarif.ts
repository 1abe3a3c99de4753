/** `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it. */
import { createHash } from 'crypto';
import type * as Sarif from 'sarif';
import type { Rule, Severity } from '../analysis/types';
import type { LintReport } from './report';
import { oneBasedRegion } from './report';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Key of our own fingerprint in `partialFingerprints`; bump the version if its recipe changes. */
export const fingerprintKey = 'claudeApiHealth/v1';

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

const sarifLevels: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** The tool's own notifications: a file it could not check (the run failed), a named file it skipped. */
export const notificationIds = { fileError: 'file-not-analysed', fileSkipped: 'file-skipped' } as const;

const notificationDescriptors: Sarif.ReportingDescriptor[] = [
  { id: notificationIds.fileError, shortDescription: { text: 'A file or folder could not be read or analysed; its model IDs were not checked.' }, defaultConfiguration: { level: 'error' } },
  { id: notificationIds.fileSkipped, shortDescription: { text: 'A file named on the command line was not checked (not a supported language, over 1 MB, binary or minified).' }, defaultConfiguration: { level: 'warning' } },
];

/**
 * One run with every rule described (so a clean run still tells code scanning what was checked).
 * Fingerprints do not use line numbers: a finding keeps its identity when code above it moves.
 */
export function formatSarif(report: LintReport, rules: readonly Rule[], tool: SarifTool): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const occurrences = new Map<string, number>();
  const results: Sarif.Result[] = report.findings.map(({ file, finding }) => {
    const region = oneBasedRegion(finding);
    const identity = [finding.ruleId, file, finding.model ?? ''].join('\0');
    const occurrence = (occurrences.get(identity) ?? 0) + 1;
    occurrences.set(identity, occurrence);
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: sarifLevels[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
            region: { startLine: region.line, startColumn: region.column, endLine: region.endLine, endColumn: region.endColumn },
          },
        },
      ],
      partialFingerprints: { [fingerprintKey]: fingerprint(`${identity}\0${occurrence}`) },
    };
  });
  const notification = (id: string, level: Sarif.Notification.level, file: string, text: string): Sarif.Notification => ({
    descriptor: { id, index: notificationDescriptors.findIndex((descriptor) => descriptor.id === id) },
    level,
    message: { text: `${file}: ${text}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' } } }],
  });
  const toolExecutionNotifications = [
    ...report.errors.map(({ file, message }) => notification(notificationIds.fileError, 'error', file, message)),
    ...report.skipped.map(({ file, message }) => notification(notificationIds.fileSkipped, 'warning', file, `skipped: ${message}`)),
  ];
  const log: Sarif.Log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: ruleName(rule.id),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.fullDescription },
              helpUri: rule.docsUrl,
              help: { text: `${rule.fullDescription} See ${rule.docsUrl}` },
              defaultConfiguration: { level: sarifLevels[rule.defaultSeverity] },
            })),
            notifications: notificationDescriptors,
          },
        },
        // A run that could not check every file did not succeed, whatever it found (exit status 2).
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** `claude/model-retired` → `ModelRetired` (SARIF's readable rule name). */
function ruleName(id: string): string {
  return id
    .replace(/^claude\//, '')
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
