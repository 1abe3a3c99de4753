// Bundles the extension and the CLI with esbuild, and copies the tree-sitter wasm files beside them.
//   node esbuild.js               development build, with source maps
//   node esbuild.js --production  minified, no source maps (what the .vsix ships)
//   node esbuild.js --watch       rebuild on change
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const cliEntry = 'src/cli.ts';

/**
 * The wasm files the analyser loads at run time (src/analysis/parsers.ts resolves them in this layout;
 * its nodeModulesWasmLocator mirrors this list). Python and JavaScript grammars come from their npm
 * packages (0.23.x re-parse edits several times faster than the 0.25 builds in @vscode/tree-sitter-wasm),
 * TypeScript and TSX from @vscode/tree-sitter-wasm.
 */
const wasmFiles = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'grammars/tree-sitter-python.wasm': 'tree-sitter-python/tree-sitter-python.wasm',
  'grammars/tree-sitter-javascript.wasm': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  'grammars/tree-sitter-typescript.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm',
  'grammars/tree-sitter-tsx.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm',
};

/** Prints errors in the form VS Code's $esbuild-watch problem matcher reads. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * Heavy libraries are bundled on their own, into dist/vendor/, and the extension and the CLI load them
 * with a relative require() on first use: bundled inline, their code would be parsed at every start-up
 * (activation went from ~1 ms to ~25 ms with the SDK and web-tree-sitter inline).
 */
const vendorBundles = {
  // web-tree-sitter's CommonJS build: esbuild would otherwise pick the ESM build, whose
  // `import.meta.url` is empty in CommonJS output and breaks locating the runtime's wasm.
  'web-tree-sitter': { out: 'vendor/web-tree-sitter', entry: () => require.resolve('web-tree-sitter') },
  '@anthropic-ai/sdk': { out: 'vendor/anthropic-sdk', entry: () => require.resolve('@anthropic-ai/sdk') },
  // The doctor's own connection pools and proxy tunnels (src/diagnose/api/exchange.ts, net/apiFetch.ts).
  undici: { out: 'vendor/undici', entry: () => require.resolve('undici') },
};

/** Rewrites imports of the vendor libraries to their separate bundles, loaded at run time. */
const vendorExternalPlugin = {
  name: 'vendor-external',
  setup(build) {
    const names = Object.keys(vendorBundles).map((n) => n.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({
      path: `./${vendorBundles[args.path].out}.js`,
      external: true,
    }));
  },
};

/**
 * Our own code loaded on first use, bundled apart like the vendor libraries: the extension's import of
 * the module becomes a require() of its bundle beside extension.js.
 */
const lazyBundles = {
  // Diagnose Connection's checks, reports and helpers (src/vscode/diagnoseConnection.ts loadDoctor()).
  doctor: { entry: 'src/diagnose/doctor.ts', specifier: /^\.\.\/diagnose\/doctor$/ },
};

/** Rewrites the extension's imports of the lazy bundles to their files (the bundles themselves are built on their own). */
const lazyExternalPlugin = {
  name: 'lazy-external',
  setup(build) {
    for (const [out, { specifier }] of Object.entries(lazyBundles)) {
      build.onResolve({ filter: specifier }, () => ({ path: `./${out}.js`, external: true }));
    }
  },
};

/** Copies the wasm files into dist/ after each build (once per build, not per context). */
const copyWasmPlugin = {
  name: 'copy-wasm',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      for (const [target, source] of Object.entries(wasmFiles)) {
        const to = path.join(__dirname, 'dist', target);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(require.resolve(source), to);
      }
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  outdir: 'dist',
  external: ['vscode'],
  // import() of the vendor bundles must become require(): a real ESM import of a minified CommonJS
  // bundle sees only its `default` export.
  supported: { 'dynamic-import': false },
  logLevel: 'silent',
};

/** The CLI's build, if its entry exists yet; `#!` first line so `dist/cli.js` runs as a command. */
function cliBuildOptions() {
  if (!fs.existsSync(path.join(__dirname, cliEntry))) return undefined;
  // esbuild keeps an entry's own hashbang; add one only if the source has none (two would not parse).
  const hasHashbang = fs.readFileSync(path.join(__dirname, cliEntry), 'utf8').startsWith('#!');
  return {
    ...common,
    entryPoints: { cli: cliEntry },
    banner: hasHashbang ? undefined : { js: '#!/usr/bin/env node' },
    plugins: [problemMatcherPlugin, vendorExternalPlugin],
  };
}

async function main() {
  const contexts = [
    await esbuild.context({
      ...common,
      entryPoints: { extension: 'src/extension.ts' },
      plugins: [problemMatcherPlugin, vendorExternalPlugin, lazyExternalPlugin, copyWasmPlugin],
    }),
    await esbuild.context({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(lazyBundles).map(([out, { entry }]) => [out, entry])),
      plugins: [problemMatcherPlugin, vendorExternalPlugin],
    }),
    await esbuild.context({
      ...common,
      entryPoints: Object.fromEntries(Object.values(vendorBundles).map(({ out, entry }) => [out, entry()])),
      plugins: [problemMatcherPlugin],
    }),
  ];
  const cli = cliBuildOptions();
  if (cli) contexts.push(await esbuild.context(cli));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  if (cli) fs.chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
