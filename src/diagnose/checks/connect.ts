/**
 * Connect: a TCP connection to the API host (its first address that answers), or to the proxy and then the
 * proxy's HTTP CONNECT tunnel to the API host, the way the API requests will go. Times each step; names a
 * refusal, a timeout, an unreachable network, and a proxy that asks for credentials or blocks the host.
 */
import type * as tls from 'node:tls';
import { secureContextWithExtra } from '../net/ca';
import { socketErrorMeaning } from '../net/meanings';
import { openPath, PathError, type OpenedPath } from '../net/path';
import { Deadline, NetStepError, SocketScope } from '../net/sockets';
import { apiTargetOf, familyName, hostPort, isAnthropicHost, proxyTargetOf, type ApiTarget, type ProxyTarget } from '../net/target';
import type { CheckContext, CheckOutcome, DiagnosisCheck, Evidence } from '../types';
import { cancelled } from '../outcomes';

export const connectCheck: DiagnosisCheck = {
  id: 'connect',
  title: 'Connection',
  needs: ['dns'],
  run: checkConnect,
};

async function checkConnect(context: CheckContext): Promise<CheckOutcome> {
  const route = routeOf(context);
  if ('outcome' in route) return route.outcome;
  const scope = new SocketScope();
  const deadline = new Deadline(context.inputs.timeoutMs, context.signal);
  try {
    const path = await openPath(scope, { ...route, now: context.now, ...caPlan(context.extraCaCertificates) }, deadline.signal);
    return connected(route.api, route.proxy, path);
  } catch (error) {
    return pathFailure(error, route.api, route.proxy, context.inputs.timeoutMs);
  } finally {
    deadline.dispose();
    scope.closeAll();
  }
}

/** A secure context trusting the extra CAs, when any are given (for TLS to the API, or to an https:// proxy). */
export function caPlan(extra: readonly string[] | undefined): { secureContext?: tls.SecureContext } {
  const secureContext = secureContextWithExtra(extra);
  return secureContext ? { secureContext } : {};
}

/** The API target, the proxy and the addresses DNS found; or the outcome when they cannot be had. */
export function routeOf(context: CheckContext): { api: ApiTarget; proxy?: ProxyTarget; addresses: Array<{ address: string; family: number }> } | { outcome: CheckOutcome } {
  const api = apiTargetOf(context.inputs.baseUrl);
  if ('problem' in api) return { outcome: { status: 'fail', summary: api.problem, owner: 'you', cause: api.problem } };
  const proxy = context.facts.proxyUrl ? proxyTargetOf(context.facts.proxyUrl) : undefined;
  if (proxy && 'problem' in proxy) return { outcome: { status: 'fail', summary: proxy.problem, owner: 'you', cause: proxy.problem } };
  const addresses = context.facts.addresses ?? [];
  // Without an address from the DNS check (it did not run in this set of checks), an IP literal still works.
  if (addresses.length === 0) return { outcome: { status: 'fail', summary: 'No address to connect to: the DNS check gave none.', owner: 'network' } };
  return { api, ...(proxy && { proxy }), addresses };
}

function connected(api: ApiTarget, proxy: ProxyTarget | undefined, path: OpenedPath): CheckOutcome {
  const ms = Math.round(path.connectMs);
  const where = `${hostPort({ host: path.connected.address, port: proxy?.port ?? api.port })}`;
  const evidence: Evidence[] = [
    { label: proxy ? 'Proxy address' : 'Address', value: `${where} (${familyName(path.connected.family)})` },
    { label: 'TCP connect time', value: `${ms} ms` },
  ];
  for (const attempt of path.failedAttempts) evidence.push({ label: 'Tried first', value: `${attempt.address} (${familyName(attempt.family)}): ${socketErrorMeaning(attempt.code)}` });
  if (!proxy || !path.proxy) return { status: 'pass', summary: `TCP connection to ${where} in ${ms} ms.`, evidence };
  const tunnelMs = Math.round(path.proxy.tunnelMs);
  if (path.proxy.tlsMs !== undefined) evidence.push({ label: 'TLS to the proxy', value: `${Math.round(path.proxy.tlsMs)} ms` });
  evidence.push(
    { label: 'Tunnel', value: `CONNECT ${hostPort(api)} → HTTP ${path.proxy.answer.status} ${path.proxy.answer.statusText}`.trim() },
    { label: 'Tunnel time', value: `${tunnelMs} ms` },
    { label: 'Proxy credentials sent', value: proxy.authorization ? 'yes (from the proxy URL)' : 'no' },
    ...proxyHeaders(path.proxy.answer.headers),
  );
  return { status: 'pass', summary: `Proxy ${hostPort(proxy)} connected in ${ms} ms and opened a tunnel to ${hostPort(api)} in ${tunnelMs} ms.`, evidence };
}

