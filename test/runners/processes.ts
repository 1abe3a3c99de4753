/** Starting and stopping the test servers and the browser: shared by the integration and end-to-end runners. */
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** Where a VS Code server build lives (printed by scripts/install-vscode-server.mjs). */
export interface VscodeServerInstall {
  version: string;
  vscodeVersion: string;
  node: string;
  codeServerDir: string;
  serverMain: string;
  entry: string;
}

/**
 * A short private temp folder per run. VS Code puts unix sockets in TMPDIR, whose paths
 * must stay under 108 characters; code-server and Chromium write their config under XDG dirs.
 */
export function makeRunFolder(prefix: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const sub of ['tmp', 'config', 'data']) fs.mkdirSync(path.join(dir, sub));
  return {
    dir,
    env: { TMPDIR: path.join(dir, 'tmp'), XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data') },
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A process started in its own group, so that stopping it also stops its children (VS Code's file watcher). */
export interface Started {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export function startDetached(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Started {
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const killTimer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}

/** Polls a URL until it answers (any HTTP status below 500), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, process?: Started): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process && process.child.exitCode !== null) {
      throw new Error(`Process exited (${process.child.exitCode}) before ${url} answered:\n${process.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms${process ? `:\n${process.output()}` : ''}`);
}

/** Debian's Chromium, with the flags this closed network needs. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
