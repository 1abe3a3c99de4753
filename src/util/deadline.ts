/** One abort signal for "the caller cancelled" and "our own deadline passed". Pure: no `vscode`. */

export interface Deadline {
  /** Aborts when the caller's signal does, when the deadline passes, or on `end()`. */
  readonly signal: AbortSignal;
  /** Whether it was the deadline (not the caller) that aborted. */
  readonly timedOut: boolean;
  /** Clears the timer, detaches from the caller's signal, and aborts (releasing any unread response body). */
  end(): void;
}

/**
 * Starts a deadline of `timeoutMs`. Used around whole exchanges: the SDK's own timeout covers only the
 * wait for headers, and a deadline must cover the body (and loading the SDK) too.
 */
export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    end() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      controller.abort();
    },
  };
}
