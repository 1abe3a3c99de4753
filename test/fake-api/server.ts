// A local fake of the Claude API (api.anthropic.com) and its status page
// (status.claude.com) on one 127.0.0.1 port, faithful enough that the official
// SDKs raise their own error classes and retry exactly as against the real
// thing. Tests steer it per request (script), over time (scenario) and
// through /__control/* from other processes. See README.md.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as api from './api';
import { CONTROL_PREFIX, handleControl, type Controllable } from './control';
import {
  parseOutcome,
  parseRoute,
  parseScenario,
  parseStatusState,
  Schedule,
  type ErrorOutcome,
  type Outcome,
  type OutcomeSource,
  type Route,
  type Scenario,
  type ScenarioStep,
  type ScriptRoute,
  type StatusState,
} from './outcomes';
import {
  defaultRateLimits,
  errorBody,
  errorDefaults,
  MALFORMED_JSON,
  newRequestId,
  ORGANIZATION_ID,
  proxyErrorPage,
  RATE_LIMIT_BUCKETS,
  rateLimitHeaders,
  retryHeaders,
  sendJson,
  sendText,
  type Headers,
  type RateLimits,
  type RateLimitsPatch,
} from './responses';
import { streamMessage, streamThenError } from './sse';
import { statusPageReply } from './statusPage';

export type { Outcome, Route, Scenario, ScenarioStep, ScriptRoute, StatusState } from './outcomes';
export { NAMED_SCENARIOS } from './outcomes';

/** The default valid key: obviously fake, in the real shape (facts §8: 108 characters, ending AA; the doctor checks it). */
export const FAKE_API_KEY =
  'sk-ant-api03-fake-test-key-00000000000000000000000000000000000000000000000000000000000000000000000000-AAAAAA';

export interface FakeClaudeApiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keys accepted by the API routes; default [FAKE_API_KEY]. */
  apiKeys?: string[];
  /** Clock for scenarios, rate-limit resets, status page times and records; default Date.now. */
  now?: () => number;
  /** Initial status page state; default 'operational'. */
  status?: StatusState;
  /** Changes to the default rate-limit header values. */
  rateLimits?: RateLimitsPatch;
  /** Real-time delay before every API and status page answer (not control requests), like a far network; default 0. */
  latencyMs?: number;
  /** The `Date` header of every response is the real clock plus this (a server clock ahead, or behind when negative); default 0. */
  dateOffsetMs?: number;
}

export interface RecordedRequest {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  /** now() when the request arrived. */
  time: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Request headers, with x-api-key and Authorization values replaced by [REDACTED]. */
  headers: Record<string, string>;
  /** How a key was sent: lets tests check e.g. that no key goes to the status page. */
  auth: 'x-api-key' | 'bearer' | 'none';
  keyValid: boolean;
  route: Route | 'unknown';
  /** `model` from a messages / count_tokens body. */
  model?: string;
  /** What served it, and where that came from. */
  outcome: Outcome;
  source: OutcomeSource;
  /** HTTP status sent; absent while in flight, and for hang / reset. */
  status?: number;
  /** The request-id sent, if any (proxy HTML pages carry none). */
  requestId?: string;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024; // the API's 413 limit (facts §3)
const STREAM_ERROR_INPUT_TOKENS = 10; // usage shown in message_start before a mid-stream error
const REDACTED = '[REDACTED]';

function routeOf(method: string, path: string): Route | 'unknown' {
  if (path.startsWith('/api/v2/') && method === 'GET') return 'status';
  if (method === 'GET' && (path === '/v1/models' || /^\/v1\/models\/[^/]+$/.test(path))) return 'models';
  if (method === 'POST' && path === '/v1/messages') return 'messages';
  if (method === 'POST' && path === '/v1/messages/count_tokens') return 'count_tokens';
  return 'unknown';
}

function readAuth(req: IncomingMessage): { auth: RecordedRequest['auth']; key?: string } {
  const xKey = req.headers['x-api-key'];
  if (typeof xKey === 'string') return { auth: 'x-api-key', key: xKey };
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return { auth: 'bearer', key: authorization.slice('Bearer '.length) };
  return { auth: 'none' };
}

function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = name === 'x-api-key' ? REDACTED : name === 'authorization' ? value.toString().replace(/ .*$/, ` ${REDACTED}`) : value.toString();
  }
  return out;
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<{ raw: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk); // keep draining, stop storing
  }
  return { raw: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES };
}

export class FakeClaudeApi implements Controllable {
  readonly url: string;
  /** Every API and status-page request, oldest first (control requests are not recorded). */
  readonly requests: RecordedRequest[] = [];

