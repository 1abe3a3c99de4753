/**
 * Which proxy applies to a URL, as the user's tools would decide it: in VS Code, the editor's own rules
 * (`http.proxy`, then the environment; `http.noProxy` or NO_PROXY; this machine always direct); elsewhere curl's
 * and Python's (HTTPS_PROXY for https URLs, HTTP_PROXY for http ones, then ALL_PROXY). NO_PROXY entries match
 * with curl's rules. Pure: no `vscode`, no sockets. The CLI and the VS Code face use it to fill the inputs,
 * the configuration check to decide and explain.
 */
import { BlockList, isIP } from 'node:net';
import type { ProxySettings, ProxyVariable } from './types';

const proxyVariables: readonly ProxyVariable[] = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'];

/**
 * The proxy variables of an environment, lower-case names first (curl, Python and VS Code all prefer them),
 * blank values ignored, each with the name it was found under.
 */
export function readProxyEnvironment(env: Readonly<Record<string, string | undefined>>): Pick<ProxySettings, 'env' | 'envNames'> {
  const values: ProxySettings['env'] = {};
  const envNames: NonNullable<ProxySettings['envNames']> = {};
  for (const variable of proxyVariables) {
    for (const name of [variable.toLowerCase(), variable]) {
      const value = env[name]?.trim();
      if (value) {
        values[variable] = value;
        envNames[variable] = name;
        break;
      }
    }
  }
  return { env: values, envNames };
}

/** True when the settings came from VS Code (it passes its `http.*` settings, even unset); the CLI passes none. */
export function isVsCodeProxySettings(settings: ProxySettings): boolean {
  return settings.vscodeProxy !== undefined || settings.vscodeStrictSSL !== undefined || settings.vscodeNoProxy !== undefined || settings.vscodeProxySupport !== undefined;
}

/** Why a configured proxy value cannot be used as written. */
export interface ProxyProblem {
  /** `noScheme`: read as http:// (curl does; Python's httpx refuses it); `unsupportedScheme`: e.g. socks5, not testable here; `invalid`: not a URL. */
  kind: 'noScheme' | 'unsupportedScheme' | 'invalid';
  detail: string;
}

/** Which proxy applies to one URL, and why. */
export interface ProxyDecision {
  /** The proxy setting that would apply before NO_PROXY: its value as written and where it came from. */
  configured?: { value: string; source: string };
  /** Why that proxy is not used: the NO_PROXY (or http.noProxy) entry that matched, or VS Code's loopback rule. */
  bypassedBy?: string;
  /** The proxy to connect through (an http: or https: URL, credentials kept: the request needs them); absent: direct. */
  proxyUrl?: string;
  problem?: ProxyProblem;
}

/** The proxy that applies to `target` under `settings`. */
export function proxyForUrl(target: URL, settings: ProxySettings): ProxyDecision {
  const inVsCode = isVsCodeProxySettings(settings);
  const configured = configuredProxy(target, settings, inVsCode);
  if (!configured) return {};
  // `off`: VS Code does not patch extensions' networking, and Node's own fetch reads no proxy variable.
  if (inVsCode && settings.vscodeProxySupport === 'off') return { configured, bypassedBy: 'http.proxySupport "off": VS Code routes no extension request through a proxy' };
  if (inVsCode && isLoopbackHost(target.hostname)) return { configured, bypassedBy: 'VS Code connects to this machine directly, whatever the proxy settings say' };
  const noProxy = noProxyFor(settings, inVsCode);
  const port = effectivePort(target);
  const matched = noProxy ? matchNoProxy(target.hostname, port, noProxy.entries) : undefined;
  if (noProxy && matched !== undefined) return { configured, bypassedBy: `${noProxy.source} entry "${matched}"` };
  const { url, problem } = proxyUrlOf(configured.value);
  // VS Code ignores a proxy written without a scheme (@vscode/proxy-agent proxyFromConfigURL); curl reads it as http://.
  if (inVsCode && problem?.kind === 'noScheme') return { configured, problem: { kind: 'noScheme', detail: 'VS Code ignores a proxy without a scheme' } };
  return { configured, ...(url && { proxyUrl: url }), ...(problem && { problem }) };
}

/** The proxy setting in force for the URL's scheme, before NO_PROXY is consulted. */
function configuredProxy(target: URL, settings: ProxySettings, inVsCode: boolean): { value: string; source: string } | undefined {
  const vscodeProxy = settings.vscodeProxy?.trim();
  if (vscodeProxy) return { value: vscodeProxy, source: 'http.proxy' };
  const https = target.protocol === 'https:';
  // VS Code reads https_proxy, then http_proxy, whatever the scheme, and never ALL_PROXY (@vscode/proxy-agent);
  // curl and Python's httpx pick the variable by the URL's scheme, then fall back to ALL_PROXY.
  const order: ProxyVariable[] = inVsCode ? ['HTTPS_PROXY', 'HTTP_PROXY'] : [https ? 'HTTPS_PROXY' : 'HTTP_PROXY', 'ALL_PROXY'];
  for (const variable of order) {
    const value = settings.env[variable]?.trim();
    if (value) return { value, source: envName(settings, variable) };
  }
  return undefined;
}

