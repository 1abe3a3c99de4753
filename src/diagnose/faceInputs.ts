/**
 * What both faces of the doctor read from the process environment, the same way: the credential candidates
 * (`ANTHROPIC_API_KEY`, then `ANTHROPIC_AUTH_TOKEN`, as found: the key check judges their shape) and the
 * machine description for the report (no user or host names). The proxy variables: proxy.ts
 * `readProxyEnvironment`; `.env` text: dotEnv.ts. Pure: no `vscode`.
 */
import * as os from 'node:os';
import type { CredentialCandidate, DiagnosisEnvironment } from './types';

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

/** The report's description of where the doctor ran: "linux x64 6.1.0", Node's version. */
export function diagnosisEnvironment(tool: string): DiagnosisEnvironment {
  return { tool, os: `${process.platform} ${process.arch} ${os.release()}`, node: process.version };
}

/** Largest `.env` file read: a bigger one is not a `.env`. */
export const maxDotEnvBytes = 256 * 1024;

