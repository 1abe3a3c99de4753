/**
 * What the status bar item shows for a state: text with one codicon, a background kind, an aria
 * label and a Markdown tooltip. Pure; the controller only copies these onto the StatusBarItem
 * (MarkdownString with `supportThemeIcons: true` and `isTrusted: { enabledCommands: tooltipCommandIds(...) }`).
 *
 * Everything that came from the network (reasons quoting error details, incident and component
 * names, URLs) is escaped: a status page must not be able to inject links, icons or command links.
 */
import { commandIds } from '../constants';
import { redactSecrets } from '../secrets/redact';
import { redactDeep } from './redaction';
import type { HealthStats, SparkBucket } from './stats';
import { formatLatency } from './wording';
import type { ComponentStatus, HealthState, HealthStateKind, RateLimitInfo } from './types';

export interface StatusBarOptions {
  statusPageUrl: string;
  /** Exact secrets to mask besides key-shaped strings (the key in use). */
  secrets?: readonly string[];
  /** The Diagnose Connection command id, once it exists. */
  diagnoseCommand?: string;
}

export interface StatusBarView {
  text: string;
  /** Markdown (trusted for our command links only). */
  tooltip: string;
  /** `statusBarItem.warningBackground` / `errorBackground`, only for alarms. */
  background: 'warning' | 'error' | undefined;
  ariaLabel: string;
}

/** How often to re-render so "12 s ago" stays roughly true (the countdown asks for every second). */
export const RENDER_REFRESH_MS = 10_000;

const labels: Record<HealthStateKind, string> = {
  unknown: 'Checking…',
  operational: 'Operational',
  slow: 'Slow',
  degraded: 'Degraded',
  outage: 'Outage',
  rateLimited: 'Rate limited',
  keyProblem: 'Key problem',
  noKey: 'No API key',
  offline: 'Offline',
  disabled: 'Off',
};

const icons: Record<HealthStateKind, string> = {
  unknown: '$(sync~spin)',
  operational: '$(pass)',
  slow: '$(watch)',
  degraded: '$(warning)',
  outage: '$(error)',
  rateLimited: '$(clock)',
  keyProblem: '$(key)',
  noKey: '$(circle-slash)',
  offline: '$(debug-disconnect)',
  disabled: '$(circle-slash)',
};

/** Alarms only: the API fails for you (error) or works with a caveat you should know (warning). */
const backgrounds: Partial<Record<HealthStateKind, 'warning' | 'error'>> = {
  outage: 'error',
  keyProblem: 'error',
  degraded: 'warning',
  rateLimited: 'warning',
  offline: 'warning',
};

const componentWords: Record<ComponentStatus, string> = {
  operational: 'operational',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
  under_maintenance: 'maintenance',
  unknown: 'unknown',
};

