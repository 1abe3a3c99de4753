/**
 * Authentication: the zero-token `GET /v1/models?limit=1` through the official SDK with the credential
 * the key check accepted (`x-api-key`, or `Authorization: Bearer` for an auth token). Its answer
 * (status, latency, request-id, rate-limit headers, `Date`) is handed to the rate-limit and clock checks.
 * A 429 leaves the key unjudged (a warning); the rate-limit check then names the cause. Pure.
 */
import { exchange, type ApiExchange } from '../api/exchange';
import { maskProxyUrl } from '../proxy';
import { explainApiFailure } from '../api/explain';
import { apiTargetFor, failureSetting } from '../api/target';
import type { AuthAnswer, CheckContext, CheckOutcome, Credential, DiagnosisCheck, Evidence } from '../types';

const REQUEST = 'GET /v1/models';

export const authCheck: DiagnosisCheck = {
  id: 'auth',
  title: 'Authentication',
  needs: ['key', 'tls'],
  async run(context: CheckContext): Promise<CheckOutcome> {
    const target = apiTargetFor(context);
    if (!target) {
      return { status: 'fail', summary: 'No credential to send.', owner: 'you', cause: 'No API key is set.', nextStep: 'Set one with "Claude: Set API Key" or ANTHROPIC_API_KEY.' };
    }
    const answer = await exchange(context, target, {
      send: (client, signal) => client.models.list({ limit: 1 }, { signal, maxRetries: 0 }).asResponse(),
      isExpected: (json) => typeof json === 'object' && json !== null && Array.isArray((json as { data?: unknown }).data),
      expected: 'a model list',
    });
    const authAnswer = toAuthAnswer(answer);
    const evidence = authEvidence(context, target.credential, answer);
    const common = { evidence, facts: { authAnswer }, ...(answer.requestId && { requestIds: [answer.requestId] }) };
    const { classification } = answer;
    const took = `${Math.round(answer.latencyMs)} ms`;

    if (classification.outcome === 'ok') {
      return { status: 'pass', summary: `HTTP ${answer.status} in ${took}: the ${credentialWord(target.credential)} is accepted.`, ...common };
    }
    if (classification.outcome === 'rateLimited') {
      // Rate-limited before the key was looked at: not the key's failure; the rate-limit check says why.
      return {
        status: 'warn',
        summary: `HTTP 429 in ${took}: the key was not judged: rate-limited.`,
        owner: 'limits',
        nextStep: 'See the rate-limit check for when it clears.',
        ...common,
      };
    }
    const explanation = explainApiFailure(classification, failureSetting(context, REQUEST, target.credential));
    return { status: 'fail', summary: explanation.summary, cause: explanation.cause, owner: explanation.owner, nextStep: explanation.nextStep, ...common };
  },
};

function credentialWord(credential: Credential): string {
  return credential.kind === 'authToken' ? 'auth token' : 'API key';
}

function toAuthAnswer(answer: ApiExchange): AuthAnswer {
  return {
    classification: answer.classification,
    receivedAt: answer.receivedAt,
    latencyMs: answer.latencyMs,
    ...(answer.status !== undefined && { status: answer.status }),
    ...(answer.classification.rateLimit && { rateLimit: answer.classification.rateLimit }),
    ...(answer.serverDate && { serverDate: answer.serverDate }),
    ...(answer.requestId && { requestId: answer.requestId }),
  };
}

function authEvidence(context: CheckContext, credential: Credential, answer: ApiExchange): Evidence[] {
  const { inputs, facts } = context;
  const evidence: Evidence[] = [
    { label: 'Request', value: `${REQUEST}?limit=1 (costs no tokens)` },
    { label: 'Base URL', value: `${inputs.baseUrl} (${inputs.baseUrlSource})` },
    { label: 'Credential', value: `${credential.fingerprint} from ${credential.source === 'secretStorage' ? 'secret storage' : credential.source}, ${answer.sentAs ? `sent as ${answer.sentAs}` : 'not sent'}` },
    { label: 'Proxy', value: facts.proxyUrl ? maskProxyUrl(facts.proxyUrl) : 'none' },
  ];
  if (answer.status !== undefined) evidence.push({ label: 'HTTP status', value: String(answer.status) });
  evidence.push({ label: answer.status !== undefined ? 'Latency' : 'Failed after', value: `${Math.round(answer.latencyMs)} ms` });
  if (answer.requestId) evidence.push({ label: 'request-id', value: answer.requestId });
  if (answer.serverDate) evidence.push({ label: 'Server Date', value: answer.serverDate });
  if (answer.classification.outcome !== 'ok' && answer.classification.detail) evidence.push({ label: 'Answer', value: answer.classification.detail });
  return evidence;
}
