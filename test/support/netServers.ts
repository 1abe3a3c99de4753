/**
 * Local network stand-ins for the doctor's network checks, all on 127.0.0.1 and never reaching out: TLS
 * servers with certificates made by openssl at test time (self-signed, issued by a test CA, by a CA named
 * like an interception proxy, expired, near expiry, for the wrong name), HTTP CONNECT proxies (tunnelling,
 * refusing with a status, asking for credentials, silent), a TCP server that accepts and never answers, a
 * port nothing listens on, and a DNS server answering from a table (NXDOMAIN otherwise, or never). Each
 * server counts the connections it holds, so a test can assert that every socket the checks opened ended.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { promises as dnsPromises } from 'node:dns';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

// ---- certificates ----

export interface KeyAndCert {
  key: string;
  cert: string;
}

/** The certificates the TLS tests use; every leaf is for localhost and 127.0.0.1 unless said otherwise. */
export interface TestPki {
  /** "Claude Health Test CA": trusted in a test by passing it as an extra CA. */
  testCa: string;
  /** "Zscaler Root CA" (O=Zscaler Inc.): what an intercepting proxy re-signs traffic with. */
  interceptionCa: string;
  /** Issued by the test CA, valid 90 days, also for api.anthropic.com. */
  trusted: KeyAndCert;
  /** Issued by the interception CA for localhost, 127.0.0.1 and api.anthropic.com (as such a proxy mints). */
  intercepted: KeyAndCert;
  /** Self-signed, CN=localhost. */
  selfSigned: KeyAndCert;
  /** Issued by the test CA, valid 2024-01-01 to 2024-02-01. */
  expired: KeyAndCert;
  /** Issued by the test CA, valid for 3 more days. */
  nearExpiry: KeyAndCert;
  /** Issued by the test CA for other.example only. */
  wrongName: KeyAndCert;
  dispose(): void;
}

