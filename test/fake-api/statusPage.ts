// A fake of status.claude.com, an Atlassian Statuspage (facts §4): the public
// JSON under /api/v2/ for each StatusState. Shapes follow Statuspage's API.
import type { StatusState } from './outcomes';

export const PAGE_ID = 'tymt9n04zgry';
const PAGE = { id: PAGE_ID, name: 'Claude', url: 'https://status.claude.com', time_zone: 'Etc/UTC' };

export const COMPONENT_NAMES = {
  claudeAi: 'claude.ai',
  platform: 'platform.claude.com (formerly console.anthropic.com)',
  api: 'Claude API (api.anthropic.com)',
  claudeCode: 'Claude Code',
} as const;

type ComponentKey = keyof typeof COMPONENT_NAMES;
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

const COMPONENT_IDS: Record<ComponentKey, string> = {
  claudeAi: 'rwppv331jlwc',
  platform: '0qbwn08sd68x',
  api: 'k8w3r06qmzrp',
  claudeCode: 'yyzkbfz2thpt',
};

const DESCRIPTIONS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
};

const CREATED = '2023-07-11T17:43:23.512Z';
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** What one state looks like: component statuses, the indicator, and its incident or maintenance. */
interface StateSpec {
  indicator: Indicator;
  components: Partial<Record<ComponentKey, ComponentStatus>>;
  incident?: { id: string; name: string; status: string; impact: string; body: string };
  maintenance?: { id: string; name: string; body: string };
}

const STATES: Record<'operational' | 'degraded' | 'outage' | 'maintenance', StateSpec> = {
  operational: { indicator: 'none', components: {} },
  degraded: {
    indicator: 'minor',
    components: { api: 'degraded_performance' },
    incident: {
      id: 'f3kq9m2xv7hd',
      name: 'Elevated errors on Claude API',
      status: 'investigating',
      impact: 'minor',
      body: 'We are currently investigating elevated error rates on the Claude API.',
    },
  },
  outage: {
    indicator: 'major',
    components: { api: 'major_outage', claudeCode: 'partial_outage' },
    incident: {
      id: 'p8zt4c1nw5jb',
      name: 'Claude API unavailable',
      status: 'identified',
      impact: 'major',
      body: 'The issue has been identified and a fix is being implemented. Requests to the Claude API are failing.',
    },
  },
  maintenance: {
    indicator: 'maintenance',
    components: { api: 'under_maintenance' },
    maintenance: {
      id: 'm4hx7s0ke2ra',
      name: 'Scheduled maintenance of the Claude API',
      body: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
    },
  },
};

function component(key: ComponentKey, status: ComponentStatus, updatedAt: string) {
  return {
    id: COMPONENT_IDS[key],
    name: COMPONENT_NAMES[key],
    status,
    created_at: CREATED,
    updated_at: updatedAt,
    position: Object.keys(COMPONENT_IDS).indexOf(key) + 1,
    description: null,
    showcase: true,
    start_date: '2023-07-11',
    group_id: null,
    page_id: PAGE_ID,
    group: false,
    only_show_if_degraded: false,
  };
}

function incidentLike(
  id: string,
  name: string,
  status: string,
  impact: string,
  body: string,
  startedAt: number,
  affected: ReturnType<typeof component>[],
) {
  const at = iso(startedAt);
  return {
    id,
    name,
    status,
    created_at: at,
    updated_at: at,
    monitoring_at: null,
    resolved_at: null,
    impact,
    shortlink: `https://stspg.io/${id.slice(0, 5)}`,
    started_at: at,
    page_id: PAGE_ID,
    incident_updates: [
      {
        id: `${id.slice(0, 6)}upd001`,
        status,
        body,
        incident_id: id,
        created_at: at,
        updated_at: at,
        display_at: at,
        affected_components: affected.map((c) => ({ code: c.id, name: c.name, old_status: 'operational', new_status: c.status })),
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
    ],
    components: affected,
  };
}

/** summary.json for a well-formed state. */
export function buildSummary(state: keyof typeof STATES, now: number) {
  const spec = STATES[state];
  const startedAt = now - 12 * MINUTE;
  const changed = iso(spec.indicator === 'none' ? now - 3 * 24 * 60 * MINUTE : startedAt);
  const components = (Object.keys(COMPONENT_IDS) as ComponentKey[]).map((key) => {
    const status = spec.components[key] ?? 'operational';
    return component(key, status, status === 'operational' ? iso(now - 3 * 24 * 60 * MINUTE) : changed);
  });
  const affected = components.filter((c) => c.status !== 'operational');
  const incidents = spec.incident
    ? [incidentLike(spec.incident.id, spec.incident.name, spec.incident.status, spec.incident.impact, spec.incident.body, startedAt, affected)]
    : [];
  const scheduled_maintenances = spec.maintenance
    ? [
        {
          ...incidentLike(spec.maintenance.id, spec.maintenance.name, 'in_progress', 'maintenance', spec.maintenance.body, startedAt, affected),
          scheduled_for: iso(startedAt),
          scheduled_until: iso(startedAt + 60 * MINUTE),
        },
      ]
    : [];
  return {
    page: { ...PAGE, updated_at: changed },
    components,
    incidents,
    scheduled_maintenances,
    status: { indicator: spec.indicator, description: DESCRIPTIONS[spec.indicator] },
  };
}

/** Valid JSON in the wrong shape: missing and mistyped fields, as from a broken page or a captive portal. */
const GARBAGE: Record<string, unknown> = {
  'summary.json': { page: { id: 42 }, components: 'unavailable', incidents: null, status: { indicator: 'sort-of' } },
  'status.json': { page: null, status: {} },
};

export type StatusPageReply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'html'; status: number };

/** The reply for GET /api/v2/<file> in a state, or undefined when the path is unknown. */
export function statusPageReply(file: string, state: StatusState, now: number): StatusPageReply | undefined {
  const known = [
    'summary.json',
    'status.json',
    'components.json',
    'incidents.json',
    'incidents/unresolved.json',
    'scheduled-maintenances.json',
    'scheduled-maintenances/active.json',
    'scheduled-maintenances/upcoming.json',
  ];
  if (!known.includes(file)) return undefined;
  if (state === 'html') return { kind: 'html', status: 503 };
  if (state === 'garbage') return { kind: 'json', status: 200, body: GARBAGE[file] ?? [] };

  const s = buildSummary(state, now);
  const page = s.page;
  const bodies: Record<string, unknown> = {
    'summary.json': s,
    'status.json': { page, status: s.status },
    'components.json': { page, components: s.components },
    'incidents.json': { page, incidents: s.incidents },
    'incidents/unresolved.json': { page, incidents: s.incidents },
    'scheduled-maintenances.json': { page, scheduled_maintenances: s.scheduled_maintenances },
    'scheduled-maintenances/active.json': { page, scheduled_maintenances: s.scheduled_maintenances },
    'scheduled-maintenances/upcoming.json': { page, scheduled_maintenances: [] },
  };
  return { kind: 'json', status: 200, body: bodies[file] };
}
