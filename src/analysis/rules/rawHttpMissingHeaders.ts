/**
 * claude/raw-http-missing-headers: raw HTTP to the Claude API without `anthropic-version` or without a key
 * header (`x-api-key`, or `authorization` for OAuth tokens). Headers the usage model cannot read are not
 * judged. Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import type { FileUsage } from '../usage/types';
import { callFinding } from './callFinding';
import { ruleDocsUrl } from './docs';

export const rawHttpMissingHeadersRule: Rule = {
  id: 'claude/raw-http-missing-headers',
  defaultSeverity: 'error',
  description: 'Raw HTTP to the Claude API without the anthropic-version header or without the key header (x-api-key): the API answers 400 or 401.',
  fullDescription:
    'Every request to the Claude API needs an anthropic-version header (2023-06-01 is the long-standing value) and the key in x-api-key (or an OAuth token in Authorization: Bearer). Without anthropic-version the API answers 400 invalid_request_error; without the key, 401 authentication_error; neither is worth retrying. Headers built where the file does not show them (a variable from elsewhere, a spread) are not judged. The SDKs send both for you.',
  docsUrl: ruleDocsUrl('raw-http-missing-headers'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const call of usage.calls) {
      if (call.kind !== 'rawHttp' || !call.headers) continue;
      const sent = new Set(call.headers.map((header) => header.toLowerCase()));
      const missing: string[] = [];
      if (!sent.has('anthropic-version')) missing.push('anthropic-version (the API answers 400 invalid_request_error)');
      if (!sent.has('x-api-key') && !sent.has('authorization')) missing.push('x-api-key (the API answers 401 authentication_error)');
      if (missing.length === 0) continue;
      findings.push(callFinding('claude/raw-http-missing-headers', 'error', call, `This request to the Claude API does not send ${missing.join(' or ')}. Add ${missing.map((m) => m.split(' ')[0]).map((h) => (h === 'anthropic-version' ? "'anthropic-version': '2023-06-01'" : "'x-api-key' (read from ANTHROPIC_API_KEY)")).join(' and ')}, or use the SDK, which sends both.`));
    }
    return findings;
  },
};
