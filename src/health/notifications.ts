/**
 * Which health changes deserve a notification. Pure: feed it every state the monitor publishes.
 *
 * Settings: `off` nothing; `outages` (the default) an Outage and its recovery; `all` also a Key
 * problem and its recovery. Never notified: Offline (your own network: the OS already says so, and
 * laptops sleep), Degraded, Slow, Rate limited (the status bar shows them).
 *
 * Anti-repetition: one notification per episode (an episode lasts from entering the state until the
 * state is green again: Operational or Slow; Degraded, Offline or a restart in between do not end
 * it). An outage that starts within 15 minutes of a recovery notification is a flap: it is only
 * notified if it still holds when those 15 minutes are over. A recovery is notified only for an
 * episode that was notified.
 */
import { redactDeep } from './redaction';
import type { HealthState } from './types';

export type NotificationSetting = 'off' | 'outages' | 'all';

export interface HealthNotification {
  kind: 'outage' | 'keyProblem' | 'recovered';
  /** Plain text; server-provided words are defanged (no links, no icons). */
  message: string;
}

export const NOTIFICATION_RULES = {
  flapWindowMs: 15 * 60_000,
  maxMessageLength: 300,
} as const;

type EpisodeKind = 'outage' | 'keyProblem';

interface Episode {
  since: number;
  notified: boolean;
  /** A flap: notify once this passes, if the episode still holds. */
  deferredUntil?: number;
  /** Seen on the status page alone (no key / probe off). */
  pageOnly: boolean;
}

/** Defangs text for a notification: VS Code renders `[text](target)` links and `$(icon)` there. */
export function plainNotificationText(text: string, maxLength: number = NOTIFICATION_RULES.maxMessageLength): string {
  let flat = text.replace(/\s+/g, ' ').trim().replace(/\[/g, '(').replace(/\]/g, ')').replace(/\$\(/g, '$ (');
  if (flat.length > maxLength) flat = `${flat.slice(0, maxLength - 1)}…`;
  return flat;
}

/** "under a minute", "23 min", "2 h 5 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

export class NotificationPolicy {
  private episodes: Partial<Record<EpisodeKind, Episode>> = {};
  private lastRecoveryAt?: number;

  constructor(private setting: NotificationSetting) {}

  setSetting(setting: NotificationSetting): void {
    this.setting = setting;
  }

  /** Call with each published state; returns what to show, if anything (its text redacted; `secrets`: exact ones to mask too). */
  observe(state: HealthState, now: number, secrets: readonly string[] = []): HealthNotification | undefined {
    // Redacted before the message is built and cut: a cut key would no longer match the pattern.
    return this.decide(redactDeep(state, secrets), now);
  }

  private decide(state: HealthState, now: number): HealthNotification | undefined {
    switch (state.kind) {
      case 'outage':
      case 'keyProblem':
        return this.inTrouble(state.kind, state, now);
      case 'operational':
      case 'slow':
        return this.recovered(now);
      case 'noKey':
        // Page-only, the page is green again: a page-only episode recovered; a probe episode is
        // left behind (the key was removed) and dropped silently.
        return this.recovered(now, (episode) => episode.pageOnly);
      case 'disabled':
        this.episodes = {}; // the user turned checks off: nothing to follow up
        return undefined;
      default:
        return undefined; // degraded, offline, rateLimited, unknown: the episode (if any) goes on
    }
  }

  private covers(kind: EpisodeKind): boolean {
    return this.setting === 'all' || (this.setting === 'outages' && kind === 'outage');
  }

  private inTrouble(kind: EpisodeKind, state: HealthState, now: number): HealthNotification | undefined {
    let episode = this.episodes[kind];
    if (!episode) {
      episode = { since: now, notified: false, pageOnly: state.pageOnly !== undefined };
      this.episodes[kind] = episode;
      if (!this.covers(kind)) return undefined;
      if (kind === 'outage' && this.lastRecoveryAt !== undefined && now - this.lastRecoveryAt < NOTIFICATION_RULES.flapWindowMs) {
        episode.deferredUntil = this.lastRecoveryAt + NOTIFICATION_RULES.flapWindowMs;
        return undefined;
      }
      episode.notified = true;
      return this.troubleNotice(kind, state, false);
    }
    if (!episode.notified && episode.deferredUntil !== undefined && now >= episode.deferredUntil && this.covers(kind)) {
      episode.notified = true;
      return this.troubleNotice(kind, state, true);
    }
    return undefined;
  }

  private troubleNotice(kind: EpisodeKind, state: HealthState, flapped: boolean): HealthNotification {
    const lead = kind === 'outage' ? (flapped ? 'Claude API is failing again' : 'Claude API outage') : 'Claude API key problem';
    return { kind, message: plainNotificationText(`${lead}: ${state.reason}`) };
  }

  private recovered(now: number, counts: (episode: Episode) => boolean = () => true): HealthNotification | undefined {
    const notified = (Object.entries(this.episodes) as Array<[EpisodeKind, Episode]>).filter(([kind, episode]) => episode.notified && counts(episode) && this.covers(kind));
    this.episodes = {};
    if (notified.length === 0) return undefined;
    this.lastRecoveryAt = now;
    const since = Math.min(...notified.map(([, episode]) => episode.since));
    const outage = notified.some(([kind]) => kind === 'outage');
    const message = outage ? `Claude API works again (it failed for ${formatDuration(now - since)}).` : 'Your Claude API key works again.';
    return { kind: 'recovered', message };
  }
}
