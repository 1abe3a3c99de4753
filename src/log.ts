import * as vscode from 'vscode';
import { redactSecrets } from './secrets/redact';

/**
 * The one log of the extension: a LogOutputChannel, so the user's chosen log level applies.
 * Every line passes through `redactSecrets`, so a key can never reach the log, even inside
 * an error message from a library.
 */
export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly knownSecrets = new Set<string>();

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Adds an exact secret to mask wherever it appears (covers keys of non-Anthropic shapes). */
  rememberSecret(secret: string | undefined): void {
    if (secret) this.knownSecrets.add(secret);
  }

  /** Masks every key-shaped string and every remembered secret: for text shown to the user outside the log too. */
  redact(text: string): string {
    return redactSecrets(text, [...this.knownSecrets]);
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  /** Logs an error with its cause; stack traces go to debug so the info view stays readable. */
  error(message: string, cause?: unknown): void {
    const detail = cause instanceof Error ? `: ${cause.message}` : cause !== undefined ? `: ${String(cause)}` : '';
    this.channel.error(this.clean(message + detail));
    if (cause instanceof Error && cause.stack) this.channel.debug(this.clean(cause.stack));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(message: string): string {
    return this.redact(message);
  }
}
