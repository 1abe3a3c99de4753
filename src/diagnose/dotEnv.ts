/**
 * Reads variables from the text of a `.env` file the way the loaders people use read it (dotenv for Node,
 * python-dotenv): `NAME=value` lines, `export ` allowed, `#` comments, single, double or back quotes (double
 * quotes expand `\n`; a quoted value may span lines), a later line overriding an earlier one. Pure: the faces read
 * the files and hand over the text; nothing here touches the disk.
 */
import { apiKeyEnvVar } from '../constants';
import type { DiagnoseInputs } from './types';

/** One assignment in a `.env` file. */
export interface DotEnvEntry {
  name: string;
  /** The value as the loader gives it: quotes removed, escapes expanded, unquoted values trimmed. */
  value: string;
  /** 1-based line where the assignment starts, for the evidence ("line 3"). */
  line: number;
}

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const doubleQuoteEscapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Every assignment in the file, in order (a name may appear more than once; the last one wins when loaded). */
export function parseDotEnv(text: string): DotEnvEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: DotEnvEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = assignment.exec(lines[index]);
    if (!match) continue;
    const [, name, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value ends at the matching quote that is not escaped, possibly lines later.
      let body = rest.slice(1);
      let end = closingQuote(body, quote);
      const startLine = index;
      while (end < 0 && index + 1 < lines.length) {
        index++;
        body += `\n${lines[index]}`;
        end = closingQuote(body, quote);
      }
      if (end < 0) {
        // Never closed: the loaders keep the text as written; so do we, from the first line only.
        index = startLine;
        entries.push({ name, value: rest.trim(), line: startLine + 1 });
        continue;
      }
      const raw = body.slice(0, end);
      const value = quote === '"' ? raw.replace(/\\([nrt"\\])/g, (_m, c: string) => doubleQuoteEscapes[c]) : raw;
      entries.push({ name, value, line: startLine + 1 });
      continue;
    }
    // Unquoted: up to a comment (a # after whitespace, or at the start), trimmed.
    const value = rest.replace(/(^|\s)#.*$/, '').trim();
    entries.push({ name, value, line: index + 1 });
  }
  return entries;
}

function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && quote !== "'") i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

/** The value a loader would set for `name` (the last assignment), or undefined when the file does not set it. */
export function dotEnvValue(text: string, name: string): DotEnvEntry | undefined {
  const entries = parseDotEnv(text).filter((entry) => entry.name === name);
  return entries[entries.length - 1];
}

/** The `ANTHROPIC_API_KEY` each `.env` file sets, as the doctor's inputs take them (files that set none are left out). */
export function apiKeysFromDotEnv(files: ReadonlyArray<{ file: string; text: string }>): DiagnoseInputs['dotEnvKeys'] {
  return files.flatMap(({ file, text }) => {
    const entry = dotEnvValue(text, apiKeyEnvVar);
    return entry && entry.value.trim() !== '' ? [{ file, value: entry.value }] : [];
  });
}
