/**
 * Reads an Atlassian Statuspage `summary.json` (or `status.json`) into a `StatusPageSnapshot`
 * (facts §4). Pure: no `vscode`, no I/O. The JSON comes from the network: every field is checked,
 * anything of the wrong type is skipped, nothing throws.
 */
import type { ComponentStatus, StatusPageSnapshot } from './types';

type Indicator = StatusPageSnapshot['indicator'];
type Component = StatusPageSnapshot['components'][number];
type Incident = StatusPageSnapshot['incidents'][number];
type Maintenance = StatusPageSnapshot['maintenances'][number];

const INDICATORS: readonly Indicator[] = ['none', 'minor', 'major', 'critical', 'maintenance'];
const COMPONENT_STATUSES: readonly ComponentStatus[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const DESCRIPTIONS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
  unknown: 'Status unknown',
};
// Incident and maintenance states that mean "over".
const CLOSED_STATES = new Set(['resolved', 'postmortem', 'completed']);
// Bounds on what a (broken or hostile) page can make us keep and show.
const MAX_ITEMS = 100;
const MAX_TEXT = 200;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t.slice(0, MAX_TEXT);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject).slice(0, MAX_ITEMS) : [];
}

/** An http(s) URL from the page, or undefined: a link we show must not be a `command:` or `javascript:` URL. */
function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function instant(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value.trim() : undefined;
}

function componentStatus(value: unknown): ComponentStatus {
  return COMPONENT_STATUSES.includes(value as ComponentStatus) ? (value as ComponentStatus) : 'unknown';
}

/**
 * How much a component name looks like the public Claude API's, 0 for not at all. Tolerates the
 * renames the page has seen and may see: `Claude API (api.anthropic.com)`, `Claude API`,
 * `Anthropic API`, `API`; never the console (`platform.claude.com (formerly console.anthropic.com)`).
 */
export function apiComponentScore(name: string): number {
  const n = name.toLowerCase();
  if (n.includes('api.anthropic.com') || n.includes('api.claude.com')) return 100;
  if (/platform\.claude\.com|console\.anthropic\.com|\bconsole\b/.test(n)) return 0;
  if (!/\bapi\b/.test(n)) return 0;
  if (/^\s*(claude|anthropic)\s+api\s*$/.test(n)) return 90;
  if (/\b(claude|anthropic)\b/.test(n)) return 80;
  if (n.trim() === 'api') return 60;
  return 30; // some other "... API"
}

interface RawComponent extends Component {
  isGroup: boolean;
  hidden: boolean;
}

function readComponents(value: unknown): RawComponent[] {
  const out: RawComponent[] = [];
  for (const raw of objects(value)) {
    const name = text(raw.name);
    if (!name) continue;
    const status = componentStatus(raw.status);
    out.push({
      name,
      status,
      isGroup: raw.group === true,
      // The page itself hides these while they are fine; so do we.
      hidden: raw.only_show_if_degraded === true && status === 'operational',
    });
  }
  return out;
}

/** The best-matching API component; leaves beat a group of the same name, earlier beats later. */
function findApiComponent(components: readonly RawComponent[]): Component | undefined {
  let best: RawComponent | undefined;
  let bestScore = 0;
  for (const c of components) {
    const score = apiComponentScore(c.name) - (c.isGroup ? 5 : 0);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best && { name: best.name, status: best.status };
}

function readIncidents(value: unknown): Incident[] {
  const out: Incident[] = [];
  for (const raw of objects(value)) {
    const name = text(raw.name);
    const status = text(raw.status)?.toLowerCase() ?? 'unknown';
    if (!name || CLOSED_STATES.has(status)) continue;
    const incident: Incident = { name, status, impact: text(raw.impact)?.toLowerCase() ?? 'unknown' };
    const id = text(raw.id);
    if (id) incident.id = id;
    const url = webUrl(raw.shortlink);
    if (url) incident.url = url;
    const startedAt = instant(raw.started_at) ?? instant(raw.created_at);
    if (startedAt) incident.startedAt = startedAt;
    out.push(incident);
  }
  return out;
}

/** Maintenances under way: in progress or verifying, or scheduled with a window that covers `at`. */
function readMaintenances(value: unknown, at: number): Maintenance[] {
  const out: Maintenance[] = [];
  for (const raw of objects(value)) {
    const name = text(raw.name);
    const status = text(raw.status)?.toLowerCase() ?? 'unknown';
    if (!name) continue;
    const scheduledFor = instant(raw.scheduled_for);
    const scheduledUntil = instant(raw.scheduled_until);
    const inWindow = scheduledFor !== undefined && scheduledUntil !== undefined && Date.parse(scheduledFor) <= at && at < Date.parse(scheduledUntil);
    const active = status === 'in_progress' || status === 'verifying' || (status === 'scheduled' && inWindow);
    if (!active) continue;
    const maintenance: Maintenance = { name, status };
    const id = text(raw.id);
    if (id) maintenance.id = id;
    const url = webUrl(raw.shortlink);
    if (url) maintenance.url = url;
    if (scheduledFor) maintenance.scheduledFor = scheduledFor;
    if (scheduledUntil) maintenance.scheduledUntil = scheduledUntil;
    out.push(maintenance);
  }
  return out;
}

/**
 * The snapshot a `summary.json` (or `status.json`: then components, incidents and maintenances are
 * empty) describes, or undefined when the JSON is not a status page at all: neither a known
 * indicator nor a single usable component.
 */
export function parseStatusSummary(json: unknown, pageUrl: string, fetchedAt: number): StatusPageSnapshot | undefined {
  if (!isObject(json)) return undefined;
  const status = isObject(json.status) ? json.status : {};
  const indicator: Indicator = INDICATORS.includes(status.indicator as Indicator) ? (status.indicator as Indicator) : 'unknown';
  const all = readComponents(json.components);
  if (indicator === 'unknown' && all.length === 0) return undefined;

  const snapshot: StatusPageSnapshot = {
    fetchedAt,
    indicator,
    description: text(status.description) ?? DESCRIPTIONS[indicator],
    pageUrl,
    components: all.filter((c) => !c.isGroup && !c.hidden).map(({ name, status: s }) => ({ name, status: s })),
    incidents: readIncidents(json.incidents),
    maintenances: readMaintenances(json.scheduled_maintenances, fetchedAt),
  };
  // Hidden-while-operational components still count for the match: their status is what we want.
  const api = findApiComponent(all);
  if (api) snapshot.apiComponent = api;
  return snapshot;
}
