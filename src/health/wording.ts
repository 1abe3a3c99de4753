/** The words the monitor uses for probes and latencies in its reasons. Pure. */
import type { ProbeResult } from './types';

/** "420 ms" below a second, "2.4 s" above. */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** One line of at most 120 characters (server-provided text can be long). */
export function shortDetail(text: string | undefined): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

/** One probe in words, e.g. "HTTP 529 overloaded_error (Overloaded)". */
export function describeProbe(result: ProbeResult): string {
  const detail = shortDetail(result.detail);
  const suffix = detail ? ` (${detail})` : '';
  switch (result.outcome) {
    case 'ok':
      return `answered in ${formatLatency(result.latencyMs)}`;
    case 'timeout':
      if (result.status !== undefined) break; // a 408: the API's own words follow
      return `timed out after ${formatLatency(result.latencyMs)}`;
    case 'dns':
      return `the API host name did not resolve${suffix}`;
    case 'refused':
      return `the connection was refused${suffix}`;
    case 'reset':
      return `the connection was reset${suffix}`;
    case 'tls':
      return `the TLS handshake or certificate failed${suffix}`;
    case 'network':
      return `a network error${suffix}`;
    case 'malformed':
      return `an answer that is not the API's, perhaps a proxy's page${suffix}`;
    case 'aborted':
      return 'cancelled';
  }
  // The probe's detail already reads "HTTP 529 overloaded_error: Overloaded"; do not say it twice.
  if (detail?.startsWith('HTTP ')) return detail;
  const status = result.status !== undefined ? `HTTP ${result.status}` : 'an error';
  return `${status}${result.errorType ? ` ${shortDetail(result.errorType)}` : ''}${suffix}`;
}

/** Why a 4xx answer is the key's or the setup's problem, with what to check. */
export function accountReason(result: ProbeResult): string {
  const what = describeProbe(result);
  switch (result.status) {
    case 401:
      return `The API rejected the key: ${what}. Check or replace it.`;
    case 403:
      return `The key lacks permission: ${what}.`;
    case 402:
      return `The account has a billing problem: ${what}.`;
    case 404:
      return `The API answered 404 to the probe: check the API base URL setting (claudeHealth.apiBaseUrl).`;
    default:
      return `The API refused the probe: ${what}. Check the key, the account and the API base URL.`;
  }
}
