/**
 * Checks the URLs the user may configure for the API and the status page.
 * Pure: no `vscode` import.
 */

export const defaultApiBaseUrl = 'https://api.anthropic.com';
export const defaultStatusPageUrl = 'https://status.claude.com';

/** The result of checking one configured endpoint. */
export interface EndpointCheck {
  /** The URL to use: the configured one when acceptable, else the default. */
  url: string;
  /** Why the configured value was not used; undefined when it was (or none was set). */
  rejected?: string;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Accepts an https URL, or plain http only to this machine (a local proxy or a test server):
 * plain http elsewhere would send the API key in clear text. No credentials, query or fragment.
 * Returns the URL without a trailing slash.
 */
export function checkEndpoint(configured: unknown, fallback: string): EndpointCheck {
  if (configured === undefined || configured === null || configured === '') return { url: fallback };
  if (typeof configured !== 'string') return { url: fallback, rejected: 'not a string' };
  let parsed: URL;
  try {
    parsed = new URL(configured.trim());
  } catch {
    return { url: fallback, rejected: 'not a valid URL' };
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
    return { url: fallback, rejected: 'must use https (plain http is accepted only for localhost)' };
  }
  if (parsed.username || parsed.password) return { url: fallback, rejected: 'must not contain credentials' };
  if (parsed.search || parsed.hash) return { url: fallback, rejected: 'must not contain a query or fragment' };
  return { url: parsed.toString().replace(/\/+$/, '') };
}
