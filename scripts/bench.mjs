// `npm run bench`: measures the figures the issues name and writes them to
// bench-results.json as { "name": number }, merging with figures already there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, 'bench-results.json');
const quiet = { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const round = (n, digits = 2) => Number(n.toFixed(digits));

console.log('Building the production bundle and the .vsix …');
execFileSync('node', ['esbuild.js', '--production'], quiet);
execFileSync('npm', ['run', '--silent', 'package'], quiet);

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

const previous = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {};
fs.writeFileSync(resultsFile, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
console.log(`Wrote ${path.relative(root, resultsFile)}.`);
