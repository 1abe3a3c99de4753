// Retry libraries read from a call's arguments, with each library's real defaults. Every expectation
// names the file and version of the library code it was read from (downloaded with pip download / npm pack).
import * as assert from 'assert';
import { readLibraryRetry, retryLibraryOf, sdkRetryPolicy } from '../../src/analysis/usage/retryLibraries';
import type { ArgumentValue, LibraryCallArguments, RetryMechanism, RetryPolicy } from '../../src/analysis/usage/retryPolicy';

// ArgumentValues by hand, as the usage walk would build them.
const num = (value: number): ArgumentValue => ({ kind: 'number', value });
const str = (value: string): ArgumentValue => ({ kind: 'string', value });
const bool = (value: boolean): ArgumentValue => ({ kind: 'boolean', value });
const none: ArgumentValue = { kind: 'none' };
const fn: ArgumentValue = { kind: 'function' };
const name = (n: string): ArgumentValue => ({ kind: 'name', name: n });
const tuple = (...items: ArgumentValue[]): ArgumentValue => ({ kind: 'tuple', items });
const bin = (operator: string, left: ArgumentValue, right: ArgumentValue): ArgumentValue => ({ kind: 'binary', operator, left, right });
const call = (callee: string, positional: ArgumentValue[] = [], named: Record<string, ArgumentValue> = {}): ArgumentValue => ({ kind: 'call', callee, positional, named });

function libraryCall(callee: string, module: string, importedName: string, positional: ArgumentValue[] = [], named: Record<string, ArgumentValue> = {}): LibraryCallArguments {
  return { callee, imported: { module, name: importedName }, positional, named };
}

/** The policy's values only (fromDefault checked separately where it matters). */
function values(policy: RetryPolicy): Record<string, unknown> {
  return {
    maxAttempts: policy.maxAttempts.value,
    deadlineMs: policy.deadlineMs.value,
    wait: policy.wait.value,
    jitter: policy.jitter.value,
    retries: policy.retries.value,
    honoursRetryAfter: policy.honoursRetryAfter.value,
    onExhaustion: policy.onExhaustion.value,
    retriesPost: policy.retriesPost.value,
  };
}

function read(mechanism: RetryMechanism, args: LibraryCallArguments): Record<string, unknown> {
  return values(readLibraryRetry(mechanism, args));
}

describe('retryLibraryOf', () => {
  it('knows the Python libraries by their import', () => {
    assert.strictEqual(retryLibraryOf({ callee: 'retry', imported: { module: 'tenacity', name: 'retry' } }, 'python'), 'tenacity');
    assert.strictEqual(retryLibraryOf({ callee: 'tenacity.retry', imported: { module: 'tenacity', name: 'retry' } }, 'python'), 'tenacity');
    assert.strictEqual(retryLibraryOf({ callee: 'AsyncRetrying', imported: { module: 'tenacity.asyncio', name: 'AsyncRetrying' } }, 'python'), 'tenacity');
    assert.strictEqual(retryLibraryOf({ callee: 't.asyncio.AsyncRetrying', imported: { module: 'tenacity', name: 'asyncio.AsyncRetrying' } }, 'python'), 'tenacity');
    assert.strictEqual(retryLibraryOf({ callee: 'backoff.on_exception', imported: { module: 'backoff', name: 'on_exception' } }, 'python'), 'backoff');
    assert.strictEqual(retryLibraryOf({ callee: 'retry', imported: { module: 'retrying', name: 'retry' } }, 'python'), 'retrying');
    assert.strictEqual(retryLibraryOf({ callee: 'stamina.retry', imported: { module: 'stamina', name: 'retry' } }, 'python'), 'stamina');
    assert.strictEqual(retryLibraryOf({ callee: 'ChatAnthropic', imported: { module: 'langchain_anthropic', name: 'ChatAnthropic' } }, 'python'), 'framework');
    assert.strictEqual(retryLibraryOf({ callee: 'anthropic.Anthropic', imported: { module: 'anthropic', name: 'Anthropic' } }, 'python'), 'sdk');
  });

  it('an aliased import is known by what it resolves to', () => {
    assert.strictEqual(retryLibraryOf({ callee: 'with_retries', imported: { module: 'tenacity', name: 'retry' } }, 'python'), 'tenacity');
  });

  it('a module-qualified spelling is trusted without an import; a bare `retry` is not', () => {
    assert.strictEqual(retryLibraryOf({ callee: 'tenacity.retry' }, 'python'), 'tenacity');
    assert.strictEqual(retryLibraryOf({ callee: 'backoff.on_predicate' }, 'python'), 'backoff');
    assert.strictEqual(retryLibraryOf({ callee: 'retry' }, 'python'), undefined);
    assert.strictEqual(retryLibraryOf({ callee: 'pRetry' }, 'javascript'), undefined);
  });

  it('other names from those modules are not mechanisms', () => {
    assert.strictEqual(retryLibraryOf({ callee: 'stop_after_attempt', imported: { module: 'tenacity', name: 'stop_after_attempt' } }, 'python'), undefined);
    assert.strictEqual(retryLibraryOf({ callee: 'handleAll', imported: { module: 'cockatiel', name: 'handleAll' } }, 'javascript'), undefined);
    assert.strictEqual(retryLibraryOf({ callee: 'retry', imported: { module: 'my_retry_helpers', name: 'retry' } }, 'python'), undefined);
  });

  it('knows the JS/TS libraries by their import, default exports included', () => {
    assert.strictEqual(retryLibraryOf({ callee: 'pRetry', imported: { module: 'p-retry', name: 'default' } }, 'javascript'), 'p-retry');
    assert.strictEqual(retryLibraryOf({ callee: 'retry', imported: { module: 'async-retry', name: 'default' } }, 'javascript'), 'async-retry');
    assert.strictEqual(retryLibraryOf({ callee: 'retry', imported: { module: 'cockatiel', name: 'retry' } }, 'javascript'), 'cockatiel');
    assert.strictEqual(retryLibraryOf({ callee: 'axiosRetry', imported: { module: 'axios-retry', name: 'default' } }, 'javascript'), 'axios-retry');
    assert.strictEqual(retryLibraryOf({ callee: 'backOff', imported: { module: 'exponential-backoff', name: 'backOff' } }, 'javascript'), 'exponential-backoff');
    assert.strictEqual(retryLibraryOf({ callee: 'generateText', imported: { module: 'ai', name: 'generateText' } }, 'javascript'), 'framework');
    assert.strictEqual(retryLibraryOf({ callee: 'ChatAnthropic', imported: { module: '@langchain/anthropic', name: 'ChatAnthropic' } }, 'javascript'), 'framework');
  });

  it('the language decides which table applies', () => {
    assert.strictEqual(retryLibraryOf({ callee: 'retry', imported: { module: 'tenacity', name: 'retry' } }, 'javascript'), undefined);
  });
});

