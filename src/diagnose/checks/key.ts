/**
 * Check 1, the key: which credential is in use and where it came from (the editor's secret storage, then
 * ANTHROPIC_API_KEY, then ANTHROPIC_AUTH_TOKEN, as the SDKs read them), whether its shape can work, and whether a
 * workspace `.env` holds a different key. Only fingerprints (`sk-ant-api03-…a1b2`) ever reach a string. Pure.
 */
import { apiKeyEnvVar } from '../../constants';
import { checkApiKeyInput, describeMalformedKey, maskApiKey } from '../../secrets/apiKey';
import { defaultApiBaseUrl } from '../../util/endpoints';
import type { CheckOutcome, Credential, CredentialCandidate, DiagnoseInputs, DiagnosisCheck, Evidence, Owner } from '../types';

/**
 * The evidence label of a doubt about the key's shape (truncated, quotes around it, an OAuth token): the verdict
 * adds it to a 401, which it likely explains.
 */
export const keyDoubtLabel = 'Doubt';

// facts §8: sk-ant-api03- + 93 characters of [A-Za-z0-9_-] + AA.
const apiKeyPrefix = 'sk-ant-api03-';
const apiKeyLength = apiKeyPrefix.length + 93 + 2;
const apiKeyBody = /^[A-Za-z0-9_-]*$/;
const oauthPrefixes = ['sk-ant-oat01-', 'sk-ant-ort01-'];

export const keyCheck: DiagnosisCheck = {
  id: 'key',
  title: 'API key',
  needs: [],
  run: async (context) => judgeKey(context.inputs),
};

interface Finding {
  status: 'warn' | 'fail';
  /** A few words for the summary line ("looks truncated (90 of 108 characters)"); the cause is the full sentence. */
  short: string;
  cause: string;
  nextStep: string;
  owner: Owner;
  /** A doubt that would explain a 401 from the API (shown under `keyDoubtLabel`). */
  doubt?: boolean;
  /** About a `.env` file (its own evidence line says it). */
  dotEnv?: boolean;
}

