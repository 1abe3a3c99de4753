/**
 * The socket steps the network checks measure: a TCP connect, an HTTP CONNECT through a proxy, a TLS
 * handshake. Each step ends (resolves or rejects with a `NetStepError` naming its code) when it succeeds,
 * fails, hits the check's deadline or sees the run's signal abort; a `SocketScope` closes whatever the check
 * opened when it is done. Pure: no `vscode`.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { hostPort, type Endpoint } from './target';

/** One step's failure: `code` is Node's (`ECONNREFUSED`, `ERR_SSL_WRONG_VERSION_NUMBER`) or ours (`TIMEOUT`, `ABORTED`, `PROXY_…`). */
export class NetStepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetStepError';
  }
}

/** Owns the sockets one check opens, and closes them all when it ends, on success, failure, timeout or abort. */
export class SocketScope {
  private readonly sockets = new Set<net.Socket>();

  track<T extends net.Socket>(socket: T): T {
    this.sockets.add(socket);
    // Errors reach the checks through the step promises; without a listener a late one would crash the host.
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }

  /**
   * Newest first: a TLS socket before the socket it wraps. Node 20 crashes (SIGSEGV) when the socket under a
   * live TLS socket is destroyed first.
   */
  closeAll(): void {
    for (const socket of [...this.sockets].reverse()) socket.destroy();
    this.sockets.clear();
  }
}

/** A check's time limit, tied to the run's signal: `signal` aborts at the deadline or when the run's does. */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onOuterAbort: () => void;

  constructor(
    readonly ms: number,
    private readonly outer: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => this.controller.abort(new NetStepError('TIMEOUT', `no answer within ${ms} ms`)), ms);
    // A deadline inside another (one address's attempt) keeps the outer one's reason: TIMEOUT stays TIMEOUT.
    this.onOuterAbort = () => this.controller.abort(outer.reason instanceof NetStepError ? outer.reason : new NetStepError('ABORTED', 'cancelled'));
    if (outer.aborted) this.onOuterAbort();
    else outer.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer.removeEventListener('abort', this.onOuterAbort);
  }
}

function abortReason(signal: AbortSignal): NetStepError {
  return signal.reason instanceof NetStepError ? signal.reason : new NetStepError('ABORTED', 'cancelled');
}

function asStepError(error: unknown): NetStepError {
  if (error instanceof NetStepError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new NetStepError(typeof code === 'string' ? code : 'UNKNOWN', message);
}

/**
 * Runs one step on `socket`: `begin` wires the success and failure events and returns its own cleanup.
 * The step rejects when the signal aborts (the socket is destroyed then) and when the socket closes first.
 */
function step<T>(socket: net.Socket, signal: AbortSignal, begin: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let cleanup: () => void = () => undefined;
    let done = false;
    const finish = (outcome: () => void): void => {
      if (done) return;
      done = true;
      cleanup();
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: unknown): void => finish(() => reject(asStepError(error)));
    const onError = (error: Error): void => fail(error);
    const onClose = (): void => fail(new NetStepError('ECONNRESET', 'the connection closed'));
    const onAbort = (): void => {
      socket.destroy();
      fail(abortReason(signal));
    };
    if (signal.aborted) return onAbort();
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
    cleanup = begin((value) => finish(() => resolve(value)), fail);
  });
}

/** A TCP connection to `address:port`. */
export function tcpConnect(scope: SocketScope, address: { address: string; family: number }, port: number, signal: AbortSignal): Promise<net.Socket> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  const socket = scope.track(net.connect({ host: address.address, port, family: address.family === 6 ? 6 : 4 }));
  return step<net.Socket>(socket, signal, (resolve) => {
    const onConnect = (): void => resolve(socket);
    socket.once('connect', onConnect);
    return () => socket.off('connect', onConnect);
  });
}

/** The head of a proxy's answer to CONNECT. */
export interface ProxyAnswer {
  status: number;
  statusText: string;
  /** Lower-case names; only the few worth showing are read (`proxy-authenticate`, `server`, `via`). */
  headers: Record<string, string>;
}

/** Longest proxy answer head read: a proxy page is not worth more. */
const maxProxyHeadBytes = 16 * 1024;

/** Asks the proxy on `socket` for a tunnel to `target` and reads its answer's head (the tunnel is open on a 200). */
export function httpConnect(socket: net.Socket, target: Endpoint, authorization: string | undefined, signal: AbortSignal): Promise<ProxyAnswer> {
  return step<ProxyAnswer>(socket, signal, (resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > maxProxyHeadBytes) reject(new NetStepError('PROXY_BAD_ANSWER', 'the proxy answer has no end of headers'));
        return;
      }
      socket.pause();
      const lines = head.subarray(0, end).toString('latin1').split('\r\n');
      const statusLine = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
      if (!statusLine) return reject(new NetStepError('PROXY_BAD_ANSWER', `not an HTTP answer: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`));
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine[1]), statusText: statusLine[2] ?? '', headers });
    };
    socket.on('data', onData);
    const authority = hostPort(target);
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${authorization ? `Proxy-Authorization: ${authorization}\r\n` : ''}\r\n`);
    return () => socket.off('data', onData);
  });
}

/** How to run a TLS handshake: the name to ask for (SNI) and check the certificate against, and the CAs to trust. */
export interface TlsOptions {
  host: string;
  /** Trusting extra CAs (net/ca.ts); absent: Node's default CAs (its bundled roots, NODE_EXTRA_CA_CERTS, what the host process adds). */
  secureContext?: tls.SecureContext;
}

/**
 * A TLS handshake over `socket` that does not reject an untrusted certificate: the check reads `authorized`,
 * `authorizationError` and the peer certificate to say why it would have been rejected.
 */
export function tlsHandshake(scope: SocketScope, socket: net.Socket, options: TlsOptions, signal: AbortSignal): Promise<tls.TLSSocket> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  const secure = scope.track(
    tls.connect({
      socket,
      host: options.host,
      // SNI is for names only: Node warns on an IP address here.
      ...(net.isIP(options.host) === 0 && { servername: options.host }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(options.secureContext && { secureContext: options.secureContext }),
    }),
  );
  return step<tls.TLSSocket>(secure, signal, (resolve) => {
    const onSecure = (): void => resolve(secure);
    secure.once('secureConnect', onSecure);
    return () => secure.off('secureConnect', onSecure);
  });
}
