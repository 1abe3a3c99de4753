/**
 * Notices when the judgement day changes, so judgements made yesterday ("1 day left") are made again
 * without waiting for an edit. Pure: no `vscode` import; the clock and timers are injected.
 */
import { msUntilNextUtcDay } from './days';

/** What the watch reads the time and sets timers with (the real ones by default; tests pass fakes). */
export interface DayClock {
  now(): number;
  /** The judgement day at this moment (YYYY-MM-DD). */
  today(): string;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Checks at least this often besides the midnight timer: a timer does not run while the machine sleeps,
 * so after a night with the lid closed the check comes at most this late.
 */
export const dayCheckIntervalMs = 10 * 60 * 1000;
/** A little after midnight, so the new day has begun on the clock the check reads. */
const afterMidnightMs = 1000;

/**
 * Calls `onDayChange(newDay)` once per change of `clock.today()`, checked just after each UTC midnight and
 * every `dayCheckIntervalMs`; `onTick` hears every timed check (for work due by the hour, not the day).
 */
export class DayWatch {
  private day: string;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly clock: DayClock,
    private readonly onDayChange: (day: string) => void,
    private readonly onTick: () => void = () => undefined,
  ) {
    this.day = clock.today();
    this.schedule();
  }

  /** The day the last check saw. */
  get currentDay(): string {
    return this.day;
  }

  /** Checks now (also called by the timer); true when the day had changed. */
  check(): boolean {
    if (this.disposed) return false;
    const today = this.clock.today();
    if (today === this.day) return false;
    this.day = today;
    this.onDayChange(today);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    const delay = Math.min(msUntilNextUtcDay(this.clock.now()) + afterMidnightMs, dayCheckIntervalMs);
    this.timer = this.clock.setTimeout(() => {
      try {
        this.onTick();
        this.check();
      } finally {
        if (!this.disposed) this.schedule(); // a failing listener must not stop the watch
      }
    }, delay);
  }
}
