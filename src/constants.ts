/** Identifiers shared by the manifest (package.json) and the code; a unit test keeps them in step. */

export const extensionId = 'claude-api-health.claude-api-health';

/** Display name, also the name of the log output channel and the diagnostic source. */
export const extensionName = 'Claude API Health';

/** Prefix of every setting key. */
export const configSection = 'claudeHealth';

/** Command ids contributed in package.json. */
export const commandIds = {
  setApiKey: 'claudeHealth.setApiKey',
  clearApiKey: 'claudeHealth.clearApiKey',
  scanWorkspace: 'claudeHealth.scanWorkspace',
  refreshModels: 'claudeHealth.refreshModels',
  showLog: 'claudeHealth.showLog',
  refreshHealth: 'claudeHealth.refreshHealth',
  showHealthDetails: 'claudeHealth.showHealthDetails',
  openStatusPage: 'claudeHealth.openStatusPage',
  diagnoseConnection: 'claudeHealth.diagnoseConnection',
} as const;

/**
 * Commands registered but not contributed (so not in the palette): the rule-page links of
 * diagnostics and the "Learn more" code action run them.
 */
export const internalCommandIds = {
  showRuleDocs: 'claudeHealth.showRuleDocs',
  /** The status bar item's click: a menu of Diagnose Connection, details, refresh, status page, log. */
  healthMenu: 'claudeHealth.healthMenu',
  /** "Copy report" of the Diagnose Connection view (its button runs it too). */
  copyDiagnosisReport: 'claudeHealth.copyDiagnosisReport',
} as const;

/** The status bar item's id (VS Code prefixes it with the extension id). */
export const healthStatusBarItemId = 'claudeHealth.status';

/** The SecretStorage key under which the Anthropic API key is kept. */
export const apiKeySecretName = 'claudeHealth.anthropicApiKey';

/** The environment variable the official SDKs read, used when no key is stored. */
export const apiKeyEnvVar = 'ANTHROPIC_API_KEY';

/** Name of the diagnostic collection and the code-action kind suffix for fix-all. */
export const diagnosticCollectionName = 'claude-api-health';
export const fixAllKindSuffix = 'claudeHealth';
