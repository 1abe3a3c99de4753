/**
 * What a failed API request means, as the doctor says it: a cause sentence that names the cause (not the
 * symptom), whose problem it is, and the next step (facts §2-3, §7). One place for the auth check, the
 * model checks and the live call, all fed by the one classifier (src/api/errors.ts). Pure.
 */
import type { ApiErrorClassification } from '../../api/types';
import type { Owner } from '../types';
import { duration } from '../time';
import { maskProxyUrl } from '../proxy';
import { hostOf } from './exchange';

/** The request and where it went, for the sentences. */
export interface FailureSetting {
  /** "GET /v1/models", "count_tokens for claude-opus-4-8". */
  request: string;
  baseUrl: string;
  /** "default" when the base URL is Anthropic's own, else where the custom one came from. */
  baseUrlSource: string;
  credentialKind: 'apiKey' | 'authToken';
  proxyUrl?: string;
  timeoutMs: number;
}

export interface FailureExplanation {
  /** One line for the table: "HTTP 401 authentication_error: invalid x-api-key". */
  summary: string;
  cause: string;
  owner: Owner;
  nextStep: string;
}

const CONSOLE = 'the Claude Console (platform.claude.com)';

/** Why a request failed; `classification.outcome` is anything but `ok`. */
export function explainApiFailure(classification: ApiErrorClassification, setting: FailureSetting): FailureExplanation {
  const host = hostOf(setting.baseUrl);
  const custom = setting.baseUrlSource !== 'default';
  const status = classification.status;
  const requestId = classification.requestId ? ` Quote request-id ${classification.requestId} to support if it lasts.` : '';
  const summary = classification.detail ?? (status !== undefined ? `HTTP ${status}` : classification.outcome);
  const credential = setting.credentialKind === 'authToken' ? 'auth token (ANTHROPIC_AUTH_TOKEN)' : 'API key';
  const via = setting.proxyUrl ? ` through the proxy ${maskProxyUrl(setting.proxyUrl)}` : '';
  const explained = (cause: string, owner: Owner, nextStep: string): FailureExplanation => ({ summary, cause, owner, nextStep });

  switch (classification.outcome) {
    case 'auth':
      if (status === 403) {
        return explained(
          `Your ${credential} is not permitted to use the API (403 permission_error).`,
          'you',
          `The ${credential} is valid but lacks access: check its workspace and the organisation's permissions in ${CONSOLE}, or use a key of a workspace that has API access.`,
        );
      }
      return explained(
        `Your ${credential} was rejected (401).`,
        'you',
        custom
          ? `The gateway at ${host} did not accept it: use the credential that gateway expects (its own key or token), or unset the custom base URL (${setting.baseUrlSource}).`
          : `It is wrong, revoked or expired: create a new key in ${CONSOLE} and set it with "Claude: Set API Key" or ANTHROPIC_API_KEY.`,
      );
    case 'notFound':
      return explained(
        custom ? `The base URL ${setting.baseUrl} does not serve the Claude API (404 on ${setting.request}).` : `${host} answered 404 to ${setting.request}: something on the path rewrites requests.`,
        custom ? 'you' : 'network',
        custom
          ? `Set the base URL to the API's root (https://api.anthropic.com, or your gateway's root, without /v1) in ${setting.baseUrlSource}, or remove it to use the default.`
          : 'Check the proxy or gateway between you and the API; the API itself serves this path.',
      );
    case 'rateLimited':
      return explained(
        `Your requests are rate-limited (429).`,
        'limits',
        `Wait for the limit to reset${classification.retryAfterSeconds !== undefined ? ` (retry-after: ${Math.round(classification.retryAfterSeconds)} s)` : ''}, or raise it in ${CONSOLE} (Limits).`,
      );
    case 'overloaded':
      return serverSide(
        `The Claude API is overloaded (${status ?? 529}${status === 529 ? '' : ' overloaded'}).`,
        `Capacity across all users: retry with a longer backoff (minutes, not seconds) or fall back to another model.${requestId}`,
      );
    case 'serverError':
      if (status === 504) return serverSide('The Claude API timed out on its side (504).', `Retry with backoff; stream long requests.${requestId}`);
      if (status === 502 || status === 503) return serverSide(`The Claude API is unavailable (${status}).`, `Anthropic's side, usually brief: retry with backoff and check the status page.${requestId}`);
      return serverSide(`The Claude API failed with an internal error (${status ?? '5xx'}${classification.errorType ? ` ${classification.errorType}` : ''}).`, `Anthropic's side: retry with backoff and check the status page.${requestId}`);
    case 'otherStatus':
      if (status === 402 || classification.errorType === 'billing_error') {
        return explained('Your organisation cannot be billed (402 billing_error).', 'you', `Add credits or fix the payment method in ${CONSOLE} (Plans & Billing).`);
      }
      return explained(
        `The API refused ${setting.request} (HTTP ${status ?? '4xx'}${classification.errorType ? ` ${classification.errorType}` : ''}).`,
        'you',
        `Read the API's message in the evidence; a 400 invalid_request_error is also what the API sends once your own spend limit is reached (${CONSOLE}, Limits).`,
      );
    case 'timeout':
      if (status === 408) return serverSide('The Claude API timed out the request (408).', `Retry; the SDKs retry 408 by themselves.${requestId}`);
      return explained(
        `${host} accepted the connection${via} but sent no answer within ${duration(setting.timeoutMs)}.`,
        setting.proxyUrl || custom ? 'network' : 'anthropic',
        setting.proxyUrl || custom
          ? `Something on the way holds the request: check the ${setting.proxyUrl ? 'proxy' : `gateway at ${host}`}, or run the doctor with a longer --timeout.`
          : 'The API is not answering in time: check the status page, retry later, or run the doctor with a longer --timeout.',
      );
    case 'reset':
      return explained(
        `The connection to ${host}${via} was cut after it was established (${codeOf(classification) ?? 'reset'}): a firewall or proxy on the path is closing it.`,
        'network',
        `Try another network, or ask your network admins whether ${host} is blocked or inspected${setting.proxyUrl ? '; check that the proxy allows HTTPS to it' : ''}.`,
      );
    case 'dns':
      return explained(`DNS lookup of ${setting.proxyUrl ? hostOf(setting.proxyUrl) : host} fails on this network.`, 'network', 'Check the host name and this machine\'s DNS settings or VPN.');
    case 'refused':
      return explained(
        setting.proxyUrl ? `The proxy ${maskProxyUrl(setting.proxyUrl)} refused the connection.` : `${host} refused the connection (ECONNREFUSED).`,
        'network',
        setting.proxyUrl ? 'Check the proxy setting (HTTPS_PROXY / http.proxy) and that the proxy runs.' : 'Check the base URL\'s host and port, and any firewall in between.',
      );
    case 'tls':
      return explained(
        `The TLS connection to ${host} failed (${codeOf(classification) ?? 'TLS error'}).`,
        'network',
        'A TLS-intercepting proxy is the usual cause: give Node its CA with NODE_EXTRA_CA_CERTS=/path/ca.pem (Python: SSL_CERT_FILE / REQUESTS_CA_BUNDLE), or have the host allow-listed.',
      );
    case 'malformed':
      if (classification.pageTitle !== undefined || /an HTML page/.test(classification.detail ?? '')) {
        return explained(
          `A proxy or captive portal answered instead of the API (HTTP ${status ?? '?'}${classification.pageTitle ? `, page title: ${classification.pageTitle}` : ''}).`,
          'network',
          `Sign in to the network's portal if it has one, or ask your network admins to let HTTPS to ${host} through${setting.proxyUrl ? ' the proxy' : ''}.`,
        );
      }
      return explained(
        `The answer from ${host} to ${setting.request} was not the API's JSON (${classification.detail?.replace(/^HTTP \d+: /, '') ?? 'unreadable'}): something on the path altered it.`,
        'network',
        `Retry; if it repeats, check the proxy or gateway between you and ${host}.${requestId}`,
      );
    case 'aborted':
      return explained('The diagnosis was cancelled.', 'you', 'Run it again.');
    case 'network':
    case 'ok':
    default:
      return explained(`The request to ${host}${via} failed (${summary}).`, 'network', 'Check this machine\'s network connection, proxy and firewall.');
  }

  /** A 5xx: Anthropic's, unless a custom gateway answered it without the API's request-id. */
  function serverSide(cause: string, nextStep: string): FailureExplanation {
    if (custom && !classification.requestId) {
      return explained(`The gateway at ${host} failed (HTTP ${status ?? '5xx'}) without passing on an answer from the API.`, 'network', `Check the gateway at ${host}: the Claude API's own errors carry a request-id, this one did not.`);
    }
    return explained(cause, 'anthropic', nextStep);
  }
}

/** The Node or undici error code the classifier named at the start of its detail ("ECONNRESET: …"). */
function codeOf(classification: ApiErrorClassification): string | undefined {
  return /^([A-Z][A-Z0-9_]{2,})\b/.exec(classification.detail ?? '')?.[1];
}
