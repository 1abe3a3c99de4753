/**
 * Clock: the skew between this machine's clock and the server's `Date` header of the auth check's answer.
 * The header has whole seconds and was stamped somewhere between sending and receiving, so the skew is
 * measured against the middle of the exchange, with that much uncertainty; a threshold counts only when
 * the skew clears it by more than the uncertainty. No request of its own. Pure.
 */
import { duration } from '../time';
import type { CheckContext, CheckOutcome, DiagnosisCheck } from '../types';

/**
 * Warn from 30 s: reset times and `retry-after` dates computed on this clock are then visibly wrong, and
 * it is far beyond what the measurement can get wrong (a second plus the latency).
 */
export const WARN_SKEW_MS = 30_000;
/**
 * Fail from 5 min: the usual tolerance of signed requests and short-lived tokens (AWS SigV4 for Bedrock,
 * OAuth / OIDC tokens of gateways and Vertex) is five minutes; past it they are refused as expired or
 * not yet valid, and at larger skews TLS certificates stop looking valid.
 */
export const FAIL_SKEW_MS = 5 * 60_000;

export const clockCheck: DiagnosisCheck = {
  id: 'clock',
  title: 'Clock',
  needs: ['auth'],
  async run(context: CheckContext): Promise<CheckOutcome> {
    const answer = context.facts.authAnswer;
    if (!answer?.serverDate) return { status: 'skipped', summary: 'Not run: the answer had no Date header.', skippedBecause: 'the answer had no Date header' };
    const serverSecond = Date.parse(answer.serverDate);
    if (!Number.isFinite(serverSecond)) return { status: 'skipped', summary: `Not run: the Date header is unreadable (${answer.serverDate.slice(0, 60)}).`, skippedBecause: 'the Date header is unreadable' };

    // The server stamped Date at some instant of the exchange, in whole seconds: compare middles.
    const localAtStamp = answer.receivedAt - answer.latencyMs / 2;
    const skewMs = localAtStamp - (serverSecond + 500);
    const uncertaintyMs = answer.latencyMs / 2 + 500;
    const beyond = Math.max(0, Math.abs(skewMs) - uncertaintyMs);
    const direction = skewMs > 0 ? 'ahead of' : 'behind';
    const evidence = [
      { label: 'Server Date', value: answer.serverDate },
      { label: 'Local clock', value: new Date(answer.receivedAt).toISOString() },
      { label: 'Skew', value: `${skewMs >= 0 ? '+' : '−'}${duration(skewMs)} (± ${duration(uncertaintyMs)}); positive: this machine is ahead` },
      { label: 'Thresholds', value: `warn from ${duration(WARN_SKEW_MS)}, fail from ${duration(FAIL_SKEW_MS)}` },
    ];
    const sentence = `This machine's clock is ${duration(skewMs)} ${direction} the server's.`;
    if (beyond >= FAIL_SKEW_MS) {
      return {
        status: 'fail',
        summary: sentence,
        owner: 'you',
        cause: sentence,
        nextStep: 'Turn on automatic time (NTP) on this machine: signed requests and short-lived tokens are refused past about 5 minutes of skew, and reset times read wrong.',
        evidence,
      };
    }
    if (beyond >= WARN_SKEW_MS) {
      return { status: 'warn', summary: sentence, owner: 'you', cause: sentence, nextStep: 'Turn on automatic time (NTP): rate-limit reset times computed here are off by as much.', evidence };
    }
    return { status: 'pass', summary: `In step with the server (${skewMs >= 0 ? '+' : '−'}${duration(skewMs)}, ± ${duration(uncertaintyMs)}).`, evidence };
  },
};
