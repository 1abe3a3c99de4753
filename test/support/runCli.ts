/** Runs the bundled CLI (dist/cli.js, or another build) as a child process, for the tests that treat it as a user would. */
import { spawn } from 'child_process';
import * as path from 'path';

export const cliBundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** No API key or base URL leaks in from the test runner's environment: only what `env` gives. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; bundle?: string }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bundle ?? cliBundle, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
