import * as vscode from 'vscode';
import type { DetailsModel } from '../health/detailsModel';
import type { Log } from '../log';

/** A fresh random nonce for the one inline-script permission of the CSP. */
function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

/**
 * "Claude: Show Health Details": one webview panel (theme-aware, strict CSP, assets from media/health,
 * nothing remote) that shows the latency chart, the 24-hour availability timeline, incidents and
 * rate-limit headroom, and updates live.
 */
export class HealthDetailsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private latest: DetailsModel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** Opens the panel, or brings it to the front. */
  show(model: DetailsModel): void {
    this.latest = model;
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.post();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', 'health');
    const panel = vscode.window.createWebviewPanel('claudeHealth.details', 'Claude API Health', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css'));
    const scriptNonce = nonce();
    webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${scriptNonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Claude API Health</title>
</head>
<body>
<div id="root"><p>Loading…</p></div>
<script nonce="${scriptNonce}" src="${script.toString()}"></script>
</body>
</html>`;
    webview.onDidReceiveMessage((message: unknown) => this.didReceiveMessage(message));
    panel.onDidDispose(() => (this.panel = undefined));
    panel.onDidChangeViewState(() => {
      if (panel.visible) this.post();
    });
    this.panel = panel;
  }

  /** Updates the panel if it is open. */
  update(model: DetailsModel): void {
    this.latest = model;
    if (this.panel?.visible) this.post();
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private post(): void {
    if (!this.panel || !this.latest) return;
    this.panel.webview.postMessage({ type: 'model', model: this.latest }).then(undefined, (error: unknown) => this.log.debug(`Health details: the view did not take an update (${String(error)}).`));
  }

  private didReceiveMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { type, url } = message as { type?: unknown; url?: unknown };
    if (type === 'ready') this.post();
    // Only web links (incident pages, the status page) leave the view; nothing else is opened.
    if (type === 'open' && typeof url === 'string' && /^https?:\/\//.test(url)) {
      vscode.env.openExternal(vscode.Uri.parse(url)).then(undefined, (error: unknown) => this.log.warn(`Could not open ${url}: ${String(error)}`));
    }
  }
}