/** A failure of the path (TCP, the proxy's TLS, the tunnel) as a check outcome; the TLS check uses it too. */
export function pathFailure(error: unknown, api: ApiTarget, proxy: ProxyTarget | undefined, timeoutMs: number): CheckOutcome {
  if (error instanceof NetStepError && error.code === 'ABORTED') return cancelled();
  if (!(error instanceof PathError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'fail', summary: `The connection to ${hostPort(api)} failed: ${message}`, owner: 'network', cause: `The connection to ${hostPort(api)} fails: ${message}.` };
  }
  if (error.code === 'ABORTED') return cancelled();
  const evidence: Evidence[] = error.failedAttempts.map((attempt) => ({
    label: 'Attempt',
    value: `${hostPort({ host: attempt.address, port: proxy?.port ?? api.port })} (${familyName(attempt.family)}): ${attempt.code === 'TIMEOUT' ? `no answer within ${timeoutMs} ms` : socketErrorMeaning(attempt.code)}`,
  }));
  const apiName = hostPort(api);
  if (proxy) return proxyFailure(error, api, proxy, timeoutMs, evidence);
  const code = error.code;
  const owner = 'network' as const;
  if (code === 'TIMEOUT') {
    return {
      status: 'fail',
      summary: `No TCP answer from ${apiName} within ${timeoutMs} ms.`,
      evidence,
      owner,
      cause: `Connections to ${apiName} get no answer: a firewall drops them, or the host is down.`,
      nextStep: isAnthropicHost(api.host)
        ? `Ask your network admins whether outbound HTTPS to ${api.host} is allowed, or whether traffic must go through a proxy (then set HTTPS_PROXY).`
        : `Check that the server behind the base URL is up and that a firewall lets this machine reach ${apiName}.`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      status: 'fail',
      summary: `${apiName} refused the connection (ECONNREFUSED).`,
      evidence,
      owner,
      cause: isAnthropicHost(api.host)
        ? `Connections to ${apiName} are refused on this network: a firewall rejects them.`
        : `Nothing accepts connections at ${apiName}: the server behind the base URL is not running there, or a firewall rejects the connection.`,
      nextStep: isAnthropicHost(api.host)
        ? `Ask your network admins to allow outbound HTTPS to ${api.host}, or set HTTPS_PROXY to the proxy your network requires.`
        : `Check the port in the base URL and that the gateway or proxy behind it is running.`,
    };
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return {
      status: 'fail',
      summary: `${apiName}: ${code}.`,
      evidence,
      owner,
      cause: `This machine has no route to ${apiName} (${code === 'ENETUNREACH' ? 'network unreachable' : 'host unreachable'}).`,
      nextStep: 'Check the network connection or VPN; on a network that reaches the internet only through a proxy, set HTTPS_PROXY.',
    };
  }
  return {
    status: 'fail',
    summary: `TCP connection to ${apiName} failed: ${code}.`,
    evidence: [...evidence, { label: 'Error', value: socketErrorMeaning(code) }],
    owner,
    cause: `The connection to ${apiName} fails: ${socketErrorMeaning(code)}.`,
    nextStep: 'Check the network connection, VPN and firewall between this machine and the API.',
  };
}

