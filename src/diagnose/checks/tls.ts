/**
 * TLS: the handshake with the API host over the path the requests take (directly, or through the proxy's
 * tunnel), verified the way Node verifies (its default CAs, plus any extra ones given), then judged: the
 * certificate's subject, issuer, expiry (a warning near it) and names, and each verification failure by its
 * code, an untrusted issuer that is not a public CA being a TLS-intercepting proxy. Not applicable to http:.
 */
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { interceptingProductIn, tlsErrorMeaning, untrustedIssuerCodes } from '../net/meanings';
import { openPath } from '../net/path';
import { Deadline, NetStepError, SocketScope, tlsHandshake } from '../net/sockets';
import { hostPort, isAnthropicHost, type ApiTarget } from '../net/target';
import type { CheckContext, CheckOutcome, DiagnosisCheck, Evidence, Owner } from '../types';
import { caPlan, pathFailure, routeOf } from './connect';
import { cancelled } from '../outcomes';

export const tlsCheck: DiagnosisCheck = {
  id: 'tls',
  title: 'TLS',
  needs: ['connect'],
  run: checkTls,
};

/** A certificate that ends sooner than this is worth a warning: renewals usually happen a month ahead. */
const expiryWarningDays = 14;
const dayMs = 24 * 60 * 60 * 1000;

async function checkTls(context: CheckContext): Promise<CheckOutcome> {
  const route = routeOf(context);
  if ('outcome' in route) return route.outcome;
  const { api, proxy } = route;
  if (api.protocol === 'http:') return { status: 'skipped', summary: 'Not applicable: the base URL uses plain http.', skippedBecause: 'the base URL uses plain http, so there is no TLS' };
  const scope = new SocketScope();
  const deadline = new Deadline(context.inputs.timeoutMs, context.signal);
  try {
    let socket;
    try {
      socket = (await openPath(scope, { ...route, now: context.now, ...caPlan(context.extraCaCertificates) }, deadline.signal)).socket;
    } catch (error) {
      const outcome = pathFailure(error, api, proxy, context.inputs.timeoutMs);
      return outcome.status === 'skipped' ? outcome : { ...outcome, summary: `Before TLS: ${outcome.summary}` };
    }
    const began = context.now();
    let secure: tls.TLSSocket;
    try {
      secure = await tlsHandshake(scope, socket, { host: api.host, ...caPlan(context.extraCaCertificates) }, deadline.signal);
    } catch (error) {
      const code = error instanceof NetStepError ? error.code : 'UNKNOWN';
      if (code === 'ABORTED') return cancelled();
      return handshakeFailure(api, code, error instanceof Error ? error.message : String(error), context.inputs.timeoutMs, proxy !== undefined);
    }
    return judgeCertificate(api, secure, Math.round(context.now() - began), proxy !== undefined);
  } finally {
    deadline.dispose();
    scope.closeAll();
  }
}

function handshakeFailure(api: ApiTarget, code: string, message: string, timeoutMs: number, viaProxy: boolean): CheckOutcome {
  const where = hostPort(api);
  const anthropic = isAnthropicHost(api.host);
  const evidence: Evidence[] = [{ label: 'Error', value: code === 'TIMEOUT' ? `no TLS answer within ${timeoutMs} ms` : tlsErrorMeaning(code) }];
  if (code !== 'TIMEOUT' && message && !message.includes(code)) evidence.push({ label: 'Message', value: message.slice(0, 200) });
  if (viaProxy) evidence.push({ label: 'Path', value: 'through the proxy’s tunnel' });
  if (code === 'TIMEOUT') {
    return {
      status: 'fail',
      summary: `The TLS handshake with ${where} did not finish within ${timeoutMs} ms.`,
      evidence,
      owner: 'network',
      cause: `The TLS handshake with ${where} hangs: something on the path accepts the connection but does not answer TLS.`,
      nextStep: `A firewall or proxy is holding the connection: check whether this network requires a proxy (HTTPS_PROXY), or ask your network admins whether ${api.host} is filtered.`,
    };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return {
      status: 'fail',
      summary: `${where} does not answer in TLS (${code}).`,
      evidence,
      owner: anthropic ? 'network' : 'you',
      cause: `${where} does not speak TLS: something answers there in plain text.`,
      nextStep: anthropic
        ? `Something on the network answers for ${api.host} without TLS (a captive portal or a misconfigured proxy): sign in to the network’s portal, or ask your network admins.`
        : 'If that server speaks plain HTTP, use an http:// base URL (accepted only for localhost); otherwise point the base URL at its HTTPS port.',
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      status: 'fail',
      summary: `The connection to ${where} was cut during the TLS handshake (${code}).`,
      evidence,
      owner: 'network',
      cause: `The connection to ${where} is cut during the TLS handshake: a firewall or filter resets it.`,
      nextStep: `Ask your network admins whether ${api.host} is blocked (filters often cut the handshake by server name), or whether a proxy is required.`,
    };
  }
  return {
    status: 'fail',
    summary: `The TLS handshake with ${where} failed: ${code}.`,
    evidence,
    owner: 'network',
    cause: `The TLS handshake with ${where} fails: ${tlsErrorMeaning(code)}.`,
    nextStep: `Ask your network admins whether TLS to ${api.host} is filtered or inspected.`,
  };
}