  private readonly schedule: Schedule;
  private statusState: StatusState;
  private rateLimits: RateLimits;
  private latencyMs: number;
  private dateOffsetMs: number;
  private readonly sockets = new Set<Socket>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly options: Required<Pick<FakeClaudeApiOptions, 'apiKeys' | 'now'>> & FakeClaudeApiOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.schedule = new Schedule(options.now);
    this.statusState = options.status ?? 'operational';
    this.rateLimits = defaultRateLimits();
    if (options.rateLimits) this.setRateLimits(options.rateLimits);
    this.latencyMs = 0;
    this.dateOffsetMs = 0;
    this.setLatency(options.latencyMs ?? 0);
    this.setDateOffset(options.dateOffsetMs ?? 0);
  }

  static async start(options: FakeClaudeApiOptions = {}): Promise<FakeClaudeApi> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const fake = new FakeClaudeApi(server, { ...options, apiKeys: options.apiKeys ?? [FAKE_API_KEY], now: options.now ?? Date.now });
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.once('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((err) => {
        // A bug in the fake must show up in the test, not as a hang.
        if (!res.headersSent) sendJson(res, 500, { error: `fake API bug: ${String(err?.stack ?? err)}` });
        else res.destroy();
      });
    });
    return fake;
  }

  // ---- steering ----

  /** Queues outcomes for the next requests on `route` ('*' = any route), one per request. */
  script(route: ScriptRoute, outcomes: Outcome[]): void {
    this.schedule.script(parseRoute(route), outcomes.map(parseOutcome));
  }

  /** Runs a named scenario or steps over time from now(); undefined stops it. */
  scenario(plan: string | ScenarioStep[] | Scenario | undefined): void {
    this.schedule.setScenario(plan === undefined ? undefined : parseScenario(plan));
  }

  setStatus(state: StatusState): void {
    this.statusState = parseStatusState(state);
  }

  /** Changes rate-limit header values, e.g. { requests: { remaining: 0 } }. */
  setRateLimits(patch: RateLimitsPatch): void {
    // Check everything first so a bad patch changes nothing.
    for (const [bucket, values] of Object.entries(patch)) {
      if (!(RATE_LIMIT_BUCKETS as readonly string[]).includes(bucket)) throw new TypeError(`unknown rate-limit bucket ${bucket}`);
      for (const [key, value] of Object.entries(values ?? {})) {
        if (!['limit', 'remaining', 'resetMs'].includes(key) || typeof value !== 'number' || !(value >= 0)) {
          throw new TypeError(`rate limit ${bucket}.${key} must be one of limit, remaining, resetMs with a number >= 0`);
        }
      }
    }
    for (const [bucket, values] of Object.entries(patch)) Object.assign(this.rateLimits[bucket as keyof RateLimits], values);
  }

  /** Delays every later API and status page answer by `ms` of real time (0: none). */
  setLatency(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new TypeError('latency must be a number of milliseconds >= 0');
    this.latencyMs = ms;
  }

  /** Skews the `Date` header of every later response by `ms` from the real clock (negative: the server is behind). */
  setDateOffset(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError('the Date offset must be a finite number of milliseconds');
    this.dateOffsetMs = ms;
  }

  /** Client connections open now (control requests' included): lets a test check a client closed its sockets. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Recorded requests for one route. */
  requestsFor(route: Route | 'unknown'): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Back to the start: no records, queues or scenario; initial status and rate limits. */
  reset(): void {
    this.requests.length = 0;
    this.schedule.reset();
    this.statusState = this.options.status ?? 'operational';
    this.rateLimits = defaultRateLimits();
    if (this.options.rateLimits) this.setRateLimits(this.options.rateLimits);
    this.latencyMs = this.options.latencyMs ?? 0;
    this.dateOffsetMs = this.options.dateOffsetMs ?? 0;
  }

  /** Stops listening and destroys every open socket, hanging ones included. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.sleepers) wake();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await done;
  }

  // ---- serving ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { raw, tooLarge } = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(this, req, res, url.pathname, raw);

    const route = routeOf(method, url.pathname);
    const { auth, key } = readAuth(req);
    const { outcome, source } = route === 'unknown' ? { outcome: { kind: 'ok' } as Outcome, source: 'normal' as const } : this.schedule.next(route);
    const record: RecordedRequest = {
      seq: this.requests.length + 1,
      time: this.options.now(),
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: redactedHeaders(req),
      auth,
      keyValid: key !== undefined && this.options.apiKeys.includes(key),
      route,
      model: route === 'messages' || route === 'count_tokens' ? modelOf(raw) : undefined,
      outcome,
      source,
    };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    const requestId = newRequestId();
    const ctx: Exchange = { res, url, raw, tooLarge, route, record, requestId };
    if (this.dateOffsetMs !== 0) res.setHeader('date', new Date(Date.now() + this.dateOffsetMs).toUTCString());
    if (this.latencyMs > 0 && outcome.kind !== 'hang') {
      // The injected network delay comes before whatever the outcome does (a reset arrives late too).
      await this.sleep(this.latencyMs);
      if (this.closed) return;
    }

    switch (outcome.kind) {
      case 'hang':
        return; // the socket stays open until the client gives up or close() runs
      case 'reset':
        req.socket.destroy();
        return;
      case 'slow':
        await this.sleep(outcome.ms);
        if (this.closed) return;
        return this.serveNormally(ctx);
      case 'html': {
        const page = proxyErrorPage(outcome.status ?? 502);
        return sendText(res, outcome.status ?? 502, page.body, page.headers);
      }
      case 'malformed':
        return sendText(res, 200, MALFORMED_JSON, { ...this.apiHeaders(ctx, 200), 'content-type': 'application/json' });
      case 'error':
        return this.sendError(ctx, outcome.status, outcome);
      case 'streamError': {
        const error = { type: outcome.type ?? 'overloaded_error', message: outcome.message ?? 'Overloaded' };
        const stream = route === 'messages' ? api.peekStreamRequest(raw) : undefined;
        // Only a streaming response can fail after its 200; anything else gets the error as a status.
        if (!stream) return this.sendError(ctx, 529, error);
        return streamThenError(res, this.apiHeaders(ctx, 200), api.buildMessage(stream.model, STREAM_ERROR_INPUT_TOKENS), error);
      }
      case 'ok':
        return this.serveNormally(ctx);
    }
  }

  private serveNormally(ctx: Exchange): void {
    const { res, url, raw, route } = ctx;
    if (route === 'status') return this.serveStatusPage(ctx);
    if (route === 'unknown') return this.sendError(ctx, 404);
    if (!ctx.record.keyValid) return this.sendError(ctx, 401);
    if (ctx.tooLarge) return this.sendError(ctx, 413);

    const reply = apiReply(route, url, raw);
    if (reply.kind === 'error') return this.sendError(ctx, reply.status, reply);
    if (reply.kind === 'stream') return streamMessage(res, 200, this.apiHeaders(ctx, 200), reply.message);
    sendJson(res, reply.status, reply.body, this.apiHeaders(ctx, reply.status));
  }

  private serveStatusPage(ctx: Exchange): void {
    const state = this.schedule.statusState() ?? this.statusState;
    const reply = statusPageReply(ctx.url.pathname.slice('/api/v2/'.length), state, this.options.now());
    if (!reply) return sendJson(ctx.res, 404, { error: 'Not found' });
    if (reply.kind === 'json') return sendJson(ctx.res, reply.status, reply.body);
    const page = proxyErrorPage(reply.status);
    sendText(ctx.res, reply.status, page.body, page.headers);
  }

  /**
   * An API error with the real body (type and message default to the real ones
   * for the status). The status page is not Anthropic's API and answers in its own way.
   */
  private sendError(ctx: Exchange, status: number, spec: Omit<ErrorOutcome, 'kind' | 'status'> = {}): void {
    const type = spec.type ?? errorDefaults(status).type;
    const message = spec.message ?? errorDefaults(status).message;
    const extra = retryHeaders(spec);
    if (ctx.route === 'status') return sendJson(ctx.res, status, { error: message }, extra);
    sendJson(ctx.res, status, errorBody(type, message, ctx.requestId), { ...this.apiHeaders(ctx, status, spec.retryAfter), ...extra });
  }

  /** request-id and organization on every API response; rate-limit headers on successes and 429s. */
  private apiHeaders(ctx: Exchange, status: number, retryAfter?: number | string): Headers {
    if (ctx.route === 'status') return {};
    ctx.record.requestId = ctx.requestId;
    const headers: Headers = { 'request-id': ctx.requestId, 'anthropic-organization-id': ORGANIZATION_ID };
    if (status < 300) return { ...headers, ...rateLimitHeaders(this.rateLimits, this.options.now()) };
    if (status !== 429) return headers;
    // A 429 shows the exhausted bucket, refilling when retry-after says.
    const seconds = typeof retryAfter === 'number' ? retryAfter : 60;
    const limits = { ...this.rateLimits, requests: { ...this.rateLimits.requests, remaining: 0, resetMs: seconds * 1000 } };
    return { ...headers, ...rateLimitHeaders(limits, this.options.now()) };
  }

  /** A real-time wait that close() cuts short, so slow requests never outlive the server. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

interface Exchange {
  res: ServerResponse;
  url: URL;
  raw: Buffer;
  tooLarge: boolean;
  route: Route | 'unknown';
  record: RecordedRequest;
  requestId: string;
}

function modelOf(raw: Buffer): string | undefined {
  try {
    const model = (JSON.parse(raw.toString('utf8')) as { model?: unknown })?.model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/** Normal behaviour of an API route, once auth has passed. */
function apiReply(route: Exclude<Route, 'status'>, url: URL, raw: Buffer): api.Reply {
  if (route === 'messages') return api.createMessage(raw);
  if (route === 'count_tokens') return api.countMessageTokens(raw);
  const modelId = /^\/v1\/models\/([^/]+)$/.exec(url.pathname)?.[1];
  return modelId === undefined ? api.listModels(url.searchParams) : api.retrieveModel(safeDecode(modelId));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape is simply an unknown id
  }
}
