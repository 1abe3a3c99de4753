/**
 * DNS: resolves the host the API's traffic connects to (the API host, or the proxy's host when a proxy
 * applies: the proxy then resolves the API host itself), with the same resolver Node's fetch uses, bounded
 * by the timeout. An IP address needs no lookup.
 */
import { isIP } from 'node:net';
import { dnsErrorMeaning } from '../net/meanings';
import { Deadline, NetStepError } from '../net/sockets';
import { apiTargetOf, familyName, isAnthropicHost, proxyTargetOf, type ProxyTarget } from '../net/target';
import type { CheckContext, CheckOutcome, DiagnosisCheck, Evidence } from '../types';
import { cancelled } from '../outcomes';

export const dnsCheck: DiagnosisCheck = {
  id: 'dns',
  title: 'DNS',
  needs: ['configuration'],
  run: checkDns,
};

type Address = { address: string; family: number };

async function checkDns(context: CheckContext): Promise<CheckOutcome> {
  const api = apiTargetOf(context.inputs.baseUrl);
  if ('problem' in api) return { status: 'fail', summary: api.problem, owner: 'you', cause: api.problem, nextStep: 'Set the API base URL to an https:// URL, or leave it unset for https://api.anthropic.com.' };
  const proxy = context.facts.proxyUrl ? proxyTargetOf(context.facts.proxyUrl) : undefined;
  if (proxy && 'problem' in proxy) return { status: 'fail', summary: proxy.problem, owner: 'you', cause: proxy.problem, nextStep: 'Point HTTPS_PROXY (or VS Code’s http.proxy) at an http:// proxy, or unset it.' };

  const host = proxy?.host ?? api.host;
  const evidence: Evidence[] = [{ label: proxy ? 'Proxy host' : 'Host', value: host }];
  const viaProxy = proxy ? `; the proxy resolves ${api.host} itself` : '';
  if (proxy) evidence.push({ label: 'API host', value: `${api.host}: resolved by the proxy, not on this machine` });

  const literal = isIP(host);
  if (literal !== 0) {
    const addresses = [{ address: host, family: literal }];
    return { status: 'pass', summary: `${host} is an IP address: no lookup needed${viaProxy}.`, evidence, facts: { addresses } };
  }

  const deadline = new Deadline(context.inputs.timeoutMs, context.signal);
  const began = context.now();
  let addresses: Address[];
  try {
    addresses = await untilAborted(context.lookup(host), deadline.signal);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ABORTED') return cancelled();
    return lookupFailure(host, proxy, code, context.now() - began, context.inputs.timeoutMs, evidence);
  } finally {
    deadline.dispose();
  }
  const ms = Math.round(context.now() - began);
  if (addresses.length === 0) return lookupFailure(host, proxy, 'ENODATA', ms, context.inputs.timeoutMs, evidence);

  const families = [...new Set(addresses.map((a) => familyName(a.family)))].sort();
  evidence.push(
    { label: 'Addresses', value: addresses.map((a) => `${a.address} (${familyName(a.family)})`).join(', ') },
    { label: 'Families', value: families.join(' and ') },
    { label: 'Lookup time', value: `${ms} ms` },
  );
  const more = addresses.length > 1 ? ` and ${addresses.length - 1} more` : '';
  return {
    status: 'pass',
    summary: `${host} → ${addresses[0].address} (${familyName(addresses[0].family)})${more} in ${ms} ms${viaProxy}.`,
    evidence,
    facts: { addresses },
  };
}

function lookupFailure(host: string, proxy: ProxyTarget | undefined, code: string, ms: number, timeoutMs: number, evidence: Evidence[]): CheckOutcome {
  const timedOut = code === 'TIMEOUT';
  evidence.push({ label: 'Error', value: timedOut ? `no answer within ${timeoutMs} ms` : dnsErrorMeaning(code) }, { label: 'Lookup time', value: `${Math.round(ms)} ms` });
  const cause = timedOut
    ? `DNS lookup of ${host} gets no answer within ${seconds(timeoutMs)} on this network.`
    : code === 'ENODATA' || code === 'EAI_NODATA'
      ? `DNS has no address for ${host}.`
      : `DNS lookup of ${host} fails on this network.`;
  const nextStep = proxy
    ? `Check the proxy’s host name in HTTPS_PROXY (or VS Code’s http.proxy): ${host} does not resolve here.`
    : isAnthropicHost(host)
      ? `Check that this machine resolves public names (\`nslookup ${host}\`): on a network whose DNS only knows internal names, the API is reached through the company proxy (set HTTPS_PROXY); otherwise check the connection or VPN.`
      : `Check the host name in the API base URL (${host}), and whether it needs a VPN or an internal DNS server.`;
  return { status: 'fail', summary: `${host}: ${timedOut ? 'no DNS answer' : code}.`, evidence, owner: 'network', cause, nextStep };
}

/** The lookup's answer, or a rejection when the deadline passes or the run is cancelled (the lookup itself cannot be stopped). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function errorCode(error: unknown): string {
  if (error instanceof NetStepError) return error.code;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
