// Generated source files for the analysis bench: application-like Python and TypeScript with a
// sprinkling of Claude API calls. Deterministic (seeded), so runs compare.

/** Small seeded PRNG (mulberry32). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const models = ['claude-sonnet-4-5-20250929', 'claude-3-5-haiku-20241022', 'claude-opus-4-1', 'claude-3-opus-20240229', 'claude-haiku-4-5'];
const words = ['order', 'user', 'invoice', 'report', 'session', 'cache', 'ticket', 'payload', 'metric', 'batch', 'queue', 'record'];

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

function pythonBlock(random, index, withClaude) {
  const noun = pick(random, words);
  const name = `${noun}_${index}`;
  if (withClaude && random() < 0.12) {
    return [
      `def summarize_${name}(client, text: str) -> str:`,
      `    """Ask the model for a short summary of the ${noun}."""`,
      `    response = client.messages.create(`,
      `        model="${pick(random, models)}",`,
      `        max_tokens=512,`,
      `        messages=[{"role": "user", "content": f"Summarize: {text}"}],`,
      `    )`,
      `    return response.content[0].text`,
      ``,
    ];
  }
  switch (Math.floor(random() * 4)) {
    case 0:
      return [
        `class ${noun[0].toUpperCase()}${noun.slice(1)}Service${index}:`,
        `    def __init__(self, store, limit: int = ${Math.floor(random() * 100)}):`,
        `        self.store = store`,
        `        self.limit = limit`,
        ``,
        `    def fetch(self, key: str):`,
        `        # Look the ${noun} up, falling back to the store.`,
        `        if key in self.store and len(key) < self.limit:`,
        `            return self.store[key]`,
        `        return None`,
        ``,
      ];
    case 1:
      return [
        `def process_${name}(items, threshold=${Math.floor(random() * 50)}):`,
        `    total = 0`,
        `    for item in items:`,
        `        if item.get("value", 0) > threshold:`,
        `            total += item["value"] * 2`,
        `        else:`,
        `            total -= 1`,
        `    return {"name": "${name}", "total": total, "ok": total > 0}`,
        ``,
      ];
    case 2:
      return [
        `${name.toUpperCase()}_SETTINGS = {`,
        `    "retries": ${Math.floor(random() * 5)},`,
        `    "timeout": ${(random() * 30).toFixed(1)},`,
        `    "tags": ["${noun}", "service", "v${index}"],`,
        `}`,
        ``,
      ];
    default:
      return [
        `async def load_${name}(session, ids: list[int]) -> list[dict]:`,
        `    results = []`,
        `    for chunk_start in range(0, len(ids), 50):`,
        `        chunk = ids[chunk_start:chunk_start + 50]`,
        `        rows = await session.get(f"/api/${noun}s", params={"ids": ",".join(map(str, chunk))})`,
        `        results.extend(row for row in rows if row is not None)`,
        `    return results`,
        ``,
      ];
  }
}

function typescriptBlock(random, index, withClaude) {
  const noun = pick(random, words);
  const type = `${noun[0].toUpperCase()}${noun.slice(1)}${index}`;
  if (withClaude && random() < 0.12) {
    return [
      `export async function summarize${type}(client: Anthropic, text: string): Promise<string> {`,
      `  // Ask the model for a short summary of the ${noun}.`,
      `  const response = await client.messages.create({`,
      `    model: '${pick(random, models)}',`,
      `    max_tokens: 512,`,
      `    messages: [{ role: 'user', content: \`Summarize: \${text}\` }],`,
      `  });`,
      `  return response.content[0].type === 'text' ? response.content[0].text : '';`,
      `}`,
      ``,
    ];
  }
  switch (Math.floor(random() * 4)) {
    case 0:
      return [
        `export interface ${type} {`,
        `  id: number;`,
        `  name: string;`,
        `  tags: readonly string[];`,
        `  createdAt?: Date;`,
        `}`,
        ``,
      ];
    case 1:
      return [
        `export class ${type}Service {`,
        `  private readonly cache = new Map<string, ${type}>();`,
        `  constructor(private readonly limit = ${Math.floor(random() * 100)}) {}`,
        ``,
        `  fetch(key: string): ${type} | undefined {`,
        `    // Look the ${noun} up in the cache first.`,
        `    if (this.cache.has(key) && key.length < this.limit) {`,
        `      return this.cache.get(key);`,
        `    }`,
        `    return undefined;`,
        `  }`,
        `}`,
        ``,
      ];
    case 2:
      return [
        `export function process${type}(items: Array<{ value: number }>, threshold = ${Math.floor(random() * 50)}): number {`,
        `  let total = 0;`,
        `  for (const item of items) {`,
        `    total += item.value > threshold ? item.value * 2 : -1;`,
        `  }`,
        `  return total;`,
        `}`,
        ``,
      ];
    default:
      return [
        `export const ${noun}Settings${index} = {`,
        `  retries: ${Math.floor(random() * 5)},`,
        `  timeout: ${(random() * 30).toFixed(1)},`,
        `  tags: ['${noun}', 'service', \`v${index}\`],`,
        `} as const;`,
        ``,
      ];
  }
}

function javascriptBlock(random, index, withClaude) {
  const noun = pick(random, words);
  const type = `${noun[0].toUpperCase()}${noun.slice(1)}${index}`;
  if (withClaude && random() < 0.12) {
    return [
      `export async function summarize${type}(client, text) {`,
      `  // Ask the model for a short summary of the ${noun}.`,
      `  const response = await client.messages.create({`,
      `    model: '${pick(random, models)}',`,
      `    max_tokens: 512,`,
      `    messages: [{ role: 'user', content: \`Summarize: \${text}\` }],`,
      `  });`,
      `  return response.content[0].type === 'text' ? response.content[0].text : '';`,
      `}`,
      ``,
    ];
  }
  switch (Math.floor(random() * 3)) {
    case 0:
      return [
        `export class ${type}Service {`,
        `  #cache = new Map();`,
        `  constructor(limit = ${Math.floor(random() * 100)}) {`,
        `    this.limit = limit;`,
        `  }`,
        ``,
        `  fetch(key) {`,
        `    // Look the ${noun} up in the cache first.`,
        `    if (this.#cache.has(key) && key.length < this.limit) {`,
        `      return this.#cache.get(key);`,
        `    }`,
        `    return undefined;`,
        `  }`,
        `}`,
        ``,
      ];
    case 1:
      return [
        `export function process${type}(items, threshold = ${Math.floor(random() * 50)}) {`,
        `  let total = 0;`,
        `  for (const item of items) {`,
        `    total += item.value > threshold ? item.value * 2 : -1;`,
        `  }`,
        `  return total;`,
        `}`,
        ``,
      ];
    default:
      return [
        `export const ${noun}Settings${index} = {`,
        `  retries: ${Math.floor(random() * 5)},`,
        `  timeout: ${(random() * 30).toFixed(1)},`,
        `  tags: ['${noun}', 'service', \`v${index}\`],`,
        `};`,
        ``,
      ];
  }
}

/**
 * A source file of about `lines` lines (whole blocks, so it parses cleanly); `language` is python,
 * typescript or javascript. `withClaude` sprinkles Claude API calls in; without it the
 * text contains neither "claude" nor "anthropic" (the no-usage case).
 */
export function generateSource(language, lines, { seed = 1, withClaude = true } = {}) {
  const random = seededRandom(seed);
  const out =
    language === 'python'
      ? ['import os', 'import json', withClaude ? 'import anthropic' : 'import requests', '', '']
      : [withClaude ? "import Anthropic from '@anthropic-ai/sdk';" : "import { readFile } from 'node:fs/promises';", ''];
  const block = language === 'python' ? pythonBlock : language === 'javascript' ? javascriptBlock : typescriptBlock;
  for (let index = 0; out.length < lines; index++) out.push(...block(random, index, withClaude));
  return `${out.join("\n")}\n`;
}