/** One certificate of the chain the server sent, as shown. */
interface ChainLink {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  names: string[];
  fingerprint: string;
  raw: Buffer;
}

function judgeCertificate(api: ApiTarget, secure: tls.TLSSocket, handshakeMs: number, viaProxy: boolean): CheckOutcome {
  const chain = chainOf(secure.getPeerCertificate(true));
  const leaf = chain[0];
  const where = hostPort(api);
  const evidence: Evidence[] = [{ label: 'Handshake time', value: `${handshakeMs} ms` }, { label: 'Protocol', value: `${secure.getProtocol() ?? 'unknown'}, ${secure.getCipher()?.name ?? 'unknown cipher'}` }];
  if (viaProxy) evidence.push({ label: 'Path', value: 'through the proxy’s tunnel' });
  if (!leaf) {
    return { status: 'fail', summary: `${where} sent no certificate.`, evidence, owner: 'network', cause: `${where} completes TLS without a certificate.`, nextStep: 'Ask your network admins what answers for this host.' };
  }
  const top = chain[chain.length - 1];
  const topIssuer = dnOf(top.raw, 'issuer');
  const issuerName = commonName(topIssuer) ?? top.issuer;
  const publicIssuer = isPublicRoot(topIssuer);
  evidence.push(
    { label: 'Subject', value: leaf.subject },
    { label: 'Issuer', value: leaf.issuer },
    { label: 'Chain', value: [...chain.map((link) => link.subject), issuerName].filter((name, i, all) => all.indexOf(name) === i).join(' → ') },
    { label: 'Valid', value: `${isoDay(leaf.validFrom)} to ${isoDay(leaf.validTo)}` },
    { label: 'Names (SAN)', value: listed(leaf.names) },
    { label: 'SHA-256 fingerprint', value: leaf.fingerprint },
    { label: 'Issuer is a public CA', value: publicIssuer ? 'yes (in Node’s bundled root store)' : 'no' },
  );

  if (secure.authorized) {
    const daysLeft = Math.floor((leaf.validTo.getTime() - Date.now()) / dayMs);
    evidence.push({ label: 'Verification', value: 'trusted' });
    const summary = `${secure.getProtocol() ?? 'TLS'} in ${handshakeMs} ms; certificate for ${leaf.subject} from ${commonName(dnOf(leaf.raw, 'issuer')) ?? leaf.issuer}, valid until ${isoDay(leaf.validTo)}.`;
    if (daysLeft < expiryWarningDays) {
      return {
        status: 'warn',
        summary,
        evidence,
        owner: certificateOwner(api, publicIssuer),
        cause: `The certificate of ${where} expires in ${Math.max(0, daysLeft)} day${daysLeft === 1 ? '' : 's'} (${isoDay(leaf.validTo)}).`,
        nextStep: `Whoever runs ${publicIssuer ? where : `the proxy that issues it (issuer: ${issuerName})`} must renew it before then; until it is renewed, every request fails.`,
      };
    }
    return { status: 'pass', summary, evidence };
  }

  const code = String(secure.authorizationError ?? 'UNKNOWN');
  evidence.push({ label: 'Verification', value: `failed: ${tlsErrorMeaning(code)}` });
  const summary = `${where}: ${code}.`;
  const fail = (owner: Owner, cause: string, nextStep: string): CheckOutcome => ({ status: 'fail', summary, evidence, owner, cause, nextStep });
  const trustForClients = (pem: string) =>
    `for Node set NODE_EXTRA_CA_CERTS=/path/to/${pem}.pem, for Python SSL_CERT_FILE or REQUESTS_CA_BUNDLE`;

  if (untrustedIssuerCodes.has(code)) {
    const product = interceptingProductIn(issuerName);
    if (!publicIssuer && (product || isAnthropicHost(api.host))) {
      return fail(
        'network',
        `A TLS-intercepting proxy (issuer: ${issuerName}) sits between you and ${api.host}.`,
        `Trust its CA (ask IT for the “${issuerName}” certificate, or export it from the system store): ${trustForClients('corporate-ca')}; or ask IT to allow-list ${api.host} so it is not inspected.`,
      );
    }
    return fail(
      'network',
      `The certificate of ${where} is issued by a CA this machine does not trust (issuer: ${issuerName}): a private CA, or a TLS-intercepting proxy.`,
      `If the gateway uses a private CA, trust it: ${trustForClients('private-ca')}; if not, ask IT whether TLS to ${api.host} is inspected.`,
    );
  }
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    if (isAnthropicHost(api.host)) {
      return fail('network', `Something on your network answers for ${api.host} with a self-signed certificate (${leaf.subject}).`, `Ask your network admins what intercepts ${api.host} (a proxy or security appliance), and to allow-list it.`);
    }
    return fail('network', `${where} presents a self-signed certificate (${leaf.subject}), which no client trusts.`, `Give the server a certificate from a trusted CA, or trust this one: ${trustForClients('server-cert')}.`);
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return fail(
      certificateOwner(api, publicIssuer),
      `The certificate of ${where} expired on ${isoDay(leaf.validTo)} (issuer: ${issuerName}).`,
      `Check this computer’s clock first (it says ${new Date().toISOString()}); if it is right, whoever runs ${publicIssuer ? where : `the proxy that issues it (${issuerName})`} must renew the certificate.`,
    );
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return fail('you', `The certificate of ${where} is not valid until ${isoDay(leaf.validFrom)}: this computer’s clock is probably behind.`, `Set this computer’s clock right (it says ${new Date().toISOString()}), e.g. turn on automatic time.`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    if (isAnthropicHost(api.host)) {
      return fail('network', `The certificate presented for ${api.host} is for other names (${listed(leaf.names)}): something else answers for it.`, `A captive portal or a misrouted proxy answers for ${api.host}: sign in to the network’s portal, or ask your network admins.`);
    }
    return fail('you', `The certificate of ${where} is for other names (${listed(leaf.names)}), not ${api.host}.`, `Use one of the certificate’s names in the base URL, or have the server’s certificate include ${api.host}.`);
  }
  return fail('network', `TLS verification of ${where} fails: ${tlsErrorMeaning(code)}.`, `Ask your network admins whether TLS to ${api.host} is inspected or filtered.`);
}

