import * as vscode from 'vscode';
import { apiKeyEnvVar, apiKeySecretName } from '../constants';
import type { ResolvedApiKey } from '../secrets/apiKey';
import { resolveApiKey } from '../secrets/apiKey';

/** The API key in VS Code's SecretStorage, with the environment as the fallback. */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  /** Fires when the stored key is set or cleared (in this window or another). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === apiKeySecretName) this.changed.fire();
    });
  }

  /** The key to use now and where it came from. */
  resolve(): Promise<ResolvedApiKey> {
    return resolveApiKey({
      readStoredKey: () => Promise.resolve(this.secrets.get(apiKeySecretName)),
      env: this.env,
      envVar: apiKeyEnvVar,
    });
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