/** The key check's answer for these inputs (exported for the tests and the faces' previews). */
export function judgeKey(inputs: Pick<DiagnoseInputs, 'credentials' | 'dotEnvKeys' | 'baseUrl' | 'setKeyHint'>): CheckOutcome {
  const evidence: Evidence[] = [];
  const inUse = inputs.credentials.find((candidate) => candidate.raw.trim() !== '');
  for (const candidate of inputs.credentials) {
    if (candidate === inUse) continue;
    if (candidate.raw.trim() === '') evidence.push({ label: sourceLabel(candidate.source), value: 'set but blank: ignored' });
    else evidence.push({ label: sourceLabel(candidate.source), value: `also set (${maskApiKey(checkApiKeyInput(candidate.raw).key)}), not used: ${inUse ? sourceLabel(inUse.source) : 'another'} comes first` });
  }

  if (!inUse) {
    for (const variable of [apiKeyEnvVar, 'ANTHROPIC_AUTH_TOKEN'] as const) {
      if (!inputs.credentials.some((candidate) => candidate.source === variable)) evidence.push({ label: variable, value: 'not set' });
    }
    for (const dotEnv of inputs.dotEnvKeys) {
      evidence.push({ label: dotEnv.file, value: `sets ${apiKeyEnvVar} (${maskApiKey(checkApiKeyInput(dotEnv.value).key)}), but the SDKs do not read .env files themselves: only a program that loads it (dotenv, python-dotenv) gets it` });
    }
    const nextStep = inputs.setKeyHint ?? `Create a key in the Claude Console (console.anthropic.com, API keys) and set ${apiKeyEnvVar} to it.`;
    return { status: 'fail', summary: 'No API key is set.', evidence, owner: 'you', cause: 'No API key is set.', nextStep };
  }

  const judged = checkApiKeyInput(inUse.raw);
  const kind: Credential['kind'] = inUse.source === 'ANTHROPIC_AUTH_TOKEN' ? 'authToken' : 'apiKey';
  const fingerprint = maskApiKey(judged.key);
  const where = describeSource(inUse.source);
  const findings: Finding[] = [];
  const anthropicHost = isAnthropicHost(inputs.baseUrl);

  evidence.unshift({ label: 'In use', value: `${fingerprint || '(empty)'} (${kind === 'apiKey' ? 'an API key' : 'an auth token, sent as Authorization: Bearer'}) from ${where}` });

  const around = describeSurroundings(inUse.raw, judged.cleaned);
  // The doctor sends the cleaned key, so what surrounds it explains failures of the user's programs, not a 401 here.
  if (around && judged.verdict !== 'empty') {
    const sends = around.quotes
      ? 'the SDKs send that as part of the key, and the API rejects it (401)'
      : inUse.source === 'secretStorage'
        ? 'the editor trims it, but a copy of this key elsewhere may keep it'
        : "Python's SDK and raw HTTP clients send it as part of the key (the TypeScript SDK trims whitespace)";
    findings.push({
      status: 'warn',
      owner: 'you',
      short: around.text,
      cause: `${capitalize(where)} has ${around.text}: ${sends}.`,
      nextStep: `${resetStep(inUse.source)} Use the key alone: no quotes, spaces or line breaks around it.`,
    });
  }

  if (judged.verdict === 'empty') {
    findings.push({ status: 'fail', owner: 'you', short: 'no key, only quotes or a prefix', cause: `${capitalize(where)} is set but holds no key, only ${judged.cleaned.includes('surrounding quotes') ? 'empty quotes' : `"${apiKeyEnvVar}="`}.`, nextStep: `${resetStep(inUse.source)} Put the key itself there.` });
  } else if (judged.verdict === 'admin') {
    findings.push({
      status: 'fail',
      owner: 'you',
      short: 'an Admin API key, which cannot call the API',
      cause: `The key in use (${fingerprint}, from ${where}) is an Admin API key: admin keys cannot call the Messages or Models API.`,
      nextStep: 'Create a standard API key (sk-ant-api03-…) in the Claude Console and use it instead; keep the admin key for the Admin API.',
    });
  } else if (judged.verdict === 'malformed') {
    findings.push({
      status: 'fail',
      owner: 'you',
      short: `${describeMalformedKey(judged.key) ?? 'a space or a line break'} inside it`,
      cause: `The key from ${where} (${fingerprint}) has ${describeMalformedKey(judged.key) ?? 'a space or a line break'} inside it.`,
      nextStep: `${resetStep(inUse.source)} Keep the whole key on one line: a key broken across lines, or two values run together, looks like this.`,
    });
  } else if (kind === 'apiKey') {
    findings.push(...judgeApiKeyShape(judged.key, where, inUse.source, anthropicHost));
  }

  const valid = !findings.some((finding) => finding.status === 'fail');
  evidence.push({ label: 'Shape', value: describeShape(judged.key, kind) });
  for (const finding of findings) if (finding.doubt) evidence.push({ label: keyDoubtLabel, value: finding.cause });

  // The workspace's .env: a program that loads it may use another key than the one diagnosed here.
  for (const dotEnv of inputs.dotEnvKeys) {
    const other = checkApiKeyInput(dotEnv.value).key;
    if (other === '') continue;
    const otherPrint = maskApiKey(other);
    if (kind === 'apiKey' && other === judged.key) {
      evidence.push({ label: dotEnv.file, value: `sets ${apiKeyEnvVar} to the same key (${otherPrint})` });
      continue;
    }
    const samePrint = otherPrint === fingerprint ? ' (the same last four characters, but another key)' : '';
    const versus = kind === 'authToken' ? `, which the SDKs prefer to ANTHROPIC_AUTH_TOKEN (in use: ${fingerprint})` : ` than the one in use (${fingerprint}, from ${where})`;
    evidence.push({ label: dotEnv.file, value: `sets ${apiKeyEnvVar} to a different key (${otherPrint})${samePrint}` });
    findings.push({
      status: 'warn',
      owner: 'you',
      dotEnv: true,
      short: `${dotEnv.file} holds another key (${otherPrint})`,
      cause: `${dotEnv.file} sets ${apiKeyEnvVar} to a different key (${otherPrint})${samePrint}${versus}.`,
      nextStep: `Programs that load ${dotEnv.file} use ${otherPrint} when ${apiKeyEnvVar} is not already set: use one key in both places, or remove the line.`,
    });
  }

  const credential: Credential = { kind, value: judged.key, source: inUse.source, fingerprint };
  // A failure leads; then a doubt about the shape (the verdict adds it to a 401, with this next step).
  const lead = findings.find((finding) => finding.status === 'fail') ?? findings.find((finding) => finding.doubt) ?? findings[0];
  if (!lead) return { status: 'pass', summary: `${fingerprint} from ${where}.`, evidence, facts: { credential } };
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more: see the evidence)` : '';
  for (const finding of findings) if (finding !== lead && !finding.doubt && !finding.dotEnv) evidence.push({ label: 'Also', value: finding.cause });
  return {
    status: lead.status,
    summary: `${fingerprint} from ${where}: ${lead.short}${more}.`,
    evidence,
    owner: lead.owner,
    cause: lead.cause,
    nextStep: lead.nextStep,
    ...(valid && { facts: { credential } }),
  };
}

/** What is wrong with an API key's shape, against facts §8; a custom gateway may use keys of its own. */
function judgeApiKeyShape(key: string, where: string, source: CredentialCandidate['source'], anthropicHost: boolean): Finding[] {
  const fingerprint = maskApiKey(key);
  const oauth = oauthPrefixes.find((prefix) => key.startsWith(prefix));
  if (oauth) {
    const what = oauth === 'sk-ant-oat01-' ? 'a Claude OAuth access token' : 'a Claude OAuth refresh token';
    return [{
      status: anthropicHost ? 'fail' : 'warn',
      owner: 'you',
      doubt: !anthropicHost,
      short: `${what}, not an API key`,
      cause: `${capitalize(where)} holds ${what} (${oauth}…), not an API key: the API does not take it as a key.`,
      nextStep: `OAuth tokens belong to a Claude subscription login (Claude Code); the API needs a key from the Claude Console (API keys). ${resetStep(source)}`,
    }];
  }
  if (!key.startsWith(apiKeyPrefix)) {
    if (!anthropicHost) return [];
    return [{
      status: 'warn',
      owner: 'you',
      doubt: true,
      short: `does not start ${apiKeyPrefix} like a Claude API key`,
      cause: `The key from ${where} (${fingerprint}) does not look like a Claude API key: they start with ${apiKeyPrefix}.`,
      nextStep: `Check that it is a key from the Claude Console (API keys), not another service's. ${resetStep(source)}`,
    }];
  }
  const body = key.slice(apiKeyPrefix.length);
  const problems: string[] = [];
  const shorts: string[] = [];
  if (!apiKeyBody.test(body)) {
    problems.push('it has characters Claude API keys never contain (only letters, digits, - and _)');
    shorts.push('characters keys never contain');
  }
  if (key.length < apiKeyLength) {
    problems.push(`it looks truncated: ${key.length} characters, where Claude API keys have ${apiKeyLength}`);
    shorts.push(`looks truncated (${key.length} of ${apiKeyLength} characters)`);
  } else if (key.length > apiKeyLength) {
    const twoKeys = key.indexOf('sk-ant-', 1) > 0;
    problems.push(`it is longer than a Claude API key: ${key.length} characters, where they have ${apiKeyLength}${twoKeys ? ' (two keys run together?)' : ''}`);
    shorts.push(`too long (${key.length} of ${apiKeyLength} characters)`);
  } else if (!key.endsWith('AA')) {
    problems.push('it does not end in AA, as every Claude API key does');
    shorts.push('does not end in AA');
  }
  if (problems.length === 0) return [];
  return [{
    status: 'warn',
    owner: 'you',
    doubt: true,
    short: shorts.join(', '),
    cause: `The key from ${where} (${fingerprint}) may not work: ${problems.join('; ')}.`,
    nextStep: `Copy the whole key again from where you saved it (the Claude Console shows it only once; create a new one if it is lost). ${resetStep(source)}`,
  }];
}

