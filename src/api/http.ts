/**
 * Small HTTP helpers shared by the API probe and the status page client: a body read with a size
 * cap, HTML detection, byte counts and safe one-line details. Pure: no `vscode`, no SDK.
 */
import { redactSecrets } from '../secrets/redact';

/** A body read up to a cap. `bytes` counts what arrived, even past the cap. */
export interface CappedBody {
  text: string;
  bytes: number;
  /** The body was longer than the cap: `text` holds only its start. */
  truncated: boolean;
}

/**
 * Reads a response body, stopping (and cancelling the rest) past `maxBytes`: a broken proxy or a
 * wrong URL must not make us buffer megabytes. Rejects like `response.text()` on a network error.
 */
export async function readBodyCapped(response: Response, maxBytes: number): Promise<CappedBody> {
  if (!response.body) return { text: '', bytes: 0, truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      chunks.push(value.subarray(0, value.byteLength - (bytes - maxBytes)));
      return { text: Buffer.concat(chunks).toString('utf8'), bytes, truncated: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes, truncated: false };
}

/** Whether a body is an HTML page (a proxy's or captive portal's), by content type or by its start. */
export function looksLikeHtml(text: string, contentType?: string | null): boolean {
  if (contentType && /\bhtml\b/i.test(contentType)) return true;
  return /^\s*<(!doctype|html|head|body|title|center|h1|\?xml)\b/i.test(text);
}

/** The `<title>` of an HTML page, for details ("502 Bad Gateway"). */
export function htmlTitle(html: string): string | undefined {
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
  return title || undefined;
}

/** Approximate size of a response's status line and headers on the wire. */
export function headerBytes(headers: Headers | undefined): number {
  let bytes = 17; // "HTTP/1.1 200 OK\r\n"
  headers?.forEach((value, name) => {
    bytes += name.length + value.length + 4; // ": " and CRLF
  });
  return bytes;
}

const MAX_DETAIL_CHARS = 240;

/** One line, at most a few hundred characters, with every key-shaped string and each given secret masked. */
export function safeDetail(text: string, secrets: readonly string[] = []): string {
  // Redact before cutting, so a key is never cut into a piece the pattern no longer recognises.
  const line = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS - 1)}…` : line;
}
