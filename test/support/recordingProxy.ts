/**
 * For tests of which proxy a program uses: a local HTTP proxy on 127.0.0.1 that records every request it gets
 * (absolute-URI requests, answered "proxy"; CONNECTs, refused with a 403) and a plain server for direct requests
 * (answered "direct"). Nothing is forwarded anywhere.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A proxy that records every request it gets (absolute-URI GETs and CONNECTs) and a server for direct requests. */
export class RecordingProxy {
  private constructor(
    /** What reached the proxy: "GET http://host:port/path", "CONNECT host:443". */
    readonly seen: string[],
    /** How many connections reached the direct server (a TLS client's too, which it cannot answer). */
    readonly directCounter: { connections: number },
    private readonly proxy: http.Server,
    private readonly direct: http.Server,
  ) {}

  static async start(): Promise<RecordingProxy> {
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('proxy');
    });
    proxy.on('connect', (req: http.IncomingMessage, socket: Socket) => {
      seen.push(`CONNECT ${req.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    const counter = { connections: 0 };
    const direct = http.createServer((_req, res) => res.end('direct'));
    direct.on('connection', () => counter.connections++);
    await Promise.all([proxy, direct].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    return new RecordingProxy(seen, counter, proxy, direct);
  }

  get proxyUrl(): string {
    return `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
  }

  get directConnections(): number {
    return this.directCounter.connections;
  }

  get directPort(): number {
    return (this.direct.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const server of [this.proxy, this.direct]) server.closeAllConnections();
    await Promise.all([this.proxy, this.direct].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

