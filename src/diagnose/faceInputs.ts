/**
 * What both faces of the doctor read from the process environment, the same way: the credential candidates
 * (`ANTHROPIC_API_KEY`, then `ANTHROPIC_AUTH_TOKEN`, as found: the key check judges their shape), the proxy
 * variables (lowercase first, as curl and undici read them), and the machine description for the report
 * (no user or host names). Pure: no `vscode`.
 */
import * as os from 'node:os';
import type { CredentialCandidate, DiagnosisEnvironment, ProxySettings } from './types';

type Env = Readonly<Record<string, string | undefined>>;

/** The environment's credentials, in precedence order; a variable set to "" is still reported (the key check says so). */
export function credentialsFromEnvironment(env: Env): CredentialCandidate[] {
  const out: CredentialCandidate[] = [];
  for (const source of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'] as const) {
    const raw = env[source];
    if (raw !== undefined) out.push({ source, raw });
  }
  return out;
}

/** The proxy variables as set (`https_proxy` before `HTTPS_PROXY`, like curl and undici); empty ones are unset. */
export function proxyEnvironment(env: Env): ProxySettings['env'] {
  const read = (name: string): string | undefined => env[name.toLowerCase()] || env[name] || undefined;
  const out: ProxySettings['env'] = {};
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'ALL_PROXY'] as const) {
    const value = read(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The report's description of where the doctor ran: "linux x64 6.1.0", Node's version. */
export function diagnosisEnvironment(tool: string): DiagnosisEnvironment {
  return { tool, os: `${process.platform} ${process.arch} ${os.release()}`, node: process.version };
}

/** Largest `.env` file read: a bigger one is not a `.env`. */
export const maxDotEnvBytes = 256 * 1024;

/** The last `ANTHROPIC_API_KEY=` line's value, unquoted (dotenv's rules: `export ` allowed, `#` comments). */
export function dotEnvApiKey(text: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?ANTHROPIC_API_KEY\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[1].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, '').trim();
    found = value;
  }
  return found;
}
