// CLI speed: `node dist/cli.js lint --offline --format json <tree>` against `rg -l 'claude-' <tree>` on a
// generated tree of 10,000 files (about 1% mention a Claude model). Warm cache, 15 paired runs (ripgrep,
// then the CLI, back to back). The figure is the fastest CLI run over the fastest ripgrep run: load only
// ever adds time, and ripgrep's many threads make its median swing most (53-96 ms in one bench run
// here), so the minima move least between runs; the median of the paired ratios is printed beside it.
//   node scripts/bench/cli.mjs         prints a table (builds dist/ first if the CLI bundle is missing)
//   import { runCliBench } from './bench/cli.mjs'  →  { "cli.tree10000.ratio_to_rg": number }
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom as prng } from './analysisCorpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliBundle = path.join(root, 'dist', 'cli.js');
const ripgrep = '/usr/bin/rg';

const fileCount = 10_000;
const modelFileShare = 0.01;
const runs = 15;


// Well-formed snippets, so files parse as real code does (random lines would be all syntax errors,
// which tree-sitter recovers from slowly and real projects rarely have).
const tsBlocks = [
  "import { useEffect, useState } from 'react';\nimport type { Item } from './types';\n",
  'export function formatDate(value: Date): string {\n  return value.toISOString().slice(0, 10);\n}\n',
  'export interface Options {\n  retries: number;\n  timeoutMs: number;\n  onError?: (error: Error) => void;\n}\n',
  'export async function total(items: Item[]): Promise<number> {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.price * item.quantity;\n  }\n  return sum;\n}\n',
  'export class Cache<T> {\n  private readonly entries = new Map<string, T>();\n  get(key: string): T | undefined {\n    return this.entries.get(key);\n  }\n  set(key: string, value: T): void {\n    this.entries.set(key, value);\n  }\n}\n',
  'export const DEFAULTS = { retries: 3, timeoutMs: 10_000 } as const;\n',
  'async function load(url: string): Promise<unknown> {\n  const response = await fetch(url);\n  if (!response.ok) throw new Error(`request failed: ${response.status}`);\n  return response.json();\n}\n',
];
const jsBlocks = [
  "const { readFile } = require('node:fs/promises');\n",
  'function formatDate(value) {\n  return value.toISOString().slice(0, 10);\n}\n',
  'async function total(items) {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.price * item.quantity;\n  }\n  return sum;\n}\n',
  'class Cache {\n  constructor() {\n    this.entries = new Map();\n  }\n  get(key) {\n    return this.entries.get(key);\n  }\n}\n',
  'const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n',
  'module.exports.defaults = { retries: 3, timeoutMs: 10000 };\n',
];
const pyBlocks = [
  'import json\nfrom dataclasses import dataclass\n',
  'def load(path: str) -> dict:\n    with open(path, encoding="utf-8") as handle:\n        return json.load(handle)\n',
  '@dataclass\nclass Item:\n    name: str\n    price: float\n    quantity: int = 1\n',
  'class Repository:\n    def __init__(self, session):\n        self.session = session\n\n    def total(self, items):\n        return sum(item.price * item.quantity for item in items)\n',
  'def process(rows):\n    for row in rows:\n        if not row:\n            continue\n        logger.info("processed %s", row)\n    return len(rows)\n',
];
const textBlocks = ['# Notes\n', 'Some prose about the project and how to run it.\n', '- a list item\n', '{"name": "x", "version": "1.0.0"}\n'];
const kinds = [
  { ext: '.ts', blocks: tsBlocks, weight: 30 },
  { ext: '.js', blocks: jsBlocks, weight: 15 },
  { ext: '.tsx', blocks: tsBlocks, weight: 10 },
  { ext: '.py', blocks: pyBlocks, weight: 25 },
  { ext: '.md', blocks: textBlocks, weight: 8 },
  { ext: '.json', blocks: textBlocks, weight: 7 },
  { ext: '.css', blocks: ['.button { color: red; padding: 4px 8px; }\n', '.card > .title { font-weight: 600; }\n'], weight: 5 },
];
const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0);

