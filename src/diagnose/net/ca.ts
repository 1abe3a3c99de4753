/**
 * The CAs to trust when extra ones are given. Node trusts only a `ca` it is given, so the list keeps what
 * Node trusts by default: its bundled roots and the file NODE_EXTRA_CA_CERTS names. Pure: no `vscode`.
 */
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

/** undefined without extra CAs (Node's defaults apply, and whatever the host process adds to them). */
export function caWithExtra(extra: readonly string[] | undefined): string[] | undefined {
  if (!extra || extra.length === 0) return undefined;
  return [...tls.rootCertificates, ...nodeExtraCaCertificates(), ...extra];
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * A secure context trusting the defaults and `extra`, made once per list: building one from ~150 roots
 * takes ~25 ms, too much to pay for every connection. undefined without extra CAs.
 */
export function secureContextWithExtra(extra: readonly string[] | undefined): tls.SecureContext | undefined {
  const ca = caWithExtra(extra);
  if (!ca || !extra) return undefined;
  const key = extra.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca });
    // A few lists at most in a process (the faces pass one); the bound only keeps a test run from growing it.
    if (contexts.size > 8) contexts.clear();
    contexts.set(key, context);
  }
  return context;
}

function nodeExtraCaCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } catch {
    // Node warns about an unreadable file at start-up; here it simply adds nothing.
    return [];
  }
}
