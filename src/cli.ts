#!/usr/bin/env node
/** `claude-api-health`: the command-line linter (bundled as dist/cli.js). See src/cli/run.ts. */
import { setFlagsFromString } from 'v8';
import type { LanguageId } from './analysis/types';
import { createLiteralFinder } from './cli/literalFinder';
import { runCli } from './cli/run';
import { redactSecrets } from './secrets/redact';

/** Writes to stderr with keys masked: notes there may quote a library's error, which may quote the key. */
function writeError(text: string): void {
  process.stderr.write(redactSecrets(text, [process.env.ANTHROPIC_API_KEY?.trim() ?? '', process.env.ANTHROPIC_AUTH_TOKEN?.trim() ?? '']));
}

async function main(): Promise<void> {
  // Baseline-compiled WebAssembly only: a lint run parses for a fraction of a second, too short for
  // V8's optimising tier to pay back its compile time, which also competes for the CPU and holds up
  // the process exit (measured on the 10,000-file bench: 0.32 s → 0.24 s). Set before any wasm loads.
  setFlagsFromString('--liftoff-only');
  const reportMissingParser = (language: LanguageId, error: unknown): void => {
    const reason = error instanceof Error ? error.message : String(error);
    writeError(`claude-api-health: the ${language} parser could not be loaded (${reason}); its files are checked from the text alone.\n`);
  };
  const code = await runCli(
    process.argv.slice(2),
    {
      interrupt: doctorInterrupt(process.argv[2]),
      cwd: process.cwd(),
      env: process.env,
      now: () => new Date(),
      stdout: (text) => process.stdout.write(text),
      stderr: writeError,
      stdoutIsTTY: process.stdout.isTTY,
    },
    // Bundled, __dirname is dist/, which holds web-tree-sitter.wasm and grammars/ (esbuild.js copies them).
    { literals: createLiteralFinder(__dirname, reportMissingParser) },
  );
  // Exit as soon as the output is out: a plain return would wait for V8's background wasm tier-up
  // compiles to settle (~80 ms on a 10,000-file run), which nobody needs. An empty write on each
  // stream resolves once what was queued before it is flushed (pipes are asynchronous on some systems).
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
}

/**
 * Ctrl-C during `doctor`: the first stops the checks still running and lets the report of what was found so far
 * print (a hung TLS handshake is exactly when one presses it); a second exits at once. The linter keeps Node's
 * default (exit at once): a partial lint has nothing worth printing.
 */
function doctorInterrupt(command: string | undefined): AbortSignal | undefined {
  if (command !== 'doctor') return undefined;
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    writeError('claude-api-health: interrupted; stopping the checks (press Ctrl-C again to quit at once).\n');
    controller.abort();
  });
  return controller.signal;
}

main().catch((error: unknown) => {
  writeError(`claude-api-health: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
