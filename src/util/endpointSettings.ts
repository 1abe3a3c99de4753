/**
 * The guard on the endpoint settings: which of the values VS Code reports for a setting is used.
 * Pure: no `vscode` import, so the decision is unit-tested with inspect() results VS Code would
 * not produce for a machine-scoped setting (a workspace value), not only with the ones it does.
 */
import type { EndpointCheck } from './endpoints';
import { checkEndpoint } from './endpoints';

/**
 * The fields of `WorkspaceConfiguration.inspect()`'s result the guard looks at (the real result
 * is assignable to it). Everything except `globalValue` is written by the open workspace, or
 * by a language override, and so is never used for an endpoint.
 */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/** An endpoint as the user configured it, and whether the workspace tried to set one. */
export interface UserEndpoint extends EndpointCheck {
  /** True when a workspace, folder or language value was present and left unused. */
  ignoredWorkspaceValue: boolean;
}

/**
 * Decides an endpoint from user settings only: a cloned repository must never be able to send
 * the user's API key to its own host, whatever scope rules the running VS Code applies.
 */
export function userEndpoint(inspected: InspectedSetting | undefined, fallback: string): UserEndpoint {
  const notFromUser = [inspected?.workspaceValue, inspected?.workspaceFolderValue, inspected?.globalLanguageValue, inspected?.workspaceLanguageValue, inspected?.workspaceFolderLanguageValue];
  return { ...checkEndpoint(inspected?.globalValue, fallback), ignoredWorkspaceValue: notFromUser.some((value) => value !== undefined) };
}
