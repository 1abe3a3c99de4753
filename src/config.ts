import * as vscode from 'vscode';
import { configSection } from './constants';
import type { EndpointCheck } from './util/endpoints';
import { checkEndpoint, defaultApiBaseUrl, defaultStatusPageUrl } from './util/endpoints';

/** Where requests go, as the user (never a workspace) configured it. */
export interface EndpointSettings {
  apiBaseUrl: EndpointCheck;
  statusPageUrl: EndpointCheck;
}

/** Setting keys (without the section prefix) that choose where the key is sent. */
const endpointKeys = { apiBaseUrl: defaultApiBaseUrl, statusPageUrl: defaultStatusPageUrl } as const;

/**
 * Reads the endpoint settings from user settings only. They are declared with `machine`
 * scope, which VS Code already keeps out of workspace settings; reading `globalValue`
 * ourselves makes that hold whatever the scope rules of the running VS Code are, because
 * a cloned repository must never be able to redirect the user's API key to its own host.
 */
export function readEndpointSettings(): EndpointSettings {
  const config = vscode.workspace.getConfiguration(configSection);
  const read = (key: keyof typeof endpointKeys): EndpointCheck => checkEndpoint(config.inspect<string>(key)?.globalValue, endpointKeys[key]);
  return { apiBaseUrl: read('apiBaseUrl'), statusPageUrl: read('statusPageUrl') };
}

/** True when a configuration change touches any of our settings. */
export function affectsOurSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(configSection);
}
