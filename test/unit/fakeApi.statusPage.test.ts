/// <reference types="mocha" />
// The fake status page (an Atlassian Statuspage, facts §4): shapes per state.
import * as assert from 'assert';
import { FakeClaudeApi, type StatusState } from '../fake-api/server';
import { COMPONENT_NAMES } from '../fake-api/statusPage';

interface Component {
  id: string;
  name: string;
  status: string;
  updated_at: string;
  group_id: string | null;
  only_show_if_degraded: boolean;
}
interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  shortlink: string;
  started_at: string;
  incident_updates: { status: string; body: string; affected_components: unknown[] }[];
  components: Component[];
}
interface Summary {
  page: { id: string; name: string; url: string; time_zone: string; updated_at: string };
  components: Component[];
  incidents: Incident[];
  scheduled_maintenances: (Incident & { scheduled_for: string; scheduled_until: string })[];
  status: { indicator: string; description: string };
}

const API = COMPONENT_NAMES.api;

describe('fake status page', () => {
  const clock = Date.parse('2026-11-20T10:00:00Z');
  let api: FakeClaudeApi;

  before(async () => (api = await FakeClaudeApi.start({ now: () => clock })));
  afterEach(() => api.reset());
  after(() => api.close());

  async function summary(state?: StatusState): Promise<Summary> {
    if (state) api.setStatus(state);
    const res = await fetch(`${api.url}/api/v2/summary.json`);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers.get('content-type'), 'application/json');
    return (await res.json()) as Summary;
  }
  const apiComponent = (s: Summary) => s.components.find((c) => c.name === API)!;

  it('operational: indicator none, every component operational, nothing open', async () => {
    const s = await summary('operational');
    assert.deepStrictEqual(s.status, { indicator: 'none', description: 'All Systems Operational' });
    assert.deepStrictEqual(Object.keys(s.page).sort(), ['id', 'name', 'time_zone', 'updated_at', 'url']);
    assert.deepStrictEqual(
      s.components.map((c) => c.name).sort(),
      [API, COMPONENT_NAMES.claudeAi, COMPONENT_NAMES.claudeCode, COMPONENT_NAMES.platform].sort(),
    );
    assert.deepStrictEqual(COMPONENT_NAMES, {
      claudeAi: 'claude.ai',
      platform: 'platform.claude.com (formerly console.anthropic.com)',
      api: 'Claude API (api.anthropic.com)',
      claudeCode: 'Claude Code',
    });
    for (const c of s.components) {
      assert.strictEqual(c.status, 'operational');
      for (const key of ['id', 'name', 'status', 'updated_at', 'group_id', 'only_show_if_degraded', 'position', 'page_id', 'group']) {
        assert.ok(key in c, `component field ${key}`);
      }
    }
    assert.deepStrictEqual(s.incidents, []);
    assert.deepStrictEqual(s.scheduled_maintenances, []);
  });

  it('degraded: minor, API degraded_performance, an "Elevated errors on Claude API" incident', async () => {
    const s = await summary('degraded');
    assert.strictEqual(s.status.indicator, 'minor');
    assert.strictEqual(apiComponent(s).status, 'degraded_performance');
    assert.strictEqual(s.incidents.length, 1);
    const incident = s.incidents[0];
    assert.strictEqual(incident.name, 'Elevated errors on Claude API');
    assert.strictEqual(incident.status, 'investigating');
    assert.strictEqual(incident.impact, 'minor');
    assert.match(incident.shortlink, /^https:\/\/stspg\.io\//);
    assert.ok(Date.parse(incident.started_at) < clock, 'started before now');
    assert.strictEqual(incident.incident_updates[0].status, 'investigating');
    assert.deepStrictEqual(
      incident.components.map((c) => [c.name, c.status]),
      [[API, 'degraded_performance']],
    );
  });

  it('outage: major, API major_outage', async () => {
    const s = await summary('outage');
    assert.strictEqual(s.status.indicator, 'major');
    assert.strictEqual(apiComponent(s).status, 'major_outage');
    assert.strictEqual(s.incidents[0].impact, 'major');
  });

  it('maintenance: API under_maintenance with an in-progress maintenance (indicator "maintenance", as Statuspage sends)', async () => {
    const s = await summary('maintenance');
    assert.strictEqual(s.status.indicator, 'maintenance');
    assert.strictEqual(apiComponent(s).status, 'under_maintenance');
    assert.deepStrictEqual(s.incidents, []);
    const m = s.scheduled_maintenances[0];
    assert.strictEqual(m.status, 'in_progress');
    assert.strictEqual(m.impact, 'maintenance');
    assert.ok(Date.parse(m.scheduled_for) <= clock && clock < Date.parse(m.scheduled_until));
  });

  it('garbage: 200 JSON with missing and mistyped fields', async () => {
    const s = (await summary('garbage')) as unknown as Record<string, unknown>;
    assert.ok(!Array.isArray(s.components));
    assert.strictEqual((s.status as Record<string, unknown>).description, undefined);
  });

  it('html: a 503 HTML error page', async () => {
    api.setStatus('html');
    const res = await fetch(`${api.url}/api/v2/summary.json`);
    assert.strictEqual(res.status, 503);
    assert.strictEqual(res.headers.get('content-type'), 'text/html');
    assert.match(await res.text(), /^<html>/);
  });

  it('status.json and the other endpoints agree with summary.json', async () => {
    const s = await summary('degraded');
    const get = async (file: string) => (await (await fetch(`${api.url}/api/v2/${file}`)).json()) as Record<string, unknown>;
    assert.deepStrictEqual(await get('status.json'), { page: s.page, status: s.status });
    assert.deepStrictEqual((await get('components.json')).components, s.components);
    assert.deepStrictEqual((await get('incidents/unresolved.json')).incidents, s.incidents);
    assert.deepStrictEqual((await get('scheduled-maintenances/active.json')).scheduled_maintenances, []);
    assert.strictEqual((await fetch(`${api.url}/api/v2/nothing.json`)).status, 404);
  });

  it('needs no key, sends no request-id, and records that no key was sent', async () => {
    const res = await fetch(`${api.url}/api/v2/status.json`);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers.get('request-id'), null);
    assert.strictEqual(api.requests[0].route, 'status');
    assert.strictEqual(api.requests[0].auth, 'none');
  });

  it('scripted status outcomes do not touch the API routes, and vice versa', async () => {
    api.script('status', [{ kind: 'html', status: 502 }]);
    api.script('models', [{ kind: 'error', status: 529 }]);
    assert.strictEqual((await fetch(`${api.url}/api/v2/status.json`)).status, 502);
    assert.strictEqual((await fetch(`${api.url}/api/v2/status.json`)).status, 200, 'queue consumed');
    assert.strictEqual((await fetch(`${api.url}/v1/models`)).status, 529);
  });
});
