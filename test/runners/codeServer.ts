/**
 * code-server (VS Code in the browser) with the packaged .vsix installed, a user profile of
 * our choosing and a workspace folder open: used by the end-to-end tests and `npm run demo`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { freePort, makeRunFolder, startDetached, waitForHttp } from './processes';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const entry = path.join(repoRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const vsixPath = path.join(repoRoot, 'dist', 'claude-api-health.vsix');

export interface CodeServerOptions {
  /** Folder to open. */
  folder: string;
  /** Copy the folder into the run's temp folder first, so the run can change it freely. */
  copyFolder?: boolean;
  /** User settings (the profile's settings.json). */
  userSettings?: Record<string, unknown>;
  /**
   * Machine settings: where `machine`-scoped settings such as claudeHealth.apiBaseUrl live when VS Code
   * runs as a server (code-server, remote): they are ignored in user settings there.
   */
  machineSettings?: Record<string, unknown>;
  /** Workspace settings written to the opened folder's .vscode/settings.json (needs copyFolder). */
  workspaceSettings?: Record<string, unknown>;
  /**
   * Leave workspace trust on (code-server starts with `--disable-workspace-trust` otherwise). With
   * `security.workspace.trust.startupPrompt: never` in the user settings the folder opens untrusted,
   * in Restricted Mode, without a dialog.
   */
  workspaceTrust?: boolean;
  /** Extra environment for code-server, and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Port to listen on (127.0.0.1); a free one when not given. */
  port?: number;
}

export interface RunningCodeServer {
  /** The workbench URL with the folder open. */
  url: string;
  /** The folder that is open (the copy, with copyFolder). */
  folder: string;
  /** Environment of the run (its private TMPDIR and XDG folders), for a browser started beside it. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const run = makeRunFolder('chc-');
  const env = { ...process.env, ...run.env, ...options.env };
  try {
    const folder = options.copyFolder ? path.join(run.dir, 'ws') : options.folder;
    if (options.copyFolder) fs.cpSync(options.folder, folder, { recursive: true });
    if (options.workspaceSettings) {
      if (!options.copyFolder) throw new Error('workspaceSettings needs copyFolder: the fixture itself is never changed');
      fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(options.workspaceSettings, null, 2));
    }
    const userDataDir = path.join(run.dir, 'ud');
    const extensionsDir = path.join(run.dir, 'ext');
    const config = path.join(run.dir, 'config.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    const settings = { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', ...options.userSettings };
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    if (options.machineSettings) {
      fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
      fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
    }
    const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    const install = startDetached('node', [entry, '--install-extension', vsixPath, ...common], env);
    await new Promise<void>((resolve, reject) => {
      install.child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Installing the .vsix failed:\n${install.output()}`))));
    });

    const port = options.port ?? (await freePort());
    const server = startDetached(
      'node',
      [
        entry,
        ...common,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
      ],
      env,
    );
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
    return {
      url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
      folder,
      env,
      stop: async () => {
        await server.stop();
        fs.rmSync(run.dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(run.dir, { recursive: true, force: true });
    throw error;
  }
}
