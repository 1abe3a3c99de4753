// Parsing the command line: every problem is a usage error with a message, never an exception.
import * as assert from 'assert';
import { parseArgs } from '../../src/cli/args';

describe('CLI arguments', () => {
  it('parses lint with defaults', () => {
    assert.deepStrictEqual(parseArgs(['lint', '.']), { kind: 'lint', format: 'text', offline: false, paths: ['.'] });
  });

  it('takes options before, between and after paths, with a space or =', () => {
    assert.deepStrictEqual(parseArgs(['lint', 'a', '--format', 'sarif', 'b', '--date=2026-11-22', '--offline', 'c']), {
      kind: 'lint',
      format: 'sarif',
      date: '2026-11-22',
      offline: true,
      paths: ['a', 'b', 'c'],
    });
  });

  it('treats everything after -- as paths', () => {
    const parsed = parseArgs(['lint', '--', '--weird-name.py']);
    assert.deepStrictEqual(parsed.kind === 'lint' && parsed.paths, ['--weird-name.py']);
  });

  it('answers --help and --version', () => {
    assert.deepStrictEqual(parseArgs(['--help']), { kind: 'help' });
    assert.deepStrictEqual(parseArgs(['lint', '-h']), { kind: 'help' });
    assert.deepStrictEqual(parseArgs(['--version']), { kind: 'version' });
  });

  it('parses doctor with defaults, and each of its options', () => {
    assert.deepStrictEqual(parseArgs(['doctor']), { kind: 'doctor', format: 'text', models: [], live: false, timeoutMs: 10_000 });
    assert.deepStrictEqual(
      parseArgs(['doctor', '--format=json', '--base-url', 'https://gw.example', '--status-page-url=https://status.example', '--model', 'a', 'b', '--model=c,a', '--live', '--timeout', '2.5']),
      { kind: 'doctor', format: 'json', baseUrl: 'https://gw.example', statusPageUrl: 'https://status.example', models: ['a', 'b', 'c'], live: true, timeoutMs: 2_500 },
    );
    assert.strictEqual((parseArgs(['doctor', '--format', 'markdown']) as { format?: string }).format, 'markdown');
  });

  const errors: Array<[string[], RegExp]> = [
    [['doctor', '--format', 'sarif'], /unknown format "sarif" for doctor/],
    [['doctor', '--timeout', 'soon'], /--timeout must be a number of seconds/],
    [['doctor', '--timeout', '301'], /at most 300/],
    [['doctor', '--live=yes'], /--live takes no value/],
    [['doctor', '--model'], /--model needs a value/],
    [['doctor', '--offline'], /unknown option "--offline" for doctor/],
    [['doctor', 'claude-opus-5'], /doctor takes no paths/],
    [[], /no command/],
    [['fix', '.'], /unknown command "fix"; the commands are "lint" and "doctor"/],
    [['lint'], /no paths given/],
    [['lint', '--verbose', '.'], /unknown option "--verbose"/],
    [['lint', '-x', '.'], /unknown option "-x"/],
    [['lint', '--format', 'xml', '.'], /unknown format "xml"/],
    [['lint', '.', '--format'], /--format needs a value/],
    [['lint', '--format', '--offline', '.'], /--format needs a value/],
    [['lint', '--date', '22/11/2026', '.'], /--date must be a real day/],
    [['lint', '--date', '2026-13-01', '.'], /--date must be a real day/],
    [['lint', '--offline=yes', '.'], /--offline takes no value/],
  ];
  for (const [argv, message] of errors) {
    it(`rejects ${JSON.stringify(argv)}`, () => {
      const parsed = parseArgs(argv);
      assert.strictEqual(parsed.kind, 'usageError');
      assert.match(parsed.kind === 'usageError' ? parsed.message : '', message);
    });
  }
});
