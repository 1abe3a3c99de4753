// "Claude: Scan Workspace" in the real extension host (issue 7, item 7): it reports progress by files done,
// stops when cancelled, finds problems in files that are not open, and never holds the extension host's
// thread for long, even for a large Python file (its parse runs in slices).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ScanWorkspaceResult } from '../../src/vscode/scanWorkspace';
import { activateExtension, waitFor } from './helpers';

const retiredCall = 'client.messages.create(model="claude-3-opus-20240229", max_tokens=1, messages=[])\n';

/** About 24,000 lines of Python (700 KB) with the retired call in its last function: one whole parse takes a few hundred ms. */
function largePython(): string {
  const blocks: string[] = [];
  for (let i = 0; i < 6000; i++) blocks.push(`def step_${i}(items, limit=${i}):\n    total = sum(item.size for item in items if item.size < limit)\n    return total\n\n`);
  blocks.push(`def ask(client):\n    return ${retiredCall}`);
  return blocks.join('');
}

function claudeCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Claude API Health')
    .map((d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code)));
}

describe('Scan Workspace (real extension host)', function () {
  this.timeout(120_000);
  let folder: string;
  const file = (name: string): vscode.Uri => vscode.Uri.file(path.join(folder, name));

  before(async () => {
    await activateExtension();
    folder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'scan-load');
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(folder, `plain${i}.py`), 'print("hello")\n'.repeat(40));
    fs.writeFileSync(path.join(folder, 'big.py'), largePython());
    fs.writeFileSync(path.join(folder, 'one-line.js'), `const m='claude-3-opus-20240229';${'x=1;'.repeat(12_500)}\n`);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('reports progress by files done, finds a retired model in a large unopened file, skips a minified one, and keeps the thread free', async () => {
    // Load the tree-sitter runtime and the Python grammar first (once per window, whoever needs it first:
    // an opened file or a scan); the figure here is the scan's own.
    const warmUp = await vscode.workspace.openTextDocument({ language: 'python', content: 'M = "claude-3-opus-20240229"\n' });
    await waitFor('the Python grammar to load (a diagnostic on the warm-up document)', () => (claudeCodes(warmUp.uri).length > 0 ? true : undefined), 20_000);
    const progress: Array<[number, number]> = [];
    let longestStall = 0;
    let stallAt = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      if (now - last > longestStall) {
        longestStall = now - last;
        stallAt = progress.length;
      }
      last = now;
    }, 5);
    let result: ScanWorkspaceResult | undefined;
    try {
      result = await vscode.commands.executeCommand<ScanWorkspaceResult>('claudeHealth.scanWorkspace', { onProgress: (done: number, total: number) => progress.push([done, total]) });
    } finally {
      clearInterval(probe);
    }
    assert.ok(result, 'the command resolves with what it did');
    assert.strictEqual(result.cancelled, false);
    const total = progress[progress.length - 1][1];
    assert.ok(total >= 302, `the scan listed the new files (${total})`);
    assert.deepStrictEqual(progress.map(([done]) => done), Array.from({ length: total }, (_, i) => i + 1), 'one report per file, in order');
    assert.ok(result.skipped >= 1, 'the minified file is skipped');
    assert.deepStrictEqual(claudeCodes(file('one-line.js')), []);
    await waitFor('the retired model in big.py', () => (claudeCodes(file('big.py')).includes('claude/model-retired') ? true : undefined));
    // The old scan walked the disk synchronously and parsed big.py in one go, holding the thread for
    // several hundred ms; now no step should come near that (generous for a loaded machine).
    assert.ok(longestStall < 150, `longest stall of the extension host during the scan: ${longestStall.toFixed(0)} ms, after ${stallAt} files`);
  });

  it('stops between files when cancelled', async () => {
    const cancellation = new vscode.CancellationTokenSource();
    let reports = 0;
    let total = 0;
    try {
      const result = await vscode.commands.executeCommand<ScanWorkspaceResult>('claudeHealth.scanWorkspace', {
        token: cancellation.token,
        onProgress: (done: number, of: number) => {
          reports = done;
          total = of;
          if (done === 3) cancellation.cancel();
        },
      });
      assert.ok(result);
      assert.strictEqual(result.cancelled, true);
      assert.strictEqual(reports, 3, 'no file after the cancel');
      assert.ok(total > 3);
    } finally {
      cancellation.dispose();
    }
  });
});