/** Makes the test PKI with openssl (EC keys: a few ms each). scripts/setup.sh installs openssl; without it this throws. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'chh-pki-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = (name: string) => openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file(`${name}.key`));
  const caExtensions = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];

  const makeCa = (name: string, subject: string) => {
    newKey(name);
    openssl('req', '-x509', '-new', '-key', file(`${name}.key`), '-subj', subject, '-days', '30', '-out', file(`${name}.pem`), ...caExtensions);
    return readFileSync(file(`${name}.pem`), 'utf8');
  };
  const testCa = makeCa('test-ca', '/O=Claude Health Tests/CN=Claude Health Test CA');
  const interceptionCa = makeCa('zscaler', '/O=Zscaler Inc./CN=Zscaler Root CA');

  const localNames = 'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:api.anthropic.com';
  /** A leaf issued by `ca` (`-days`, or exact dates through `openssl ca`). */
  const issue = (name: string, ca: string, san: string, validity: { days: number } | { start: string; end: string }): KeyAndCert => {
    newKey(name);
    openssl('req', '-new', '-key', file(`${name}.key`), '-subj', '/CN=localhost', '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), `${san}\nbasicConstraints=CA:FALSE\n`);
    if ('days' in validity) {
      openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.pem`), '-CAkey', file(`${ca}.key`), '-CAcreateserial', '-days', String(validity.days), '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`));
    } else {
      // `openssl x509` cannot back-date; `openssl ca` takes exact dates, with a throwaway database.
      writeFileSync(file('index.txt'), '');
      writeFileSync(file('serial'), '1000\n');
      writeFileSync(file('ca.cnf'), ['[ca]', 'default_ca = test', '[test]', `database = ${file('index.txt')}`, `new_certs_dir = ${dir}`, `serial = ${file('serial')}`, 'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', ''].join('\n'));
      openssl('ca', '-batch', '-config', file('ca.cnf'), '-cert', file(`${ca}.pem`), '-keyfile', file(`${ca}.key`), '-in', file(`${name}.csr`), '-startdate', validity.start, '-enddate', validity.end, '-extfile', file(`${name}.ext`), '-notext', '-out', file(`${name}.pem`));
    }
    return { key: readFileSync(file(`${name}.key`), 'utf8'), cert: readFileSync(file(`${name}.pem`), 'utf8') };
  };

  newKey('self');
  openssl('req', '-x509', '-new', '-key', file('self.key'), '-subj', '/CN=localhost', '-days', '30', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-out', file('self.pem'));
  const selfSigned = { key: readFileSync(file('self.key'), 'utf8'), cert: readFileSync(file('self.pem'), 'utf8') };

  return {
    testCa,
    interceptionCa,
    trusted: issue('trusted', 'test-ca', localNames, { days: 90 }),
    intercepted: issue('intercepted', 'zscaler', localNames, { days: 30 }),
    selfSigned,
    expired: issue('expired', 'test-ca', localNames, { start: '20240101000000Z', end: '20240201000000Z' }),
    nearExpiry: issue('near', 'test-ca', localNames, { days: 3 }),
    wrongName: issue('wrong', 'test-ca', 'subjectAltName=DNS:other.example', { days: 30 }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// ---- connection bookkeeping ----

/** A server's live connections: a test waits for them to end to prove the checks closed their sockets. */
class ConnectionLog {
  readonly open = new Set<net.Socket>();
  accepted = 0;
  private waiters: Array<() => void> = [];

  add(socket: net.Socket): void {
    this.accepted++;
    this.open.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.open.delete(socket);
      if (this.open.size === 0) for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves when no connection is open; rejects after `ms` naming how many remain (a socket the checks leaked). */
  idle(ms = 2_000): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.open.size} connection(s) still open after ${ms} ms`)), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  destroyAll(): void {
    for (const socket of this.open) socket.destroy();
  }
}

/** A listening server on 127.0.0.1 with its connections counted. */
export interface LocalServer {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Waits until no connection is open (rejects when one stays open past `ms`). */
  idle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

async function listenLocal(server: net.Server, log: ConnectionLog): Promise<LocalServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    get accepted() {
      return log.accepted;
    },
    get openConnections() {
      return log.open.size;
    },
    idle: (ms) => log.idle(ms),
    close: () =>
      new Promise<void>((resolve) => {
        log.destroyAll();
        server.close(() => resolve());
      }),
  };
}

// ---- servers ----

/**
 * A TLS server presenting `certificate` (plus `chain`, e.g. its CA, sent after it). After the handshake it
 * pipes to `forwardTo` on 127.0.0.1 (the fake API, so HTTPS reaches it), or holds the connection open.
 */
export async function startTlsServer(certificate: KeyAndCert, options: { chain?: string[]; forwardTo?: number } = {}): Promise<LocalServer> {
  const log = new ConnectionLog();
  const server = tls.createServer({ key: certificate.key, cert: [certificate.cert, ...(options.chain ?? [])].join('\n') });
  server.on('connection', (socket: net.Socket) => log.add(socket));
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (secure: tls.TLSSocket) => {
    secure.on('error', () => undefined);
    if (options.forwardTo === undefined) return;
    const upstream = net.connect(options.forwardTo, '127.0.0.1');
    upstream.on('error', () => secure.destroy());
    secure.once('close', () => upstream.destroy());
    upstream.once('close', () => secure.destroy());
    secure.pipe(upstream).pipe(secure);
  });
  return listenLocal(server, log);
}

/** A TCP server that accepts connections and never says anything (a handshake that hangs). */
export async function startSilentServer(): Promise<LocalServer> {
  const log = new ConnectionLog();
  const server = net.createServer((socket) => {
    log.add(socket);
    // Reads and drops what comes, so it sees the client's end (an unread socket never notices a close).
    socket.resume();
  });
  return listenLocal(server, log);
}

/** A plain HTTP server answering 200 to everything (an https:// base URL pointed at plain HTTP). */
export async function startPlainHttpServer(): Promise<LocalServer> {
  const log = new ConnectionLog();
  const server = http.createServer((_req, res) => res.end('plain'));
  server.on('connection', (socket) => log.add(socket));
  return listenLocal(server, log);
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): connections are refused. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A port on 127.0.0.1 where TCP connections hang, as behind a firewall that drops packets: a listener that
 * never accepts, its accept queue already full, so the kernel drops every further SYN. Node always accepts,
 * so a Python helper holds it (CLAUDE_HEALTH_PYTHON, else the repo's .venv; a missing one fails the test).
 */
export async function startBlackholePort(): Promise<{ port: number; close(): Promise<void> }> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const python = path.resolve(repoRoot, process.env.CLAUDE_HEALTH_PYTHON || '.venv/bin/python');
  const script = [
    'import socket, sys, time',
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)",
    'port = s.getsockname()[1]',
    'fill = []',
    'for _ in range(4):',
    '    c = socket.socket(); c.setblocking(False)',
    "    try: c.connect(('127.0.0.1', port))",
    '    except BlockingIOError: pass',
    '    fill.append(c)',
    'time.sleep(0.1)',
    'print(port, flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const child = spawn(python, ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the blackhole helper (${python}) exited with ${code}`)));
  });
  return {
    port,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

export interface ConnectProxy extends LocalServer {
  /** Each CONNECT seen: the authority asked for and whether `Proxy-Authorization` came (never its value). */
  readonly connects: Array<{ authority: string; sentCredentials: boolean }>;
}

export interface ConnectProxyOptions {
  /** `tunnel` (default): 200 and a tunnel; a number: that status (403 a policy block); `silent`: never answers. */
  behaviour?: 'tunnel' | number | 'silent';
  /** `user:password` the proxy demands (407 with `Proxy-Authenticate: Basic` otherwise). */
  credentials?: string;
  /**
   * Where a tunnel for an authority really goes: this proxy only ever connects to 127.0.0.1, so a test can
   * send `api.anthropic.com:443` to a local server. Unmapped authorities go to 127.0.0.1 on their own port
   * when their host is local, and get a 502 otherwise.
   */
  routes?: Record<string, number>;
}

/** An HTTP proxy that answers CONNECT as `options` say. */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const log = new ConnectionLog();
  const connects: ConnectProxy['connects'] = [];
  const server = http.createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connection', (socket: net.Socket) => log.add(socket));
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    const authority = req.url ?? '';
    const authorization = req.headers['proxy-authorization'];
    connects.push({ authority, sentCredentials: authorization !== undefined });
    // An http.Server socket is half-open by default: close it when the client ends its side.
    socket.once('end', () => socket.destroy());
    const behaviour = options.behaviour ?? 'tunnel';
    if (behaviour === 'silent') {
      socket.resume();
      return;
    }
    if (options.credentials && authorization !== `Basic ${Buffer.from(options.credentials).toString('base64')}`) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (typeof behaviour === 'number') {
      socket.end(`HTTP/1.1 ${behaviour} ${http.STATUS_CODES[behaviour] ?? 'Refused'}\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<h1>no</h1>\r\n`);
      return;
    }
    const [host, portText] = splitAuthority(authority);
    const port = options.routes?.[authority] ?? (['127.0.0.1', 'localhost'].includes(host) ? Number(portText) : undefined);
    if (port === undefined) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.once('close', () => upstream.destroy());
    upstream.once('close', () => socket.destroy());
    upstream.once('connect', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\nVia: 1.1 test-proxy\r\n\r\n');
      socket.pipe(upstream).pipe(socket);
    });
  });
  const local = await listenLocal(server, log);
  return Object.assign(local, { connects });
}