/** Escapes text for Markdown: every ASCII punctuation mark is backslash-escaped (CommonMark renders it as is), whitespace collapsed, length capped. */
export function escapeMarkdown(text: string, maxLength = 300): string {
  let flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length > maxLength) flat = `${flat.slice(0, maxLength - 1)}…`;
  return flat.replace(/[!-/:-@[-`{-~]/g, (mark) => `\\${mark}`);
}

/** An http(s) URL made safe as a Markdown link destination, or undefined for anything else (command:, javascript:, garbage). */
export function safeLinkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[escaped text](url)` when the URL is safe, else the escaped text alone. */
function link(text: string, url: string | undefined): string {
  const target = safeLinkTarget(url);
  return target ? `[${escapeMarkdown(text)}](${target})` : escapeMarkdown(text);
}

/** "0:42", "12:05", "1:02:03". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "2026-11-22 10:05 UTC": an instant too far off for a countdown. */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "just now", "12 s ago", "3 min ago", "2 h ago". */
export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

const sparkChars = '▁▂▃▄▅▆▇█';

/** Unicode sparkline: one bar per bucket, scaled min..max (at least 200 ms of range), × for failures only, · for no data. */
export function sparkline(buckets: readonly SparkBucket[]): string {
  const values = buckets.map((bucket) => bucket.latencyMs).filter((v): v is number => v !== undefined);
  if (values.length === 0 && !buckets.some((bucket) => bucket.failed)) return '';
  const low = Math.min(...values);
  const high = Math.max(Math.max(...values), low + 200);
  return buckets
    .map((bucket) => {
      if (bucket.latencyMs === undefined) return bucket.failed ? '×' : '·';
      const index = Math.round(((bucket.latencyMs - low) / (high - low)) * (sparkChars.length - 1));
      return sparkChars[Math.min(sparkChars.length - 1, Math.max(0, index))];
    })
    .join('');
}

const grouped = (n: number): string => n.toLocaleString('en-US');

function percent(share: number): string {
  if (share >= 1) return '100%';
  return `${(Math.floor(share * 10_000) / 100).toFixed(2)}%`;
}

/** Milliseconds until the text or tooltip next changes on its own (the countdown, "ago"), or undefined when disabled. */
export function nextRenderDelayMs(state: HealthState, now: number): number | undefined {
  if (state.kind === 'disabled') return undefined;
  if (state.kind === 'rateLimited' && state.resetAt !== undefined && state.resetAt > now) return (state.resetAt - now) % 1000 || 1000;
  return RENDER_REFRESH_MS;
}

/** Command ids the tooltip may link to (for `isTrusted.enabledCommands`). */
export function tooltipCommandIds(options: Pick<StatusBarOptions, 'diagnoseCommand'>): string[] {
  const ids: string[] = [commandIds.refreshHealth, commandIds.showHealthDetails, commandIds.openStatusPage, commandIds.setApiKey];
  if (options.diagnoseCommand && isCommandId(options.diagnoseCommand)) ids.unshift(options.diagnoseCommand);
  return ids;
}

const isCommandId = (id: string): boolean => /^[\w.-]+$/.test(id);

function statusText(state: HealthState, now: number): string {
  const icon = icons[state.kind];
  switch (state.kind) {
    case 'operational':
      return state.latencyMs !== undefined ? `${icon} Claude ${formatLatency(state.latencyMs)}` : `${icon} Claude`;
    case 'slow':
      return state.latencyMs !== undefined ? `${icon} Claude slow ${formatLatency(state.latencyMs)}` : `${icon} Claude slow`;
    case 'degraded':
      return `${icon} Claude degraded`;
    case 'outage':
      return `${icon} Claude outage`;
    case 'rateLimited':
      return state.resetAt !== undefined && state.resetAt > now ? `${icon} Claude rate-limited ${formatCountdown(state.resetAt - now)}` : `${icon} Claude rate-limited`;
    case 'keyProblem':
      return `${icon} Claude key?`;
    case 'offline':
      return `${icon} Claude offline`;
    case 'noKey':
      return state.pageOnly === 'probeOff' ? `${icon} Claude probe off` : `${icon} Claude no key`;
    case 'disabled':
      return `${icon} Claude off`;
    case 'unknown':
      return `${icon} Claude`;
  }
}

function ariaLabel(state: HealthState, now: number): string {
  const label = state.kind === 'noKey' && state.pageOnly === 'probeOff' ? 'status page only' : labels[state.kind].replace('…', '').toLowerCase();
  let detail = '';
  if ((state.kind === 'operational' || state.kind === 'slow') && state.latencyMs !== undefined) detail = `, ${Math.round(state.latencyMs)} milliseconds`;
  if (state.kind === 'rateLimited' && state.resetAt !== undefined && state.resetAt > now) detail = `, resets in ${Math.ceil((state.resetAt - now) / 1000)} seconds`;
  return `Claude API: ${label}${detail}`;
}

function latencyBlock(stats: HealthStats): string[] {
  if (stats.okLastHour === 0) return [stats.latencyNowMs !== undefined ? `Latency: now ${formatLatency(stats.latencyNowMs)}` : 'Latency: no successful check in the last hour'];
  const parts = [
    stats.latencyNowMs !== undefined ? `now ${formatLatency(stats.latencyNowMs)}` : 'now —',
    `p50 ${formatLatency(stats.p50Ms ?? 0)}`,
    `p95 ${formatLatency(stats.p95Ms ?? 0)}`,
  ];
  const lines = [`Latency: ${parts.join(' · ')} (last hour, ${grouped(stats.okLastHour)} ${stats.okLastHour === 1 ? 'check' : 'checks'})`];
  const spark = sparkline(stats.sparkline);
  if (spark) lines.push(`\`${spark}\` last hour`);
  return lines;
}

function availabilityLine(stats: HealthStats): string | undefined {
  if (stats.availability24h === undefined) return undefined;
  return `Availability (24 h): ${percent(stats.availability24h)} of ${grouped(stats.counted24h)} checks (rate limits, key problems and connection failures not counted)`;
}

function rateLimitLine(rateLimit: RateLimitInfo | undefined, now: number): string | undefined {
  if (!rateLimit) return undefined;
  const parts: string[] = [];
  const resetIn = (reset: string | undefined): string => {
    const at = reset ? Date.parse(reset) : Number.NaN;
    return Number.isFinite(at) && at > now ? `, resets in ${formatCountdown(at - now)}` : '';
  };
  if (rateLimit.requestsLimit !== undefined && rateLimit.requestsRemaining !== undefined) {
    parts.push(`${grouped(rateLimit.requestsRemaining)} of ${grouped(rateLimit.requestsLimit)} requests left${resetIn(rateLimit.requestsReset)}`);
  }
  if (rateLimit.tokensLimit !== undefined && rateLimit.tokensRemaining !== undefined) {
    parts.push(`${grouped(rateLimit.tokensRemaining)} of ${grouped(rateLimit.tokensLimit)} tokens left${resetIn(rateLimit.tokensReset)}`);
  }
  return parts.length > 0 ? `Rate limit: ${parts.join('; ')}` : undefined;
}

function statusPageBlock(state: HealthState, now: number, statusPageUrl: string): string[] {
  const page = state.statusPage;
  const failure = state.statusPageFailure;
  const lines: string[] = [];
  if (!page) {
    const heading = `**${link('Status page', statusPageUrl)}**`;
    lines.push(failure ? `${heading}: could not be fetched (${escapeMarkdown(`${failure.error}: ${failure.detail}`, 160)})` : `${heading}: not read yet`);
    return lines;
  }
  const age = formatAgo(now - page.fetchedAt);
  lines.push(`**${link('Status page', page.pageUrl || statusPageUrl)}**: ${escapeMarkdown(page.description || page.indicator)} (${age})`);
  if (failure) lines.push(`The last fetch failed (${escapeMarkdown(`${failure.error}: ${failure.detail}`, 160)}); showing the last good one.`);
  const items: string[] = [];
  const components = [...page.components].sort((a, b) => Number(b.name === page.apiComponent?.name) - Number(a.name === page.apiComponent?.name)).slice(0, 8);
  for (const component of components) {
    const words = componentWords[component.status] ?? 'unknown';
    const name = escapeMarkdown(component.name, 80);
    items.push(`- ${component.name === page.apiComponent?.name ? `**${name}**` : name}: ${words}`);
  }
  for (const incident of page.incidents.slice(0, 5)) {
    items.push(`- Incident: ${link(incident.name, incident.url)} (${escapeMarkdown(`${incident.status}, ${incident.impact} impact`, 60)})`);
  }
  for (const maintenance of page.maintenances.slice(0, 3)) {
    items.push(`- Maintenance: ${link(maintenance.name, maintenance.url)} (${escapeMarkdown(maintenance.status, 40)})`);
  }
  if (items.length > 0) lines.push(items.join('\n'));
  return lines;
}

function commandLinks(state: HealthState, options: StatusBarOptions): string {
  const links: string[] = [];
  if (options.diagnoseCommand && isCommandId(options.diagnoseCommand)) links.push(`[$(pulse) Diagnose Connection](command:${options.diagnoseCommand})`);
  if (state.pageOnly === 'noKey') links.push(`[$(key) Set API Key](command:${commandIds.setApiKey})`);
  links.push(`[$(refresh) Refresh](command:${commandIds.refreshHealth})`);
  links.push(`[Show Details](command:${commandIds.showHealthDetails})`);
  links.push(`[Open Status Page](command:${commandIds.openStatusPage})`);
  return links.join(' · ');
}

function tooltip(state: HealthState, stats: HealthStats, now: number, options: StatusBarOptions): string {
  const title = state.kind === 'noKey' && state.pageOnly === 'probeOff' ? 'Status page only' : labels[state.kind];
  const blocks: string[] = [`${icons[state.kind]} **Claude API: ${title}**`, escapeMarkdown(state.reason, 600)];
  if (state.confirming) blocks.push('_Confirming with a quick re-check…_');
  if (state.kind === 'rateLimited') {
    if (state.resetAt !== undefined && state.resetAt > now) blocks.push(`Resets in ${formatCountdown(state.resetAt - now)}.`);
    else if (state.limitedUntil !== undefined) blocks.push(`Rate-limited until ${formatInstant(state.limitedUntil)}; checking again every hour.`);
    else blocks.push('Reset time unknown; probing again with backoff.');
  }
  if (state.pageOnly === undefined && state.kind !== 'disabled') {
    blocks.push(latencyBlock(stats).join('\n\n'));
    const availability = availabilityLine(stats);
    if (availability) blocks.push(availability);
    const rateLimit = rateLimitLine(stats.rateLimit, now);
    if (rateLimit) blocks.push(rateLimit);
  }
  if (state.kind !== 'disabled') blocks.push(...statusPageBlock(state, now, options.statusPageUrl));
  const checkedAt = state.pageOnly !== undefined ? state.statusPage?.fetchedAt : stats.lastCheckedAt;
  if (checkedAt !== undefined) blocks.push(`Last checked ${formatAgo(now - checkedAt)}`);
  blocks.push(commandLinks(state, options));
  return blocks.join('\n\n');
}

/** Everything the status bar item shows for `state` at `now`; every string passes `redactSecrets` first. */
export function renderStatusBar(state: HealthState, stats: HealthStats, now: number, options: StatusBarOptions): StatusBarView {
  const secrets = options.secrets ?? [];
  const safe = redactDeep(state, secrets);
  const clean = (text: string): string => redactSecrets(text, secrets);
  return {
    text: clean(statusText(safe, now)),
    tooltip: clean(tooltip(safe, stats, now, options)),
    background: backgrounds[state.kind],
    ariaLabel: clean(ariaLabel(safe, now)),
  };
}
