// Normal behaviour of the API routes, as pure functions from a request to a
// Reply: GET /v1/models, GET /v1/models/{id}, POST /v1/messages and
// POST /v1/messages/count_tokens. Auth, headers and outcomes are the server's job.
import { findModel, modelsIn, type Lifecycle } from './catalog';
import { newMessageId } from './responses';

export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'error'; status: number; type: string; message: string }
  | { kind: 'stream'; message: FakeMessage };

export interface FakeMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: { type: 'text'; text: string; citations: null }[];
  stop_reason: 'end_turn' | 'max_tokens' | null;
  stop_sequence: string | null;
  stop_details: null;
  container: null;
  usage: {
    input_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
    cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
    output_tokens: number;
    server_tool_use: null;
    service_tier: 'standard';
  };
}

const invalid = (message: string): Reply => ({ kind: 'error', status: 400, type: 'invalid_request_error', message });
const modelNotFound = (id: string): Reply => ({ kind: 'error', status: 404, type: 'not_found_error', message: `model: ${id}` });

// ---- models ----

const LIFECYCLES: readonly Lifecycle[] = ['active', 'deprecated', 'retired'];
const MAX_LIMIT = 1000;

/** `lifecycle` may come as `lifecycle=a`, repeated, `lifecycle[]=a` (the TS SDK's form) or comma-separated. */
function lifecyclesFrom(query: URLSearchParams): Lifecycle[] | string {
  const raw = [...query.getAll('lifecycle'), ...query.getAll('lifecycle[]')].flatMap((v) => v.split(','));
  if (raw.length === 0) return ['active', 'deprecated'];
  const bad = raw.find((v) => !(LIFECYCLES as readonly string[]).includes(v));
  return bad === undefined ? (raw as Lifecycle[]) : `lifecycle: Input should be 'active', 'deprecated' or 'retired'`;
}

export function listModels(query: URLSearchParams): Reply {
  const limitText = query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) return invalid('limit: Input should be greater than or equal to 1');
  if (limit > MAX_LIMIT) return invalid(`limit: Input should be less than or equal to ${MAX_LIMIT}`);
  const lifecycles = lifecyclesFrom(query);
  if (typeof lifecycles === 'string') return invalid(lifecycles);

  const all = modelsIn(lifecycles);
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  if (afterId !== null && beforeId !== null) return invalid('after_id and before_id cannot both be set');
  const cursor = afterId ?? beforeId;
  const at = cursor === null ? -1 : all.findIndex((m) => m.id === cursor);
  if (cursor !== null && at < 0) return invalid(`${afterId !== null ? 'after_id' : 'before_id'}: unknown model id ${cursor}`);

  // after_id pages forward from the cursor; before_id pages backward to it.
  const start = beforeId !== null ? Math.max(0, at - limit) : at + 1;
  const end = beforeId !== null ? at : Math.min(all.length, start + limit);
  const data = all.slice(start, end);
  const hasMore = beforeId !== null ? start > 0 : end < all.length;
  return {
    kind: 'json',
    status: 200,
    body: { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
  };
}

/** Resolves aliases; retired models are still found (they stay in the catalogue as a record). */
export function retrieveModel(id: string): Reply {
  const model = findModel(id);
  return model ? { kind: 'json', status: 200, body: model } : modelNotFound(id);
}

// ---- messages ----

interface MessagesRequest {
  model: string;
  resolvedModel: string;
  inputTokens: number;
  maxTokens: number;
  stream: boolean;
}

/** A rough token count (about 4 characters a token), stable for a given request. */
function countTokens(body: Record<string, unknown>): number {
  const text = (v: unknown): string =>
    typeof v === 'string' ? v : Array.isArray(v) ? v.map((b) => text((b as { text?: unknown })?.text ?? '')).join('') : '';
  const messages = body.messages as { content?: unknown }[];
  let tokens = 3 + Math.ceil(text(body.system).length / 4);
  for (const m of messages) tokens += 4 + Math.ceil(text(m?.content).length / 4);
  if (Array.isArray(body.tools)) tokens += Math.ceil(JSON.stringify(body.tools).length / 4);
  return tokens;
}

/** Validates a messages or count_tokens body in the real API's order: JSON, fields, then the model. */
function parseMessagesRequest(raw: Buffer, needsMaxTokens: boolean): MessagesRequest | Reply {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return invalid('There was an error parsing the body of your request: the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('The request body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (b.model === undefined) return invalid('model: Field required');
  if (typeof b.model !== 'string') return invalid('model: Input should be a valid string');
  if (needsMaxTokens && b.max_tokens === undefined) return invalid('max_tokens: Field required');
  if (needsMaxTokens && (!Number.isInteger(b.max_tokens) || (b.max_tokens as number) < 1)) {
    return invalid('max_tokens: Input should be greater than or equal to 1');
  }
  if (b.messages === undefined) return invalid('messages: Field required');
  if (!Array.isArray(b.messages)) return invalid('messages: Input should be a valid list');
  if (b.messages.length === 0) return invalid('messages: at least one message is required');
  const model = findModel(b.model);
  if (!model || model.lifecycle === 'retired') return modelNotFound(b.model);
  return {
    model: b.model,
    resolvedModel: model.id,
    inputTokens: countTokens(b),
    maxTokens: (b.max_tokens as number | undefined) ?? Infinity,
    stream: b.stream === true,
  };
}

const isReply = (v: MessagesRequest | Reply): v is Reply => 'kind' in v;

const REPLY_WORDS = 'Hello! This is the local fake Claude API. Everything is working as expected.'.split(' ');

/** The assistant message for a valid request; one word is one output token. */
export function buildMessage(model: string, inputTokens: number, maxTokens = Infinity): FakeMessage {
  const words = REPLY_WORDS.slice(0, Math.max(1, Math.min(REPLY_WORDS.length, maxTokens)));
  return {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: words.join(' '), citations: null }],
    stop_reason: words.length < REPLY_WORDS.length ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: {
      input_tokens: inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: words.length,
      server_tool_use: null,
      service_tier: 'standard',
    },
  };
}

export function createMessage(raw: Buffer): Reply {
  const req = parseMessagesRequest(raw, true);
  if (isReply(req)) return req;
  const message = buildMessage(req.resolvedModel, req.inputTokens, req.maxTokens);
  return req.stream ? { kind: 'stream', message } : { kind: 'json', status: 200, body: message };
}

export function countMessageTokens(raw: Buffer): Reply {
  const req = parseMessagesRequest(raw, false);
  if (isReply(req)) return req;
  return { kind: 'json', status: 200, body: { input_tokens: req.inputTokens } };
}

/** Whether a raw messages body asks for a stream, and for which model (for streamError outcomes). */
export function peekStreamRequest(raw: Buffer): { model: string } | undefined {
  try {
    const b = JSON.parse(raw.toString('utf8')) as { stream?: unknown; model?: unknown };
    if (b.stream !== true) return undefined;
    const model = typeof b.model === 'string' ? (findModel(b.model)?.id ?? b.model) : 'claude-sonnet-4-6';
    return { model };
  } catch {
    return undefined;
  }
}
