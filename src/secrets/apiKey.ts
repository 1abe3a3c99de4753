/**
 * The Anthropic API key: checking what the user typed, resolving where the key comes
 * from, and showing it without revealing it. Pure: no `vscode` import.
 */

/** What the user typed into "Set API Key", cleaned and judged. */
export interface ApiKeyInput {
  /** The cleaned key (surrounding whitespace and quotes removed). */
  key: string;
  /** `ok`: a standard API key; `admin`: an Admin API key, refused; `unusual`: another shape, accepted with a warning; `empty`: nothing left. */
  verdict: 'ok' | 'admin' | 'unusual' | 'empty';
  /** What cleaning removed, to tell the user (e.g. "surrounding quotes"). */
  cleaned: string[];
  /** Why the key is refused or doubtful, in words for the user. */
  reason?: string;
}

const apiKeyPrefix = 'sk-ant-api03-';
const adminKeyPrefix = 'sk-ant-admin01-';
const quotePairs: Array<[string, string]> = [['"', '"'], ["'", "'"], ['`', '`'], ['“', '”'], ['‘', '’']];

/** Cleans and judges a pasted key. Keys are often pasted with quotes from a `.env` file or with a trailing newline. */
export function checkApiKeyInput(raw: string): ApiKeyInput {
  const cleaned: string[] = [];
  let key = raw;
  const trimmed = key.trim();
  if (trimmed !== key) cleaned.push('surrounding whitespace');
  key = trimmed;
  // Strip one pair of matching quotes, then any whitespace they enclosed.
  for (const [open, close] of quotePairs) {
    if (key.length >= 2 && key.startsWith(open) && key.endsWith(close)) {
      key = key.slice(open.length, key.length - close.length).trim();
      cleaned.push('surrounding quotes');
      break;
    }
  }
  if (key.startsWith('ANTHROPIC_API_KEY=')) {
    key = key.slice('ANTHROPIC_API_KEY='.length).trim().replace(/^["']|["']$/g, '');
    cleaned.push('the ANTHROPIC_API_KEY= prefix');
  }
  if (key === '') return { key, verdict: 'empty', cleaned, reason: 'The key is empty.' };
  if (key.startsWith(adminKeyPrefix)) {
    return {
      key,
      verdict: 'admin',
      cleaned,
      reason: 'This is an Admin API key (sk-ant-admin01-…). Admin keys manage an organization and cannot call the Messages or Models API. Create a standard API key (sk-ant-api03-…) in the Claude Console.',
    };
  }
  if (/\s/.test(key)) {
    return { key, verdict: 'unusual', cleaned, reason: 'The key contains spaces or line breaks; API keys never do.' };
  }
  if (!key.startsWith(apiKeyPrefix)) {
    return { key, verdict: 'unusual', cleaned, reason: `Claude API keys usually start with ${apiKeyPrefix}; this one does not. It is saved anyway (a proxy or gateway may use its own keys).` };
  }
  return { key, verdict: 'ok', cleaned };
}

/** Where the key in use came from. */
export type ApiKeySource = 'secretStorage' | 'environment';

/** The key in use, or that there is none. */
export type ResolvedApiKey = { key: string; source: ApiKeySource } | { key: undefined; source: 'none' };

/** Where to look for a key: the stored secret first, then the environment the SDKs read. */
export interface ApiKeySources {
  readStoredKey(): Promise<string | undefined>;
  env: Readonly<Record<string, string | undefined>>;
  envVar: string;
}

/** Resolves the key: SecretStorage first (an explicit choice in the editor), then `ANTHROPIC_API_KEY`. */
export async function resolveApiKey(sources: ApiKeySources): Promise<ResolvedApiKey> {
  let stored: string | undefined;
  try {
    stored = (await sources.readStoredKey())?.trim();
  } catch {
    // A keyring that cannot be read (locked, no secret service) must not hide the environment key.
    stored = undefined;
  }
  if (stored) return { key: stored, source: 'secretStorage' };
  const fromEnv = sources.env[sources.envVar]?.trim();
  if (fromEnv) return { key: fromEnv, source: 'environment' };
  return { key: undefined, source: 'none' };
}

/** Words for the user about where the key came from. */
export function describeKeySource(source: ApiKeySource | 'none', envVar: string): string {
  switch (source) {
    case 'secretStorage':
      return "the editor's secret storage";
    case 'environment':
      return `the ${envVar} environment variable`;
    case 'none':
      return 'nowhere: no key is set';
  }
}

/** A form of the key safe to show: its kind and last four characters, e.g. `sk-ant-api03-…x7Qa`. */
export function maskApiKey(key: string): string {
  const kind = /^sk-ant-[a-z]+\d*-/.exec(key)?.[0] ?? '';
  const tail = key.length >= 12 ? key.slice(-4) : '';
  return `${kind}…${tail}`;
}

/** Tells the user what cleaning removed: "Removed surrounding quotes." (or, before saving, "… will be removed."). */
export function describeCleaning(cleaned: readonly string[], tense: 'past' | 'future'): string {
  if (cleaned.length === 0) return '';
  const list = cleaned.join(' and ');
  return tense === 'past' ? `Removed ${list}.` : `${list.charAt(0).toUpperCase()}${list.slice(1)} will be removed.`;
}
