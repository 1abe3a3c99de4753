/// <reference types="mocha" />
// Issue 7 item 10 (the health UI's slice): every string the status bar, the details view and the
// notifications show passes redactSecrets, including words that came from the network.
import * as assert from 'assert';
import { buildDetailsModel } from '../../src/health/detailsModel';
import { HealthMonitor } from '../../src/health/monitor';
import { NotificationPolicy } from '../../src/health/notifications';
import { renderStatusBar } from '../../src/health/presentation';
import type { StatusPageSnapshot } from '../../src/health/types';

const T0 = Date.parse('2026-11-22T10:00:00Z');
/** A key-shaped secret (the pattern catches it) and a gateway key of another shape (only the exact list does). */
const KEY_BODY = 'Zq7LeakedKeyBodyThatMustNeverShow0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW-xyzAA';
const ANTHROPIC_KEY = `sk-ant-api03-${KEY_BODY}`;
const GATEWAY_KEY = 'gw.Secret_Of.AnotherShape-9731';

function leaks(text: string): string[] {
  const found: string[] = [];
  if (text.includes(KEY_BODY.slice(0, 12)) || text.includes(KEY_BODY.slice(-12))) found.push('the Anthropic key');
  // Markdown escaping would turn "." into "\\.": look for the escaped spelling too.
  if (text.includes(GATEWAY_KEY) || text.includes(GATEWAY_KEY.replace(/[!-/:-@[-`{-~]/g, (m) => `\\${m}`))) found.push('the gateway key');
  return found;
}

/** A monitor in Outage whose probe details and status page quote both secrets. */
function leakyMonitor(): { monitor: HealthMonitor; now: () => number } {
  let t = T0;
  const monitor = new HealthMonitor({ now: () => t });
  const page: StatusPageSnapshot = {
    fetchedAt: t,
    indicator: 'major',
    description: `Keys like ${ANTHROPIC_KEY} are affected`,
    pageUrl: 'https://status.claude.com',
    apiComponent: { name: 'Claude API (api.anthropic.com)', status: 'major_outage' },
    components: [{ name: `Gateway ${GATEWAY_KEY}`, status: 'major_outage' }],
    incidents: [{ id: 'x', name: `Errors for ${ANTHROPIC_KEY}`, status: 'investigating', impact: 'major', url: 'https://status.claude.com/incidents/x' }],
    maintenances: [],
  };
  monitor.recordStatusPage(page);
  for (let i = 0; i < 3; i++) {
    t += 2_000;
    // A server error message that echoes what it was sent (a misbehaving proxy does).
    monitor.recordProbe({ outcome: 'serverError', status: 500, startedAt: t, latencyMs: 200, errorType: 'api_error', detail: `HTTP 500 api_error: bad header x-api-key: ${ANTHROPIC_KEY} via ${GATEWAY_KEY}` });
  }
  return { monitor, now: () => t };
}

describe('health: no secret reaches what the health UI shows', () => {
  it('the status bar text, tooltip and aria label', () => {
    const { monitor, now } = leakyMonitor();
    assert.strictEqual(monitor.state().kind, 'outage');
    const view = renderStatusBar(monitor.state(), monitor.stats(), now(), { statusPageUrl: 'https://status.claude.com', secrets: [GATEWAY_KEY] });
    for (const [what, text] of Object.entries(view)) assert.deepStrictEqual(leaks(String(text)), [], `${what}:\n${String(text)}`);
    assert.match(view.tooltip, /REDACTED/, 'the secrets were masked, not the lines dropped');
  });

  it('the details view model', () => {
    const { monitor, now } = leakyMonitor();
    const model = buildDetailsModel(monitor.state(), monitor.stats(), monitor.history(), now(), [GATEWAY_KEY]);
    assert.deepStrictEqual(leaks(JSON.stringify(model)), [], JSON.stringify(model, null, 1));
    assert.match(model.statusPage?.incidents[0].name ?? '', /REDACTED/);
  });

  it('the outage notification', () => {
    const { monitor, now } = leakyMonitor();
    const notice = new NotificationPolicy('all').observe(monitor.state(), now(), [GATEWAY_KEY]);
    assert.ok(notice, 'an outage is notified');
    assert.deepStrictEqual(leaks(notice.message), [], notice.message);
  });
});
