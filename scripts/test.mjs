// The test command: static checks, then every test layer, then one summed line.
//   node scripts/test.mjs                 everything (what `npm test` and CI run)
//   node scripts/test.mjs unit            only some layers: unit, integration, e2e
// Each layer's mocha run writes its counts through test/support/countingReporter; a layer
// that dies without writing them counts as one failure. The last line is `N passed, N failed`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVscodeServer } from './install-vscode-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allLayers = ['unit', 'integration', 'e2e'];
const asked = process.argv.slice(2);
const layers = asked.length > 0 ? asked : allLayers;
for (const layer of layers) {
  if (!allLayers.includes(layer)) {
    console.error(`Unknown layer "${layer}"; use ${allLayers.join(', ')}.`);
    process.exit(2);
  }
}
/** VS Code versions the integration suite runs on: the oldest the extension claims, and the newest. */
const vscodeServers = (process.env.CLAUDE_HEALTH_VSCODE_SERVERS ?? '4.100.3,4.139.1').split(',');
/** A key-shaped value for the extension host's environment; the fake API accepts nothing else. */
const environmentKey = 'sk-ant-api03-EnvironmentKeyOfTheTestRunner0000000000000000000000000000-AAAAAA';
/** The day model lifecycles are judged on in the tests, so that they do not change with the calendar. */
const judgementDay = '2026-11-22';

const countsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chh-counts-'));
const rows = [];

/** Runs a command with inherited output; resolves with its exit code (or 1 after `timeoutMs`). */
function run(command, args, { env = {}, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    const timer = setTimeout(() => {
      console.error(`\n${command} ${args.join(' ')} timed out after ${timeoutMs / 1000} s`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      console.error(error);
      resolve(1);
    });
  });
}

/** Runs one mocha-based layer and records its counts. */
async function runCounted(name, command, args, options = {}) {
  console.log(`\n=== ${name} ===`);
  const countsFile = path.join(countsDir, `${rows.length}.json`);
  const code = await run(command, args, { ...options, env: { ...options.env, CLAUDE_HEALTH_TEST_COUNTS: countsFile } });
  let counts = { passed: 0, failed: 1, skipped: 0 };
  if (fs.existsSync(countsFile)) counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  else console.error(`${name}: no test counts were written (exit code ${code}); counted as one failure.`);
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // a crash after the last test still fails the run
  rows.push({ name, ...counts });
}

/** Static checks count as tests too: each passes or fails as one. */
async function runCheck(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const code = await run(command, args);
  rows.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
}

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);
const mocha = npx('mocha');
const reporter = ['--reporter', path.join(root, 'out/test/support/countingReporter.js')];

async function main() {
  const everything = asked.length === 0;
  if (everything) {
    await runCheck('lint (eslint)', npx('eslint'), ['src', 'test', 'scripts', 'esbuild.js']);
    await runCheck('type-check (tsc --noEmit)', npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  }
  console.log('\n=== build ===');
  const built =
    (await run('node', ['esbuild.js', '--production'])) === 0 && (await run(npx('tsc'), ['-p', 'tsconfig.test.json'])) === 0;
  if (!built) {
    rows.push({ name: 'build', passed: 0, failed: 1, skipped: 0 });
    return;
  }

  if (layers.includes('unit')) {
    await runCounted('unit', mocha, [...reporter, '--timeout', '20000', 'out/test/unit/**/*.test.js']);
  }
  if (layers.includes('integration')) {
    for (const version of vscodeServers) {
      let install;
      try {
        install = await ensureVscodeServer(version);
      } catch (error) {
        console.error(`Could not install code-server ${version}:`, error);
        rows.push({ name: `integration (code-server ${version})`, passed: 0, failed: 1, skipped: 0 });
        continue;
      }
      await runCounted(`integration (VS Code ${install.vscodeVersion})`, 'node', ['out/test/integration/runCodeServer.js', JSON.stringify(install)], {
        env: { ANTHROPIC_API_KEY: environmentKey, CLAUDE_HEALTH_TODAY: judgementDay },
      });
    }
  }
  if (layers.includes('e2e')) {
    console.log('\n=== package (.vsix for the end-to-end tests) ===');
    const packaged = (await run('npm', ['run', '--silent', 'package'])) === 0;
    if (!packaged) rows.push({ name: 'package', passed: 0, failed: 1, skipped: 0 });
    else await runCounted('end-to-end', mocha, [...reporter, '--timeout', '120000', 'out/test/e2e/**/*.test.js']);
  }
}

await main().catch((error) => {
  console.error(error);
  rows.push({ name: 'test runner', passed: 0, failed: 1, skipped: 0 });
});
fs.rmSync(countsDir, { recursive: true, force: true });

console.log('\n=== summary ===');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const row of rows) {
  console.log(`${row.name}: ${row.passed} passed, ${row.failed} failed${row.skipped ? `, ${row.skipped} skipped` : ''}`);
  passed += row.passed;
  failed += row.failed;
  skipped += row.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
