/** The command line of `claude-api-health`: parsing and the usage text. No I/O. */
import { isDay } from '../models/days';

export type OutputFormat = 'text' | 'json' | 'sarif';

export const outputFormats: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** A parsed `lint` command. */
export interface LintCommand {
  kind: 'lint';
  format: OutputFormat;
  /** Judgement day, YYYY-MM-DD; undefined means today (UTC). */
  date?: string;
  offline: boolean;
  paths: string[];
}

export type ParsedArgs = LintCommand | { kind: 'help' } | { kind: 'version' } | { kind: 'usageError'; message: string };

export const usageText = `Usage: claude-api-health lint [options] <path…>

Checks Claude model IDs in Python, TypeScript and JavaScript files
(.py .pyi .ts .mts .cts .tsx .js .mjs .cjs .jsx).

Options:
  --format text|json|sarif  output format (default: text)
  --date YYYY-MM-DD         judge models as of this day (default: today, UTC)
  --offline                 use the bundled model snapshot; never call the Models API
  -h, --help                show this help
  --version                 print the version

Folders are walked, skipping node_modules, .git, build outputs, virtual
environments, files ignored by .gitignore, and files over 1 MB, binary or
minified. Files and folders named on the command line are checked even if
ignored; a named file that is skipped is reported as skipped. With
ANTHROPIC_API_KEY set (and no --offline) the live model list is read from
ANTHROPIC_BASE_URL (default https://api.anthropic.com); if that fails, the
bundled list is used and stderr says so.

Exit status: 0 no error-level finding, 1 error-level findings, 2 usage error
or a file that could not be read or analysed.
`;

/** Parses `argv` (without `node` and the script). Never throws: problems come back as `usageError`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('-h') || argv.includes('--help')) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return usageError('no command given.');
  if (command !== 'lint') return usageError(`unknown command "${command}"; the only command is "lint".`);

  const parsed: LintCommand = { kind: 'lint', format: 'text', offline: false, paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      parsed.paths.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.paths.push(arg);
      continue;
    }
    const [flag, inlineValue] = splitFlag(arg);
    if (flag === '--offline') {
      if (inlineValue !== undefined) return usageError('--offline takes no value.');
      parsed.offline = true;
      continue;
    }
    if (flag !== '--format' && flag !== '--date') return usageError(`unknown option "${flag}".`);
    const value = inlineValue ?? rest[++i];
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) return usageError(`${flag} needs a value.`);
    if (flag === '--format') {
      if (!isOutputFormat(value)) return usageError(`unknown format "${value}"; use ${outputFormats.join(', ')}.`);
      parsed.format = value;
    } else {
      if (!isDay(value)) return usageError(`--date must be a real day written YYYY-MM-DD, not "${value}".`);
      parsed.date = value;
    }
  }
  if (parsed.paths.length === 0) return usageError('no paths given; name the files or folders to check (for example ".").');
  return parsed;
}

function isOutputFormat(value: string): value is OutputFormat {
  return (outputFormats as readonly string[]).includes(value);
}

/** `--format=json` → [`--format`, `json`]; `--format` → [`--format`, undefined]. */
function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usageError', message };
}
