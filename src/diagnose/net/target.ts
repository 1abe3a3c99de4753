/**
 * Where the network checks connect: the API host from the base URL, and the proxy when one applies. Pure
 * parsing, no sockets. A proxy's credentials are kept only as the `Proxy-Authorization` value to send; what
 * is shown names the proxy by host and port alone.
 */
import { isIP } from 'node:net';

/** A host (brackets stripped from an IPv6 literal) and a port. */
export interface Endpoint {
  host: string;
  port: number;
}

/** The API host and port the base URL names. */
export interface ApiTarget extends Endpoint {
  protocol: 'https:' | 'http:';
}

/** An HTTP(S) proxy; `authorization` is the `Proxy-Authorization` value its URL's user and password make. */
export interface ProxyTarget extends Endpoint {
  protocol: 'https:' | 'http:';
  authorization?: string;
}

/** The base URL as a target, or why it is not one. */
export function apiTargetOf(baseUrl: string): ApiTarget | { problem: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { problem: `The API base URL ${JSON.stringify(baseUrl)} is not a valid URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `The API base URL ${url.origin} is not an http(s) URL.` };
  return { protocol: url.protocol, host: bare(url.hostname), port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
}

/** The proxy URL as a target, or why it is not one an HTTP client can use. */
export function proxyTargetOf(proxyUrl: string): ProxyTarget | { problem: string } {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    return { problem: 'The proxy setting is not a valid URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // Node's fetch (and undici's ProxyAgent) speak only HTTP proxies: a SOCKS proxy is not one the SDK can use.
    return { problem: `The proxy ${url.protocol}//${hostPort({ host: bare(url.hostname), port: Number(url.port) || 0 })} is not an HTTP proxy: Node's fetch and the Claude SDK can only use http:// and https:// proxies.` };
  }
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const target: ProxyTarget = { protocol: url.protocol, host: bare(url.hostname), port };
  if (url.username) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    target.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return target;
}

/** `host:port`, with an IPv6 literal in brackets. */
export function hostPort(endpoint: Endpoint): string {
  return `${isIP(endpoint.host) === 6 ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}

/** Anthropic's own hosts: a failure there is not the user's gateway misconfigured. */
export function isAnthropicHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'anthropic.com' || name.endsWith('.anthropic.com');
}

/** "IPv4" / "IPv6" for an address family as `dns.lookup` gives it. */
export function familyName(family: number): string {
  return family === 6 ? 'IPv6' : 'IPv4';
}

function bare(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
