// The outcome vocabulary: what the fake does with one request instead of (or
// before) its normal behaviour, the per-route scripted queues, and scenarios
// (outcomes and status-page states over time, on an injectable clock).
// Everything here is plain JSON so it can be sent over /__control/* too.

/**
 * Routes an outcome can be scripted for. `status` is the status page (/api/v2/*),
 * a different host in reality, so '*' and scenario `api` outcomes never touch it.
 */
export const ROUTES = ['messages', 'count_tokens', 'models', 'status'] as const;
export type Route = (typeof ROUTES)[number];
export type ScriptRoute = Route | '*';

export const STATUS_STATES = ['operational', 'degraded', 'outage', 'maintenance', 'garbage', 'html'] as const;
export type StatusState = (typeof STATUS_STATES)[number];

export interface ErrorOutcome {
  kind: 'error';
  status: number;
  /** error.type; defaults to the real one for the status (e.g. 529 -> overloaded_error). */
  type?: string;
  /** error.message; defaults to the real one for the status. */
  message?: string;
  /** `retry-after` header: seconds, or a raw string such as an HTTP date. Absent unless given. */
  retryAfter?: number | string;
  /** `retry-after-ms` header. Absent unless given. */
  retryAfterMs?: number;
  /** `x-should-retry` header. Absent unless given. */
  shouldRetry?: boolean;
}

export type Outcome =
  | { kind: 'ok' }
  | ErrorOutcome
  | { kind: 'slow'; ms: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'html'; status?: number }
  | { kind: 'malformed' }
  | { kind: 'streamError'; type?: string; message?: string };

export type OutcomeKind = Outcome['kind'];

export interface ScenarioStep {
  forMs: number;
  /** Applied to every API request (messages, count_tokens, models) while the step is active. */
  api?: Outcome;
  /** Status page state while the step is active. */
  status?: StatusState;
}

export interface Scenario {
  name?: string;
  steps: ScenarioStep[];
  /** Start again from the first step after the last one; otherwise the last step stays in effect. */
  loop?: boolean;
}

const overloaded: Outcome = { kind: 'error', status: 529 };
const ok: Outcome = { kind: 'ok' };

/** Named scenarios for the demo and end-to-end tests (real-time durations). */
export const NAMED_SCENARIOS: Readonly<Record<string, Scenario>> = {
  healthy: { steps: [{ forMs: 1000, api: ok, status: 'operational' }] },
  'healthy-outage-healthy': {
    steps: [
      { forMs: 10_000, api: ok, status: 'operational' },
      { forMs: 20_000, api: overloaded, status: 'outage' },
      { forMs: 1000, api: ok, status: 'operational' },
    ],
  },
  // The real page lags real failures by minutes: the probe must see it first.
  'outage-page-lags': {
    steps: [
      { forMs: 5000, api: ok, status: 'operational' },
      { forMs: 10_000, api: overloaded, status: 'operational' },
      { forMs: 15_000, api: overloaded, status: 'outage' },
      { forMs: 10_000, api: ok, status: 'degraded' },
      { forMs: 1000, api: ok, status: 'operational' },
    ],
  },
  overloaded: { steps: [{ forMs: 1000, api: overloaded, status: 'degraded' }] },
  'rate-limited': { steps: [{ forMs: 1000, api: { kind: 'error', status: 429, retryAfter: 30 }, status: 'operational' }] },
  maintenance: { steps: [{ forMs: 1000, api: ok, status: 'maintenance' }] },
  slow: { steps: [{ forMs: 1000, api: { kind: 'slow', ms: 3000 }, status: 'degraded' }] },
  'network-down': { steps: [{ forMs: 1000, api: { kind: 'reset' }, status: 'html' }] },
};

// ---- validation (control requests come from other processes: check shapes) ----

