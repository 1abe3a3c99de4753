/**
 * Check 2, the configuration: the API base URL and where it came from, the proxy settings (VS Code's `http.proxy`,
 * `http.proxyStrictSSL`, `http.noProxy`; HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY) and whether they apply to the
 * API host, and where they will not apply to the user's own code. Hands the proxy that applies to the network
 * checks (`facts.proxyUrl`). Credentials in a URL are masked in every string. Pure.
 */
import { checkEndpoint, defaultApiBaseUrl } from '../../util/endpoints';
import { envName, isVsCodeProxySettings, maskProxyUrl, proxyForUrl, type ProxyDecision } from '../proxy';
import type { CheckOutcome, DiagnoseInputs, DiagnosisCheck, Evidence, Owner, ProxySettings, ProxyVariable } from '../types';

export const configurationCheck: DiagnosisCheck = {
  id: 'configuration',
  title: 'Configuration',
  needs: [],
  run: async (context) => judgeConfiguration(context.inputs),
};

interface Finding {
  status: 'warn' | 'fail';
  cause: string;
  nextStep: string;
  owner: Owner;
}

const anthropicApiHost = new URL(defaultApiBaseUrl).hostname;

/** The configuration check's answer for these inputs. */
export function judgeConfiguration(inputs: Pick<DiagnoseInputs, 'baseUrl' | 'baseUrlSource' | 'proxy'>): CheckOutcome {
  const evidence: Evidence[] = [];
  const findings: Finding[] = [];
  const source = inputs.baseUrlSource === 'default' ? 'the default' : inputs.baseUrlSource;
  const shownUrl = maskProxyUrl(inputs.baseUrl.trim());
  evidence.push({ label: 'Base URL', value: `${shownUrl} (${source})` });

  const endpoint = checkEndpoint(inputs.baseUrl, defaultApiBaseUrl);
  if (endpoint.rejected !== undefined) {
    const cause = `The API base URL from ${source} ${describeRejection(endpoint.rejected)}: ${clip(shownUrl)}.`;
    evidence.push(...describeProxySettings(inputs.proxy));
    return {
      status: 'fail',
      summary: cause,
      evidence,
      owner: 'you',
      cause,
      nextStep: `Set ${source} to an https URL such as ${defaultApiBaseUrl}, or unset it to use the default.`,
    };
  }
  const target = new URL(endpoint.url);
  const host = target.hostname;
  evidence.push({ label: 'Host', value: describeHost(host) });
  if (/\/v1(\/|$)/.test(target.pathname)) {
    findings.push({
      status: 'warn',
      owner: 'you',
      cause: `The API base URL from ${source} has /v1 in its path: the SDKs add /v1 themselves, so requests go to ${target.pathname.replace(/\/+$/, '')}/v1/… and get 404.`,
      nextStep: `Set ${source} to the host alone (e.g. ${target.origin}), without /v1.`,
    });
  }

  evidence.push(...describeProxySettings(inputs.proxy));
  const decision = proxyForUrl(target, inputs.proxy);
  evidence.push({ label: `Proxy for ${host}`, value: describeDecision(decision, inputs.proxy) });
  evidence.push(...proxyNotes(decision, inputs.proxy, target));
  findings.push(...proxyFindings(decision, host));

  if (inputs.proxy.vscodeStrictSSL === false) {
    findings.push({
      status: 'warn',
      owner: 'you',
      cause: "VS Code's http.proxyStrictSSL is off: the editor accepts any TLS certificate, so an intercepting proxy goes unnoticed here while other programs fail on it.",
      nextStep: 'Turn http.proxyStrictSSL back on; if a proxy re-signs TLS, give the editor its CA instead (http.systemCertificates, or NODE_EXTRA_CA_CERTS for Node).',
    });
  }

  const facts = decision.proxyUrl ? { proxyUrl: decision.proxyUrl } : {};
  const lead = findings.find((finding) => finding.status === 'fail') ?? findings[0];
  if (!lead) return { status: 'pass', summary: describeSummary(endpoint.url, source, host, decision), evidence, facts };
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more: see the evidence)` : '';
  for (const finding of findings.slice(1)) evidence.push({ label: 'Also', value: finding.cause });
  return { status: lead.status, summary: `${lead.cause}${more}`, evidence, owner: lead.owner, cause: lead.cause, nextStep: lead.nextStep, facts };
}

/** checkEndpoint's reasons, as the rest of a sentence starting "The API base URL from X …". */
function describeRejection(rejected: string): string {
  if (rejected === 'not a valid URL' || rejected === 'not a string') return 'is not a valid URL';
  if (rejected.startsWith('must use https')) return 'does not use https (plain http only to this machine: elsewhere the key would cross the network unencrypted)';
  if (rejected === 'must not contain credentials') return 'contains a user name or password (the key is the credential; the URL is logged)';
  if (rejected === 'must not contain a query or fragment') return 'has a query or fragment, which the SDKs would mangle';
  return rejected;
}

function describeHost(host: string): string {
  if (host === anthropicApiHost) return `${host} (Anthropic's API)`;
  if (['localhost', '127.0.0.1', '[::1]', '::1'].includes(host) || /^127\./.test(host)) return `${host}: a server on this machine (a local gateway or proxy), not Anthropic's host`;
  return `${host}: a custom gateway, not Anthropic's host (its own keys, limits and errors apply)`;
}

