/**
 * Whether a project already depends on a retry library the quick fixes can build on (tenacity for Python,
 * p-retry for TS/JS), read from the text of its manifests. Pure: the caller finds and reads the files.
 */

export interface ManifestFile {
  /** The file's name or path; only its base name matters (`pyproject.toml`, `requirements-dev.txt`, `package.json`). */
  path: string;
  text: string;
}

export interface RetryLibraries {
  tenacity: boolean;
  pRetry: boolean;
}

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** PEP 503 normalised name: case-insensitive, runs of `-`, `_`, `.` are one `-`. */
const normalise = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** The distribution name a requirement line or PEP 508 string starts with (`tenacity>=8`, `tenacity[doc]; python_version>"3"`). */
function requirementName(spec: string): string | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
  return match ? normalise(match[1]) : undefined;
}

/** requirements*.txt: one requirement a line; comments, options (`-r`, `-e`, `--hash`) and URLs are not names. */
function requirementsTxtNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(rawLine);
    const name = /:\/\//.test(line) ? (egg ? normalise(egg[1]) : undefined) : requirementName(line);
    if (name) names.add(name);
  }
  return names;
}

/**
 * pyproject.toml: the quoted strings of `dependencies = [...]` and `optional-dependencies` tables (PEP 621),
 * dependency-groups (PEP 735), and the keys of Poetry's `[tool.poetry.*dependencies]` tables. A small reader,
 * not a TOML parser: it looks only at those places.
 */
function pyprojectNames(text: string): Set<string> {
  const names = new Set<string>();
  let table = '';
  let inArray = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s#.*$/, '').trim();
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header && !inArray) {
      table = header[1].trim();
      continue;
    }
    const isListTable = table === 'project' || table === 'project.optional-dependencies' || table === 'dependency-groups';
    const startsList = isListTable && /=\s*\[/.test(line) && (table !== 'project' || /^dependencies\s*=/.test(line));
    if (inArray || startsList) {
      for (const match of line.matchAll(/["']([^"']+)["']/g)) {
        const name = requirementName(match[1]);
        if (name) names.add(name);
      }
      // The list ends at a `]` outside quotes (`tenacity[doc]` inside quotes is an extra, not the end).
      inArray = !line.replace(/["'][^"']*["']/g, '').includes(']');
      continue;
    }
    if (/^tool\.poetry(\.group\.[^.]+)?\.(dev-)?dependencies$/.test(table)) {
      const key = /^["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line);
      if (key) names.add(normalise(key[1]));
    }
  }
  return names;
}

/** package.json: every dependency field; unreadable JSON depends on nothing. */
function packageJsonNames(text: string): Set<string> {
  try {
    const manifest = JSON.parse(text) as Record<string, unknown>;
    const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
    return new Set(fields.flatMap((field) => {
      const deps = manifest[field];
      return deps && typeof deps === 'object' && !Array.isArray(deps) ? Object.keys(deps) : [];
    }));
  } catch {
    return new Set();
  }
}

/** A file name (base name) this module reads: package.json, pyproject.toml, requirements*.txt / .in. */
export function isManifestName(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return name === 'package.json' || name === 'pyproject.toml' || /^requirements.*\.(txt|in)$/.test(name);
}

/** Which of tenacity / p-retry the given manifests declare. Never throws. */
export function retryLibrariesIn(files: readonly ManifestFile[]): RetryLibraries {
  const python = new Set<string>();
  const node = new Set<string>();
  for (const file of files) {
    const name = baseName(file.path).toLowerCase();
    if (name === 'package.json') for (const n of packageJsonNames(file.text)) node.add(n);
    else if (name === 'pyproject.toml') for (const n of pyprojectNames(file.text)) python.add(n);
    else if (/^requirements.*\.(txt|in)$/.test(name)) for (const n of requirementsTxtNames(file.text)) python.add(n);
  }
  return { tenacity: python.has('tenacity'), pRetry: node.has('p-retry') };
}