function fail(message: string): never {
  throw new TypeError(message);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStatusCode = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599;

function optional(o: Record<string, unknown>, key: string, check: (v: unknown) => boolean, what: string): void {
  if (o[key] !== undefined && !check(o[key])) fail(`outcome.${key} must be ${what}`);
}

/** Checks a plain JSON value and returns it as an Outcome; throws TypeError with a clear message. */
export function parseOutcome(value: unknown): Outcome {
  if (!isObject(value)) fail('outcome must be an object like {"kind":"error","status":529}');
  const o = value;
  const isString = (v: unknown) => typeof v === 'string';
  switch (o.kind) {
    case 'ok':
    case 'hang':
    case 'reset':
    case 'malformed':
      return { kind: o.kind };
    case 'slow':
      if (!isNonNegative(o.ms)) fail('outcome.ms must be a number of milliseconds >= 0');
      return { kind: 'slow', ms: o.ms };
    case 'html':
      optional(o, 'status', isStatusCode, 'an HTTP status code');
      return { kind: 'html', status: o.status as number | undefined };
    case 'streamError':
      optional(o, 'type', isString, 'a string');
      optional(o, 'message', isString, 'a string');
      return { kind: 'streamError', type: o.type as string | undefined, message: o.message as string | undefined };
    case 'error':
      if (!isStatusCode(o.status) || (o.status as number) < 400) fail('outcome.status must be an HTTP error status (400-599)');
      optional(o, 'type', isString, 'a string');
      optional(o, 'message', isString, 'a string');
      optional(o, 'retryAfter', (v) => isNonNegative(v) || isString(v), 'seconds or a string');
      optional(o, 'retryAfterMs', isNonNegative, 'a number of milliseconds >= 0');
      optional(o, 'shouldRetry', (v) => typeof v === 'boolean', 'a boolean');
      return {
        kind: 'error',
        status: o.status as number,
        type: o.type as string | undefined,
        message: o.message as string | undefined,
        retryAfter: o.retryAfter as number | string | undefined,
        retryAfterMs: o.retryAfterMs as number | undefined,
        shouldRetry: o.shouldRetry as boolean | undefined,
      };
    default:
      return fail(`unknown outcome kind ${JSON.stringify(o.kind)}; expected one of ok, error, slow, hang, reset, html, malformed, streamError`);
  }
}

export function parseRoute(value: unknown): ScriptRoute {
  if (value === '*' || (ROUTES as readonly unknown[]).includes(value)) return value as ScriptRoute;
  return fail(`route must be one of ${[...ROUTES, '*'].join(', ')}`);
}

export function parseStatusState(value: unknown): StatusState {
  if ((STATUS_STATES as readonly unknown[]).includes(value)) return value as StatusState;
  return fail(`status state must be one of ${STATUS_STATES.join(', ')}`);
}

/** Accepts a scenario name, a list of steps, or {name} / {steps, loop}. */
export function parseScenario(value: unknown): Scenario {
  if (typeof value === 'string') {
    const named = Object.hasOwn(NAMED_SCENARIOS, value) ? NAMED_SCENARIOS[value] : undefined;
    if (!named) fail(`unknown scenario ${JSON.stringify(value)}; known: ${Object.keys(NAMED_SCENARIOS).join(', ')}`);
    return { ...named, name: value };
  }
  if (Array.isArray(value)) return parseScenario({ steps: value });
  if (!isObject(value)) return fail('scenario must be a name, a list of steps, or {steps, loop}');
  if (value.steps === undefined && typeof value.name === 'string') return parseScenario(value.name);
  if (!Array.isArray(value.steps) || value.steps.length === 0) fail('scenario.steps must be a non-empty list');
  const steps = value.steps.map((step: unknown, i: number): ScenarioStep => {
    if (!isObject(step)) fail(`scenario.steps[${i}] must be an object`);
    if (!isNonNegative(step.forMs)) fail(`scenario.steps[${i}].forMs must be a number of milliseconds >= 0`);
    return {
      forMs: step.forMs,
      api: step.api === undefined ? undefined : parseOutcome(step.api),
      status: step.status === undefined ? undefined : parseStatusState(step.status),
    };
  });
  return { name: typeof value.name === 'string' ? value.name : undefined, steps, loop: value.loop === true };
}

// ---- the schedule: which outcome serves the next request ----

export type OutcomeSource = 'script' | 'scenario' | 'normal';

export class Schedule {
  private queues = new Map<ScriptRoute, Outcome[]>();
  private scenario: { plan: Scenario; startedAt: number } | undefined;

  constructor(private readonly now: () => number) {}

  script(route: ScriptRoute, outcomes: Outcome[]): void {
    this.queues.set(route, [...(this.queues.get(route) ?? []), ...outcomes]);
  }

  setScenario(plan: Scenario | undefined): void {
    this.scenario = plan && { plan, startedAt: this.now() };
  }

  /** Name of the running scenario (undefined when none or unnamed). */
  get scenarioName(): string | undefined {
    return this.scenario?.plan.name;
  }

  reset(): void {
    this.queues.clear();
    this.scenario = undefined;
  }

  /**
   * The outcome for one request on `route`, consuming a scripted one if queued
   * (the route's own queue first, then '*' for API routes); else the active
   * scenario step's API outcome (API routes only); else normal behaviour.
   */
  next(route: Route): { outcome: Outcome; source: OutcomeSource } {
    const isApi = route !== 'status';
    for (const key of isApi ? [route, '*' as const] : [route]) {
      const queued = this.queues.get(key)?.shift();
      if (queued) return { outcome: queued, source: 'script' };
    }
    const api = isApi ? this.currentStep()?.api : undefined;
    if (api) return { outcome: api, source: 'scenario' };
    return { outcome: { kind: 'ok' }, source: 'normal' };
  }

  /** The status page state forced by the active scenario step, if any. */
  statusState(): StatusState | undefined {
    return this.currentStep()?.status;
  }

  private currentStep(): ScenarioStep | undefined {
    if (!this.scenario) return undefined;
    const { plan, startedAt } = this.scenario;
    const total = plan.steps.reduce((sum, s) => sum + s.forMs, 0);
    let elapsed = Math.max(0, this.now() - startedAt);
    if (plan.loop && total > 0) elapsed %= total;
    for (const step of plan.steps) {
      if (elapsed < step.forMs) return step;
      elapsed -= step.forMs;
    }
    return plan.steps[plan.steps.length - 1];
  }
}
