/**
 * The way the API's traffic goes, opened step by step so each step can be timed and named when it fails:
 * TCP to the API host's addresses (or to the proxy), then, through a proxy, TLS to an https:// proxy and the
 * HTTP CONNECT tunnel to the API host. Used by the connect check (which stops there) and the TLS check
 * (which shakes hands over it). Pure: no `vscode`.
 */
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { Deadline, httpConnect, NetStepError, tcpConnect, tlsHandshake, type ProxyAnswer, type SocketScope } from './sockets';
import type { ApiTarget, ProxyTarget } from './target';

export interface Address {
  address: string;
  family: number;
}

export interface PathPlan {
  api: ApiTarget;
  proxy?: ProxyTarget;
  /** What the DNS check resolved: the API host's addresses, or the proxy's when one applies. */
  addresses: readonly Address[];
  now: () => number;
  /** For TLS to an https:// proxy: trusting extra CAs (absent: Node's defaults). */
  secureContext?: tls.SecureContext;
}

/**
 * With another address left to try, one attempt gets at most this long: an address that swallows packets
 * (IPv6 on a network without it) must not use up the whole timeout, as Node's fetch would move on too
 * (Happy Eyeballs, RFC 8305).
 */
export const attemptLimitMs = 1_000;

/** An address tried before one connected, and why it did not. */
export interface FailedAttempt extends Address {
  code: string;
}

export interface OpenedPath {
  /** The API connection, or (through a proxy) the open tunnel to it. */
  socket: net.Socket;
  connected: Address;
  connectMs: number;
  failedAttempts: FailedAttempt[];
  proxy?: { tlsMs?: number; answer: ProxyAnswer; tunnelMs: number };
}

/** Where the path broke: `tcp` (no address connected), `proxyTls` (TLS to an https:// proxy), `tunnel` (CONNECT). */
export class PathError extends Error {
  constructor(
    readonly stage: 'tcp' | 'proxyTls' | 'tunnel',
    readonly code: string,
    message: string,
    readonly failedAttempts: FailedAttempt[],
    readonly answer?: ProxyAnswer,
  ) {
    super(message);
    this.name = 'PathError';
  }
}

/**
 * Opens the path, trying the addresses in order until one connects (each but the last for `attemptLimitMs`).
 * Every socket belongs to `scope`: the caller closes them. Rejects with a `PathError` (code `TIMEOUT` or
 * `ABORTED` when the signal ends the wait).
 */
export async function openPath(scope: SocketScope, plan: PathPlan, signal: AbortSignal): Promise<OpenedPath> {
  const port = plan.proxy?.port ?? plan.api.port;
  const failedAttempts: FailedAttempt[] = [];
  let socket: net.Socket | undefined;
  let connected: Address | undefined;
  let connectMs = 0;
  for (const [index, address] of plan.addresses.entries()) {
    const last = index === plan.addresses.length - 1;
    const attempt = last ? undefined : new Deadline(attemptLimitMs, signal);
    const began = plan.now();
    try {
      socket = await tcpConnect(scope, address, port, attempt?.signal ?? signal);
      connected = address;
      connectMs = plan.now() - began;
      break;
    } catch (error) {
      const code = error instanceof NetStepError ? error.code : 'UNKNOWN';
      // The check's own deadline or cancellation: no time is left for the next address.
      if (signal.aborted) throw new PathError('tcp', code, 'no address connected', [...failedAttempts, { ...address, code }]);
      failedAttempts.push({ ...address, code });
    } finally {
      attempt?.dispose();
    }
  }
  if (!socket || !connected) throw new PathError('tcp', failedAttempts.at(-1)?.code ?? 'NO_ADDRESS', 'no address connected', failedAttempts);
  if (!plan.proxy) return { socket, connected, connectMs, failedAttempts };

  let tunnelSocket: net.Socket = socket;
  let tlsMs: number | undefined;
  if (plan.proxy.protocol === 'https:') {
    const began = plan.now();
    const secure = await tlsHandshake(scope, socket, { host: plan.proxy.host, ...(plan.secureContext && { secureContext: plan.secureContext }) }, signal).catch((error: unknown) => {
      throw stageError('proxyTls', error, failedAttempts);
    });
    if (!secure.authorized) throw new PathError('proxyTls', String(secure.authorizationError), 'the proxy certificate is not trusted', failedAttempts);
    tlsMs = plan.now() - began;
    tunnelSocket = secure;
  }
  const began = plan.now();
  const answer = await httpConnect(tunnelSocket, plan.api, plan.proxy.authorization, signal).catch((error: unknown) => {
    throw stageError('tunnel', error, failedAttempts);
  });
  const tunnelMs = plan.now() - began;
  if (answer.status !== 200) throw new PathError('tunnel', `HTTP_${answer.status}`, `the proxy answered ${answer.status}`, failedAttempts, answer);
  return { socket: tunnelSocket, connected, connectMs, failedAttempts, proxy: { ...(tlsMs !== undefined && { tlsMs }), answer, tunnelMs } };
}

function stageError(stage: 'proxyTls' | 'tunnel', error: unknown, failedAttempts: FailedAttempt[]): Error {
  if (error instanceof NetStepError && (error.code === 'TIMEOUT' || error.code === 'ABORTED')) return new PathError(stage, error.code, error.message, failedAttempts);
  if (error instanceof NetStepError) return new PathError(stage, error.code, error.message, failedAttempts);
  return new PathError(stage, 'UNKNOWN', String(error), failedAttempts);
}
