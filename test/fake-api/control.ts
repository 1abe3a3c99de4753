// /__control/* endpoints: the same knobs as FakeClaudeApi's methods, for
// tests in another process (extension host, Playwright, the demo). No key needed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseOutcome, parseRoute, parseScenario, parseStatusState, type Outcome, type Scenario, type ScriptRoute, type StatusState } from './outcomes';
import { sendJson, type RateLimitsPatch } from './responses';
import type { RecordedRequest } from './server';

export const CONTROL_PREFIX = '/__control/';

/** What the control endpoints drive; FakeClaudeApi implements it. */
export interface Controllable {
  readonly requests: readonly RecordedRequest[];
  script(route: ScriptRoute, outcomes: Outcome[]): void;
  scenario(plan: Scenario | undefined): void;
  setStatus(state: StatusState): void;
  setRateLimits(patch: RateLimitsPatch): void;
  setLatency(ms: number): void;
  setDateOffset(ms: number): void;
  reset(): void;
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new TypeError('body must be JSON');
  }
}

const field = (body: unknown, key: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;

export function handleControl(target: Controllable, req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer): void {
  const action = `${req.method} ${path.slice(CONTROL_PREFIX.length)}`;
  try {
    const body = parseBody(raw);
    switch (action) {
      case 'GET requests':
        return sendJson(res, 200, { requests: target.requests });
      case 'POST reset':
        target.reset();
        break;
      case 'POST script': {
        const outcomes = field(body, 'outcomes');
        if (!Array.isArray(outcomes)) throw new TypeError('outcomes must be a list');
        target.script(parseRoute(field(body, 'route')), outcomes.map(parseOutcome));
        break;
      }
      case 'POST scenario':
        // null (or an empty body) stops the running scenario.
        target.scenario(body === undefined || body === null ? undefined : parseScenario(body));
        break;
      case 'POST status':
        target.setStatus(parseStatusState(typeof body === 'string' ? body : field(body, 'state')));
        break;
      case 'POST ratelimits':
        if (typeof body !== 'object' || body === null) throw new TypeError('body must be an object like {"requests":{"remaining":0}}');
        target.setRateLimits(body as RateLimitsPatch);
        break;
      case 'POST latency':
        target.setLatency(field(body, 'ms') as number);
        break;
      case 'POST clock':
        target.setDateOffset(field(body, 'offsetMs') as number);
        break;
      default:
        return sendJson(res, 404, { error: `unknown control endpoint: ${action}` });
    }
    sendJson(res, 200, { ok: true });
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
