import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { TreeSitterParsers } from '../../src/analysis/parsers';
import { Log } from '../../src/log';
import { ModelCatalog } from '../../src/models/catalog';
import type { DayClock } from '../../src/models/dayWatch';
import { judgementDay } from '../../src/models/days';
import type { CatalogService } from '../../src/vscode/catalogService';
import { FindingsStore } from '../../src/vscode/findingsStore';
import { ModelDiagnostics } from '../../src/vscode/modelDiagnostics';
import { extensionId, waitFor } from './helpers';

/** A clock the test moves by hand; timers run when `advance` passes their time. */
class ManualClock implements DayClock {
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  today(): string {
    return judgementDay({}, this.time); // the clock alone, whatever CLAUDE_HEALTH_TODAY the runner set
  }
  setTimeout(callback: () => void, ms: number): unknown {
    this.timers.set(this.nextId, { at: this.time + ms, callback });
    return this.nextId++;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

// Issue 7 item 5: a finding computed yesterday ("2 days left") must not stay until the next edit.
describe('model diagnostics when the UTC day changes (in the real extension host, injected clock)', function () {
  this.timeout(30_000);
  const owned: vscode.Disposable[] = [];

  after(async () => {
    for (const disposable of owned.reverse()) disposable.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('re-judges an open document just after midnight, without an edit', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const clock = new ManualClock(Date.parse('2026-11-28T23:59:30Z'));
    const log = new Log('Claude API Health (day change test)');
    const store = new FindingsStore();
    // The bundled catalog only: this test is about the day, not the live list.
    const changed = new vscode.EventEmitter<void>();
    const catalogs = { current: () => ModelCatalog.bundled(), refreshIfDue: () => undefined, onDidChange: changed.event } as unknown as CatalogService;
    const parsers = new TreeSitterParsers(path.join(extension.extensionPath, 'dist'));
    const diagnostics = new ModelDiagnostics(store, catalogs, parsers, log, clock);
    owned.push(log, store, changed, diagnostics);

    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model="claude-sonnet-4-5-20250929", max_tokens=5, messages=[])\n',
    });
    await vscode.window.showTextDocument(document);
    const messages = (): string[] => store.get(document).map((finding) => finding.message);
    const before = await waitFor('the first judgement', () => (messages().length > 0 ? messages() : undefined));
    assert.match(before[0], /end of life 2026-11-30 \(2 days left\)/);
    const version = document.version;

    clock.advance(60 * 1000); // past 00:00 UTC on 2026-11-29; the document is not touched
    const after = await waitFor('the judgement of the new day', () => (messages().some((m) => /\(1 day left\)/.test(m)) ? messages() : undefined), 5_000);
    assert.strictEqual(after.length, 1);
    assert.strictEqual(document.version, version, 'no edit was needed');
  });
});
