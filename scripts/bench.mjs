// `npm run bench`: measures the figures the issues name and writes them to
// bench-results.json as { "name": number }, merging with figures already there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalysisBench } from './bench/analysis.mjs';
import { runCliBench } from './bench/cli.mjs';
import { runScanBench } from './bench/scan.mjs';
import { runHealthBench } from './bench/health.mjs';
import { runHealthCpuBench } from './bench/healthCpu.mjs';
import { runDiagnoseBench } from './bench/diagnose.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, 'bench-results.json');
const quiet = { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const round = (n, digits = 2) => Number(n.toFixed(digits));

console.log('Building the production bundle, the .vsix and the compiled modules …');
execFileSync('node', ['esbuild.js', '--production'], quiet);
execFileSync('npm', ['run', '--silent', 'package'], quiet);
execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.test.json'], quiet);

const figures = {};

// Activation: require of the bundle plus activate(), each in a fresh Node process
// (a warm process would hide the cost of loading the bundle).
const runs = 21;
const activation = [];
for (let i = 0; i < runs; i++) {
  const out = execFileSync('node', [path.join(root, 'scripts', 'bench', 'activation.cjs')], quiet).toString();
  activation.push(Number(out.trim()));
}
figures.activation_ms = round(median(activation));
console.log(`activation_ms            ${figures.activation_ms}  (median of ${runs} fresh processes; min ${round(Math.min(...activation))}, max ${round(Math.max(...activation))}; target <= 20)`);

figures.vsix_bytes = fs.statSync(path.join(root, 'dist', 'claude-api-health.vsix')).size;
console.log(`vsix_bytes               ${figures.vsix_bytes}  (target <= 3 MB)`);

console.log('\n--- analysis (analysis core on generated files) ---');
Object.assign(figures, await runAnalysisBench());
console.log('\n--- CLI over a generated tree of 10,000 files ---');
Object.assign(figures, runCliBench({ log: (line) => console.log(line) }));
console.log('\n--- Scan Workspace core over the same kind of tree (event-loop stalls) ---');
Object.assign(figures, await runScanBench({ log: (line) => console.log(line) }));

console.log('\n--- health monitor (simulated on a fake clock) and one real probe cycle ---');
Object.assign(figures, await runHealthBench({ log: (line) => console.log(line) }));
Object.assign(figures, await runHealthCpuBench({ log: (line) => console.log(line) }));

console.log('\n--- Diagnose Connection against the fake API ---');
Object.assign(figures, await runDiagnoseBench({ log: (line) => console.log(line) }));

// The figures the issues name, against their targets.
const targets = [
  ['activation_ms', 20],
  ['vsix_bytes', 3 * 1024 * 1024],
  ['analysis.keystroke.py2000.median_ms', 2],
  ['analysis.keystroke.ts2000.median_ms', 2],
  ['analysis.keystroke.py2000.retry_rules_added_ms', 1],
  ['analysis.keystroke.ts2000.retry_rules_added_ms', 1],
  ['analysis.keystroke.py20000.median_ms', 20],
  ['analysis.unclosed_quote.py20000.p90_ms', 50],
  ['analysis.open.py2000.median_ms', 25],
  ['analysis.nousage.py2000.ratio_to_floor', 3],
  ['cli.tree10000.ratio_to_rg', 5],
  ['scan.max_block_ms', 50],
  ['health.requests_per_hour', 61],
  ['health.bytes_per_hour', 150000],
  ['health.outage_detect_s', 70],
  ['health.recovery_detect_max_s', 130],
  ['health.false_outages_per_day', 0],
  ['health.cpu_ms_per_probe', 5],
  ['diagnose.ratio_to_critical_path', 1.3],
  ['diagnose.cli_healthy_ms', 1500],
];
console.log('\n--- summary ---');
for (const [key, target] of targets) {
  const value = figures[key];
  console.log(`${key.padEnd(42)} ${String(value).padStart(10)}  target <= ${target}  ${value <= target ? 'ok' : 'MISSED'}`);
}

const previous = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {};
fs.writeFileSync(resultsFile, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
console.log(`Wrote ${path.relative(root, resultsFile)}.`);
