import * as vscode from 'vscode';
import { apiKeyEnvVar, apiKeySecretName } from '../constants';
import type { Log } from '../log';
import type { ResolvedApiKey } from '../secrets/apiKey';
import { describeRefusedKey, resolveApiKey } from '../secrets/apiKey';
import { notify } from './notify';

/** The API key in VS Code's SecretStorage, with the environment as the fallback. */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Refused keys already reported (by source and key), so that each polling cycle does not say it again. */
  private readonly reportedRefusals = new Set<string>();

  /** Fires when the stored key is set or cleared (in this window or another). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    // Masked from the start, usable or not: a library error may quote the variable before it is ever resolved.
    log.rememberSecret(env[apiKeyEnvVar]?.trim());
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === apiKeySecretName) this.changed.fire();
    });
  }

  /** The key to use now and where it came from. A key that cannot be sent (whitespace inside) is skipped, and said once. */
  async resolve(): Promise<ResolvedApiKey> {
    const resolved = await resolveApiKey({
      readStoredKey: () => Promise.resolve(this.secrets.get(apiKeySecretName)),
      env: this.env,
      envVar: apiKeyEnvVar,
    });
    for (const refused of resolved.refused ?? []) {
      this.log.rememberSecret(refused.key);
      const id = `${refused.source}\u0000${refused.key}`;
      if (this.reportedRefusals.has(id)) continue;
      this.reportedRefusals.add(id);
      // notify() logs the text too, and never rejects.
      void notify(this.log, 'warning', describeRefusedKey(refused, apiKeyEnvVar));
    }
    return resolved;
  }

  /** The key in SecretStorage, if any. */
  async stored(): Promise<string | undefined> {
    return (await this.secrets.get(apiKeySecretName)) || undefined;
  }

  store(key: string): Thenable<void> {
    return this.secrets.store(apiKeySecretName, key);
  }

  clear(): Thenable<void> {
    return this.secrets.delete(apiKeySecretName);
  }

  /** Whether the environment offers a key too (it is used when none is stored). */
  hasEnvironmentKey(): boolean {
    return Boolean(this.env[apiKeyEnvVar]?.trim());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
