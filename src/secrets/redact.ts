/** Removes anything that looks like an Anthropic key from text bound for logs or reports. Pure. */

// Anthropic keys: sk-ant-<kind><version>-<body>. The body is base64url-ish.
const anthropicKeyPattern = /sk-ant-[A-Za-z]+\d*-[A-Za-z0-9_-]{4,}/g;

/**
 * Replaces every Anthropic-shaped key, and each exact secret given, with a mask
 * that keeps only the key's kind. Exact secrets cover keys of other shapes (a gateway's).
 */
export function redactSecrets(text: string, exactSecrets: readonly string[] = []): string {
  let out = text.replace(anthropicKeyPattern, (m) => `${/^sk-ant-[A-Za-z]+\d*-/.exec(m)?.[0] ?? 'sk-ant-'}[REDACTED]`);
  for (const secret of exactSecrets) {
    if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}