describe('readLibraryRetry: tenacity 9.1.4', () => {
  const tenacity = (named: Record<string, ArgumentValue> = {}, callee = 'retry') => read('tenacity', libraryCall(callee, 'tenacity', callee, [], named));

  it('bare @retry: forever, no wait, every exception, RetryError', () => {
    // tenacity/__init__.py BaseRetrying.__init__: stop=stop_never, wait=wait_none(), retry=retry_if_exception_type()
    // (exception_types=Exception, retry.py), reraise=False -> exc_check raises retry_error_cls (RetryError).
    const policy = readLibraryRetry('tenacity', libraryCall('retry', 'tenacity', 'retry'));
    assert.deepStrictEqual(values(policy), {
      maxAttempts: null, deadlineMs: null, wait: { kind: 'none' }, jitter: false, retries: { kind: 'everything' },
      honoursRetryAfter: false, onExhaustion: 'wrapperError', retriesPost: true,
    });
    assert.ok(policy.maxAttempts.fromDefault && policy.wait.fromDefault && policy.retries.fromDefault && policy.onExhaustion.fromDefault);
  });

  it('the seeds\' snippet: stop_after_attempt(8), wait_exponential(multiplier=1, min=1, max=32), retry_if_exception(pred)', () => {
    // wait.py wait_exponential: multiplier * exp_base ** (attempt - 1) clamped to [min, max], no randomness.
    const policy = tenacity({
      retry: call('retry_if_exception', [name('is_529_error')]),
      stop: call('stop_after_attempt', [num(8)]),
      wait: call('wait_exponential', [], { multiplier: num(1), min: num(1), max: num(32) }),
    });
    assert.deepStrictEqual(policy, {
      maxAttempts: 8, deadlineMs: null, wait: { kind: 'exponential', initialMs: 1000, maxMs: 32000 }, jitter: false,
      retries: { kind: 'predicate' }, honoursRetryAfter: false, onExhaustion: 'wrapperError', retriesPost: true,
    });
  });

  it('stop_after_delay(s) and stop_a | stop_b (stop_any: the first to bite)', () => {
    // stop.py: stop_after_delay(max_delay) in seconds; stop_base.__or__ -> stop_any.
    assert.deepStrictEqual(pickStop(tenacity({ stop: call('stop_after_delay', [num(30)]) })), [null, 30000]);
    assert.deepStrictEqual(pickStop(tenacity({ stop: bin('|', call('stop_after_attempt', [num(5)]), call('tenacity.stop_after_delay', [num(60)])) })), [5, 60000]);
    assert.deepStrictEqual(pickStop(tenacity({ stop: call('stop_after_delay', [call('timedelta', [], { minutes: num(2) })]) })), [null, 120000]);
    assert.deepStrictEqual(pickStop(tenacity({ stop: name('stop_never') })), [null, null]);
  });

  it('stop_a & stop_b (stop_all) stops only when both would; with stop_never it never stops', () => {
    assert.deepStrictEqual(pickStop(tenacity({ stop: bin('&', call('stop_after_attempt', [num(3)]), call('stop_after_attempt', [num(5)])) })), [5, 'unknown']);
    assert.deepStrictEqual(pickStop(tenacity({ stop: bin('&', call('stop_after_attempt', [num(3)]), name('stop_never')) })), [null, null]);
  });

  it('a cap written as a variable is a cap we cannot read, not "forever"', () => {
    assert.deepStrictEqual(pickStop(tenacity({ stop: call('stop_after_attempt', [name('MAX_RETRIES')]) })), ['unknown', null]);
    assert.deepStrictEqual(pickStop(tenacity({ stop: name('my_stop') })), ['unknown', 'unknown']);
  });

  it('wait_fixed is constant without jitter; wait_none is none', () => {
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_fixed', [num(2)]) })), [{ kind: 'constant', ms: 2000 }, false, false]);
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_none') })), [{ kind: 'none' }, false, false]);
  });

  it('wait_exponential defaults: multiplier 1, no cap (MAX_WAIT), positional multiplier and max', () => {
    // wait.py: wait_exponential(multiplier=1, max=_utils.MAX_WAIT, exp_base=2, min=0).
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_exponential') })), [{ kind: 'exponential', initialMs: 1000, maxMs: null }, false, false]);
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_exponential', [num(2), num(10)]) })), [{ kind: 'exponential', initialMs: 2000, maxMs: 10000 }, false, false]);
  });

  it('wait_random_exponential and wait_exponential_jitter have jitter; wait_exponential_jitter(jitter=0) has none', () => {
    // wait.py: wait_random_exponential -> random.uniform(min, high); wait_exponential_jitter adds uniform(0, jitter=1).
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_random_exponential', [], { multiplier: num(1), max: num(60) }) })), [{ kind: 'exponential', initialMs: 1000, maxMs: 60000 }, true, false]);
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_exponential_jitter', [], { initial: num(0.5), max: num(30) }) })), [{ kind: 'exponential', initialMs: 500, maxMs: 30000 }, true, false]);
    assert.deepStrictEqual(pickWait(tenacity({ wait: call('wait_exponential_jitter', [], { jitter: num(0) }) }))[1], false);
  });

  it('wait_a + wait_random(0, 1) adds jitter (wait_combine)', () => {
    // wait.py: wait_base.__add__ -> wait_combine: the sum of the strategies; wait_random(min=0, max=1).
    const policy = tenacity({ wait: bin('+', call('wait_exponential', [], { multiplier: num(1), max: num(20) }), call('wait_random', [num(0), num(1)])) });
    assert.deepStrictEqual(pickWait(policy), [{ kind: 'exponential', initialMs: 1500, maxMs: 20500 }, true, false]);
    const fixedPlusRandom = tenacity({ wait: bin('+', call('wait_fixed', [num(3)]), call('wait_random', [], { min: num(0), max: num(2) })) });
    assert.deepStrictEqual(pickWait(fixedPlusRandom), [{ kind: 'constant', ms: 4000 }, true, false]);
  });

  it('wait_chain is its own shape, random when a link is', () => {
    const chain = tenacity({ wait: call('wait_chain', [call('wait_fixed', [num(1)]), call('wait_fixed', [num(5)])]) });
    assert.deepStrictEqual(pickWait(chain), [{ kind: 'custom' }, false, false]);
  });

  it('a custom wait callable: it waits, but jitter and retry-after are unknown', () => {
    assert.deepStrictEqual(pickWait(tenacity({ wait: name('wait_from_retry_after') })), [{ kind: 'custom' }, 'unknown', 'unknown']);
    assert.deepStrictEqual(pickWait(tenacity({ wait: fn })), [{ kind: 'custom' }, 'unknown', 'unknown']);
  });

  it('retry_if_exception_type(A) and ((A, B)) name what they retry; the broad ones are flagged', () => {
    // retry.py retry_if_exception_type(exception_types=Exception): isinstance(e, exception_types).
    assert.deepStrictEqual(tenacity({ retry: call('retry_if_exception_type', [name('anthropic.RateLimitError')]) }).retries,
      { kind: 'named', names: ['anthropic.RateLimitError'], includesNonRetryable: [] });
    assert.deepStrictEqual(tenacity({ retry: call('retry_if_exception_type', [tuple(name('RateLimitError'), name('APIStatusError'))]) }).retries,
      { kind: 'named', names: ['RateLimitError', 'APIStatusError'], includesNonRetryable: ['APIStatusError'] });
    assert.deepStrictEqual(tenacity({ retry: call('retry_if_exception_type', [name('Exception')]) }).retries, { kind: 'everything' });
    assert.deepStrictEqual(tenacity({ retry: call('retry_if_exception_type') }).retries, { kind: 'everything' });
  });

  it('retry_if_exception(pred) and retry_if_result(pred) are predicates; a | b joins named sets', () => {
    assert.deepStrictEqual(tenacity({ retry: call('retry_if_exception', [fn]) }).retries, { kind: 'predicate' });
    assert.deepStrictEqual(tenacity({ retry: call('retry_if_result', [name('is_none')]) }).retries, { kind: 'predicate' });
    assert.deepStrictEqual(tenacity({ retry: bin('|', call('retry_if_exception_type', [name('RateLimitError')]), call('retry_if_exception_type', [name('APIError')])) }).retries,
      { kind: 'named', names: ['RateLimitError', 'APIError'], includesNonRetryable: ['APIError'] });
  });

  it('reraise=True re-raises the last error; retry_error_callback makes it whatever the callback does', () => {
    // __init__.py exc_check: `if self.reraise: raise retry_exc.reraise()`; retry_error_callback replaces exc_check.
    assert.strictEqual(tenacity({ reraise: bool(true) }).onExhaustion, 'reraise');
    assert.strictEqual(tenacity({ reraise: bool(false) }).onExhaustion, 'wrapperError');
    assert.strictEqual(tenacity({ retry_error_callback: fn }).onExhaustion, 'unknown');
  });

  it('Retrying(...) and AsyncRetrying(...) objects read the same arguments, positional ones too', () => {
    const named = read('tenacity', libraryCall('Retrying', 'tenacity', 'Retrying', [], { stop: call('stop_after_attempt', [num(4)]), wait: call('wait_fixed', [num(1)]), reraise: bool(true) }));
    assert.deepStrictEqual([named.maxAttempts, named.wait, named.onExhaustion], [4, { kind: 'constant', ms: 1000 }, 'reraise']);
    const asyncOne = read('tenacity', libraryCall('AsyncRetrying', 'tenacity', 'AsyncRetrying', [], { stop: call('stop_after_delay', [num(10)]) }));
    assert.strictEqual(asyncOne.deadlineMs, 10000);
    // Positional: Retrying(sleep, stop, wait, retry, ...).
    const positional = read('tenacity', libraryCall('Retrying', 'tenacity', 'Retrying', [name('time.sleep'), call('stop_after_attempt', [num(2)])]));
    assert.strictEqual(positional.maxAttempts, 2);
  });
});