function splitAuthority(authority: string): [string, string] {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
  return match ? [match[1], match[2]] : [authority, ''];
}

// ---- DNS ----

export interface LocalDnsServer {
  port: number;
  /** Names asked for, in order (lower case, no trailing dot), with the query type (1 = A, 28 = AAAA). */
  readonly queries: Array<{ name: string; type: number }>;
  close(): Promise<void>;
}

/**
 * A DNS server on 127.0.0.1 (UDP): `a` names get those IPv4 answers (and an empty AAAA answer), `silent`
 * names get no reply at all, anything else NXDOMAIN.
 */
export async function startDnsServer(table: { a?: Record<string, string[]>; silent?: string[] } = {}): Promise<LocalDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: LocalDnsServer['queries'] = [];
  socket.on('message', (message, peer) => {
    const question = parseQuestion(message);
    if (!question) return;
    queries.push({ name: question.name, type: question.type });
    if (table.silent?.includes(question.name)) return;
    const addresses = table.a?.[question.name];
    const answers = addresses && question.type === 1 ? addresses : [];
    socket.send(dnsReply(message, question.end, addresses ? 0 : 3, answers), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function parseQuestion(message: Buffer): { name: string; type: number; end: number } | undefined {
  if (message.length < 17) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length && message[offset] !== 0) {
    const length = message[offset];
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  const end = offset + 5; // the zero byte, QTYPE, QCLASS
  if (end > message.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: message.readUInt16BE(offset + 1), end };
}

/** The reply to `query`: its id and question, RCODE `rcode` (3 = NXDOMAIN), and A records for `addresses`. */
function dnsReply(query: Buffer, questionEnd: number, rcode: number, addresses: string[]): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  const recursionDesired = query[2] & 0x01;
  header[2] = 0x80 | recursionDesired; // QR=1, opcode 0, RD copied
  header[3] = 0x80 | rcode; // RA=1
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const answers = addresses.map((address) => {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(1, 2); // A
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(60, 6); // TTL
    record.writeUInt16BE(4, 10);
    address.split('.').forEach((part, i) => (record[12 + i] = Number(part)));
    return record;
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

/**
 * A `DiagnoseDependencies.lookup` that asks only the DNS server at 127.0.0.1:`port` (A and AAAA side by
 * side), never the system's resolver or outside DNS. `cancel()` stops queries still waiting.
 */
export function localResolverLookup(port: number, options: { timeoutMs?: number } = {}): ((hostname: string) => Promise<Array<{ address: string; family: number }>>) & { cancel(): void } {
  const resolver = new dnsPromises.Resolver({ timeout: options.timeoutMs ?? 2_000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const lookup = async (hostname: string) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const addresses = [...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []), ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : [])];
    if (addresses.length === 0 && v4.status === 'rejected') throw v4.reason;
    return addresses;
  };
  return Object.assign(lookup, { cancel: () => resolver.cancel() });
}

/** Sockets this process holds now (client and server side), for "nothing was left open". */
export function openSocketCount(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
}
