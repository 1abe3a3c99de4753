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
