// The test command: static checks, then every test layer, then one summed line.
//   node scripts/test.mjs                 everything (what `npm test` and CI run)
//   node scripts/test.mjs unit            only some layers: unit, integration, e2e
// Each layer's mocha run writes its counts through test/support/countingReporter; a layer
// that dies without writing them counts as one failure, and so does a layer that ran no test or
// has a test file that ran none (test/support/layerCheck). `.only` fails a layer (--forbid-only).
// out/ is emptied before the tests are compiled, and each layer runs only compiled files whose
// source exists, so a deleted test cannot run. The last line is `N passed, N failed`.
//   CLAUDE_HEALTH_TEST_GREP='pattern' node scripts/test.mjs integration   filter the integration
//   suite; a filtered layer must still run at least one test.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
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

/** test/support/layerCheck, loaded from out/ once the build has compiled it. */
let layerCheck;

/**
 * Runs one mocha-based layer over `files` and records its counts; `grep` marks a filtered run.
 * The layer fails when the run failed, wrote no counts, ran no test, or (unfiltered) a file ran none.
 */
async function runCounted(name, command, args, { files, grep, ...options }) {
  console.log(`\n=== ${name} ===`);
  const countsFile = path.join(countsDir, `${rows.length}.json`);
  const code = await run(command, args, { ...options, env: { ...options.env, CLAUDE_HEALTH_TEST_COUNTS: countsFile } });
  let counts = { passed: 0, failed: 1, skipped: 0, files: {}, failures: [`no test counts were written (exit code ${code})`] };
  if (fs.existsSync(countsFile)) counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  else console.error(`${name}: no test counts were written (exit code ${code}); counted as one failure.`);
  const problems = fs.existsSync(countsFile) ? layerCheck.checkLayer({ expectedFiles: files, counts, grep }) : [];
  for (const problem of problems) console.error(`${name}: ${problem}`);
  // A crash after the last test, or a layer that tested nothing, still fails the run.
  if ((code !== 0 || problems.length > 0) && counts.failed === 0) counts.failed = 1;
  if (code !== 0 && counts.failures.length === 0 && problems.length === 0) problems.push(`exited with code ${code} after its tests`);
  rows.push({ name, passed: counts.passed, failed: counts.failed, skipped: counts.skipped, failures: [...counts.failures, ...problems] });
}

/** Static checks count as tests too: each passes or fails as one. */
async function runCheck(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const code = await run(command, args);
  rows.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
}

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);
const mocha = npx('mocha');
const reporter = ['--reporter', path.join(root, 'out/test/support/countingReporter.js'), '--forbid-only'];
const outDir = path.join(root, 'out');

async function main() {
  const everything = asked.length === 0;
  if (everything) {
    await runCheck('lint (eslint)', npx('eslint'), ['src', 'test', 'scripts', 'media', 'esbuild.js']);
    await runCheck('type-check (tsc --noEmit)', npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  }
  console.log('\n=== build ===');
  // A clean out/: a test deleted from test/ must not linger as a compiled file.
  fs.rmSync(outDir, { recursive: true, force: true });
  const built =
    (await run('node', ['esbuild.js', '--production'])) === 0 && (await run(npx('tsc'), ['-p', 'tsconfig.test.json'])) === 0;
  if (!built) {
    rows.push({ name: 'build', passed: 0, failed: 1, skipped: 0 });
    return;
  }
  layerCheck = createRequire(import.meta.url)(path.join(outDir, 'test/support/layerCheck.js'));
  const testFiles = (layer, options) => layerCheck.compiledTestFiles(root, outDir, path.join('test', layer), options);

  if (layers.includes('unit')) {
    const files = testFiles('unit');
    await runCounted('unit', mocha, [...reporter, '--timeout', '20000', ...files], { files });
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
      // runCodeServer gives the extension host the runner's key, the fake's URL and the judgement day
      // (test/runners/fakeTarget). test/integration/index.ts loads these same files and runs the same check.
      await runCounted(`integration (VS Code ${install.vscodeVersion})`, 'node', ['out/test/integration/runCodeServer.js', JSON.stringify(install)], {
        files: testFiles('integration', { recursive: false }),
        grep: process.env.CLAUDE_HEALTH_TEST_GREP || undefined,
      });
    }
  }
  if (layers.includes('e2e')) {
    console.log('\n=== package (.vsix for the end-to-end tests) ===');
    const packaged = (await run('npm', ['run', '--silent', 'package'])) === 0;
    if (!packaged) rows.push({ name: 'package', passed: 0, failed: 1, skipped: 0 });
    else {
      const files = testFiles('e2e');
      await runCounted('end-to-end', mocha, [...reporter, '--timeout', '120000', ...files], { files });
    }
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
  // What failed, by name: the tail of a CI log is often all of it one gets to see.
  for (const failure of row.failures ?? []) console.log(`  ✗ ${failure}`);
  passed += row.passed;
  failed += row.failed;
  skipped += row.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
