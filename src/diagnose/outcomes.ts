/** Outcomes the runner and the checks share. Pure. */
import type { CheckOutcome } from './types';

/** "Not run", with the reason the report shows beside it (its summary line unless one is given). */
export function notRun(because: string, summary = `Not run: ${because}.`): CheckOutcome {
  return { status: 'skipped', summary, skippedBecause: because };
}

/** The run was cancelled before this check finished. */
export const cancelled = (): CheckOutcome => notRun('cancelled');
