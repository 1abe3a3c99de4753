// Server-sent events exactly as POST /v1/messages with `stream: true` sends
// them: message_start, content_block_start, ping, content_block_delta...,
// content_block_stop, message_delta, message_stop; every `data:` carries `type`.
import type { ServerResponse } from 'node:http';
import type { Headers } from './responses';
import type { FakeMessage } from './api';

export const SSE_HEADERS: Headers = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

function event(res: ServerResponse, name: string, data: unknown): void {
  res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The message as it looks at message_start: no content, no stop reason, output_tokens 1. */
function startSnapshot(message: FakeMessage): FakeMessage {
  return { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } };
}

/** Splits text into word-sized deltas the way a real stream arrives. */
function deltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function streamMessage(res: ServerResponse, status: number, headers: Headers, message: FakeMessage): void {
  res.writeHead(status, { ...headers, ...SSE_HEADERS });
  event(res, 'message_start', { type: 'message_start', message: startSnapshot(message) });
  message.content.forEach((block, index) => {
    event(res, 'content_block_start', { type: 'content_block_start', index, content_block: { ...block, text: '' } });
    if (index === 0) event(res, 'ping', { type: 'ping' });
    for (const text of deltas(block.text)) {
      event(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    }
    event(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  event(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: { output_tokens: message.usage.output_tokens },
  });
  event(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

/**
 * A stream that fails after the 200 is already sent: message_start, then an
 * `error` event, then the end. The SDKs surface it without a status and do
 * not retry it (facts §2).
 */
export function streamThenError(
  res: ServerResponse,
  headers: Headers,
  message: FakeMessage,
  error: { type: string; message: string },
): void {
  res.writeHead(200, { ...headers, ...SSE_HEADERS });
  event(res, 'message_start', { type: 'message_start', message: startSnapshot(message) });
  event(res, 'error', { type: 'error', error });
  res.end();
}
