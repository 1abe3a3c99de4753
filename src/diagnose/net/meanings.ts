/**
 * What the error codes the network checks meet mean, in words a user can act on. Pure: no `vscode`.
 */

const dnsMeanings: Record<string, string> = {
  ENOTFOUND: 'the name does not exist for this network’s DNS (NXDOMAIN)',
  EAI_AGAIN: 'temporary failure: the DNS server did not answer (offline, or DNS blocked)',
  ETIMEOUT: 'the DNS server did not answer in time',
  ESERVFAIL: 'the DNS server failed to answer (SERVFAIL)',
  EREFUSED: 'the DNS server refused the query',
  ECONNREFUSED: 'no DNS server could be contacted',
  ENODATA: 'the name exists but has no address records',
  EAI_NODATA: 'the name exists but has no address records',
  EAI_FAIL: 'the DNS server failed permanently',
};

const socketMeanings: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens on that port, or a firewall rejects the connection',
  TIMEOUT: 'no answer: a firewall drops the packets, or the host is down',
  ETIMEDOUT: 'the connection attempt timed out: a firewall drops the packets, or the host is down',
  ENETUNREACH: 'network unreachable: no route to that network (IPv6 without IPv6 connectivity, or no network at all)',
  EHOSTUNREACH: 'host unreachable: no route to the host, or a firewall answers that it is unreachable',
  ECONNRESET: 'the connection was reset: a firewall or a proxy cut it',
  EADDRNOTAVAIL: 'the local address is not available (the network interface went away)',
  EPIPE: 'the other side closed the connection',
  EACCES: 'the connection is not permitted by this machine (a local firewall or sandbox)',
  EPERM: 'the connection is not permitted by this machine (a local firewall or sandbox)',
};

const tlsMeanings: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a root certificate this machine does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is not among the certificates this machine trusts',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of a certificate in the chain is not known',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server’s certificate cannot be verified: its issuer is unknown here',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presents a self-signed certificate',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet (or this computer’s clock is behind)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for other host names (hostname mismatch)',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'a signature in the certificate chain is invalid',
  CERT_UNTRUSTED: 'the certificate is not trusted for this purpose',
  INVALID_CA: 'a certificate in the chain is not allowed to issue certificates',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the other side does not speak TLS (plain HTTP on this port?)',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the other side does not speak TLS (plain HTTP on this port?)',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version both sides accept',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the server refused the handshake (no common cipher, or a filter by server name)',
  ECONNRESET: 'the connection was cut during the handshake (a firewall or filter, often by server name)',
  TIMEOUT: 'the handshake got no answer: something accepts the connection but does not answer TLS',
};

/** "ENOTFOUND (the name does not exist …)": the code and what it means. */
export function dnsErrorMeaning(code: string): string {
  return withMeaning(code, dnsMeanings[code]);
}

export function socketErrorMeaning(code: string): string {
  return withMeaning(code, socketMeanings[code]);
}

export function tlsErrorMeaning(code: string): string {
  return withMeaning(code, tlsMeanings[code] ?? socketMeanings[code]);
}

function withMeaning(code: string, meaning: string | undefined): string {
  return meaning ? `${code} (${meaning})` : code;
}

/** Verification failures that mean "the issuer is not one this machine trusts". */
export const untrustedIssuerCodes: ReadonlySet<string> = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/**
 * Products that inspect TLS by re-signing traffic with their own CA (corporate proxies, security suites,
 * debugging proxies): an issuer naming one is an interception, whatever host was asked for.
 */
const interceptingProducts = [
  'zscaler', 'netskope', 'palo alto', 'fortinet', 'fortigate', 'blue coat', 'bluecoat', 'forcepoint', 'websense', 'mcafee web gateway',
  'skyhigh', 'cisco umbrella', 'sophos', 'check point', 'checkpoint', 'barracuda', 'kaspersky', 'avast', 'avg ', 'eset ', 'bitdefender',
  'cloudflare gateway', 'menlo security', 'iboss', 'lightspeed', 'securly', 'goguardian', 'contentkeeper', 'untangle', 'mitmproxy',
  'charles proxy', 'fiddler', 'portswigger', 'burp',
];

/** The interception product an issuer name points to, if any. */
export function interceptingProductIn(issuer: string): string | undefined {
  const name = ` ${issuer.toLowerCase()} `;
  return interceptingProducts.find((product) => name.includes(product));
}
