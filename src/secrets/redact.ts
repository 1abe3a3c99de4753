/** Removes anything that looks like an Anthropic key from text bound for logs, notifications or reports. Pure. */

// Anthropic keys: sk-ant-<kind><version>-<body>. The body is base64url-ish.
const anthropicKeyPattern = /sk-ant-[A-Za-z]+\d*-[A-Za-z0-9_-]{4,}/g;

/** Exact secrets shorter than this are not masked: masking "abc" everywhere would garble text and hide nothing. */
const minimumSecretLength = 8;

/**
 * Replaces each exact secret given, and then every Anthropic-shaped key, with a mask.
 * Exact secrets go first: the pattern stops at the first character outside it (a `.`, a
 * space), so applied first it would leave the rest of such a secret in the text, no longer
 * matching the exact secret. Each secret is also masked in the forms it takes inside error
 * messages: JSON-escaped (a `\n` written as two characters) and split at its whitespace
 * (a line break turned into a space, or a message that quotes only one line of it).
 */
export function redactSecrets(text: string, exactSecrets: readonly string[] = []): string {
  let out = text;
  for (const form of secretForms(exactSecrets)) out = out.split(form).join('[REDACTED]');
  return out.replace(anthropicKeyPattern, (m) => `${/^sk-ant-[A-Za-z]+\d*-/.exec(m)?.[0] ?? 'sk-ant-'}[REDACTED]`);
}

/** Every form to mask, longest first, so that a secret is masked whole before any piece of it. */
function secretForms(exactSecrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of exactSecrets) {
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), ...secret.split(/[\s\p{Cc}]+/u)]) {
      if (form.length >= minimumSecretLength) forms.add(form);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
