/** How the health monitor reads a probe outcome: one class per kind of evidence. Pure. */
import type { ProbeOutcome } from './types';

/** `account`: the key's or the setup's (4xx); `server`, `timeout`, `network`: failures of different owners. */
export type OutcomeClass = 'ok' | 'rateLimited' | 'account' | 'server' | 'timeout' | 'network' | 'ignored';

/** Classifies a probe outcome; `otherStatus` is a server failure for 5xx, else the key's or setup's (account). */
export function classifyOutcome(outcome: ProbeOutcome, status?: number): OutcomeClass {
  switch (outcome) {
    case 'ok':
      return 'ok';
    case 'rateLimited':
      return 'rateLimited';
    case 'auth':
    case 'notFound':
      return 'account';
    case 'otherStatus':
      return status !== undefined && status >= 500 ? 'server' : 'account';
    case 'overloaded':
    case 'serverError':
    case 'malformed':
      return 'server';
    case 'timeout':
      // A 408 is the API's own answer that it timed the request out: the same evidence as our deadline.
      return 'timeout';
    case 'dns':
    case 'refused':
    case 'reset':
    case 'tls':
    case 'network':
      return 'network';
    case 'aborted':
      return 'ignored';
  }
}

/** Failures that count towards Outage/Offline, availability and the intermittent-error runs. */
export function isFailureClass(type: OutcomeClass): boolean {
  return type === 'server' || type === 'timeout' || type === 'network';
}
