// The retry mistakes of the "fix Claude 529" articles, in TypeScript (demo for Claude API Health).
// Each function is a pattern from real code; the comment says what goes wrong and which diagnostic flags it.
import Anthropic from '@anthropic-ai/sdk';
import pRetry from 'p-retry';

const client = new Anthropic();
const MODEL = 'claude-sonnet-5-5';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ask = (question: string) => client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: question }] });

// 1. A tight loop forever (claude/unbounded-retry, claude/retry-without-backoff, claude/retries-non-retryable):
//    no wait, no cap, and a 401 is retried until the process is killed.
export async function untilItWorks(question: string): Promise<Anthropic.Message> {
  while (true) {
    try {
      return await ask(question);
    } catch {
      // try again right away
    }
  }
}

// 2. p-retry at its defaults (claude/retry-without-jitter, claude/retries-non-retryable, claude/retry-stacked):
//    randomize is false (every client waits exactly 1 s, 2 s, 4 s...), every error is retried ten times, and
//    the SDK retries twice inside each attempt: up to 33 requests.
export async function pRetryDefaults(question: string): Promise<Anthropic.Message> {
  return pRetry(() => ask(question));
}

// 3. No retry-after (claude/ignores-retry-after): on a 429 the API says how long to wait (retry-after);
//    this loop waits its own guess instead, often too short, so it burns its attempts inside the limit window.
export async function ignoreRetryAfter(question: string): Promise<Anthropic.Message> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: question }] }, { maxRetries: 0 });
    } catch (error) {
      if (!(error instanceof Anthropic.RateLimitError) || attempt === 4) throw error;
      await sleep(Math.random() * 2000 * 2 ** attempt);
    }
  }
  throw new Error('unreachable');
}

// 4. A stream nobody watches for a mid-stream overload (claude/stream-overload-unhandled): an
//    overloaded_error event after the 200 ends it, and no SDK retries that.
export async function streamStory(prompt: string, write: (text: string) => void): Promise<void> {
  const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: prompt }] });
  stream.on('text', write);
  await stream.finalMessage();
}

// What to do instead: keep the SDK's retries (new Anthropic({ maxRetries: 6 }) if you can wait), or one retry
// of your own with full jitter, a cap and a deadline, retry-after honoured, only 408/409/429/5xx/529 retried,
// and { maxRetries: 0 } on the request inside it. The quick fixes insert such a helper.
export const patient = new Anthropic({ maxRetries: 6 });