describe('readLibraryRetry: backoff 2.2.1', () => {
  const onException = (positional: ArgumentValue[], named: Record<string, ArgumentValue> = {}) => read('backoff', libraryCall('backoff.on_exception', 'backoff', 'on_exception', positional, named));

  it('on_exception(backoff.expo, E): forever, 1 s * 2^n, full jitter, re-raises', () => {
    // _decorator.py on_exception: max_tries=None, max_time=None, jitter=full_jitter, raise_on_giveup=True;
    // _wait_gen.py expo(base=2, factor=1, max_value=None); _jitter.py full_jitter = uniform(0, value).
    const policy = readLibraryRetry('backoff', libraryCall('backoff.on_exception', 'backoff', 'on_exception', [name('backoff.expo'), name('anthropic.RateLimitError')]));
    assert.deepStrictEqual(values(policy), {
      maxAttempts: null, deadlineMs: null, wait: { kind: 'exponential', initialMs: 1000, maxMs: null }, jitter: true,
      retries: { kind: 'named', names: ['anthropic.RateLimitError'], includesNonRetryable: [] },
      honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
    assert.ok(policy.maxAttempts.fromDefault && policy.jitter.fromDefault);
  });

  it('max_tries, max_time (seconds), factor and max_value', () => {
    const policy = onException([name('backoff.expo'), tuple(name('RateLimitError'), name('APIStatusError'))], { max_tries: num(5), max_time: num(120), factor: num(2), max_value: num(30) });
    assert.deepStrictEqual([policy.maxAttempts, policy.deadlineMs, policy.wait], [5, 120000, { kind: 'exponential', initialMs: 2000, maxMs: 30000 }]);
    assert.deepStrictEqual(policy.retries, { kind: 'named', names: ['RateLimitError', 'APIStatusError'], includesNonRetryable: ['APIStatusError'] });
  });

  it('jitter=None removes the randomness; max_tries=None is an explicit "no cap"', () => {
    const policy = onException([name('backoff.expo'), name('Exception')], { jitter: none, max_tries: none });
    assert.deepStrictEqual([policy.jitter, policy.maxAttempts, policy.retries], [false, null, { kind: 'everything' }]);
  });

  it('backoff.constant (interval=1 s) and backoff.fibo', () => {
    // _wait_gen.py constant(interval=1): a constant, still full-jittered by default; fibo: 1, 1, 2, 3, 5 ...
    assert.deepStrictEqual(onException([name('backoff.constant'), name('E')]).wait, { kind: 'constant', ms: 1000 });
    assert.deepStrictEqual(onException([name('backoff.constant'), name('E')], { interval: num(5) }).wait, { kind: 'constant', ms: 5000 });
    assert.deepStrictEqual(onException([name('backoff.fibo'), name('E')], { max_value: num(13) }).wait, { kind: 'exponential', initialMs: 1000, maxMs: 13000 });
  });

  it('backoff.runtime: the wait comes from a function that may read Retry-After', () => {
    const policy = onException([name('backoff.runtime'), name('RateLimitError')], { value: fn });
    assert.deepStrictEqual([policy.wait, policy.honoursRetryAfter], [{ kind: 'custom' }, 'unknown']);
  });

  it('giveup= makes the filter a predicate; raise_on_giveup=False swallows', () => {
    // _sync.py retry_exception: `if giveup(e) or ...: if raise_on_giveup: raise; return None`.
    const policy = onException([name('backoff.expo'), name('anthropic.APIError')], { giveup: name('is_client_error'), raise_on_giveup: bool(false) });
    assert.deepStrictEqual([policy.retries, policy.onExhaustion], [{ kind: 'predicate' }, 'swallow']);
  });

  it('on_predicate retries on results and returns the last one', () => {
    // _sync.py retry_predicate: exceptions are not caught; on give-up it breaks and returns ret.
    const policy = read('backoff', libraryCall('backoff.on_predicate', 'backoff', 'on_predicate', [name('backoff.fibo')], { max_tries: num(4) }));
    assert.deepStrictEqual([policy.retries, policy.onExhaustion, policy.maxAttempts], [{ kind: 'predicate' }, 'swallow', 4]);
  });
});

describe('readLibraryRetry: retrying 1.4.2', () => {
  const retrying = (named: Record<string, ArgumentValue> = {}) => read('retrying', libraryCall('retry', 'retrying', 'retry', [], named));

  it('bare @retry: forever, no wait, every exception, re-raises', () => {
    // retrying.py Retrying.__init__: stop_funcs and wait_funcs stay empty when nothing is set
    // (any([]) is False, max([0]) is 0); retry_on_exception=None -> always_reject; the last exception re-raised.
    const policy = readLibraryRetry('retrying', libraryCall('retry', 'retrying', 'retry'));
    assert.deepStrictEqual(values(policy), {
      maxAttempts: null, deadlineMs: null, wait: { kind: 'none' }, jitter: false, retries: { kind: 'everything' },
      honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
    assert.ok(policy.maxAttempts.fromDefault);
  });

  it('stop_max_attempt_number, stop_max_delay (ms), wait_fixed (ms)', () => {
    const policy = retrying({ stop_max_attempt_number: num(7), stop_max_delay: num(10000), wait_fixed: num(2000) });
    assert.deepStrictEqual([policy.maxAttempts, policy.deadlineMs, policy.wait, policy.jitter], [7, 10000, { kind: 'constant', ms: 2000 }, false]);
  });

  it('wait_exponential_multiplier: multiplier * 2 ** attempt, so the first wait is twice the multiplier', () => {
    // retrying.py exponential_sleep: exp = 2 ** previous_attempt_number; result = multiplier * exp, capped at wait_exponential_max.
    const policy = retrying({ wait_exponential_multiplier: num(1000), wait_exponential_max: num(10000) });
    assert.deepStrictEqual([policy.wait, policy.jitter], [{ kind: 'exponential', initialMs: 2000, maxMs: 10000 }, false]);
    assert.deepStrictEqual(retrying({ wait_exponential_multiplier: num(1000), wait_jitter_max: num(500) }).jitter, true);
  });

  it('wait_random_min/max is random; stop="stop_after_attempt" alone uses the hidden default of 5', () => {
    // retrying.py: random_sleep = randint(wait_random_min=0, wait_random_max=1000); _stop_max_attempt_number defaults to 5.
    assert.deepStrictEqual(retrying({ wait_random_min: num(1000), wait_random_max: num(3000) }).wait, { kind: 'constant', ms: 2000 });
    assert.strictEqual(retrying({ wait_random_min: num(1000), wait_random_max: num(3000) }).jitter, true);
    const named = readLibraryRetry('retrying', libraryCall('retry', 'retrying', 'retry', [], { stop: str('stop_after_attempt') }));
    assert.deepStrictEqual(named.maxAttempts, { value: 5, fromDefault: true });
  });

  it('retry_on_exception: a tuple is an isinstance test, a function a predicate', () => {
    assert.deepStrictEqual(retrying({ retry_on_exception: tuple(name('RateLimitError'), name('APIStatusError')) }).retries,
      { kind: 'named', names: ['RateLimitError', 'APIStatusError'], includesNonRetryable: ['APIStatusError'] });
    assert.deepStrictEqual(retrying({ retry_on_exception: name('retry_if_overloaded') }).retries, { kind: 'predicate' });
  });

  it('retry_on_exception=<one class> never retries: the class is called as a predicate and `|=` raises TypeError', () => {
    // retrying.py: `isinstance(retry_on_exception, (tuple, Exception))` is False for a class, so it is called;
    // should_reject does `reject |= <instance>` -> TypeError at the first failure (checked with retrying 1.4.2).
    const policy = retrying({ retry_on_exception: name('anthropic.RateLimitError') });
    assert.deepStrictEqual([policy.maxAttempts, policy.retries], [1, { kind: 'named', names: [], includesNonRetryable: [] }]);
  });

  it('wrap_exception=True raises RetryError', () => {
    assert.strictEqual(retrying({ wrap_exception: bool(true) }).onExhaustion, 'wrapperError');
  });
});

describe('readLibraryRetry: stamina 26.1.0', () => {
  const stamina = (named: Record<string, ArgumentValue>) => readLibraryRetry('stamina', libraryCall('stamina.retry', 'stamina', 'retry', [], named));

  it('@stamina.retry(on=E) defaults: 10 attempts, 45 s, 0.1 s doubling to 5 s plus up to 1 s of jitter, re-raises', () => {
    // _core.py retry(*, on, attempts=10, timeout=45.0, wait_initial=0.1, wait_max=5.0, wait_jitter=1.0, wait_exp_base=2);
    // _RetryContextIterator.from_params: reraise=True.
    const policy = stamina({ on: name('anthropic.RateLimitError') });
    assert.deepStrictEqual(values(policy), {
      maxAttempts: 10, deadlineMs: 45000, wait: { kind: 'exponential', initialMs: 100, maxMs: 5000 }, jitter: true,
      retries: { kind: 'named', names: ['anthropic.RateLimitError'], includesNonRetryable: [] },
      honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
    assert.ok(policy.maxAttempts.fromDefault && policy.deadlineMs.fromDefault && policy.wait.fromDefault);
  });

  it('attempts=None and timeout=None: unbounded', () => {
    const policy = values(stamina({ on: name('Exception'), attempts: none, timeout: none }));
    assert.deepStrictEqual([policy.maxAttempts, policy.deadlineMs, policy.retries], [null, null, { kind: 'everything' }]);
  });

  it('settings as written, timedelta included; wait_jitter=0 removes the randomness', () => {
    const policy = values(stamina({ on: tuple(name('RateLimitError'), name('OverloadedError')), attempts: num(5), timeout: call('dt.timedelta', [], { minutes: num(2) }), wait_initial: num(1), wait_max: num(30), wait_jitter: num(0) }));
    assert.deepStrictEqual([policy.maxAttempts, policy.deadlineMs, policy.wait, policy.jitter], [5, 120000, { kind: 'exponential', initialMs: 1000, maxMs: 30000 }, false]);
  });

  it('a backoff hook for on= is a predicate that may return the wait itself (Retry-After)', () => {
    const policy = values(stamina({ on: name('should_retry') }));
    assert.deepStrictEqual([policy.retries, policy.honoursRetryAfter], [{ kind: 'predicate' }, 'unknown']);
  });

  it('retry_context(on, attempts) positionally', () => {
    const policy = read('stamina', libraryCall('stamina.retry_context', 'stamina', 'retry_context', [name('httpx.HTTPStatusError'), num(3)]));
    assert.deepStrictEqual([policy.maxAttempts, policy.retries], [3, { kind: 'named', names: ['httpx.HTTPStatusError'], includesNonRetryable: ['httpx.HTTPStatusError'] }]);
  });
});

describe('readLibraryRetry: p-retry 7.1.1', () => {
  const pRetry = (named: Record<string, ArgumentValue> = {}) => readLibraryRetry('p-retry', libraryCall('pRetry', 'p-retry', 'default', [fn], named));

  it('pRetry(fn): 10 retries, 1 s * 2^n with no cap and no randomness, everything, throws the last error', () => {
    // index.js pRetry: retries ??= 10, factor ??= 2, minTimeout ??= 1000, maxTimeout ??= Infinity,
    // maxRetryTime ??= Infinity, randomize ??= false, shouldRetry ??= () => true.
    const policy = pRetry();
    assert.deepStrictEqual(values(policy), {
      maxAttempts: 11, deadlineMs: null, wait: { kind: 'exponential', initialMs: 1000, maxMs: null }, jitter: false,
      retries: { kind: 'everything' }, honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
    assert.ok(policy.maxAttempts.fromDefault && policy.jitter.fromDefault);
  });

  it('retries, factor, minTimeout, maxTimeout, randomize, maxRetryTime as set', () => {
    const policy = values(pRetry({ retries: num(5), minTimeout: num(500), maxTimeout: num(20000), randomize: bool(true), maxRetryTime: num(60000) }));
    assert.deepStrictEqual([policy.maxAttempts, policy.wait, policy.jitter, policy.deadlineMs], [6, { kind: 'exponential', initialMs: 500, maxMs: 20000 }, true, 60000]);
    // calculateDelay: minTimeout * factor ** (attempt - 1): factor 1 is a constant wait.
    assert.deepStrictEqual(values(pRetry({ factor: num(1) })).wait, { kind: 'constant', ms: 1000 });
  });

  it('retries: Infinity has no cap; shouldRetry is a predicate', () => {
    assert.strictEqual(values(pRetry({ retries: name('Infinity') })).maxAttempts, null);
    assert.deepStrictEqual(values(pRetry({ shouldRetry: fn })).retries, { kind: 'predicate' });
  });

  it('onFailedAttempt may throw or sleep: the filter and retry-after become unknown-ish', () => {
    const policy = values(pRetry({ onFailedAttempt: fn }));
    assert.deepStrictEqual([policy.retries, policy.honoursRetryAfter], [{ kind: 'predicate' }, 'unknown']);
  });
});

describe('readLibraryRetry: async-retry 1.3.3 (retry 0.13.1)', () => {
  const asyncRetry = (named: Record<string, ArgumentValue> = {}) => readLibraryRetry('async-retry', libraryCall('retry', 'async-retry', 'default', [fn], named));

  it('retry(fn): 10 retries, 1 s * 2^n randomized (async-retry sets randomize: true), everything', () => {
    // async-retry lib/index.js: `if (!('randomize' in options)) options.randomize = true`;
    // retry lib/retry.js timeouts: retries 10, factor 2, minTimeout 1000, maxTimeout Infinity.
    const policy = asyncRetry();
    assert.deepStrictEqual(values(policy), {
      maxAttempts: 11, deadlineMs: null, wait: { kind: 'exponential', initialMs: 1000, maxMs: null }, jitter: true,
      retries: { kind: 'everything' }, honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
  });

  it('retries, minTimeout, maxTimeout, randomize: false; forever: true has no cap', () => {
    const policy = values(asyncRetry({ retries: num(3), minTimeout: num(100), maxTimeout: num(2000), randomize: bool(false) }));
    assert.deepStrictEqual([policy.maxAttempts, policy.wait, policy.jitter], [4, { kind: 'exponential', initialMs: 100, maxMs: 2000 }, false]);
    assert.strictEqual(values(asyncRetry({ forever: bool(true) })).maxAttempts, null);
  });
});

describe('readLibraryRetry: cockatiel 3.2.1', () => {
  const cockatiel = (policyArg: ArgumentValue, named: Record<string, ArgumentValue> = {}) => readLibraryRetry('cockatiel', libraryCall('retry', 'cockatiel', 'retry', [policyArg], named));

  it('retry(handleAll, {}): no cap, ConstantBackoff(0), everything, throws the last error', () => {
    // Policy.js retry: backoff: opts.backoff || new ConstantBackoff(0), maxAttempts: opts.maxAttempts ?? Infinity.
    const policy = cockatiel(name('handleAll'));
    assert.deepStrictEqual(values(policy), {
      maxAttempts: null, deadlineMs: null, wait: { kind: 'none' }, jitter: false, retries: { kind: 'everything' },
      honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
  });

  it('maxAttempts counts retries: maxAttempts 3 makes 4 calls', () => {
    // RetryPolicy.js execute: `if (!signal.aborted && retries < this.options.maxAttempts)` retry, retries from 0.
    assert.strictEqual(values(cockatiel(name('handleAll'), { maxAttempts: num(3) })).maxAttempts, 4);
  });

  it('ExponentialBackoff defaults: 128 ms to 30 s with decorrelated jitter; noJitterGenerator has none', () => {
    // backoff/ExponentialBackoff.js defaultOptions: generator decorrelatedJitterGenerator, maxDelay 30000, exponent 2, initialDelay 128.
    const policy = values(cockatiel(name('handleAll'), { maxAttempts: num(5), backoff: call('ExponentialBackoff') }));
    assert.deepStrictEqual([policy.wait, policy.jitter], [{ kind: 'exponential', initialMs: 128, maxMs: 30000 }, true]);
    const plain = values(cockatiel(name('handleAll'), { backoff: call('ExponentialBackoff', [], { initialDelay: num(500), maxDelay: num(10000), generator: name('noJitterGenerator') }) }));
    assert.deepStrictEqual([plain.wait, plain.jitter], [{ kind: 'exponential', initialMs: 500, maxMs: 10000 }, false]);
  });

  it('ConstantBackoff(ms) is a constant wait', () => {
    assert.deepStrictEqual(values(cockatiel(name('handleAll'), { backoff: call('ConstantBackoff', [num(1000)]) })).wait, { kind: 'constant', ms: 1000 });
  });

  it('handleType(X) names X, handleType(A).orType(B) both, handleWhen(pred) is a predicate', () => {
    assert.deepStrictEqual(values(cockatiel(call('handleType', [name('Anthropic.RateLimitError')]))).retries,
      { kind: 'named', names: ['Anthropic.RateLimitError'], includesNonRetryable: [] });
    assert.deepStrictEqual(values(cockatiel(call('handleType(RateLimitError).orType', [name('APIError')]))).retries,
      { kind: 'named', names: ['RateLimitError', 'APIError'], includesNonRetryable: ['APIError'] });
    assert.deepStrictEqual(values(cockatiel(call('handleWhen', [fn]))).retries, { kind: 'predicate' });
  });

  it('a result policy returns the last result when it gives up', () => {
    // RetryPolicy.js execute: `if ('error' in result) throw result.error; return result.value;`.
    assert.strictEqual(values(cockatiel(call('handleWhenResult', [fn]))).onExhaustion, 'swallow');
  });
});

describe('readLibraryRetry: axios-retry 4.5.0', () => {
  const axiosRetry = (named: Record<string, ArgumentValue> = {}) => readLibraryRetry('axios-retry', libraryCall('axiosRetry', 'axios-retry', 'default', [name('client')], named));

  it('axiosRetry(client): 3 retries, no delay, never a POST on 429/5xx, but it obeys Retry-After', () => {
    // dist/cjs/index.js DEFAULT_OPTIONS: retries 3, retryCondition isNetworkOrIdempotentRequestError, retryDelay noDelay;
    // noDelay returns retryAfter(error) (the Retry-After header, seconds or a date); IDEMPOTENT_HTTP_METHODS lacks post.
    const policy = axiosRetry();
    assert.deepStrictEqual(values(policy), {
      maxAttempts: 4, deadlineMs: null, wait: { kind: 'none' }, jitter: false,
      retries: { kind: 'named', names: ['network', '429', '5xx'], includesNonRetryable: [] },
      honoursRetryAfter: true, onExhaustion: 'reraise', retriesPost: false,
    });
    assert.ok(policy.retriesPost.fromDefault && policy.wait.fromDefault);
  });

  it('exponentialDelay: 2^n * 100 ms (first 200 ms) plus 0-20 % at random', () => {
    // exponentialDelay: Math.pow(2, retryNumber) * delayFactor(100), max with retryAfter, + delay * 0.2 * Math.random().
    const policy = values(axiosRetry({ retries: num(5), retryDelay: name('axiosRetry.exponentialDelay') }));
    assert.deepStrictEqual([policy.maxAttempts, policy.wait, policy.jitter, policy.honoursRetryAfter], [6, { kind: 'exponential', initialMs: 200, maxMs: null }, true, true]);
  });

  it('a delay function of the user\'s is custom; linearDelay grows without randomness', () => {
    assert.deepStrictEqual(values(axiosRetry({ retryDelay: fn })).wait, { kind: 'custom' });
    const linear = values(axiosRetry({ retryDelay: call('axiosRetry.linearDelay', [num(1000)]) }));
    assert.deepStrictEqual([linear.wait, linear.jitter], [{ kind: 'custom' }, false]);
  });

  it('retryCondition: isRetryableError retries POSTs; a function of the user\'s is a predicate that sees POSTs', () => {
    // isRetryableError: no response, 429 or 5xx, any method.
    const retryable = values(axiosRetry({ retryCondition: name('axiosRetry.isRetryableError') }));
    assert.deepStrictEqual([retryable.retries, retryable.retriesPost], [{ kind: 'named', names: ['network', '429', '5xx'], includesNonRetryable: [] }, true]);
    const custom = values(axiosRetry({ retryCondition: fn }));
    assert.deepStrictEqual([custom.retries, custom.retriesPost], [{ kind: 'predicate' }, true]);
  });
});

describe('readLibraryRetry: exponential-backoff 3.1.3', () => {
  const backOff = (named: Record<string, ArgumentValue> = {}) => readLibraryRetry('exponential-backoff', libraryCall('backOff', 'exponential-backoff', 'backOff', [fn], named));

  it('backOff(fn): 10 attempts, 100 ms * 2^n, jitter "none", everything', () => {
    // src/options.ts defaultOptions: numOfAttempts 10, startingDelay 100, timeMultiple 2, maxDelay Infinity, jitter "none", retry () => true.
    const policy = backOff();
    assert.deepStrictEqual(values(policy), {
      maxAttempts: 10, deadlineMs: null, wait: { kind: 'exponential', initialMs: 100, maxMs: null }, jitter: false,
      retries: { kind: 'everything' }, honoursRetryAfter: false, onExhaustion: 'reraise', retriesPost: true,
    });
  });

  it('numOfAttempts, startingDelay, maxDelay, jitter "full", retry predicate', () => {
    const policy = values(backOff({ numOfAttempts: num(6), startingDelay: num(1000), maxDelay: num(30000), jitter: str('full'), retry: fn }));
    assert.deepStrictEqual([policy.maxAttempts, policy.wait, policy.jitter, policy.retries], [6, { kind: 'exponential', initialMs: 1000, maxMs: 30000 }, true, { kind: 'predicate' }]);
    // getSanitizedOptions: numOfAttempts < 1 becomes 1.
    assert.strictEqual(values(backOff({ numOfAttempts: num(0) })).maxAttempts, 1);
  });
});

describe('readLibraryRetry: frameworks', () => {
  it('LangChain Python ChatAnthropic: max_retries (default 2) goes to the SDK client', () => {
    // langchain_anthropic/chat_models.py: `max_retries: int = 2`, client_params["max_retries"] = values["max_retries"].
    const defaults = readLibraryRetry('framework', libraryCall('ChatAnthropic', 'langchain_anthropic', 'ChatAnthropic', [], { model: str('claude-sonnet-4-6') }));
    assert.deepStrictEqual([defaults.mechanism, defaults.maxAttempts, defaults.jitter.value, defaults.honoursRetryAfter.value], ['framework', { value: 3, fromDefault: true }, true, true]);
    assert.strictEqual(read('framework', libraryCall('ChatAnthropic', 'langchain_anthropic', 'ChatAnthropic', [], { max_retries: num(0) })).maxAttempts, 1);
  });

  it('LangChain JS ChatAnthropic: @langchain/core AsyncCaller, 6 retries by default, randomized', () => {
    // @langchain/anthropic 1.5.11 creates the SDK client with maxRetries: 0 and calls this.caller;
    // @langchain/core 1.4.0 AsyncCaller: maxRetries ?? 6, p-retry with randomize: true.
    const policy = read('framework', libraryCall('ChatAnthropic', '@langchain/anthropic', 'ChatAnthropic'));
    assert.deepStrictEqual([policy.maxAttempts, policy.wait, policy.jitter], [7, { kind: 'exponential', initialMs: 1000, maxMs: null }, true]);
    assert.strictEqual(read('framework', libraryCall('ChatAnthropic', '@langchain/anthropic', 'ChatAnthropic', [], { maxRetries: num(2) })).maxAttempts, 3);
  });

  it('Vercel AI SDK generateText: maxRetries 2, 2 s doubling, no jitter, RetryError', () => {
    // ai 6.0.326 dist/index.js prepareRetries: maxRetries ?? 2; retryWithExponentialBackoffRespectingRetryHeaders
    // initialDelayInMs 2000, backoffFactor 2; @ai-sdk/provider-utils 4.0.65: no randomness, createRetryError.
    const policy = read('framework', libraryCall('generateText', 'ai', 'generateText', [], { model: call('anthropic', [str('claude-sonnet-4-6')]) }));
    assert.deepStrictEqual(policy, {
      maxAttempts: 3, deadlineMs: null, wait: { kind: 'exponential', initialMs: 2000, maxMs: null }, jitter: false,
      retries: { kind: 'named', names: ['408', '409', '429', '5xx'], includesNonRetryable: [] },
      honoursRetryAfter: true, onExhaustion: 'wrapperError', retriesPost: true,
    });
    assert.strictEqual(read('framework', libraryCall('streamText', 'ai', 'streamText', [], { maxRetries: num(0) })).maxAttempts, 1);
  });
});

describe('sdkRetryPolicy', () => {
  it('default: 2 retries (3 attempts), min(0.5 * 2^n, 8) s less up to 25 %, retry-after obeyed', () => {
    // anthropic 1.13.0 _constants.py DEFAULT_MAX_RETRIES = 2, INITIAL_RETRY_DELAY = 0.5, MAX_RETRY_DELAY = 8.0;
    // @anthropic-ai/sdk 1.12.0 client.js `options.maxRetries ?? 2`, calculateDefaultRetryTimeoutMillis.
    const policy = sdkRetryPolicy(undefined);
    assert.deepStrictEqual(values(policy), {
      maxAttempts: 3, deadlineMs: null, wait: { kind: 'exponential', initialMs: 500, maxMs: 8000 }, jitter: true,
      retries: { kind: 'named', names: ['408', '409', '429', '5xx', 'connection'], includesNonRetryable: [] },
      honoursRetryAfter: true, onExhaustion: 'reraise', retriesPost: true,
    });
    assert.strictEqual(policy.maxAttempts.fromDefault, true);
    assert.strictEqual(policy.mechanism, 'sdk');
  });

  it('0 retries is one attempt, set by the code; n retries are n + 1 attempts', () => {
    assert.deepStrictEqual(sdkRetryPolicy(0).maxAttempts, { value: 1, fromDefault: false });
    assert.deepStrictEqual(sdkRetryPolicy(5).maxAttempts, { value: 6, fromDefault: false });
  });

  it('a value we cannot read is a cap of unknown size (the SDK always has one)', () => {
    assert.deepStrictEqual(sdkRetryPolicy('unknown').maxAttempts, { value: 'unknown', fromDefault: false });
  });

  it('readLibraryRetry("sdk") reads max_retries / maxRetries from a client construction', () => {
    assert.strictEqual(read('sdk', libraryCall('Anthropic', 'anthropic', 'Anthropic', [], { max_retries: num(4) })).maxAttempts, 5);
    assert.strictEqual(read('sdk', libraryCall('Anthropic', '@anthropic-ai/sdk', 'default', [], { maxRetries: num(0) })).maxAttempts, 1);
    assert.strictEqual(read('sdk', libraryCall('Anthropic', '@anthropic-ai/sdk', 'default', [], { maxRetries: name('config.retries') })).maxAttempts, 'unknown');
  });
});

describe('readLibraryRetry never throws', () => {
  it('odd shapes give unknowns, not exceptions', () => {
    const odd: LibraryCallArguments = { callee: 'retry', positional: [{ kind: 'unknown', text: '**kwargs' }], named: { stop: { kind: 'unknown', text: 'cfg["stop"]' }, wait: tuple(), retry: { kind: 'unknown', text: '?' } } };
    for (const mechanism of ['tenacity', 'backoff', 'retrying', 'stamina', 'p-retry', 'async-retry', 'cockatiel', 'axios-retry', 'exponential-backoff', 'sdk', 'framework', 'loop'] as RetryMechanism[]) {
      const policy = readLibraryRetry(mechanism, odd);
      assert.strictEqual(policy.mechanism, mechanism);
    }
    const broken = { callee: 'retry' } as unknown as LibraryCallArguments;
    assert.strictEqual(readLibraryRetry('tenacity', broken).mechanism, 'tenacity');
    assert.strictEqual(values(readLibraryRetry('tenacity', odd)).maxAttempts, 'unknown');
  });
});

function pickStop(policy: Record<string, unknown>): unknown[] {
  return [policy.maxAttempts, policy.deadlineMs];
}

function pickWait(policy: Record<string, unknown>): unknown[] {
  return [policy.wait, policy.jitter, policy.honoursRetryAfter];
}
