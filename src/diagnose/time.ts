/**
 * Clock times in the words of the report: "14:05" in the face's time zone (the machine's own by default,
 * `inputs.timeZone` in tests), and durations ("7 min 12 s"). Pure.
 */

/** "14:05" (or "14:05:30" when `seconds`), with the date ("2 Dec 14:05") when it is not on the day of `reference`. */
export function clockTime(at: number, reference: number, timeZone?: string, seconds = false): string {
  const zone = usableZone(timeZone);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...(seconds && { second: '2-digit' }), hourCycle: 'h23', timeZone: zone }).format(at);
  const day = (ms: number): string => new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: zone }).format(ms);
  if (day(at) === day(reference)) return time;
  const sameYear = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: zone }).format(at) === new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: zone }).format(reference);
  const date = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric', ...(!sameYear && { year: 'numeric' }), timeZone: zone }).format(at);
  return `${date} ${time}`;
}

/** The zone's name as the report says it: "UTC", "Europe/Berlin", or "local time" when the machine's own is unnamed. */
export function zoneName(timeZone?: string): string {
  return usableZone(timeZone) ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time');
}

/** A zone Intl accepts, or undefined for the machine's own (an unknown name must not break the report). */
function usableZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** "850 ms", "42 s", "7 min 12 s", "5 h 3 min", "3 days". */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.round(abs / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 === 0 ? `${min} min` : `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  return `${Math.round(h / 24)} days`;
}
