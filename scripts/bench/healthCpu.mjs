// health.cpu_ms_per_probe: CPU time of one probe cycle as the extension host runs it (the real probe through
// @anthropic-ai/sdk, the monitor, the status bar rendering), against the local fake API in a child process so
// that the server's own work is not counted. Uses the compiled modules in out/ (npm run bench compiles them).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** Starts the fake API as its own process; resolves with its URL and a stop function. */
function startFakeApi() {
  const child = spawn(process.execPath, [path.join(root, 'out/test/fake-api/cli.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk) => {
      const match = /FAKE_API_URL=(\S+)/.exec(chunk.toString());
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
  });
}

/** Median CPU milliseconds (user + system) of one probe cycle, after warm-up. */
export async function runHealthCpuBench({ cycles = 60, log = () => {} } = {}) {
  const { probeApi } = require(path.join(root, 'out/src/health/probe.js'));
  const { HealthMonitor } = require(path.join(root, 'out/src/health/monitor.js'));
  const { renderStatusBar } = require(path.join(root, 'out/src/health/presentation.js'));
  const { FAKE_API_KEY } = require(path.join(root, 'out/test/fake-api/server.js'));
  const fake = await startFakeApi();
  try {
    const monitor = new HealthMonitor({ now: () => Date.now() });
    const cycle = async () => {
      const result = await probeApi({ apiKey: FAKE_API_KEY, baseURL: fake.url });
      if (result.outcome !== 'ok') throw new Error(`probe failed: ${result.outcome} ${result.detail ?? ''}`);
      monitor.recordProbe(result);
      const now = Date.now();
      renderStatusBar(monitor.state(), monitor.stats(now), now, { statusPageUrl: fake.url, secrets: [FAKE_API_KEY] }); // as the controller: redaction included
    };
    for (let i = 0; i < 10; i++) await cycle(); // loads the SDK, warms the JIT
    const samples = [];
    for (let i = 0; i < cycles; i++) {
      const before = process.cpuUsage();
      await cycle();
      const used = process.cpuUsage(before);
      samples.push((used.user + used.system) / 1000);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    log(`health.cpu_ms_per_probe           ${median.toFixed(2)} ms  (median of ${cycles} cycles; p90 ${samples[Math.floor(samples.length * 0.9)].toFixed(2)}; target <= 5)`);
    return { 'health.cpu_ms_per_probe': Number(median.toFixed(2)) };
  } finally {
    fake.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runHealthCpuBench({ log: (line) => console.log(line) });
}
