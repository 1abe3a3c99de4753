import * as vscode from 'vscode';
import { configSection } from './constants';
import { defaultApiBaseUrl, defaultStatusPageUrl } from './util/endpoints';
import type { UserEndpoint } from './util/endpointSettings';
import { userEndpoint } from './util/endpointSettings';
import { booleanOr, oneOf } from './util/settingsValues';

/** Where requests go, as the user (never a workspace) configured it. */
export interface EndpointSettings {
  apiBaseUrl: UserEndpoint;
  statusPageUrl: UserEndpoint;
}

/** Setting keys (without the section prefix) that choose where the key is sent. */
const endpointKeys = { apiBaseUrl: defaultApiBaseUrl, statusPageUrl: defaultStatusPageUrl } as const;

/**
 * Reads the endpoint settings from user settings only. They are declared with `machine`
 * scope, which VS Code already keeps out of workspace settings; deciding from the whole
 * inspect() result ourselves (`userEndpoint`, unit-tested) makes that hold whatever the scope
 * rules of the running VS Code are.
 */
export function readEndpointSettings(): EndpointSettings {
  const config = vscode.workspace.getConfiguration(configSection);
  const read = (key: keyof typeof endpointKeys): UserEndpoint => userEndpoint(config.inspect(key), endpointKeys[key]);
  return { apiBaseUrl: read('apiBaseUrl'), statusPageUrl: read('statusPageUrl') };
}

/** True when a configuration change touches any of our settings. */
export function affectsOurSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(configSection);
}

/** Per-rule severity as the user chose it; `default` keeps the rule's own. */
export type SeveritySetting = 'default' | 'error' | 'warning' | 'info' | 'off';
const severitySettings: readonly SeveritySetting[] = ['default', 'error', 'warning', 'info', 'off'];

/** Setting key (under `claudeHealth.rules.`) of each rule. */
export const ruleSettingKeys = {
  'claude/model-alias': 'modelAlias',
  'claude/model-unknown': 'modelUnknown',
  'claude/model-deprecated': 'modelDeprecated',
  'claude/model-retired': 'modelRetired',
  'claude/hardcoded-api-key': 'hardcodedCredential',
  'claude/retries-disabled': 'retriesDisabled',
  'claude/no-retry': 'noRetry',
  'claude/raw-http-missing-headers': 'rawHttpMissingHeaders',
  'claude/stream-overload-unhandled': 'streamOverloadUnhandled',
  'claude/retry-without-backoff': 'retryWithoutBackoff',
  'claude/retry-without-jitter': 'retryWithoutJitter',
  'claude/unbounded-retry': 'unboundedRetry',
  'claude/retries-non-retryable': 'retriesNonRetryable',
  'claude/ignores-retry-after': 'ignoresRetryAfter',
  'claude/retry-swallowed': 'retrySwallowed',
  'claude/retry-stacked': 'retryStacked',
} as const;

/** What the diagnostics of one document follow. */
export interface DiagnosticsSettings {
  enabled: boolean;
  run: 'onType' | 'onSave';
  includeComments: boolean;
  severity: Partial<Record<keyof typeof ruleSettingKeys, Exclude<SeveritySetting, 'default'>>>;
}

/** Reads the diagnostics settings for a document (they are resource-scoped: a workspace may set them). */
export function readDiagnosticsSettings(scope?: vscode.Uri): DiagnosticsSettings {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  const severity: DiagnosticsSettings['severity'] = {};
  for (const [ruleId, key] of Object.entries(ruleSettingKeys) as Array<[keyof typeof ruleSettingKeys, string]>) {
    const chosen = oneOf(config.get(`rules.${key}`), severitySettings, 'default');
    if (chosen !== 'default') severity[ruleId] = chosen;
  }
  return {
    enabled: booleanOr(config.get('diagnostics.enabled'), true),
    run: oneOf(config.get('diagnostics.run'), ['onType', 'onSave'] as const, 'onType'),
    includeComments: booleanOr(config.get('diagnostics.includeComments'), false),
    severity,
  };
}

/** What the health monitor follows. */
export interface HealthSettings {
  enabled: boolean;
  probe: boolean;
  intervalMs: number;
  notifications: 'off' | 'outages' | 'all';
}

/** Reads the health settings; out-of-range or wrong-typed values fall back to the defaults. */
export function readHealthSettings(): HealthSettings {
  const config = vscode.workspace.getConfiguration(configSection);
  const seconds = config.get<unknown>('health.intervalSeconds');
  const intervalSeconds = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 15 && seconds <= 3600 ? seconds : 60;
  return {
    enabled: booleanOr(config.get('health.enabled'), true),
    probe: booleanOr(config.get('health.probe'), true),
    intervalMs: intervalSeconds * 1000,
    notifications: oneOf(config.get('health.notifications'), ['off', 'outages', 'all'] as const, 'outages'),
  };
}

/** What Diagnose Connection follows besides the endpoints. */
export interface DiagnoseSettings {
  /** A model to always check access to; undefined when unset. */
  defaultModel?: string;
}

/** Reads the Diagnose Connection settings; a wrong-typed or blank value is no default model. */
export function readDiagnoseSettings(): DiagnoseSettings {
  const value = vscode.workspace.getConfiguration(configSection).get<unknown>('diagnose.defaultModel');
  const model = typeof value === 'string' ? value.trim() : '';
  return model ? { defaultModel: model } : {};
}