/** Whose problem a certificate is: an unknown issuer is the network's proxy; a public one is the host's operator. */
function certificateOwner(api: ApiTarget, publicIssuer: boolean): Owner {
  if (!publicIssuer) return 'network';
  return isAnthropicHost(api.host) ? 'anthropic' : 'you';
}

function chainOf(leaf: tls.DetailedPeerCertificate): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set<string>();
  for (let cert: tls.DetailedPeerCertificate | undefined = leaf; cert && cert.raw && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push({
      subject: nameOf(cert.subject),
      issuer: nameOf(cert.issuer),
      validFrom: new Date(cert.valid_from),
      validTo: new Date(cert.valid_to),
      names: (cert.subjectaltname ?? '').split(', ').filter(Boolean).map((name) => name.replace(/^(DNS|IP Address):/, '')),
      fingerprint: cert.fingerprint256,
      raw: cert.raw,
    });
  }
  return chain;
}

/** "CN=Zscaler Root CA, O=Zscaler Inc." from Node's parsed name. */
function nameOf(name: tls.Certificate | undefined): string {
  if (!name) return 'unknown';
  const parts = (['CN', 'O', 'OU'] as const).flatMap((field) => {
    const value = name[field];
    return value ? [`${field}=${Array.isArray(value) ? value.join('+') : value}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'unknown';
}

function dnOf(raw: Buffer, which: 'issuer' | 'subject'): string {
  try {
    return new X509Certificate(raw)[which];
  } catch {
    return '';
  }
}

function commonName(dn: string): string | undefined {
  const line = dn.split('\n').find((part) => part.startsWith('CN=')) ?? dn.split('\n').find((part) => part.startsWith('O='));
  return line?.replace(/^(CN|O)=/, '').replace(/\\,/g, ',');
}

let publicRootSubjects: Set<string> | undefined;

/** Whether a distinguished name is the subject of a root in Node's bundled store (parsed once, ~20 ms, only when judged). */
function isPublicRoot(dn: string): boolean {
  publicRootSubjects ??= new Set(tls.rootCertificates.map((pem) => dnOf(Buffer.from(pem), 'subject')));
  return dn !== '' && publicRootSubjects.has(dn);
}

function isoDay(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString().slice(0, 10);
}

function listed(names: string[]): string {
  if (names.length === 0) return 'none';
  return names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
}
