/**
 * For tests that check a key does not leak: which pieces of a key appear in a text.
 * The key's kind (`sk-ant-api03-`) is public and its last four characters are the fingerprint
 * the extension shows; any five consecutive characters of the rest is a leak.
 */

/** The five-character pieces of `key` (past its public kind prefix) found in `text`, JSON-quoted so whitespace shows. */
export function keyPiecesIn(text: string, key: string): string[] {
  const kind = /^sk-ant-[a-z]+\d*-/.exec(key)?.[0] ?? '';
  const body = key.slice(kind.length);
  const found = new Set<string>();
  for (let i = 0; i + 5 <= body.length; i++) {
    const piece = body.slice(i, i + 5);
    if (text.includes(piece)) found.add(JSON.stringify(piece));
  }
  return [...found];
}

/**
 * A key as a broken paste or environment variable holds it: a `.` (outside the key pattern), a space
 * and a line break inside, unique per run, ending in the fingerprint `Zq9x`.
 */
export function nastyKey(tag: string): string {
  const nonce = `${tag}${Date.now().toString(36)}`;
  // Each part between the space and the line break is long and unique, like the pieces of a real key.
  return `sk-ant-api03-Dotted.Leak${nonce}Head ${nonce}Middle\n${nonce}EndsZq9x`;
}