/** The proxy settings as the user has them, credentials masked. */
function describeProxySettings(proxy: ProxySettings): Evidence[] {
  const out: Evidence[] = [];
  if (isVsCodeProxySettings(proxy)) {
    out.push({ label: 'http.proxy', value: proxy.vscodeProxy?.trim() ? maskProxyUrl(proxy.vscodeProxy.trim()) : 'not set' });
    if (proxy.vscodeStrictSSL !== undefined) out.push({ label: 'http.proxyStrictSSL', value: proxy.vscodeStrictSSL ? 'on' : 'off' });
    if (proxy.vscodeProxySupport !== undefined) out.push({ label: 'http.proxySupport', value: proxy.vscodeProxySupport });
    const noProxy = (proxy.vscodeNoProxy ?? []).filter((entry) => entry.trim() !== '');
    if (noProxy.length > 0) out.push({ label: 'http.noProxy', value: noProxy.join(', ') });
  }
  const variables: ProxyVariable[] = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'];
  for (const variable of variables) {
    const value = proxy.env[variable]?.trim();
    if (value) out.push({ label: envName(proxy, variable), value: variable === 'NO_PROXY' ? value : maskProxyUrl(value) });
  }
  if (out.every((item) => item.value === 'not set')) out.push({ label: 'Proxy variables', value: 'none set (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY)' });
  return out;
}

function describeDecision(decision: ProxyDecision, proxy: ProxySettings): string {
  if (!decision.configured) {
    return isVsCodeProxySettings(proxy) ? 'none configured (VS Code may still use the system proxy settings, which this check cannot see)' : 'none: connects directly';
  }
  const configured = `${maskProxyUrl(decision.configured.value)} (${decision.configured.source})`;
  if (decision.bypassedBy) return `direct: ${configured} is not used, because of ${decision.bypassedBy}`;
  if (decision.proxyUrl) return `${maskProxyUrl(decision.proxyUrl)} (${decision.configured.source})`;
  return `${configured}: cannot be used (${decision.problem?.detail ?? 'unknown'})`;
}

/** Where the settings will not apply the same way to the user's own code (facts §7). */
function proxyNotes(decision: ProxyDecision, proxy: ProxySettings, target: URL): Evidence[] {
  const notes: string[] = [];
  const inVsCode = isVsCodeProxySettings(proxy);
  if (decision.proxyUrl && decision.configured) {
    if (decision.configured.source === 'http.proxy') {
      notes.push('http.proxy is an editor setting: programs you run outside VS Code use HTTPS_PROXY instead (Python), or nothing (Node fetch, below)');
    }
    // The variable a program outside the editor would read for this URL (curl's and Python's choice by scheme).
    const variable = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
    notes.push(
      `The TypeScript SDK's native fetch ignores ${variable} unless given a dispatcher (undici's ProxyAgent in fetchOptions), so Node programs connect directly; Python's SDK (httpx) honours ${variable} and NO_PROXY`,
    );
  }
  const https = target.protocol === 'https:';
  const httpProxy = proxy.env.HTTP_PROXY?.trim();
  if (https && httpProxy && decision.configured && decision.configured.source === envName(proxy, 'HTTP_PROXY')) {
    notes.push(`${envName(proxy, 'HTTP_PROXY')} is used here because VS Code reads it for https too; curl and Python use it only for http:// URLs, so set HTTPS_PROXY for them`);
  } else if (https && httpProxy && !inVsCode && !proxy.env.HTTPS_PROXY?.trim()) {
    notes.push(`${envName(proxy, 'HTTP_PROXY')} applies to http:// URLs only (curl, Python's httpx); the API is https, so it is not used: set HTTPS_PROXY if this network needs the proxy`);
  }
  if (inVsCode && proxy.env.ALL_PROXY?.trim()) notes.push(`VS Code does not read ${envName(proxy, 'ALL_PROXY')} (curl and Python do)`);
  return notes.map((value) => ({ label: 'Note', value }));
}

function proxyFindings(decision: ProxyDecision, host: string): Finding[] {
  const problem = decision.problem;
  if (!problem || !decision.configured) return [];
  const { source } = decision.configured;
  const shown = clip(maskProxyUrl(decision.configured.value));
  switch (problem.kind) {
    case 'invalid':
      return [{ status: 'fail', owner: 'you', cause: `The proxy setting ${source} is not a usable proxy URL (${problem.detail}): ${shown}.`, nextStep: `Set ${source} to http://host:port (with user:password@ if the proxy needs them), or remove it.` }];
    case 'unsupportedScheme':
      return [{
        status: 'warn',
        owner: 'you',
        cause: `The proxy for ${host} (${source}) is ${problem.detail}, which this doctor cannot connect through: its network checks go direct.`,
        nextStep: `If this network also offers an HTTP proxy, set it (http://host:port); results that fail below may only mean the direct route is closed.`,
      }];
    case 'noScheme':
      return [{
        status: 'warn',
        owner: 'you',
        cause: `The proxy setting ${source} has no scheme (${shown}): curl reads it as http://, but Python's httpx refuses it and VS Code ignores it.`,
        nextStep: `Write it with its scheme: ${decision.proxyUrl ? maskProxyUrl(decision.proxyUrl) : `http://${shown}`}.`,
      }];
  }
}

function describeSummary(baseUrl: string, source: string, host: string, decision: ProxyDecision): string {
  const kind = host === anthropicApiHost ? '' : ', not Anthropic\'s host';
  const route = decision.proxyUrl && decision.configured ? `through ${maskProxyUrl(decision.proxyUrl)} (${decision.configured.source})` : decision.bypassedBy ? `direct (${decision.bypassedBy})` : 'direct';
  return `${maskProxyUrl(baseUrl)} (${source}${kind}), ${route}.`;
}

/** A value the user typed, short enough for a sentence. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
