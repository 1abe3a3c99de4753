/**
 * `claude-api-health lint`: parse the arguments, choose the catalog, collect and read the files, find and
 * judge the model literals, print the report. Everything the outside world provides comes in through
 * `CliIo` and `CliDependencies`, so tests run it in-process too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { version } from '../../package.json';
import { evaluate } from '../analysis/evaluate';
import { rules } from '../analysis/registry';
import { repositoryUrl } from '../analysis/rules/docs';
import { usageLanguageOf } from '../analysis/usage/build';
import { emptyUsage, type FileUsage } from '../analysis/usage/types';
import type { FetchLiveModelsOptions } from '../models/liveModels';
import type { LiveModel } from '../models/types';
import { parseArgs, usageText, type LintCommand } from './args';
import { runDoctor } from './doctor';
import { ProjectDependencyReader } from './projectDependencies';
import { loadCatalog, rememberJudgements } from './catalog';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import type { LiteralFinder } from './literalFinder';
import { readCandidateSources } from '../files/readSources';
import { describeSkip } from '../files/types';
import { collectFiles } from '../files/walker';
import { compareFileFindings, displayPath, hasErrors, type FileFinding, type LintReport, type ReportedError, type ReportedSkip } from './report';

export const toolName = 'claude-api-health';

/**
 * Exit statuses, like ESLint's: 2 also when a file could not be read or analysed (a check that did not
 * happen must not pass CI), whatever the findings were.
 */
export const exitCodes = { clean: 0, errorFindings: 1, usage: 2, notAnalysed: 2 } as const;

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now(): Date;
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (the doctor's text report may then use colour, unless NO_COLOR). */
  stdoutIsTTY?: boolean;
  /** Aborts on Ctrl-C: the doctor then stops its checks and still prints what it found (exit 130). */
  interrupt?: AbortSignal;
}

export interface CliDependencies {
  /** Finds the Claude usage (model literals included) of the files that mention Claude. */
  literals: LiteralFinder;
  /** The live Models API client (tests may replace it). */
  fetchLive?: (options: FetchLiveModelsOptions) => Promise<LiveModel[]>;
}

/** Runs the command line; resolves with the exit status. Never rejects. */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: CliDependencies): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    switch (parsed.kind) {
      case 'help':
        io.stdout(usageText);
        return exitCodes.clean;
      case 'version':
        io.stdout(`${version}\n`);
        return exitCodes.clean;
      case 'usageError':
        io.stderr(`${toolName}: ${parsed.message}\nRun "${toolName} --help" for usage.\n`);
        return exitCodes.usage;
      case 'lint':
        return await lint(parsed, io, dependencies);
      case 'doctor':
        return await runDoctor(parsed, io, io.interrupt ? { signal: io.interrupt } : {});
    }
  } catch (error) {
    // A bug must still end with a clear line and a distinct status, never a stack dump on a CI log.
    io.stderr(`${toolName}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.usage;
  }
}

async function lint(command: LintCommand, io: CliIo, dependencies: CliDependencies): Promise<number> {
  const targets = command.paths.map((target) => path.resolve(io.cwd, target));
  const missing = targets.filter((target) => !fs.existsSync(target));
  if (missing.length > 0) {
    const names = missing.map((target) => displayPath(io.cwd, target)).join(', ');
    io.stderr(`${toolName}: no such file or folder: ${names}\n`);
    return exitCodes.usage;
  }
  const asOf = command.date ?? io.now().toISOString().slice(0, 10);
  const { catalog, note } = await loadCatalog({ offline: command.offline, env: io.env, now: io.now(), fetchLive: dependencies.fetchLive });
  if (note) io.stderr(`${toolName}: ${note}\n`);

  const collected = collectFiles(targets);
  const read = await readCandidateSources(collected.files, ({ file, text }) => dependencies.literals.prepare(text, file.language));
  const shown = (file: string): string => displayPath(io.cwd, file);
  const errors: ReportedError[] = [...collected.errors, ...read.errors].map(({ path: file, message }) => ({ file: shown(file), message }));
  const skipped: ReportedSkip[] = [...collected.skipped, ...read.skipped].map(({ path: file, reason }) => ({ file: shown(file), reason, message: describeSkip(reason) }));

  const judging = rememberJudgements(catalog);
  const dependencyReader = new ProjectDependencyReader();
  const findings: FileFinding[] = [];
  let analysisFailures = 0;
  for (const { file, text } of read.candidates) {
    let usage: FileUsage;
    try {
      const finder = dependencies.literals;
      usage = finder.findUsage ? await finder.findUsage(text, file.language) : emptyUsage(usageLanguageOf(file.language), await finder.find(text, file.language));
    } catch (error) {
      analysisFailures++;
      errors.push({ file: shown(file.path), message: `could not be analysed (${error instanceof Error ? error.message : String(error)})` });
      continue;
    }
    // The retry fixes build on tenacity / p-retry where the project has them; only files with Claude calls need to know.
    const projectDependencies = usage.calls.length > 0 ? dependencyReader.forFile(file.path) : undefined;
    for (const finding of evaluate(usage, { catalog: judging, asOf, ...(projectDependencies && { projectDependencies }) })) findings.push({ file: shown(file.path), finding });
  }
  findings.sort(compareFileFindings);
  errors.sort(byFile);
  skipped.sort(byFile);

  const report: LintReport = { catalog: catalog.source, filesAnalysed: read.analysed - analysisFailures, findings, errors, skipped };
  // The text format carries these lines itself; the machine formats keep stdout parseable, so people reading a CI log get them on stderr.
  if (command.format !== 'text') {
    for (const { file, message } of errors) io.stderr(`${toolName}: ${file} ${message}\n`);
    for (const { file, message } of skipped) io.stderr(`${toolName}: ${file} skipped: ${message}\n`);
  }
  io.stdout(render(command.format, report));
  if (errors.length > 0) return exitCodes.notAnalysed;
  return hasErrors(report) ? exitCodes.errorFindings : exitCodes.clean;
}

function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function render(format: LintCommand['format'], report: LintReport): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, rules, { name: toolName, version, informationUri: repositoryUrl });
    case 'text':
      return formatText(report);
  }
}
