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

/** Output formats of `doctor`. */
export type DoctorFormat = 'text' | 'json' | 'markdown';

export const doctorFormats: readonly DoctorFormat[] = ['text', 'json', 'markdown'];

/** The longest `--timeout` the doctor takes, in seconds (a step that hangs longer is a failure anyway). */
export const maxDoctorTimeoutSeconds = 300;

/** A parsed `doctor` command (Diagnose Connection from a terminal or a CI job). */
export interface DoctorCommand {
  kind: 'doctor';
  format: DoctorFormat;
  /** `--base-url` as given (checked by the doctor, which says which setting was wrong). */
  baseUrl?: string;
  statusPageUrl?: string;
  /** `--model` IDs, in order, each once. */
  models: string[];
  live: boolean;
  /** Per network step and per request. */
  timeoutMs: number;
}

export type ParsedArgs = LintCommand | DoctorCommand | { kind: 'help' } | { kind: 'version' } | { kind: 'usageError'; message: string };

export const usageText = `Usage: claude-api-health lint [options] <path…>
       claude-api-health doctor [options]

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

doctor: finds out whose problem a failing Claude API call is (your key or
configuration, your network, your limits, or Anthropic) and what to do next:
the key, the configuration and proxies, DNS, TCP, TLS, authentication, rate
limits, model access, the clock and the status page, with a verdict first.

Options:
  --format text|json|markdown  output format (default: text)
  --base-url URL               API base URL (default: ANTHROPIC_BASE_URL, else
                               https://api.anthropic.com)
  --status-page-url URL        status page (default: https://status.claude.com)
  --model ID…                  models to check access to (free count_tokens);
                               repeat the flag or separate IDs by commas
  --live                       also make a one-token live call (costs tokens)
  --timeout SECONDS            per network step and request (default: 10)

The key comes from ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN); a .env in the
working folder that sets another ANTHROPIC_API_KEY is reported (fingerprints
only: no key is ever printed). Proxies come from HTTPS_PROXY, HTTP_PROXY,
ALL_PROXY and NO_PROXY. Colour only on a terminal, and never with NO_COLOR.

Exit status: 0 nothing failed (warnings included), 1 the cause is on your side
(key, configuration, network, limits), 2 usage error, 3 the cause is
Anthropic's, 130 interrupted (Ctrl-C stops the checks and prints what was
found so far; a second Ctrl-C quits at once).
`;

/** Parses `argv` (without `node` and the script). Never throws: problems come back as `usageError`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('-h') || argv.includes('--help')) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return usageError('no command given.');
  if (command === 'doctor') return parseDoctor(rest);
  if (command !== 'lint') return usageError(`unknown command "${command}"; the commands are "lint" and "doctor".`);

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

/** `doctor`'s options; it takes no paths. */
function parseDoctor(rest: readonly string[]): ParsedArgs {
  const parsed: DoctorCommand = { kind: 'doctor', format: 'text', models: [], live: false, timeoutMs: 10_000 };
  const addModels = (value: string): void => {
    for (const id of value.split(',').map((part) => part.trim()).filter(Boolean)) if (!parsed.models.includes(id)) parsed.models.push(id);
  };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inlineValue] = splitFlag(rest[i]);
    if (!flag.startsWith('-')) return usageError(`doctor takes no paths ("${flag}"); to check a model, use --model ${flag}.`);
    if (flag === '--live') {
      if (inlineValue !== undefined) return usageError('--live takes no value.');
      parsed.live = true;
      continue;
    }
    if (!['--format', '--base-url', '--status-page-url', '--model', '--timeout'].includes(flag)) return usageError(`unknown option "${flag}" for doctor.`);
    const value = inlineValue ?? rest[++i];
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) return usageError(`${flag} needs a value.`);
    switch (flag) {
      case '--format':
        if (!(doctorFormats as readonly string[]).includes(value)) return usageError(`unknown format "${value}" for doctor; use ${doctorFormats.join(', ')}.`);
        parsed.format = value as DoctorFormat;
        break;
      case '--base-url':
        parsed.baseUrl = value;
        break;
      case '--status-page-url':
        parsed.statusPageUrl = value;
        break;
      case '--model':
        addModels(value);
        // `--model a b c`: the IDs that follow, up to the next option.
        while (inlineValue === undefined && i + 1 < rest.length && !rest[i + 1].startsWith('-')) addModels(rest[++i]);
        break;
      case '--timeout': {
        const seconds = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0) || seconds > maxDoctorTimeoutSeconds) return usageError(`--timeout must be a number of seconds above 0 and at most ${maxDoctorTimeoutSeconds}, not "${value}".`);
        parsed.timeoutMs = Math.round(seconds * 1000);
        break;
      }
    }
  }
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