/** One line on the key's shape, for the evidence (no part of the key but its kind). */
function describeShape(key: string, kind: Credential['kind']): string {
  const exact = key.startsWith(apiKeyPrefix) && key.length === apiKeyLength && key.endsWith('AA') && apiKeyBody.test(key.slice(apiKeyPrefix.length));
  if (exact) return `${apiKeyPrefix}, ${apiKeyLength} characters, ending AA: a Claude API key's shape`;
  const prefix = /^sk-ant-[a-z]+\d*-/.exec(key)?.[0];
  const start = prefix ? `starts ${prefix}` : 'no sk-ant- prefix';
  const end = key.endsWith('AA') ? ', ending AA' : '';
  const expected = kind === 'apiKey' ? ` (a Claude API key: ${apiKeyPrefix}, ${apiKeyLength} characters, ending AA)` : '';
  return `${start}, ${key.length} characters${end}${expected}`;
}

/** "a line break after the key", "quotes around the key", … when cleaning removed something around the key, else undefined. */
function describeSurroundings(raw: string, cleaned: readonly string[]): { text: string; quotes: boolean } | undefined {
  if (cleaned.length === 0) return undefined;
  const parts: string[] = [];
  const quotes = cleaned.includes('surrounding quotes');
  if (quotes) parts.push('quotes around the key');
  if (cleaned.includes('the ANTHROPIC_API_KEY= prefix')) parts.push(`"${apiKeyEnvVar}=" in front of the key`);
  const leading = /^\s+/.exec(raw)?.[0] ?? '';
  const trailing = /\s+$/.exec(raw)?.[0] ?? '';
  if (leading) parts.push(`${whitespaceName(leading)} before the key`);
  if (trailing) parts.push(`${whitespaceName(trailing)} after the key`);
  // Whitespace inside the quotes ("  sk-… ") was cleaned too; the quotes already say the value needs fixing.
  if (parts.length === 0) return undefined;
  return { text: parts.join(' and '), quotes: quotes || cleaned.includes('the ANTHROPIC_API_KEY= prefix') };
}

function whitespaceName(run: string): string {
  if (/[\r\n]/.test(run)) return run.replace(/[^\r\n]/g, '').replace(/\r\n/g, '\n').length > 1 ? 'line breaks' : 'a line break';
  if (/\t/.test(run)) return 'a tab';
  return run.length > 1 ? 'spaces' : 'a space';
}

function isAnthropicHost(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === new URL(defaultApiBaseUrl).hostname || host.endsWith('.anthropic.com');
  } catch {
    return true;
  }
}

/** "the ANTHROPIC_API_KEY environment variable", "the editor's secret storage". */
function describeSource(source: CredentialCandidate['source']): string {
  return source === 'secretStorage' ? "the editor's secret storage" : `the ${source} environment variable`;
}

/** Short name for evidence labels. */
function sourceLabel(source: CredentialCandidate['source']): string {
  return source === 'secretStorage' ? 'Secret storage' : source;
}

/** How to put a corrected key where this one came from. */
function resetStep(source: CredentialCandidate['source']): string {
  return source === 'secretStorage' ? 'Set the key again with "Claude: Set API Key".' : `Fix ${source} where it is set (shell profile, CI secret, launch configuration).`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
