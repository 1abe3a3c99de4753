/**
 * Runs the doctor's checks as a graph: each check starts the moment every check it needs has finished, so
 * independent checks (the status page, the network chain) run side by side and nothing waits without need.
 * A check whose prerequisite failed is reported as skipped, not as a second failure. Never throws. Pure:
 * no `vscode`.
 */
import * as dns from 'node:dns';
import { redactSecrets } from '../secrets/redact';
import { chooseVerdict } from './verdict';
import {
  checkIds,
  type CheckContext,
  type CheckFacts,
  type CheckId,
  type CheckOutcome,
  type CheckResult,
  type DiagnoseDependencies,
  type DiagnoseInputs,
  type DiagnosisCheck,
  type DiagnosisReport,
} from './types';
import { cancelled, notRun } from './outcomes';

/** A check gets its own timeout and this much more before the runner stops waiting for it. */
const WATCHDOG_SLACK_MS = 2_000;

const defaultLookup = async (hostname: string): Promise<Array<{ address: string; family: number }>> => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Runs `checks` (normally `diagnosisChecks` from ./checks) over `inputs`. */
export async function runDiagnosis(checks: readonly DiagnosisCheck[], inputs: DiagnoseInputs, dependencies: DiagnoseDependencies = {}): Promise<DiagnosisReport> {
  const now = dependencies.now ?? Date.now;
  const startedAt = now();
  // One signal for the checks: the caller's cancellation, and the end of the run (no socket outlives it).
  const run = new AbortController();
  const onCancel = (): void => run.abort();
  dependencies.signal?.addEventListener('abort', onCancel, { once: true });

  const byId = new Map(checks.map((check) => [check.id, check]));
  const results = new Map<CheckId, CheckResult>();
  const facts: CheckFacts = {};
  /** Checks whose dependents must not run: failed, cancelled, or skipped because their own prerequisite was. */
  const blocked = new Set<CheckId>();
  const finished = new Map<CheckId, Promise<void>>();

  const record = (check: DiagnosisCheck, outcome: CheckOutcome, durationMs: number): void => {
    const result: CheckResult = {
      id: check.id,
      title: check.title,
      status: outcome.status,
      summary: outcome.summary,
      evidence: outcome.evidence ?? [],
      durationMs: Math.max(0, Math.round(durationMs)),
      ...(outcome.nextStep && { nextStep: outcome.nextStep }),
      ...(outcome.owner && { owner: outcome.owner }),
      ...(outcome.cause && { cause: outcome.cause }),
      ...(outcome.skippedBecause && { skippedBecause: outcome.skippedBecause }),
      ...(outcome.requestIds && outcome.requestIds.length > 0 && { requestIds: outcome.requestIds }),
    };
    results.set(check.id, result);
    if (outcome.facts) Object.assign(facts, outcome.facts);
    try {
      dependencies.onCheck?.(result);
    } catch {
      // A face's progress callback failing must not stop the diagnosis.
    }
  };

  const skip = (check: DiagnosisCheck, because: string): void => {
    blocked.add(check.id);
    record(check, notRun(because), 0);
  };

  const start = (check: DiagnosisCheck): Promise<void> => {
    const existing = finished.get(check.id);
    if (existing) return existing;
    const promise = (async () => {
      const needs = check.needs.filter((id) => byId.has(id));
      await Promise.all(needs.map((id) => start(byId.get(id) as DiagnosisCheck)));
      if (run.signal.aborted) return skip(check, 'cancelled');
      const failedNeed = needs.find((id) => blocked.has(id));
      if (failedNeed) return skip(check, `${byId.get(failedNeed)?.title ?? failedNeed} did not pass`);
      const context: CheckContext = {
        inputs,
        facts,
        results,
        now,
        signal: run.signal,
        lookup: dependencies.lookup ?? defaultLookup,
        ...(dependencies.extraCaCertificates && { extraCaCertificates: dependencies.extraCaCertificates }),
      };
      const began = now();
      const outcome = await settle(check, context, inputs.timeoutMs + WATCHDOG_SLACK_MS, run.signal);
      if (dependencies.signal?.aborted) return skip(check, 'cancelled');
      if (outcome.status === 'fail') blocked.add(check.id);
      record(check, outcome, now() - began);
    })();
    finished.set(check.id, promise);
    return promise;
  };

  try {
    await Promise.all(checks.map(start));
  } finally {
    dependencies.signal?.removeEventListener('abort', onCancel);
    run.abort();
  }

  const ordered = checkIds.flatMap((id) => results.get(id) ?? []);
  return redactReport({
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.max(0, Math.round(now() - startedAt)),
    verdict: chooseVerdict(ordered, facts, { cancelled: dependencies.signal?.aborted === true }),
    checks: ordered,
    environment: inputs.environment,
    target: { baseUrl: inputs.baseUrl, baseUrlSource: inputs.baseUrlSource, statusPageUrl: inputs.statusPageUrl },
    cancelled: dependencies.signal?.aborted === true,
  }, [...inputs.credentials.map((c) => c.raw.trim()), ...inputs.dotEnvKeys.map((k) => k.value.trim())]);
}

/**
 * The report with every credential the inputs hold, and anything key-shaped, masked in every string: whatever
 * a check or a server's error message quoted, no face can show or copy a key. Fingerprints survive.
 */
export function redactReport<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactReport(item, secrets)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactReport(item, secrets)])) as T;
  return value;
}

/**
 * The check's outcome, or a failure when it throws or outlives its watchdog; resolves at once on cancellation
 * (the check's own sockets see the same signal and close).
 */
async function settle(check: DiagnosisCheck, context: CheckContext, watchdogMs: number, signal: AbortSignal): Promise<CheckOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'fail', summary: `No answer within ${Math.round(watchdogMs / 1000)} s.`, owner: 'network' }), watchdogMs);
    onAbort = () => resolve(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([check.run(context), stopped]);
  } catch (error) {
    // A bug in a check is that check's failure, with the reason, never the whole run's.
    return { status: 'fail', summary: `The check itself failed: ${error instanceof Error ? error.message : String(error)}`, owner: 'you' };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
