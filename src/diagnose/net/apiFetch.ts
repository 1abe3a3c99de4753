/**
 * The fetch the API checks give the SDK, so their requests go the way the user's traffic goes: through the
 * proxy that applies to the API host (undici's `fetch` with a `ProxyAgent`, a CONNECT tunnel as the connect
 * check opened), trusting any extra CAs. undici is loaded on the first request, not with this module.
 * Pure: no `vscode`.
 */
import type { Dispatcher } from 'undici';
import { secureContextWithExtra } from './ca';

export interface ApiFetchOptions {
  /** PEM certificates to trust besides Node's defaults (`DiagnoseDependencies.extraCaCertificates`). */
  caCertificates?: readonly string[];
  /** The run's signal (`context.signal`): when it aborts, the fetch's connections are closed. */
  signal?: AbortSignal;
}

/** A `fetch` for the SDK's `fetch` option; `close()` ends its connections (also done when the signal aborts). */
export type ApiFetch = typeof fetch & { close(): Promise<void> };

/**
 * undefined when nothing differs from the SDK's default fetch (no proxy, no extra CA); otherwise undici's
 * fetch through a `ProxyAgent` for `proxyUrl` (an http:// or https:// proxy, credentials in the URL as
 * `Proxy-Authorization`), or through an `Agent` that trusts the extra CAs.
 */
export function apiFetchFor(proxyUrl: string | undefined, options: ApiFetchOptions = {}): ApiFetch | undefined {
  const extra = options.caCertificates ?? [];
  if (!proxyUrl && extra.length === 0) return undefined;
  let dispatcher: Promise<Dispatcher> | undefined;
  let closed = false;

  const dispatcherFor = async (): Promise<Dispatcher> => {
    const undici = await import('undici');
    const secureContext = secureContextWithExtra(extra);
    const connect = secureContext ? { secureContext } : undefined;
    return proxyUrl ? new undici.ProxyAgent({ uri: proxyUrl, ...(connect && { requestTls: connect, proxyTls: connect }) }) : new undici.Agent({ ...(connect && { connect }) });
  };

  const onAbort = (): void => void close().catch(() => undefined);
  const close = async (): Promise<void> => {
    closed = true;
    // One fetch per request adds up on the run's signal: leave no listener behind (Node warns past 10).
    options.signal?.removeEventListener('abort', onAbort);
    const open = dispatcher;
    dispatcher = undefined;
    if (open) await (await open).destroy();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const proxiedFetch = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> => {
    if (closed || options.signal?.aborted) throw new Error('the diagnosis ended: its connections are closed');
    dispatcher ??= dispatcherFor();
    const undici = await import('undici');
    // The SDK passes a URL string; a Request object's own method and headers would be lost here.
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('apiFetch takes a URL, not a Request');
    const url = input instanceof URL ? input.href : input;
    // undici's Response is the WHATWG one Node's global fetch returns; the types differ only in name.
    return (await undici.fetch(url, { ...(init as object), dispatcher: await dispatcher } as Parameters<typeof undici.fetch>[1])) as unknown as Response;
  };
  return Object.assign(proxiedFetch as typeof fetch, { close });
}
