// node out/test/fake-api/cli.js [--port N] [--scenario name] [--status state] [--latency MS] [--date-offset MS]
// Starts the fake, prints exactly one line `FAKE_API_URL=http://127.0.0.1:PORT`
// to stdout once listening (callers wait for it), and stops on SIGTERM/SIGINT.
// Diagnostics go to stderr so stdout stays machine-readable.
import { parseScenario, parseStatusState } from './outcomes';
import { FakeClaudeApi } from './server';

interface CliOptions {
  port: number;
  scenario?: string;
  status?: string;
  latencyMs?: number;
  dateOffsetMs?: number;
}

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--port', '--scenario', '--status', '--latency', '--date-offset'].includes(flag)) throw new Error(`unknown argument ${flag}`);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--port') {
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`bad port ${value}`);
    } else if (flag === '--latency' || flag === '--date-offset') {
      const ms = Number(value);
      if (!Number.isFinite(ms) || (flag === '--latency' && ms < 0)) throw new Error(`bad ${flag} ${value}`);
      if (flag === '--latency') options.latencyMs = ms;
      else options.dateOffsetMs = ms;
    } else if (flag === '--scenario') options.scenario = value;
    else options.status = value;
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Validate before listening so a typo fails fast with a clear message.
  const scenario = options.scenario === undefined ? undefined : parseScenario(options.scenario);
  const status = options.status === undefined ? undefined : parseStatusState(options.status);
  const api = await FakeClaudeApi.start({ port: options.port, status, latencyMs: options.latencyMs, dateOffsetMs: options.dateOffsetMs });
  if (scenario) api.scenario(scenario);
  process.stdout.write(`FAKE_API_URL=${api.url}\n`);

  const stop = (signal: string) => {
    process.stderr.write(`fake-api: ${signal}, stopping\n`);
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`fake-api: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
