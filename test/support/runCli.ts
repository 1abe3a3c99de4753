/** Runs the bundled CLI (dist/cli.js, or another build) as a child process, for the tests that treat it as a user would. */
import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import * as path from 'path';

export const cliBundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a CLI run never inherits from the test runner: keys, the base URL, proxies (any spelling), colour settings. */
const notInherited = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY', 'NO_COLOR'];

/** No API key, base URL or proxy leaks in from the test runner's environment: only what `env` gives. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; bundle?: string; onSpawn?: (child: ChildProcess) => void }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (notInherited.includes(name.toUpperCase())) delete env[name];
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bundle ?? cliBundle, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.(child);
  });
}
