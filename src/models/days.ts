/** Calendar days as `YYYY-MM-DD` strings (UTC): they compare as text and survive JSON. Pure: no `vscode` import. */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar day written `YYYY-MM-DD` (not `2026-02-30`). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The UTC day of an RFC 3339 / ISO date-time or a plain day; undefined for garbage. */
export function dayOf(value: unknown): string | undefined {
  if (isDay(value)) return value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/**
 * The judgement day: `CLAUDE_HEALTH_TODAY` (YYYY-MM-DD, for tests and reproducing a report) or the UTC day
 * of `now`.
 */
export function judgementDay(env: Readonly<Record<string, string | undefined>> = process.env, now: number = Date.now()): string {
  const fixed = env.CLAUDE_HEALTH_TODAY;
  return fixed && isDay(fixed) ? fixed : new Date(now).toISOString().slice(0, 10);
}

/** Milliseconds from `now` to the next UTC midnight (never 0: at midnight itself, a whole day). */
export function msUntilNextUtcDay(now: number): number {
  return MS_PER_DAY - (((now % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
}