/** The exclusion list in force: in VS Code, `http.noProxy` when it has entries, else NO_PROXY. */
function noProxyFor(settings: ProxySettings, inVsCode: boolean): { entries: string[]; source: string } | undefined {
  const fromSetting = (settings.vscodeNoProxy ?? []).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (inVsCode && fromSetting.length > 0) return { entries: fromSetting, source: 'http.noProxy' };
  const value = settings.env.NO_PROXY?.trim();
  if (!value) return undefined;
  return { entries: splitNoProxy(value), source: envName(settings, 'NO_PROXY') };
}

/** The name a variable was found under (`no_proxy`), else its canonical name. */
export function envName(settings: ProxySettings, variable: ProxyVariable): string {
  return settings.envNames?.[variable] ?? variable;
}

/** A NO_PROXY value's entries: separated by commas and/or whitespace (curl). */
export function splitNoProxy(value: string): string[] {
  return value.split(/[,\s]+/).filter((entry) => entry !== '');
}

/** The port a request to `url` goes to. */
export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * The first entry of a NO_PROXY list that exempts `hostname`:`port`, as written, or undefined. curl's rules
 * (lib/noproxy.c; a unit test holds them against the curl on this machine): a lone `*` exempts everything (a `*`
 * among other entries, or `*.example.com`, matches nothing); a name matches itself and its subdomains
 * (`anthropic.com` matches `api.anthropic.com`, not `notanthropic.com`), with a leading dot or not,
 * case-insensitive, trailing dots ignored; an IP address or CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`) matches
 * only an address host, never a name (nothing is resolved). Beyond curl, as Python, undici and VS Code do: a
 * `host:port` entry (`[::1]:8080` for IPv6) exempts that port only (curl never matches such an entry).
 */
export function matchNoProxy(hostname: string, port: number, entries: readonly string[]): string | undefined {
  if (entries.length === 1 && entries[0] === '*') return entries[0];
  const host = stripBrackets(hostname).toLowerCase().replace(/\.+$/, '');
  const hostFamily = isIP(host);
  for (const entry of entries) {
    const parsed = parseNoProxyEntry(entry);
    if (!parsed) continue;
    if (parsed.port !== undefined && parsed.port !== port) continue;
    if (parsed.kind === 'address') {
      if (hostFamily !== 0 && addressMatches(host, hostFamily, parsed.address, parsed.prefix)) return entry;
      continue;
    }
    if (hostFamily !== 0) continue;
    if (host === parsed.name || host.endsWith(`.${parsed.name}`)) return entry;
  }
  return undefined;
}

type NoProxyEntry = { port?: number } & ({ kind: 'name'; name: string } | { kind: 'address'; address: string; prefix?: number });

function parseNoProxyEntry(raw: string): NoProxyEntry | undefined {
  let rest = raw.trim().toLowerCase();
  if (rest === '') return undefined;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    rest = bracketed[1];
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    // One colon: host:port. More: a bare IPv6 address (its port cannot be written without brackets).
    const hostPort = /^(.*):(\d+)$/.exec(rest);
    if (!hostPort) return undefined;
    rest = hostPort[1];
    port = Number(hostPort[2]);
  }
  const withPort = <T extends object>(entry: T): T & { port?: number } => (port === undefined ? entry : { ...entry, port });
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(rest);
  const address = cidr ? cidr[1] : rest;
  if (isIP(address) !== 0) return withPort({ kind: 'address' as const, address, ...(cidr && { prefix: Number(cidr[2]) }) });
  // One leading dot and trailing dots are ignored; anything else (a `*`) is compared as written, so matches nothing.
  const name = rest.replace(/^\./, '').replace(/\.+$/, '');
  if (name === '') return undefined;
  return withPort({ kind: 'name' as const, name });
}

function addressMatches(host: string, hostFamily: number, address: string, prefix: number | undefined): boolean {
  const family = isIP(address);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  try {
    // curl reads a /0 as no prefix at all: the address itself.
    if (prefix === undefined || prefix === 0) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
    return list.check(host, hostFamily === 6 ? 'ipv6' : 'ipv4');
  } catch {
    // A prefix out of range (10.0.0.0/40) matches nothing, as in curl.
    return false;
  }
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** The hosts VS Code's proxy resolver always reaches directly (exactly these: @vscode/proxy-agent `useProxySettings`). */
// (Node's URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1.)
const vscodeDirectHosts = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1']);

function isLoopbackHost(hostname: string): boolean {
  return vscodeDirectHosts.has(stripBrackets(hostname).toLowerCase());
}

/** A proxy setting as a URL the doctor can connect through, or why it cannot. */
export function proxyUrlOf(value: string): { url?: string; problem?: ProxyProblem } {
  const trimmed = value.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const candidate = hasScheme ? trimmed : `http://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return { problem: { kind: 'invalid', detail: 'not a URL' } };
  }
  if (!parsed.hostname) return { problem: { kind: 'invalid', detail: 'no host name' } };
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { problem: { kind: 'unsupportedScheme', detail: `a ${parsed.protocol.slice(0, -1)} proxy` } };
  }
  const url = parsed.toString().replace(/\/$/, '');
  if (!hasScheme) return { url, problem: { kind: 'noScheme', detail: `read as ${maskProxyUrl(url)}` } };
  return { url };
}

/**
 * A proxy (or any) URL safe to show: the user name and password replaced by `***`. Works on text that does not
 * parse as a URL too (`user:secret@proxy:8080`): whatever stands before an `@` in the authority is masked.
 */
export function maskProxyUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#\s]*@/i, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`);
}
