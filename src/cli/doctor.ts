/**
 * `claude-api-health doctor`: Diagnose Connection from a terminal or a CI job. Gathers the inputs (the key from
 * ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN, the base URL from --base-url, else ANTHROPIC_BASE_URL, else the
 * default; proxies from the environment; the working folder's `.env`), runs the same checks as the VS Code
 * command, prints the report and returns the exit status CI reads: 0 nothing failed, 1 the cause is on the
 * user's side, 3 it is Anthropic's, 2 a usage error. Everything from outside comes through `CliIo`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { version } from '../../package.json';
import { warmUpApiChecks } from '../diagnose/api/exchange';
import { diagnosisChecks } from '../diagnose/checks';
import { apiKeysFromDotEnv } from '../diagnose/dotEnv';
import { credentialsFromEnvironment, diagnosisEnvironment, maxDotEnvBytes } from '../diagnose/faceInputs';
import { readProxyEnvironment } from '../diagnose/proxy';
import { renderJsonReport } from '../diagnose/report/json';
import { renderMarkdownReport } from '../diagnose/report/markdown';
import { renderTextReport, shouldUseColor } from '../diagnose/report/text';
import { runDiagnosis } from '../diagnose/run';
import type { DiagnoseDependencies, DiagnoseInputs, DiagnosisCheck, DiagnosisReport } from '../diagnose/types';
import { doctorExitCode, doctorExitCodes } from '../diagnose/verdict';
import { ModelCatalog } from '../models/catalog';
import { redactSecrets } from '../secrets/redact';
import { checkEndpoint, defaultApiBaseUrl, defaultStatusPageUrl } from '../util/endpoints';
import type { DoctorCommand } from './args';

/** What the doctor reads and writes; the CLI's `CliIo` fits it. */
export interface DoctorIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colour is then allowed, unless NO_COLOR). */
  stdoutIsTTY?: boolean;
}

/** Replaceable parts, for tests (the real checks and lookup by default). */
export interface DoctorDependencies {
  checks?: readonly DiagnosisCheck[];
  lookup?: DiagnoseDependencies['lookup'];
  signal?: AbortSignal;
}

const toolName = 'claude-api-health';

/** Runs the doctor; resolves with the exit status. Never rejects (the caller's catch covers bugs). */
export async function runDoctor(command: DoctorCommand, io: DoctorIo, dependencies: DoctorDependencies = {}): Promise<number> {
  // The SDK and undici load while the key, configuration and network checks run, not after them (never rejects).
  if (!dependencies.checks) void warmUpApiChecks();
  const base = chooseBaseUrl(command, io.env);
  if ('problem' in base) return usageProblem(io, base.problem);
  const statusPage = checkEndpoint(command.statusPageUrl, defaultStatusPageUrl);
  if (statusPage.rejected) return usageProblem(io, `--status-page-url ${statusPage.rejected}.`);

  const dotEnvKeys = readDotEnvKeys(io.cwd);
  const inputs: DiagnoseInputs = {
    credentials: credentialsFromEnvironment(io.env),
    dotEnvKeys,
    baseUrl: base.url,
    baseUrlSource: base.source,
    statusPageUrl: statusPage.url,
    proxy: readProxyEnvironment(io.env),
    models: command.models.map((id) => ({ id, where: '--model' })),
    live: command.live,
    timeoutMs: command.timeoutMs,
    environment: diagnosisEnvironment(`${toolName} ${version} (CLI)`),
    catalog: ModelCatalog.bundled(),
  };
  const report = await runDiagnosis(dependencies.checks ?? diagnosisChecks, inputs, {
    ...(dependencies.lookup && { lookup: dependencies.lookup }),
    ...(dependencies.signal && { signal: dependencies.signal }),
  });
  const exitCode = doctorExitCode(report.checks, report.verdict, report.cancelled);
  // The runner masked the inputs' credentials already; masking the output again costs nothing and covers a bug there.
  const secrets = [...inputs.credentials.map((c) => c.raw.trim()), ...dotEnvKeys.map((k) => k.value.trim())];
  io.stdout(redactSecrets(render(command.format, report, exitCode, shouldUseColor(io.stdoutIsTTY, io.env)), secrets));
  return exitCode;
}

function render(format: DoctorCommand['format'], report: DiagnosisReport, exitCode: number, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJsonReport(report, exitCode);
    case 'markdown':
      return renderMarkdownReport(report);
    case 'text':
      return renderTextReport(report, { color });
  }
}

/** The base URL and where it came from, or why the one given cannot be used (a usage error: the doctor would diagnose another host). */
function chooseBaseUrl(command: DoctorCommand, env: NodeJS.ProcessEnv): { url: string; source: string } | { problem: string } {
  const [value, source] = command.baseUrl !== undefined ? [command.baseUrl, '--base-url'] : env.ANTHROPIC_BASE_URL ? [env.ANTHROPIC_BASE_URL, 'ANTHROPIC_BASE_URL'] : [undefined, 'default'];
  if (value === undefined) return { url: defaultApiBaseUrl, source };
  const checked = checkEndpoint(value, defaultApiBaseUrl);
  if (checked.rejected) return { problem: `${source} (${JSON.stringify(redactSecrets(value))}) ${checked.rejected}.` };
  return { url: checked.url, source };
}

function usageProblem(io: DoctorIo, message: string): number {
  io.stderr(`${toolName}: ${message}\nRun "${toolName} --help" for usage.\n`);
  return doctorExitCodes.usage;
}

/** `ANTHROPIC_API_KEY` as the working folder's `.env` sets it (compared by fingerprint, never shown). */
function readDotEnvKeys(cwd: string): DiagnoseInputs['dotEnvKeys'] {
  const file = path.join(cwd, '.env');
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxDotEnvBytes) return [];
    return apiKeysFromDotEnv([{ file: '.env', text: fs.readFileSync(file, 'utf8') }]);
  } catch {
    return []; // no .env (or unreadable): nothing to compare
  }
}
