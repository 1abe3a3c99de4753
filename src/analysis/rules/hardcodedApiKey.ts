/** claude/hardcoded-api-key: an Anthropic credential written in source. Pure: no `vscode` import. */
import type { Finding, Fix, OffsetEdit, Rule } from '../types';
import type { FileUsage, KeyLiteral } from '../usage/types';
import { ruleDocsUrl } from './docs';

const kindNames: Record<KeyLiteral['kind'], string> = {
  api03: 'API key',
  admin01: 'Admin API key',
  oat01: 'OAuth token',
  ort01: 'OAuth refresh token',
};

/** The environment variable each credential belongs in (the SDKs read the first two themselves). */
const environmentVariables: Record<KeyLiteral['kind'], string> = {
  api03: 'ANTHROPIC_API_KEY',
  oat01: 'ANTHROPIC_AUTH_TOKEN',
  admin01: 'ANTHROPIC_ADMIN_KEY',
  ort01: 'ANTHROPIC_REFRESH_TOKEN',
};

/** The only form of a key any output shows: its kind and last four characters. */
export function keyFingerprint(key: Pick<KeyLiteral, 'kind' | 'fingerprint'>): string {
  return `sk-ant-${key.kind}-…${key.fingerprint}`;
}

export const hardcodedApiKeyRule: Rule = {
  id: 'claude/hardcoded-api-key',
  defaultSeverity: 'error',
  description: 'An Anthropic API key, Admin key or OAuth token written in source: read it from the environment and rotate it.',
  fullDescription:
    'The file holds an Anthropic credential of real shape (sk-ant-api03-…, sk-ant-admin01-…, sk-ant-oat01-…). Anyone who can read the file, its history or a build made from it can spend on the account. The fix reads it from the environment (ANTHROPIC_API_KEY) instead; the key itself has been exposed and must be rotated in the Claude Console. Placeholders such as sk-ant-xxx are not reported. Messages show only the last four characters.',
  docsUrl: ruleDocsUrl('hardcoded-api-key'),
  check(usage: FileUsage): Finding[] {
    return usage.keyLiterals.map((key) => {
      const shown = keyFingerprint(key);
      const variable = environmentVariables[key.kind];
      const fix = environmentFix(usage, key, variable);
      return {
        ruleId: 'claude/hardcoded-api-key',
        severity: 'error',
        message: `An Anthropic ${kindNames[key.kind]} (${shown}) is written in the source: anyone who can read this file or its history can use it. Read it from the environment (${variable}) and rotate the key in the Claude Console: it has been exposed.`,
        range: key.span.range,
        startOffset: key.span.startOffset,
        endOffset: key.span.endOffset,
        model: null,
        replacement: null,
        fixes: fix ? [fix] : [],
      };
    });
  },
};

/** Replaces the string literal with an environment read (adding `import os` once in Python). */
function environmentFix(usage: FileUsage, key: KeyLiteral, variable: string): Fix | undefined {
  const literal = key.literalSpan;
  // Only a literal that is the key and nothing else (with its quotes): `f"Bearer {…}"` or a comment is left to the user.
  if (key.inComment || literal.startOffset !== key.span.startOffset - 1 || literal.endOffset !== key.span.endOffset + 1) return undefined;
  const edits: OffsetEdit[] = [];
  if (usage.language === 'python') {
    const hasOs = usage.imports.some((use) => use.names.os === '*' && use.module === 'os');
    if (!hasOs && usage.importInsertAt <= literal.startOffset) edits.push({ startOffset: usage.importInsertAt, endOffset: usage.importInsertAt, newText: `import os${usage.eol}` });
    else if (!hasOs) return undefined; // the import would have to go below the key: leave it to the user
    edits.push({ startOffset: literal.startOffset, endOffset: literal.endOffset, newText: `os.environ["${variable}"]` });
  } else {
    edits.push({ startOffset: literal.startOffset, endOffset: literal.endOffset, newText: scriptEnvironmentRead(variable, usage.text[literal.startOffset]) });
  }
  return { title: `Read the key from ${variable} (then rotate the exposed key)`, edits, isPreferred: true, kind: 'behaviour' };
}

/**
 * The TS/JS read of `variable`, failing at once when it is unset: `process.env.X` alone is `string | undefined`,
 * which TypeScript rejects where a string is needed, JavaScript would send as the key "undefined", and the SDK
 * (given `apiKey: undefined`) reports only that it "could not resolve authentication method".
 */
function scriptEnvironmentRead(variable: string, quote: string): string {
  const message = `${quote}${variable} is not set: the key was moved out of the source, into the environment${quote}`; // the key's own quotes
  return `(process.env.${variable} || (() => { throw new Error(${message}); })())`;
}
