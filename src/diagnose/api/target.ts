/**
 * Who the doctor's API requests go as: the credential the key check accepted (the proxy and extra CAs
 * are applied per request, in exchange.ts), and the setting the failure sentences describe. Pure.
 */
import type { CheckContext, Credential } from '../types';
import type { ApiTarget } from './exchange';
import type { FailureSetting } from './explain';

/** The target for the API checks, or undefined when the key check handed over no credential. */
export function apiTargetFor(context: CheckContext): ApiTarget | undefined {
  const credential = context.facts.credential;
  if (!credential) return undefined;
  return { credential };
}

/** The setting the failure sentences describe. */
export function failureSetting(context: CheckContext, request: string, credential: Credential): FailureSetting {
  const { inputs, facts } = context;
  return {
    request,
    baseUrl: inputs.baseUrl,
    baseUrlSource: inputs.baseUrlSource,
    credentialKind: credential.kind,
    ...(facts.proxyUrl && { proxyUrl: facts.proxyUrl }),
    timeoutMs: inputs.timeoutMs,
  };
}
