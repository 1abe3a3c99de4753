// Diagnose Connection (issue 9): how close a full diagnosis comes to its critical path, and the CLI doctor
// end to end. Both against the local fake API; nothing leaves 127.0.0.1.
//   node scripts/bench/diagnose.mjs          prints the figures (compiles out/ and dist/ first if missing)
//   import { runDiagnoseBench } from './bench/diagnose.mjs'  →  { 'diagnose.ratio_to_critical_path': number, ... }
//
// diagnose.ratio_to_critical_path: the wall time of a full diagnosis (the CLI's own code, in process, with a
// model to check) against the fake with 100 ms injected into every request, divided by 100 ms times the number
// of requests on its longest chain of requests that must wait for one another. The chain is read from what the
// fake received: the zero-token request, then the model checks (sent side by side: one step), and beside them
// the status page requests (counted one after another: an upper bound that never flatters the ratio).
// diagnose.cli_healthy_ms: `node dist/cli.js doctor` on a healthy fake, process start to exit.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const LATENCY_MS = 100;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const round = (n, digits = 2) => Number(n.toFixed(digits));

function ensureBuilt() {
  const quiet = { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] };
  if (!fs.existsSync(path.join(root, 'out', 'src', 'cli', 'doctor.js'))) execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.test.json'], quiet);
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) execFileSync('node', ['esbuild.js', '--production'], quiet);
}

export async function runDiagnoseBench({ log = console.log, runs = 7 } = {}) {
  ensureBuilt();
  const { FakeClaudeApi, FAKE_API_KEY } = require(path.join(root, 'out', 'test', 'fake-api', 'server.js'));
  const { runDoctor } = require(path.join(root, 'out', 'src', 'cli', 'doctor.js'));
  const figures = {};

  // --- the ratio to the critical path ---
  const api = await FakeClaudeApi.start({ latencyMs: LATENCY_MS });
  const ratios = [];
  let chain = 0;
  let verdict = '';
  let coldWall = 0;
  const walls = [];
  try {
    const command = { kind: 'doctor', format: 'json', baseUrl: api.url, statusPageUrl: api.url, models: ['claude-opus-5', 'claude-haiku-5-5'], live: false, timeoutMs: 10_000 };
    const io = (out) => ({ cwd: fs.mkdtempSync(path.join(root, 'out', 'bench-doctor-')), env: { ANTHROPIC_API_KEY: FAKE_API_KEY }, stdout: (text) => out.push(text), stderr: () => undefined });
    for (let i = 0; i < runs + 1; i++) {
      api.reset();
      const out = [];
      const started = performance.now();
      const code = await runDoctor(command, io(out));
      const wall = performance.now() - started;
      const report = JSON.parse(out.join(''));
      verdict = report.verdict.sentence;
      if (code !== 0) throw new Error(`the doctor did not pass on a healthy fake (exit ${code}): ${verdict}`);
      const routes = api.requests.map((r) => r.route);
      const count = (route) => routes.filter((r) => r === route).length;
      const apiChain = (count('models') > 0 ? 1 : 0) + (count('count_tokens') > 0 ? 1 : 0) + (count('messages') > 0 ? 1 : 0);
      chain = Math.max(apiChain, count('status'));
      if (i === 0) coldWall = wall; // the first run also loads the SDK and undici
      else {
        ratios.push(wall / (LATENCY_MS * chain));
        walls.push(wall);
      }
    }
  } finally {
    await api.close();
  }
  figures['diagnose.ratio_to_critical_path'] = round(median(ratios));
  // Reported apart, not hidden: the first diagnosis in a process also loads the SDK and undici (against the real
  // API that overlaps the DNS, TCP and TLS steps; against a local fake nothing hides it).
  figures['diagnose.first_run_extra_ms'] = round(coldWall - median(walls), 0);
  log(`diagnose.ratio_to_critical_path   ${figures['diagnose.ratio_to_critical_path']}  (median of ${runs} runs in one process; chain of ${chain} requests at ${LATENCY_MS} ms each; "${verdict}"; target <= 1.3)`);
  log(`diagnose.first_run_extra_ms       ${figures['diagnose.first_run_extra_ms']}  (the first run's extra wall time: loading the SDK and undici; no target; ratio ${round(coldWall / (LATENCY_MS * chain))} for that run)`);

  // --- the CLI end to end ---
  const healthy = await FakeClaudeApi.start();
  const times = [];
  try {
    const cli = path.join(root, 'dist', 'cli.js');
    for (let i = 0; i < runs; i++) {
      healthy.reset();
      const started = performance.now();
      // spawnSync would block this process's event loop, and with it the fake: run the child asynchronously.
      const result = await new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, 'doctor', '--base-url', healthy.url, '--status-page-url', healthy.url, '--format', 'json'], {
          env: { PATH: process.env.PATH, ANTHROPIC_API_KEY: FAKE_API_KEY },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.on('close', (code) => resolve({ code, stdout }));
      });
      times.push(performance.now() - started);
      if (result.code !== 0) throw new Error(`the CLI doctor did not pass on a healthy fake (exit ${result.code})`);
    }
  } finally {
    await healthy.close();
  }
  figures['diagnose.cli_healthy_ms'] = round(median(times), 0);
  log(`diagnose.cli_healthy_ms           ${figures['diagnose.cli_healthy_ms']}  (median of ${runs} processes; min ${round(Math.min(...times), 0)}, max ${round(Math.max(...times), 0)}; target <= 1500)`);
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runDiagnoseBench();
}
