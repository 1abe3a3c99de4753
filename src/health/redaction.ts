/**
 * Masks secrets in everything the health UI shows (status bar text and tooltip, the details view,
 * notifications). Pure. Server-provided words reach those strings (error messages, incident names),
 * so each string is redacted before it is escaped or cut: escaping would hide a key from the pattern.
 */
import { redactSecrets } from '../secrets/redact';

/** A copy of a JSON-like value with every string passed through `redactSecrets` (numbers, booleans kept). */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  return walk(value, secrets, 0) as T;
}

function walk(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = walk(item, secrets, depth + 1);
  return out;
}
