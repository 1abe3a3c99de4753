// A small Claude client in TypeScript (demo for Claude API Health).
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function summarize(text: string): Promise<string> {
  const message = await client.messages.create({
    model: 'claude-3-5-sonnet-latest', // retired on 2025-10-28: every request fails
    max_tokens: 512,
    messages: [{ role: 'user', content: `Summarize:\n\n${text}` }],
  });
  const first = message.content[0];
  return first.type === 'text' ? first.text : '';
}

export async function classify(text: string): Promise<string> {
  const message = await client.messages.create({
    model: 'claude-opus-5', // pinned: from 4.6 on, undated IDs are snapshots
    max_tokens: 16,
    messages: [{ role: 'user', content: `One word for the topic of: ${text}` }],
  });
  const first = message.content[0];
  return first.type === 'text' ? first.text : '';
}