function proxyFailure(error: PathError, api: ApiTarget, proxy: ProxyTarget, timeoutMs: number, evidence: Evidence[]): CheckOutcome {
  const proxyName = hostPort(proxy);
  const apiName = hostPort(api);
  const owner = 'network' as const;
  const fixSetting = 'Check the proxy address (host and port) in HTTPS_PROXY or VS Code’s http.proxy, and that the proxy is running.';
  if (error.stage === 'tcp') {
    if (error.code === 'TIMEOUT') {
      return { status: 'fail', summary: `No TCP answer from the proxy ${proxyName} within ${timeoutMs} ms.`, evidence, owner, cause: `The proxy ${proxyName} does not answer connections.`, nextStep: fixSetting };
    }
    return {
      status: 'fail',
      summary: `The proxy ${proxyName}: ${error.code}.`,
      evidence,
      owner,
      cause: error.code === 'ECONNREFUSED' ? `The proxy ${proxyName} refuses connections: nothing listens there.` : `The proxy ${proxyName} cannot be reached (${error.code}).`,
      nextStep: fixSetting,
    };
  }
  if (error.stage === 'proxyTls') {
    return {
      status: 'fail',
      summary: `TLS to the proxy ${proxyName} failed: ${error.code}.`,
      evidence,
      owner,
      cause: `The TLS connection to the proxy ${proxyName} fails (${error.code}).`,
      nextStep: 'Use the proxy’s http:// address, or trust its certificate with NODE_EXTRA_CA_CERTS.',
    };
  }
  const answer = error.answer;
  if (!answer) {
    const timedOut = error.code === 'TIMEOUT';
    return {
      status: 'fail',
      summary: timedOut ? `The proxy ${proxyName} did not answer CONNECT within ${timeoutMs} ms.` : `The proxy ${proxyName} gave no CONNECT answer: ${error.message}.`,
      evidence,
      owner,
      cause: timedOut ? `The proxy ${proxyName} accepts connections but does not answer a tunnel request.` : `${proxyName} does not act as an HTTP proxy (${error.code === 'PROXY_BAD_ANSWER' ? error.message : 'it closed the connection'}).`,
      nextStep: fixSetting,
    };
  }
  evidence.push({ label: 'Tunnel', value: `CONNECT ${apiName} → HTTP ${answer.status} ${answer.statusText}`.trim() }, { label: 'Proxy credentials sent', value: proxy.authorization ? 'yes (from the proxy URL)' : 'no' }, ...proxyHeaders(answer.headers));
  const summary = `The proxy ${proxyName} answered CONNECT ${apiName} with HTTP ${answer.status}.`;
  if (answer.status === 407) {
    return {
      status: 'fail',
      summary,
      evidence,
      owner,
      cause: proxy.authorization ? `The proxy ${proxyName} rejects the credentials in the proxy URL (HTTP 407).` : `The proxy ${proxyName} requires authentication (HTTP 407).`,
      nextStep: 'Put the proxy user and password in the proxy URL (http://user:password@host:port, percent-encoded), or ask IT which proxy to use; proxies that accept only Kerberos/NTLM need a local relay.',
    };
  }
  if (answer.status === 403) {
    return {
      status: 'fail',
      summary,
      evidence,
      owner,
      cause: `The proxy ${proxyName} blocks ${api.host} by policy (HTTP 403).`,
      nextStep: `Ask your network admins to allow ${apiName} through the proxy.`,
    };
  }
  if (answer.status === 502 || answer.status === 503 || answer.status === 504) {
    return {
      status: 'fail',
      summary,
      evidence,
      owner,
      cause: `The proxy ${proxyName} cannot reach ${apiName} (HTTP ${answer.status}).`,
      nextStep: `The proxy itself cannot get through to ${api.host}: ask your network admins to check its route to the internet.`,
    };
  }
  return {
    status: 'fail',
    summary,
    evidence,
    owner,
    cause: `The proxy ${proxyName} refuses to open a tunnel to ${apiName} (HTTP ${answer.status}).`,
    nextStep: `Ask your network admins whether ${apiName} is allowed through the proxy.`,
  };
}

/** The proxy's own answer headers worth showing (never a credential). */
function proxyHeaders(headers: Record<string, string>): Evidence[] {
  const shown: Evidence[] = [];
  if (headers['proxy-authenticate']) shown.push({ label: 'Proxy asks for', value: headers['proxy-authenticate'].split(/[\s,]/)[0] });
  if (headers.server) shown.push({ label: 'Proxy software', value: headers.server.slice(0, 80) });
  if (headers.via) shown.push({ label: 'Via', value: headers.via.slice(0, 80) });
  return shown;
}
