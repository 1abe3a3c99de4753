/**
 * The verdict: one sentence that names the cause, whose problem it is, and the next step. The cause is the
 * first failing check in layer order (a key problem explains an auth failure; DNS explains everything after
 * it); with nothing failing, an incident Anthropic reports is still worth the first line. Pure.
 */
import { keyDoubtLabel } from './checks/key';
import type { CheckFacts, CheckResult, Verdict } from './types';

/** Exit statuses of `claude-api-health doctor`: CI can tell "ours" (1) from "theirs" (3). */
export const doctorExitCodes = { healthy: 0, yours: 1, usage: 2, anthropic: 3, interrupted: 130 } as const;

/**
 * The verdict: the first failure in layer order (with what explains it), else an Anthropic warning, else the
 * first warning, else "All good". A run cancelled before any check failed has no verdict to give: it must not
 * read "All good" for checks that never ran.
 */
export function chooseVerdict(checks: readonly CheckResult[], facts: Readonly<CheckFacts>, options: { cancelled?: boolean } = {}): Verdict {
  const failure = checks.find((check) => check.status === 'fail');
  const unfinished = options.cancelled ? checks.filter((check) => check.status === 'skipped' && check.skippedBecause === 'cancelled').length : 0;
  if (!failure && unfinished > 0) {
    return {
      sentence: `The diagnosis was cancelled before it could tell (${unfinished} check${unfinished === 1 ? '' : 's'} did not finish).`,
      owner: 'unknown',
      nextStep: 'Run it again and let it finish: each check gives up by itself after the timeout.',
    };
  }
  const explained = failure && outageExplaining(failure, checks, facts);
  if (failure && explained) {
    return {
      sentence: `${explained.cause} (Your own request failed too: ${failure.cause ?? failure.summary})`,
      owner: 'anthropic',
      ...(explained.nextStep && { nextStep: explained.nextStep }),
      causeCheck: explained.id,
    };
  }
  if (failure) {
    const doubt = keyDoubtBehind(failure, checks, facts);
    const nextStep = doubt?.nextStep ?? failure.nextStep;
    return {
      sentence: `${failure.cause ?? `${failure.title}: ${failure.summary}`}${doubt ? ` Likely why: ${doubt.sentence}` : ''}`,
      owner: failure.owner ?? 'you',
      ...(nextStep && { nextStep }),
      causeCheck: failure.id,
    };
  }
  const latency = facts.authAnswer?.latencyMs;
  const reached = latency !== undefined ? `${Math.round(latency)} ms to the API` : 'the API answers';
  const anthropicWarning = checks.find((check) => check.status === 'warn' && check.owner === 'anthropic' && check.cause);
  if (anthropicWarning) {
    return {
      sentence: `${anthropicWarning.cause} (Your own requests work: ${reached}.)`,
      owner: 'anthropic',
      ...(anthropicWarning.nextStep && { nextStep: anthropicWarning.nextStep }),
      causeCheck: anthropicWarning.id,
    };
  }
  // A status page that could not be read says nothing about the API (the page lags anyway): never the verdict.
  const warnings = checks.filter((check) => check.status === 'warn' && !(check.id === 'statusPage' && !check.cause));
  if (warnings.length > 0) {
    const first = warnings[0];
    const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more warning${warnings.length > 2 ? 's' : ''})` : '';
    return {
      sentence: `Works: ${reached}, with a warning: ${first.cause ?? first.summary}${more}`,
      owner: 'none',
      ...(first.nextStep && { nextStep: first.nextStep }),
      causeCheck: first.id,
    };
  }
  return { sentence: `All good: ${reached}.`, owner: 'none' };
}

/**
 * The status page's report, when it explains the failure: the API answered 5xx while the page shows its
 * component in a partial or major outage. The page lags, so only then does it lead over the API's answer.
 */
function outageExplaining(failure: CheckResult, checks: readonly CheckResult[], facts: Readonly<CheckFacts>): CheckResult | undefined {
  const status = facts.authAnswer?.status;
  const component = facts.statusPage?.apiComponentStatus;
  if (failure.id !== 'auth' || failure.owner !== 'anthropic' || status === undefined || status < 500 || (component !== 'partial_outage' && component !== 'major_outage')) return undefined;
  const page = checks.find((check) => check.id === 'statusPage');
  return page?.status === 'warn' && page.owner === 'anthropic' && page.cause ? page : undefined;
}

/**
 * What the key check doubted (truncated, not an API key's prefix, …), when the API then rejected the key (401):
 * it names the cause behind the symptom, and its next step is the precise one.
 */
function keyDoubtBehind(failure: CheckResult, checks: readonly CheckResult[], facts: Readonly<CheckFacts>): { sentence: string; nextStep?: string } | undefined {
  if (failure.id !== 'auth' || facts.authAnswer?.status !== 401) return undefined;
  const key = checks.find((check) => check.id === 'key');
  const doubts = key?.evidence.filter((item) => item.label === keyDoubtLabel) ?? [];
  if (!key || doubts.length === 0) return undefined;
  return { sentence: doubts.map((item) => item.value).join(' '), ...(key.nextStep && { nextStep: key.nextStep }) };
}

/**
 * The doctor's exit status: 130 when it was interrupted (the shell's code for Ctrl-C: a CI job must not read a
 * cut-short run as healthy), 3 when a failure is Anthropic's, 1 for any other failure, 0 otherwise (warnings included).
 */
export function doctorExitCode(checks: readonly CheckResult[], verdict: Verdict, cancelled = false): number {
  if (cancelled) return doctorExitCodes.interrupted;
  if (!checks.some((check) => check.status === 'fail')) return doctorExitCodes.healthy;
  return verdict.owner === 'anthropic' ? doctorExitCodes.anthropic : doctorExitCodes.yours;
}
