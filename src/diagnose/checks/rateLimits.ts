/**
 * Rate limits, from the `anthropic-ratelimit-*` headers of the auth check's answer: requests and tokens
 * (input, output) left and when they refill; a warning below `LOW_FRACTION` of a limit. On a 429 the
 * cause with the time it lifts ("You are over your rate limit until 14:05.", in the face's time zone),
 * and a spend cap (a 429 with no `retry-after`, or one of an hour or more) called out as not transient
 * (facts §3, §5). No request of its own. Pure.
 */
import type { RateLimitInfo } from '../../api/types';
import { MAX_SERVER_WAIT_MS, rateLimitResetAt } from '../../health/serverWait';
import { clockTime, duration, zoneName } from '../time';
import type { AuthAnswer, CheckContext, CheckOutcome, DiagnosisCheck, Evidence } from '../types';

/**
 * Below a tenth of a limit left, a burst of ordinary use (a few agent turns, a batch script) empties it
 * before it refills: worth a warning, while the normal ebb of a busy key stays quiet.
 */
export const LOW_FRACTION = 0.1;

const BUCKETS = [
  ['requests', 'requests'],
  ['tokens', 'tokens'],
  ['inputTokens', 'input tokens'],
  ['outputTokens', 'output tokens'],
] as const;

interface Bucket {
  name: string;
  limit?: number;
  remaining?: number;
  reset?: string;
}

function bucketsOf(info: RateLimitInfo | undefined): Bucket[] {
  if (!info) return [];
  return BUCKETS.flatMap(([field, name]) => {
    const bucket: Bucket = { name, limit: info[`${field}Limit`], remaining: info[`${field}Remaining`], reset: info[`${field}Reset`] };
    return bucket.limit === undefined && bucket.remaining === undefined ? [] : [bucket];
  });
}

const count = (n: number | undefined): string => (n === undefined ? '?' : n.toLocaleString('en-US'));

export const rateLimitsCheck: DiagnosisCheck = {
  id: 'rateLimits',
  title: 'Rate limits',
  needs: ['auth'],
  async run(context: CheckContext): Promise<CheckOutcome> {
    const answer = context.facts.authAnswer;
    if (!answer) return { status: 'skipped', summary: 'Not run: no answer from the API to read.', skippedBecause: 'no answer from the API to read' };
    const zone = context.inputs.timeZone;
    const at = (ms: number, seconds = false): string => clockTime(ms, answer.receivedAt, zone, seconds);
    const buckets = bucketsOf(answer.rateLimit);
    const evidence: Evidence[] = buckets.map((b) => ({ label: `${b.name[0].toUpperCase()}${b.name.slice(1)}`, value: describeBucket(b, answer.receivedAt, at) }));
    if (buckets.some((b) => b.reset)) evidence.push({ label: 'Times', value: `${zoneName(zone)}; reset instants are the server's clock` });

    if (answer.classification.outcome === 'rateLimited') return overLimit(answer, evidence, at);
    if (buckets.length === 0) {
      return { status: 'skipped', summary: 'Not run: the answer had no rate-limit headers (a gateway may not pass them on).', skippedBecause: 'the answer had no rate-limit headers' };
    }
    const low = buckets.filter((b) => b.limit !== undefined && b.remaining !== undefined && b.limit > 0 && b.remaining < b.limit * LOW_FRACTION);
    if (low.length > 0) {
      const first = low[0];
      const until = first.reset ? ` until ${at(Date.parse(first.reset))}` : '';
      return {
        status: 'warn',
        summary: `Low: ${low.map((b) => `${count(b.remaining)} of ${count(b.limit)} ${b.name}`).join(', ')} left.`,
        owner: 'limits',
        cause: `Your ${first.name} rate limit is nearly used up: ${count(first.remaining)} of ${count(first.limit)} left${until}.`,
        nextStep: `Spread requests out or lower concurrency; it refills by the reset time. Higher limits come with a higher usage tier (the Claude Console, Limits). Warned below ${LOW_FRACTION * 100}% of a limit.`,
        evidence,
      };
    }
    const requests = buckets.find((b) => b.name === 'requests');
    return { status: 'pass', summary: requests ? `${count(requests.remaining)} of ${count(requests.limit)} requests left.` : `${buckets.map((b) => `${count(b.remaining)} ${b.name}`).join(', ')} left.`, evidence };
  },
};

function describeBucket(b: Bucket, receivedAt: number, at: (ms: number, seconds?: boolean) => string): string {
  const left = `${count(b.remaining)} of ${count(b.limit)} left`;
  const reset = b.reset ? Date.parse(b.reset) : Number.NaN;
  if (!Number.isFinite(reset)) return left;
  return `${left}, full again at ${at(reset, true)} (${reset <= receivedAt ? 'now' : `in ${duration(reset - receivedAt)}`})`;
}

/** A 429: when it lifts, and whether waiting helps at all. */
function overLimit(answer: AuthAnswer, evidence: Evidence[], at: (ms: number, seconds?: boolean) => string): CheckOutcome {
  const retryAfter = answer.classification.retryAfterSeconds;
  const requestIds = answer.requestId ? [answer.requestId] : undefined;
  evidence.unshift({ label: 'retry-after', value: retryAfter === undefined ? 'none sent' : `${retryAfter} s` });
  const base = { status: 'fail' as const, owner: 'limits' as const, evidence, ...(requestIds && { requestIds }) };
  if (retryAfter === undefined) {
    return {
      ...base,
      summary: 'HTTP 429 without retry-after: a spend or usage cap, not a passing rate limit.',
      cause: "Your organisation's spend limit is reached (429 with no retry-after): it will not clear by waiting.",
      nextStep: 'Raise the spend limit in the Claude Console (Settings, Limits) or wait for the next month; retrying does not help, so stop retry loops on this error.',
    };
  }
  const liftsAt = rateLimitResetAt({ ...answer.classification, startedAt: answer.receivedAt - answer.latencyMs, latencyMs: answer.latencyMs }) ?? answer.receivedAt + retryAfter * 1000;
  if (retryAfter * 1000 >= MAX_SERVER_WAIT_MS) {
    return {
      ...base,
      summary: `HTTP 429 with retry-after ${duration(retryAfter * 1000)}: a cap, not a passing rate limit.`,
      cause: `Your API usage is capped until ${at(liftsAt)} (429, retry-after ${duration(retryAfter * 1000)}): not a passing rate limit.`,
      nextStep: `Waiting minutes will not help: raise the limit in the Claude Console (Limits) or wait until then; make retry loops give up on waits this long (the SDKs would sleep through it).`,
    };
  }
  const soon = liftsAt - answer.receivedAt < 120_000;
  return {
    ...base,
    summary: `HTTP 429: rate-limited for ${duration(retryAfter * 1000)}.`,
    cause: `You are over your rate limit until ${at(liftsAt, soon)}.`,
    nextStep: 'Wait until then (the SDKs retry a 429 after its retry-after by themselves); if it happens often, lower concurrency or ask for higher limits (the Claude Console, Limits).',
  };
}
