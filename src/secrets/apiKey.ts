/**
 * The Anthropic API key: checking what the user typed, resolving where the key comes
 * from, and showing it without revealing it. Pure: no `vscode` import.
 */

/** What the user typed into "Set API Key", cleaned and judged. */
export interface ApiKeyInput {
  /** The cleaned key (surrounding whitespace and quotes removed). */
  key: string;
  /**
   * `ok`: a standard API key; `admin`: an Admin API key, refused; `malformed`: whitespace or a control
   * character inside it, refused; `unusual`: another shape, accepted with a warning; `empty`: nothing left.
   */
  verdict: 'ok' | 'admin' | 'malformed' | 'unusual' | 'empty';
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
  const malformed = describeMalformedKey(key);
  if (malformed) return { key, verdict: 'malformed', cleaned, reason: `The key contains ${malformed} inside it. API keys never do, so it is not saved.` };
  if (!key.startsWith(apiKeyPrefix)) {
    return { key, verdict: 'unusual', cleaned, reason: `Claude API keys usually start with ${apiKeyPrefix}; this one does not. It is saved anyway (a proxy or gateway may use its own keys).` };
  }
  return { key, verdict: 'ok', cleaned };
}

// Whitespace anywhere (\s covers Unicode spaces and line breaks) and C0/C1 control characters.
const innerWhitespace = /\s/u;
const controlCharacter = /\p{Cc}/u;

/**
 * What a key (already trimmed) holds that makes it unusable ("a space or a line break"), or undefined
 * when it can be sent. A key with a space, line break or control character inside is a paste or an
 * environment variable gone wrong; sent as a header it fails with an error message that quotes the whole key.
 */
export function describeMalformedKey(key: string): string | undefined {
  if (innerWhitespace.test(key)) return 'a space or a line break';
  if (controlCharacter.test(key)) return 'a control character';
  return undefined;
}

/** What the user typed, as feedback for the input box; `error` blocks accepting it. Pure: the adapter maps the severity. */
export function keyInputFeedback(value: string): { message: string; severity: 'error' | 'warning' | 'info' } | undefined {
  if (value === '') return undefined;
  const input = checkApiKeyInput(value);
  switch (input.verdict) {
    case 'admin':
    case 'malformed':
    case 'empty':
      return { message: input.reason ?? '', severity: 'error' };
    case 'unusual':
      return { message: input.reason ?? '', severity: 'warning' };
    case 'ok':
      return input.cleaned.length > 0 ? { message: `Looks right. ${describeCleaning(input.cleaned, 'future')}`, severity: 'info' } : undefined;
  }
}

/** Where the key in use came from. */
export type ApiKeySource = 'secretStorage' | 'environment';

/** A key that was found but is not used, and why (words for the user, with a fingerprint, never the key). */
export interface RefusedApiKey {
  source: ApiKeySource;
  /** The masked form of the key (kind and last four characters), to tell which key is meant. */
  fingerprint: string;
  reason: string;
  /** The key itself, so that the log can mask it wherever it turns up. Never shown. */
  key: string;
}

/** The key in use, or that there is none; `refused` lists keys found but not usable (present only when there are some). */
export type ResolvedApiKey = ({ key: string; source: ApiKeySource } | { key: undefined; source: 'none' }) & { refused?: RefusedApiKey[] };

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
  const refused: RefusedApiKey[] = [];
  const usable = (key: string | undefined, source: ApiKeySource): key is string => {
    if (!key) return false;
    const malformed = describeMalformedKey(key);
    if (malformed) refused.push({ source, fingerprint: maskApiKey(key), reason: `it contains ${malformed} inside it. API keys never do, so it is not sent.`, key });
    return !malformed;
  };
  const withRefused = (resolved: ResolvedApiKey): ResolvedApiKey => (refused.length > 0 ? { ...resolved, refused } : resolved);
  if (usable(stored, 'secretStorage')) return withRefused({ key: stored, source: 'secretStorage' });
  const fromEnv = sources.env[sources.envVar]?.trim();
  if (usable(fromEnv, 'environment')) return withRefused({ key: fromEnv, source: 'environment' });
  return withRefused({ key: undefined, source: 'none' });
}

/** Tells the user that a key found in `refused.source` is not used, and what to do; shows only its fingerprint. */
export function describeRefusedKey(refused: RefusedApiKey, envVar: string): string {
  const remedy =
    refused.source === 'environment'
      ? `Fix the variable, or set a key with "Claude: Set API Key".`
      : `Set the key again with "Claude: Set API Key"; until then ${envVar} is used, if it is set.`;
  return `The Claude API key in ${describeKeySource(refused.source, envVar)} (${refused.fingerprint}) is not used: ${refused.reason} ${remedy}`;
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
  // A malformed key's tail may hold a line break or a control character: show those as a dot.
  const tail = key.length >= 12 ? key.slice(-4).replace(/[\s\p{Cc}]/gu, '·') : '';
  return `${kind}…${tail}`;
}

/** Tells the user what cleaning removed: "Removed surrounding quotes." (or, before saving, "… will be removed."). */
export function describeCleaning(cleaned: readonly string[], tense: 'past' | 'future'): string {
  if (cleaned.length === 0) return '';
  const list = cleaned.join(' and ');
  return tense === 'past' ? `Removed ${list}.` : `${list.charAt(0).toUpperCase()}${list.slice(1)} will be removed.`;
}