const modelBlocks = {
  '.py': ['reply = client.messages.create(model="claude-3-opus-20240229", max_tokens=256, messages=messages)\n', 'MODEL = "claude-haiku-4-5"\n'],
  js: ["const reply = client.messages.create({ model: 'claude-3-5-sonnet-20241022', max_tokens: 256, messages });\n", "const MODEL = 'claude-sonnet-4-6';\n"],
};

/** Writes the tree; returns its folder. */
export function generateTree(dir, count = fileCount) {
  const random = prng(20261122);
  const pick = (list) => list[Math.floor(random() * list.length)];
  for (let i = 0; i < count; i++) {
    let roll = random() * totalWeight;
    const kind = kinds.find((k) => (roll -= k.weight) < 0) ?? kinds[0];
    // 10 top folders × 10 × 10 leaves, 10 files each: a typical monorepo depth.
    const folder = path.join(dir, `pkg${i % 10}`, `mod${Math.floor(i / 10) % 10}`, `part${Math.floor(i / 100) % 10}`);
    fs.mkdirSync(folder, { recursive: true });
    // Sizes from about 300 bytes to 40 KB, most a few KB.
    const targetSize = Math.floor(Math.exp(5.5 + random() * 4.5));
    const blocks = [];
    for (let size = 0; size < targetSize; ) {
      const block = pick(kind.blocks);
      blocks.push(block);
      size += block.length + 1;
    }
    const isSource = ['.ts', '.js', '.tsx', '.py'].includes(kind.ext);
    if (isSource && random() < modelFileShare * (totalWeight / 80)) {
      blocks.splice(Math.floor(random() * blocks.length), 0, pick(kind.ext === '.py' ? modelBlocks['.py'] : modelBlocks.js));
    }
    fs.writeFileSync(path.join(folder, `file${i}${kind.ext}`), blocks.join('\n'));
  }
  return dir;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one run in ms; checks the exit status the command should end with. */
function timeRun(command, args, okCodes) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(result.status)) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout.toString() };
}

/** Runs the bench; returns the figure for bench-results.json. */
export function runCliBench({ log = () => {} } = {}) {
  if (!fs.existsSync(cliBundle)) execFileSync('node', ['esbuild.js', '--production'], { cwd: root, stdio: 'ignore' });
  if (!fs.existsSync(ripgrep)) throw new Error(`${ripgrep} is missing (apt-get install ripgrep)`);
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-cli-bench-'));
  try {
    generateTree(tree);
    const cliArgs = [cliBundle, 'lint', '--offline', '--format', 'json', tree];
    const rgArgs = ['-l', 'claude-', tree];
    // Warm the page cache and both programs, and check they agree on how much there is to find.
    const first = JSON.parse(timeRun(process.execPath, cliArgs, [0, 1]).stdout);
    const rgFiles = timeRun(ripgrep, rgArgs, [0]).stdout.trim().split('\n').length;
    const cli = [];
    const rg = [];
    const ratios = [];
    for (let i = 0; i < runs; i++) {
      rg.push(timeRun(ripgrep, rgArgs, [0]).ms);
      cli.push(timeRun(process.execPath, cliArgs, [0, 1]).ms);
      ratios.push(cli[i] / rg[i]);
    }
    const cliMs = median(cli);
    const rgMs = median(rg);
    const pairedMedian = Number(median(ratios).toFixed(2));
    const ratio = Number((Math.min(...cli) / Math.min(...rg)).toFixed(2));
    log(`tree: ${fileCount} files, ${rgFiles} mention claude- (rg -l), CLI analysed ${first.files} source files, ${first.findings.length} findings`);
    log(`rg -l 'claude-'                    ${rgMs.toFixed(1)} ms  (median of ${runs}; min ${Math.min(...rg).toFixed(1)})`);
    log(`claude-api-health lint --offline   ${cliMs.toFixed(1)} ms  (median of ${runs}; min ${Math.min(...cli).toFixed(1)}, max ${Math.max(...cli).toFixed(1)})`);
    log(`cli.tree10000.ratio_to_rg          ${ratio}  (fastest of ${runs} CLI runs / fastest rg run; target <= 5)`);
    log(`cli.tree10000.ratio_paired_median  ${pairedMedian}  (median of the ${runs} paired ratios, spread ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`);
    return { 'cli.tree10000.ratio_to_rg': ratio, 'cli.tree10000.ratio_paired_median': pairedMedian };
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCliBench({ log: (line) => console.log(line) });
}
