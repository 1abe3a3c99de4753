/**
 * Retry libraries as they really behave: which callee is which library, and the normalised policy a call
 * sets up, with each library's own defaults for what the code leaves out. Every default below was read
 * from the library's published code (versions beside each reader; docs/rules/README.md has the table).
 * Pure: no `vscode`, no tree-sitter.
 */
import { errorCoverage } from './errorNames';
import type { ArgumentValue, LibraryCallArguments, RetryFilter, RetryMechanism, RetryPolicy, Setting, WaitShape } from './retryPolicy';

type Language = 'python' | 'javascript';
type Bound = number | null | 'unknown';
type Jitter = boolean | 'unknown';
type Exhaustion = RetryPolicy['onExhaustion']['value'];

const given = <T>(value: T): Setting<T> => ({ value, fromDefault: false });
const byDefault = <T>(value: T): Setting<T> => ({ value, fromDefault: true });

// ---------------------------------------------------------------------------------------------------------
// Which library a callee is

/** Python modules: the exported names that start a retry mechanism. */
const pythonLibraries: Record<string, { mechanism: RetryMechanism; names: string[] }> = {
  tenacity: { mechanism: 'tenacity', names: ['retry', 'Retrying', 'AsyncRetrying', 'TornadoRetrying'] },
  backoff: { mechanism: 'backoff', names: ['on_exception', 'on_predicate'] },
  retrying: { mechanism: 'retrying', names: ['retry', 'Retrying'] },
  stamina: { mechanism: 'stamina', names: ['retry', 'retry_context', 'RetryingCaller', 'AsyncRetryingCaller'] },
  anthropic: { mechanism: 'sdk', names: ['Anthropic', 'AsyncAnthropic', 'AnthropicBedrock', 'AsyncAnthropicBedrock', 'AnthropicVertex', 'AsyncAnthropicVertex', 'Client', 'AsyncClient'] },
  langchain_anthropic: { mechanism: 'framework', names: ['ChatAnthropic', 'ChatAnthropicMessages'] },
};

/** JS/TS modules: the exported names that start a retry mechanism ('default' is the default export). */
const javascriptLibraries: Record<string, { mechanism: RetryMechanism; names: string[] }> = {
  'p-retry': { mechanism: 'p-retry', names: ['default', 'pRetry', 'makeRetriable'] },
  'async-retry': { mechanism: 'async-retry', names: ['default', 'retry'] },
  cockatiel: { mechanism: 'cockatiel', names: ['retry'] },
  'axios-retry': { mechanism: 'axios-retry', names: ['default', 'axiosRetry'] },
  'exponential-backoff': { mechanism: 'exponential-backoff', names: ['backOff'] },
  '@anthropic-ai/sdk': { mechanism: 'sdk', names: ['default', 'Anthropic'] },
  '@anthropic-ai/bedrock-sdk': { mechanism: 'sdk', names: ['default', 'AnthropicBedrock'] },
  '@anthropic-ai/vertex-sdk': { mechanism: 'sdk', names: ['default', 'AnthropicVertex'] },
  '@langchain/anthropic': { mechanism: 'framework', names: ['ChatAnthropic', 'ChatAnthropicMessages'] },
  ai: { mechanism: 'framework', names: ['generateText', 'streamText', 'generateObject', 'streamObject'] },
};

const lastPart = (dotted: string): string => dotted.slice(dotted.lastIndexOf('.') + 1);

/** Which mechanism a callee is, from its import (module + name), or undefined when it is none we know. */
export function retryLibraryOf(args: Pick<LibraryCallArguments, 'callee' | 'imported'>, language: 'python' | 'javascript'): RetryMechanism | undefined {
  const libraries = language === 'python' ? pythonLibraries : javascriptLibraries;
  const callee = args.callee.replace(/^new\s+/, '').replace(/\s+/g, '');
  if (args.imported) {
    const root = language === 'python' ? args.imported.module.split('.')[0] : args.imported.module;
    const library = libraries[root];
    if (!library) return undefined;
    // `import tenacity` + `tenacity.asyncio.AsyncRetrying` arrives as name 'asyncio.AsyncRetrying'.
    const name = lastPart(args.imported.name);
    if (library.names.includes(name)) return library.mechanism;
    // A default or namespace import called directly: `import pRetry from 'p-retry'` then `pRetry(...)`.
    if ((name === '*' || name === 'default') && callee === lastPart(callee) && library.names.includes('default')) return library.mechanism;
    return undefined;
  }
  // Not imported under that name: only a module-qualified spelling is trusted (`tenacity.retry`, `backoff.on_exception`).
  if (language === 'python' && callee.includes('.')) {
    const dot = callee.lastIndexOf('.');
    const library = libraries[callee.slice(0, dot).split('.')[0]];
    if (library && library.names.includes(callee.slice(dot + 1))) return library.mechanism;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Reading argument values

/** A number as written (with simple arithmetic), null for None / Infinity / math.inf, 'unknown' otherwise. */
function readNumber(value: ArgumentValue | undefined): number | null | 'unknown' {
  if (!value) return 'unknown';
  switch (value.kind) {
    case 'number':
      return Number.isFinite(value.value) ? value.value : null;
    case 'none':
      return null;
    case 'name':
      return /^(Infinity|Number\.POSITIVE_INFINITY|math\.inf|numpy\.inf|np\.inf|sys\.maxsize)$/.test(value.name) ? null : 'unknown';
    case 'call':
      // float('inf'), Number('Infinity')
      if (/^(float|Number)$/.test(value.callee) && value.positional[0]?.kind === 'string' && /^[+]?inf(inity)?$/i.test(value.positional[0].value)) return null;
      return 'unknown';
    case 'binary': {
      const left = readNumber(value.left);
      const right = readNumber(value.right);
      if (typeof left !== 'number' || typeof right !== 'number') return 'unknown';
      switch (value.operator) {
        case '+': return left + right;
        case '-': return left - right;
        case '*': return left * right;
        case '/': return right === 0 ? 'unknown' : left / right;
        case '**': return left ** right;
        default: return 'unknown';
      }
    }
    default:
      return 'unknown';
  }
}

/** Seconds as Python writes them: a number or `timedelta(seconds=…, minutes=…)`, in ms. */
function readSecondsAsMs(value: ArgumentValue | undefined): number | null | 'unknown' {
  if (value?.kind === 'call' && lastPart(value.callee) === 'timedelta') {
    const units: Array<[string, number]> = [['days', 86_400_000], ['seconds', 1000], ['microseconds', 0.001], ['milliseconds', 1], ['minutes', 60_000], ['hours', 3_600_000], ['weeks', 604_800_000]];
    let total = 0;
    for (const [index, [unit, factor]] of units.entries()) {
      const part = value.named[unit] ?? value.positional[index];
      if (!part) continue;
      const amount = readNumber(part);
      if (typeof amount !== 'number') return 'unknown';
      total += amount * factor;
    }
    return total;
  }
  const seconds = readNumber(value);
  return typeof seconds === 'number' ? seconds * 1000 : seconds;
}

const readBoolean = (value: ArgumentValue | undefined): boolean | 'unknown' => (value?.kind === 'boolean' ? value.value : 'unknown');

/** An argument by keyword or by position. */
function argument(args: { positional: ArgumentValue[]; named: Record<string, ArgumentValue> }, name: string, position?: number): ArgumentValue | undefined {
  if (Object.prototype.hasOwnProperty.call(args.named, name)) return args.named[name];
  return position === undefined ? undefined : args.positional[position];
}

/** The callee's own name without its module and `new`: `tenacity.stop_after_attempt` → `stop_after_attempt`. */
const calleeName = (value: { callee: string }): string => lastPart(value.callee.replace(/^new\s+/, ''));

/** Exception class names in an argument: `A`, `(A, B)`, `[A, B]`; undefined when it is not a list of names. */
function exceptionNames(value: ArgumentValue | undefined): string[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'name') return [value.name];
  if (value.kind === 'tuple') {
    const names: string[] = [];
    for (const item of value.items) {
      if (item.kind !== 'name') return undefined;
      names.push(item.name);
    }
    return names;
  }
  return undefined;
}

/** A filter naming these exceptions or statuses; a catch-all among them makes it 'everything'. */
function namedFilter(names: string[], language: Language): RetryFilter {
  const coverage = errorCoverage(names, language);
  if (coverage.catchAll) return { kind: 'everything' };
  return { kind: 'named', names, includesNonRetryable: coverage.nonRetryable };
}

/** Looks like an exception class (`RateLimitError`, `anthropic.APIStatusError`), not a predicate function. */
const isClassName = (name: string): boolean => /^[A-Z]/.test(lastPart(name));

/** A policy with every part unknown: the mechanism is there, its settings are not readable. */
function unknownPolicy(mechanism: RetryMechanism): RetryPolicy {
  return {
    mechanism,
    maxAttempts: given('unknown'),
    deadlineMs: given('unknown'),
    wait: given({ kind: 'unknown' }),
    jitter: given('unknown'),
    retries: given({ kind: 'unknown' }),
    honoursRetryAfter: given('unknown'),
    onExhaustion: given('unknown'),
    retriesPost: byDefault(true),
  };
}

/** Retries + 1 as a total, keeping null (no cap) and 'unknown'. */
const attemptsFromRetries = (retries: Bound): Bound => (typeof retries === 'number' ? Math.max(0, retries) + 1 : retries);

/** A count or limit as the code sets it, or the library default when the argument is absent. */
function setting(value: ArgumentValue | undefined, read: (value: ArgumentValue) => Bound, fallback: Bound): Setting<Bound> {
  return value === undefined ? byDefault(fallback) : given(read(value));
}

// ---------------------------------------------------------------------------------------------------------
// tenacity 9.1.4 (tenacity/__init__.py BaseRetrying.__init__, stop.py, wait.py, retry.py)
// Defaults: stop=stop_never, wait=wait_none(), retry=retry_if_exception_type() (= Exception),
// reraise=False (RetryError from the last attempt), retry_error_callback=None.

interface Stop { attempts: Bound; deadlineMs: Bound }

/** A tenacity stop expression: stop_after_attempt(n), stop_after_delay(s), a | b, a & b, stop_any/all. */
function tenacityStop(value: ArgumentValue): Stop {
  if (value.kind === 'name' && lastPart(value.name) === 'stop_never') return { attempts: null, deadlineMs: null };
  if (value.kind === 'binary' && (value.operator === '|' || value.operator === '&')) {
    const parts = [tenacityStop(value.left), tenacityStop(value.right)];
    return value.operator === '|' ? stopAny(parts) : stopAll(parts);
  }
  if (value.kind === 'call') {
    switch (calleeName(value)) {
      case 'stop_after_attempt': {
        const n = readNumber(argument(value, 'max_attempt_number', 0));
        return { attempts: n === null ? 'unknown' : n, deadlineMs: null };
      }
      case 'stop_after_delay':
      case 'stop_before_delay': {
        const ms = readSecondsAsMs(argument(value, 'max_delay', 0));
        return { attempts: null, deadlineMs: ms === null ? 'unknown' : ms };
      }
      case 'stop_any':
        return stopAny(value.positional.map(tenacityStop));
      case 'stop_all':
        return stopAll(value.positional.map(tenacityStop));
      default:
        break; // stop_when_event_set(...) or a stop of the user's: it stops, we cannot say when
    }
  }
  return { attempts: 'unknown', deadlineMs: 'unknown' };
}

/** Stops when any part stops: the smallest cap of each kind is the one that bites. */
function stopAny(parts: Stop[]): Stop {
  const pick = (values: Bound[]): Bound => {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    if (numbers.length > 0) return Math.min(...numbers);
    return values.includes('unknown') ? 'unknown' : null;
  };
  return { attempts: pick(parts.map((p) => p.attempts)), deadlineMs: pick(parts.map((p) => p.deadlineMs)) };
}

/** Stops only when every part would: a part that never stops makes the whole never stop. */
function stopAll(parts: Stop[]): Stop {
  if (parts.some((p) => p.attempts === null && p.deadlineMs === null)) return { attempts: null, deadlineMs: null };
  const pick = (values: Bound[]): Bound => (values.every((v) => typeof v === 'number') ? Math.max(...(values as number[])) : 'unknown');
  return { attempts: pick(parts.map((p) => p.attempts)), deadlineMs: pick(parts.map((p) => p.deadlineMs)) };
}

interface Wait { shape: WaitShape; jitter: Jitter; retryAfter: boolean | 'unknown' }

/** tenacity's MAX_WAIT (sys.maxsize / 2) written as a default means "no cap". */
function maxMsOrNull(value: ArgumentValue | undefined, seconds: boolean): number | null | 'unknown' {
  if (value === undefined) return null;
  return seconds ? readSecondsAsMs(value) : readNumber(value);
}

/** Exponential wait from readable numbers; unknown when any of them is not readable. */
function exponential(initialMs: number | null | 'unknown', maxMs: number | null | 'unknown', jitter: Jitter): Wait {
  if (typeof initialMs !== 'number' || maxMs === 'unknown') return { shape: { kind: 'unknown' }, jitter, retryAfter: false };
  if (initialMs <= 0 && (maxMs === null || maxMs <= 0)) return { shape: { kind: 'none' }, jitter, retryAfter: false };
  return { shape: { kind: 'exponential', initialMs, maxMs }, jitter, retryAfter: false };
}

function constant(ms: number | null | 'unknown', jitter: Jitter): Wait {
  if (typeof ms !== 'number') return { shape: { kind: 'unknown' }, jitter, retryAfter: false };
  return { shape: ms > 0 ? { kind: 'constant', ms } : { kind: 'none' }, jitter, retryAfter: false };
}

const customWait = (jitter: Jitter = 'unknown'): Wait => ({ shape: { kind: 'custom' }, jitter, retryAfter: 'unknown' });

/** A tenacity wait expression (seconds). */
function tenacityWait(value: ArgumentValue): Wait {
  if (value.kind === 'binary' && value.operator === '+') return combineWaits([tenacityWait(value.left), tenacityWait(value.right)]);
  if (value.kind === 'call') {
    const name = calleeName(value);
    switch (name) {
      case 'wait_none':
        return { shape: { kind: 'none' }, jitter: false, retryAfter: false };
      case 'wait_fixed':
        return constant(readSecondsAsMs(argument(value, 'wait', 0)), false);
      case 'wait_random': {
        // uniform(min, max); defaults min=0, max=1 s: a constant window with jitter.
        const min = readSecondsAsMs(argument(value, 'min', 0) ?? { kind: 'number', value: 0 });
        const max = readSecondsAsMs(argument(value, 'max', 1) ?? { kind: 'number', value: 1 });
        return typeof min === 'number' && typeof max === 'number' ? constant((min + max) / 2, max > min) : { shape: { kind: 'unknown' }, jitter: true, retryAfter: false };
      }
      case 'wait_exponential':
      case 'wait_random_exponential': {
        // multiplier * exp_base ** (attempt - 1), clamped to [min, max]; defaults multiplier=1, max=MAX_WAIT, exp_base=2, min=0.
        // Positional order: multiplier, max, exp_base, min. wait_random_exponential draws uniform(min, that).
        const multiplier = readNumber(argument(value, 'multiplier', 0) ?? { kind: 'number', value: 1 });
        const min = readSecondsAsMs(argument(value, 'min', 3) ?? { kind: 'number', value: 0 });
        const initialMs = typeof multiplier === 'number' && typeof min === 'number' ? Math.max(multiplier * 1000, min) : 'unknown';
        return exponential(initialMs, maxMsOrNull(argument(value, 'max', 1), true), name === 'wait_random_exponential');
      }
      case 'wait_exponential_jitter': {
        // initial * exp_base ** (attempt - 1) + uniform(0, jitter); defaults initial=1, max=MAX_WAIT, exp_base=2, jitter=1.
        const initial = readNumber(argument(value, 'initial', 0) ?? { kind: 'number', value: 1 });
        const jitter = readNumber(argument(value, 'jitter', 3) ?? { kind: 'number', value: 1 });
        return exponential(typeof initial === 'number' ? initial * 1000 : 'unknown', maxMsOrNull(argument(value, 'max', 1), true), typeof jitter === 'number' ? jitter > 0 : 'unknown');
      }
      case 'wait_incrementing':
        // start + increment * (attempt - 1): grows, but not exponentially; no randomness.
        return customWait(false);
      case 'wait_chain':
      case 'wait_combine': {
        const parts = value.positional.map(tenacityWait);
        if (parts.length === 0) return { shape: { kind: 'unknown' }, jitter: 'unknown', retryAfter: false };
        if (name === 'wait_combine') return combineWaits(parts);
        // A chain: one strategy per attempt, then the last one for ever. Its shape is its own.
        return { shape: { kind: 'custom' }, jitter: anyJitter(parts), retryAfter: parts.some((p) => p.retryAfter === 'unknown') ? 'unknown' : false };
      }
      case 'wait_exception':
        // The wait comes from a function of the exception: it may read retry-after.
        return customWait();
      default:
        return customWait();
    }
  }
  // A callable of the user's (a function name, a lambda): it may wait any way, and may read retry-after.
  if (value.kind === 'name' || value.kind === 'function') return customWait();
  return { shape: { kind: 'unknown' }, jitter: 'unknown', retryAfter: 'unknown' };
}

function anyJitter(parts: Wait[]): Jitter {
  if (parts.some((p) => p.jitter === true)) return true;
  return parts.some((p) => p.jitter === 'unknown') ? 'unknown' : false;
}

/** Waits added together (wait_a() + wait_b()): the strongest shape, constants summed, random if any part is. */
function combineWaits(parts: Wait[]): Wait {
  const jitter = anyJitter(parts);
  const retryAfter = parts.some((p) => p.retryAfter === 'unknown') ? 'unknown' : parts.some((p) => p.retryAfter === true);
  const shapes = parts.map((p) => p.shape);
  if (shapes.some((s) => s.kind === 'unknown')) return { shape: { kind: 'unknown' }, jitter, retryAfter };
  const constants = shapes.reduce((sum, s) => sum + (s.kind === 'constant' ? s.ms : 0), 0);
  const exponentials = shapes.filter((s): s is Extract<WaitShape, { kind: 'exponential' }> => s.kind === 'exponential');
  if (exponentials.length > 0) {
    const first = exponentials[0];
    return { shape: { kind: 'exponential', initialMs: first.initialMs + constants, maxMs: first.maxMs === null ? null : first.maxMs + constants }, jitter, retryAfter };
  }
  if (shapes.some((s) => s.kind === 'custom')) return { shape: { kind: 'custom' }, jitter, retryAfter };
  return { shape: constants > 0 ? { kind: 'constant', ms: constants } : { kind: 'none' }, jitter, retryAfter };
}

/** A tenacity retry= expression. */
function tenacityFilter(value: ArgumentValue): RetryFilter {
  if (value.kind === 'binary' && (value.operator === '|' || value.operator === '&')) {
    const parts = [tenacityFilter(value.left), tenacityFilter(value.right)];
    return value.operator === '|' ? filterAny(parts) : filterAll(parts);
  }
  if (value.kind === 'name') {
    const name = lastPart(value.name);
    if (name === 'retry_always') return { kind: 'everything' };
    if (name === 'retry_never') return { kind: 'named', names: [], includesNonRetryable: [] };
    return { kind: 'predicate' };
  }
  if (value.kind === 'call') {
    switch (calleeName(value)) {
      case 'retry_if_exception_type': {
        const types = argument(value, 'exception_types', 0);
        if (types === undefined) return { kind: 'everything' }; // the default is Exception
        const names = exceptionNames(types);
        return names ? namedFilter(names, 'python') : { kind: 'unknown' };
      }
      case 'retry_if_exception_cause_type': {
        const names = exceptionNames(argument(value, 'exception_types', 0));
        return names ? namedFilter(names, 'python') : { kind: 'unknown' };
      }
      case 'retry_any':
        return filterAny(value.positional.map(tenacityFilter));
      case 'retry_all':
        return filterAll(value.positional.map(tenacityFilter));
      default:
        // retry_if_exception(pred), retry_if_not_exception_type(...), retry_if_result(pred), retry_if_exception_message(...):
        // a test we do not evaluate. Assume it filters.
        return { kind: 'predicate' };
    }
  }
  if (value.kind === 'function') return { kind: 'predicate' };
  return { kind: 'unknown' };
}

/** Retries when any part would: everything wins, named sets join, a predicate keeps what it may add unknown. */
function filterAny(parts: RetryFilter[]): RetryFilter {
  if (parts.some((p) => p.kind === 'everything')) return { kind: 'everything' };
  if (parts.some((p) => p.kind === 'unknown')) return { kind: 'unknown' };
  const named = parts.filter((p): p is Extract<RetryFilter, { kind: 'named' }> => p.kind === 'named');
  const names = named.flatMap((p) => p.names);
  const includesNonRetryable = named.flatMap((p) => p.includesNonRetryable);
  if (includesNonRetryable.length > 0) return { kind: 'named', names, includesNonRetryable };
  if (parts.some((p) => p.kind === 'predicate')) return { kind: 'predicate' };
  return { kind: 'named', names, includesNonRetryable };
}

/** Retries only when every part would: a named part bounds the set; everything adds nothing. */
function filterAll(parts: RetryFilter[]): RetryFilter {
  const rest = parts.filter((p) => p.kind !== 'everything');
  if (rest.length === 0) return { kind: 'everything' };
  if (rest.length === 1) return rest[0];
  const named = rest.filter((p): p is Extract<RetryFilter, { kind: 'named' }> => p.kind === 'named');
  if (named.length > 0 && rest.every((p) => p.kind === 'named' || p.kind === 'predicate')) {
    // A predicate narrows a named set further: what it leaves we cannot say, so a named set with a predicate is a predicate.
    return rest.some((p) => p.kind === 'predicate') ? { kind: 'predicate' } : named[0];
  }
  return rest.some((p) => p.kind === 'unknown') ? { kind: 'unknown' } : { kind: 'predicate' };
}

function readTenacity(args: LibraryCallArguments): RetryPolicy {
  // Retrying(sleep, stop, wait, retry, before, after, before_sleep, reraise, retry_error_cls, retry_error_callback);
  // the @retry decorator passes its arguments on to Retrying, but a lone positional there is the decorated function.
  const positional = /Retrying$/.test(calleeName(args)) ? args.positional : [];
  const from = { positional, named: args.named };
  const stopArg = argument(from, 'stop', 1);
  const waitArg = argument(from, 'wait', 2);
  const retryArg = argument(from, 'retry', 3);
  const reraiseArg = argument(from, 'reraise', 7);
  const callbackArg = argument(from, 'retry_error_callback', 9);

  const stop = stopArg ? tenacityStop(stopArg) : undefined;
  const wait = waitArg ? tenacityWait(waitArg) : undefined;
  let onExhaustion: Setting<Exhaustion> = byDefault('wrapperError');
  if (callbackArg && callbackArg.kind !== 'none') {
    onExhaustion = given('unknown'); // the callback's return value is returned instead of raising: whatever it does
  } else if (reraiseArg) {
    const reraise = readBoolean(reraiseArg);
    onExhaustion = given(reraise === 'unknown' ? 'unknown' : reraise ? 'reraise' : 'wrapperError');
  }
  return {
    mechanism: 'tenacity',
    maxAttempts: stop ? given(stop.attempts) : byDefault(null),
    deadlineMs: stop ? given(stop.deadlineMs) : byDefault(null),
    wait: wait ? given(wait.shape) : byDefault({ kind: 'none' }),
    jitter: wait ? given(wait.jitter) : byDefault(false),
    retries: retryArg ? given(tenacityFilter(retryArg)) : byDefault({ kind: 'everything' }),
    honoursRetryAfter: wait ? given(wait.retryAfter) : byDefault(false),
    onExhaustion,
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// backoff 2.2.1 (backoff/_decorator.py, _wait_gen.py, _jitter.py, _sync.py)
// on_exception(wait_gen, exception, *, max_tries=None, max_time=None, jitter=full_jitter, giveup=lambda e: False,
//              raise_on_giveup=True, **wait_gen_kwargs); on_predicate(wait_gen, predicate=operator.not_, ...).
// expo(base=2, factor=1, max_value=None): factor * base ** n s, n from 0; fibo(max_value=None): 1, 1, 2, 3, 5 s;
// constant(interval=1). full_jitter(value) = uniform(0, value). On giveup: re-raise, or return None when
// raise_on_giveup=False; on_predicate returns the last (falsy) result.

function backoffWait(args: LibraryCallArguments): Wait {
  const generator = argument(args, 'wait_gen', 0);
  const name = generator?.kind === 'name' ? lastPart(generator.name) : undefined;
  switch (name) {
    case 'expo': {
      const factor = readNumber(args.named.factor ?? { kind: 'number', value: 1 });
      const max = args.named.max_value === undefined ? null : readSecondsAsMs(args.named.max_value);
      return exponential(typeof factor === 'number' ? factor * 1000 : 'unknown', max, false);
    }
    case 'fibo': {
      const max = args.named.max_value === undefined ? null : readSecondsAsMs(args.named.max_value);
      return exponential(1000, max, false); // Fibonacci grows geometrically (ratio ~1.6)
    }
    case 'constant': {
      const interval = args.named.interval ?? { kind: 'number', value: 1 };
      return interval.kind === 'tuple' ? customWait(false) : constant(readSecondsAsMs(interval), false);
    }
    case 'runtime':
      // runtime(value=f): the wait is f(result or exception), the usual way to obey Retry-After.
      return { shape: { kind: 'custom' }, jitter: 'unknown', retryAfter: 'unknown' };
    default:
      return customWait();
  }
}

function readBackoff(args: LibraryCallArguments): RetryPolicy {
  const onPredicate = calleeName(args) === 'on_predicate';
  const wait = backoffWait(args);
  // Jitter: full_jitter unless the code passes jitter=None (or its own function).
  let jitter: Setting<Jitter>;
  const jitterArg = args.named.jitter;
  if (jitterArg === undefined) jitter = byDefault(true);
  else if (jitterArg.kind === 'none') jitter = given(false);
  else if (jitterArg.kind === 'name' && /^(full_jitter|random_jitter)$/.test(lastPart(jitterArg.name))) jitter = given(true);
  else jitter = given('unknown');
  if (wait.shape.kind === 'none') jitter = { value: false, fromDefault: jitter.fromDefault };
  // backoff.runtime's wait bypasses nothing: jitter still applies to the value it returns.

  let retries: Setting<RetryFilter>;
  if (onPredicate) {
    retries = given({ kind: 'predicate' }); // retries on a result test; exceptions go straight through
  } else {
    const exceptionArg = argument(args, 'exception', 1);
    const names = exceptionNames(exceptionArg);
    const filter: RetryFilter = names ? namedFilter(names, 'python') : { kind: 'unknown' };
    const giveup = args.named.giveup;
    retries = given(giveup !== undefined && giveup.kind !== 'none' ? { kind: 'predicate' } : filter);
  }

  let onExhaustion: Setting<Exhaustion> = byDefault(onPredicate ? 'swallow' : 'reraise');
  if (!onPredicate && args.named.raise_on_giveup !== undefined) {
    const raise = readBoolean(args.named.raise_on_giveup);
    onExhaustion = given(raise === 'unknown' ? 'unknown' : raise ? 'reraise' : 'swallow');
  }
  return {
    mechanism: 'backoff',
    maxAttempts: setting(args.named.max_tries, readNumber, null),
    deadlineMs: setting(args.named.max_time, readSecondsAsMs, null),
    wait: given(wait.shape),
    jitter,
    retries,
    honoursRetryAfter: given(wait.retryAfter),
    onExhaustion,
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// retrying 1.4.2 (retrying.py Retrying.__init__ and call). Times in ms. Bare @retry: no stop function and no
// wait function are installed, so it retries every Exception for ever with no wait. The internal defaults
// (stop_max_attempt_number=5, stop_max_delay=100, wait_fixed=1000, wait_random 0-1000) only apply when the
// matching strategy is picked by name (stop='stop_after_attempt', wait='fixed_sleep', ...). Waits set together
// combine as their max. Exponential: multiplier * 2 ** attempt, so the first wait is 2 * multiplier ms.
// On exhaustion the last exception is re-raised (wrap_exception=True: RetryError).

function readRetrying(args: LibraryCallArguments): RetryPolicy {
  const named = args.named;
  const has = (key: string): boolean => named[key] !== undefined && named[key].kind !== 'none';
  const stopName = named.stop?.kind === 'string' ? named.stop.value : undefined;
  const waitName = named.wait?.kind === 'string' ? named.wait.value : undefined;

  // Stop.
  let maxAttempts: Setting<Bound> = byDefault(null);
  let deadlineMs: Setting<Bound> = byDefault(null);
  if (has('stop_func') || (named.stop && !stopName)) {
    maxAttempts = given('unknown');
    deadlineMs = given('unknown');
  } else if (stopName === 'stop_after_attempt') {
    maxAttempts = has('stop_max_attempt_number') ? given(readNumber(named.stop_max_attempt_number)) : byDefault(5);
  } else if (stopName === 'stop_after_delay') {
    deadlineMs = has('stop_max_delay') ? given(readNumber(named.stop_max_delay)) : byDefault(100);
  } else {
    if (has('stop_max_attempt_number')) maxAttempts = given(readNumber(named.stop_max_attempt_number));
    if (has('stop_max_delay')) deadlineMs = given(readNumber(named.stop_max_delay));
  }

  // Wait.
  const jitterMax = has('wait_jitter_max') ? readNumber(named.wait_jitter_max) : 0;
  const addedJitter: Jitter = jitterMax === 'unknown' ? 'unknown' : jitterMax !== null && jitterMax > 0;
  const numberOr = (key: string, fallback: number): number | null | 'unknown' => (has(key) ? readNumber(named[key]) : fallback);
  const exponentialSet = has('wait_exponential_multiplier') || has('wait_exponential_max');
  const incrementingSet = has('wait_incrementing_start') || has('wait_incrementing_increment');
  const randomSet = has('wait_random_min') || has('wait_random_max');
  let wait: Wait;
  if (has('wait_func') || (named.wait && !waitName)) {
    wait = customWait();
  } else if (waitName === 'exponential_sleep' || (!waitName && exponentialSet)) {
    const multiplier = numberOr('wait_exponential_multiplier', 1);
    wait = exponential(typeof multiplier === 'number' ? 2 * multiplier : 'unknown', has('wait_exponential_max') ? readNumber(named.wait_exponential_max) : null, addedJitter);
  } else if (waitName === 'incrementing_sleep' || (!waitName && incrementingSet)) {
    wait = customWait(addedJitter);
  } else if (waitName === 'random_sleep' || (!waitName && randomSet)) {
    const min = numberOr('wait_random_min', 0);
    const max = numberOr('wait_random_max', 1000);
    const fixed = !waitName && has('wait_fixed') ? readNumber(named.wait_fixed) : 0;
    wait = typeof min === 'number' && typeof max === 'number' && typeof fixed === 'number'
      ? constant(Math.max((min + max) / 2, fixed), max > Math.max(min, fixed) || addedJitter)
      : { shape: { kind: 'unknown' }, jitter: true, retryAfter: false };
  } else if (waitName === 'fixed_sleep' || (!waitName && has('wait_fixed'))) {
    wait = constant(numberOr('wait_fixed', 1000), addedJitter);
  } else if (waitName === 'no_sleep') {
    wait = { shape: { kind: 'none' }, jitter: false, retryAfter: false };
  } else {
    // Nothing set: no wait, but wait_jitter_max alone still sleeps a random 0..max ms.
    wait = addedJitter === false ? { shape: { kind: 'none' }, jitter: false, retryAfter: false } : { shape: { kind: 'constant', ms: typeof jitterMax === 'number' ? jitterMax / 2 : 0 }, jitter: addedJitter, retryAfter: false };
  }
  const waitSet = named.wait !== undefined || has('wait_func') || exponentialSet || incrementingSet || randomSet || has('wait_fixed') || has('wait_jitter_max');

  // Filter. retry_on_exception=None retries every Exception, even when retry_on_result is set. A tuple is
  // turned into an isinstance test; anything else is called as a predicate: a lone exception class
  // (retry_on_exception=RateLimitError) is called with the exception and `reject |= <instance>` raises
  // TypeError at the first failure, so such a decorator never retries.
  let retries: Setting<RetryFilter> = byDefault({ kind: 'everything' });
  const filterArg = named.retry_on_exception;
  if (filterArg !== undefined && filterArg.kind !== 'none') {
    if (filterArg.kind === 'tuple') {
      const names = exceptionNames(filterArg);
      retries = given(names ? namedFilter(names, 'python') : { kind: 'unknown' });
    } else if (filterArg.kind === 'name' && isClassName(filterArg.name)) {
      retries = given({ kind: 'named', names: [], includesNonRetryable: [] });
      maxAttempts = given(1);
    } else {
      retries = given({ kind: 'predicate' });
    }
  }

  let onExhaustion: Setting<Exhaustion> = byDefault('reraise');
  if (named.wrap_exception !== undefined) {
    const wrap = readBoolean(named.wrap_exception);
    onExhaustion = given(wrap === 'unknown' ? 'unknown' : wrap ? 'wrapperError' : 'reraise');
  }
  return {
    mechanism: 'retrying',
    maxAttempts,
    deadlineMs,
    wait: waitSet ? given(wait.shape) : byDefault(wait.shape),
    jitter: waitSet ? given(wait.jitter) : byDefault(wait.jitter),
    retries,
    honoursRetryAfter: waitSet ? given(wait.retryAfter) : byDefault(false),
    onExhaustion,
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// stamina 26.1.0 (stamina/_core.py retry, retry_context, BaseRetryingCaller): on= is required; attempts=10,
// timeout=45.0 s, wait_initial=0.1 s, wait_max=5.0 s, wait_jitter=1.0 s, wait_exp_base=2. The wait is
// min(wait_max, wait_initial * wait_exp_base ** (attempt - 1) + uniform(0, wait_jitter)). None for attempts or
// timeout means no limit. On exhaustion the last exception is re-raised (tenacity reraise=True). `on` may be a
// class, a tuple of classes, or a hook returning bool or a float / timedelta wait (e.g. from Retry-After).

function readStamina(args: LibraryCallArguments): RetryPolicy {
  const isCaller = /RetryingCaller$/.test(calleeName(args));
  // RetryingCaller(attempts, timeout, wait_initial, wait_max, wait_jitter, wait_exp_base); retry_context(on, attempts, ...).
  const offset = isCaller ? 0 : 1;
  const at = (name: string, index: number): ArgumentValue | undefined => argument(args, name, calleeName(args) === 'retry' ? undefined : index + offset);
  const onArg = isCaller ? undefined : argument(args, 'on', calleeName(args) === 'retry' ? undefined : 0);

  let retries: Setting<RetryFilter>;
  let honoursRetryAfter: Setting<boolean | 'unknown'> = byDefault(false);
  if (onArg === undefined) {
    retries = given({ kind: 'unknown' }); // RetryingCaller: `on` comes with each call
  } else {
    const names = exceptionNames(onArg);
    if (names && (onArg.kind === 'tuple' || isClassName(names[0]))) {
      retries = given(namedFilter(names, 'python'));
    } else {
      retries = given(onArg.kind === 'name' || onArg.kind === 'function' ? { kind: 'predicate' } : { kind: 'unknown' });
      honoursRetryAfter = given('unknown'); // a hook may return the wait itself
    }
  }

  const initialArg = at('wait_initial', 2);
  const maxArg = at('wait_max', 3);
  const jitterArg = at('wait_jitter', 4);
  const initialMs = initialArg === undefined ? 100 : readSecondsAsMs(initialArg);
  const maxMs = maxArg === undefined ? 5000 : readSecondsAsMs(maxArg);
  const jitterMs = jitterArg === undefined ? 1000 : readSecondsAsMs(jitterArg);
  const wait = exponential(initialMs, maxMs, typeof jitterMs === 'number' ? jitterMs > 0 : 'unknown');
  const waitSet = initialArg !== undefined || maxArg !== undefined || at('wait_exp_base', 5) !== undefined;

  return {
    mechanism: 'stamina',
    maxAttempts: setting(at('attempts', 0), readNumber, 10),
    deadlineMs: setting(at('timeout', 1), readSecondsAsMs, 45_000),
    wait: waitSet ? given(wait.shape) : byDefault(wait.shape),
    jitter: jitterArg === undefined ? byDefault(wait.jitter) : given(wait.jitter),
    retries,
    honoursRetryAfter,
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// JS helpers shared by p-retry and async-retry (both: minTimeout * factor ** n, randomize multiplies by 1..2).

function factorWait(named: Record<string, ArgumentValue>, defaults: { minTimeout: number; factor: number; randomize: boolean }): { wait: Setting<WaitShape>; jitter: Setting<Jitter> } {
  const minTimeout = named.minTimeout === undefined ? defaults.minTimeout : readNumber(named.minTimeout);
  const factor = named.factor === undefined ? defaults.factor : readNumber(named.factor);
  const maxTimeout = named.maxTimeout === undefined ? null : readNumber(named.maxTimeout);
  const randomize = named.randomize === undefined ? defaults.randomize : readBoolean(named.randomize);
  const set = named.minTimeout !== undefined || named.factor !== undefined || named.maxTimeout !== undefined;
  let shape: WaitShape;
  if (typeof minTimeout !== 'number' || factor === 'unknown' || maxTimeout === 'unknown') shape = { kind: 'unknown' };
  else if (minTimeout <= 0) shape = { kind: 'none' };
  else if (factor === null || factor > 1) shape = { kind: 'exponential', initialMs: minTimeout, maxMs: maxTimeout };
  else shape = { kind: 'constant', ms: maxTimeout === null ? minTimeout : Math.min(minTimeout, maxTimeout) }; // factor <= 1 (p-retry treats <= 0 as 1)
  return {
    wait: set ? given(shape) : byDefault(shape),
    jitter: named.randomize === undefined ? byDefault(shape.kind === 'none' ? false : randomize) : given(shape.kind === 'none' ? false : randomize),
  };
}

// p-retry 7.1.1 (index.js): retries=10, factor=2, minTimeout=1000, maxTimeout=Infinity, maxRetryTime=Infinity,
// randomize=false, shouldRetry=() => true. Retries every error but AbortError and non-network TypeErrors;
// throws the last error when done.
function readPRetry(args: LibraryCallArguments): RetryPolicy {
  const named = args.named;
  const { wait, jitter } = factorWait(named, { minTimeout: 1000, factor: 2, randomize: false });
  const hasFunction = (key: string): boolean => named[key] !== undefined && named[key].kind !== 'none';
  // onFailedAttempt may throw to stop or sleep for retry-after; we do not read its body.
  const filterFunctions = hasFunction('shouldRetry') || hasFunction('onFailedAttempt');
  return {
    mechanism: 'p-retry',
    maxAttempts: setting(named.retries, (v) => attemptsFromRetries(readNumber(v)), 11),
    deadlineMs: setting(named.maxRetryTime, readNumber, null),
    wait,
    jitter,
    retries: filterFunctions ? given({ kind: 'predicate' }) : byDefault({ kind: 'everything' }),
    honoursRetryAfter: hasFunction('onFailedAttempt') ? given('unknown') : byDefault(false),
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

// async-retry 1.3.3 (lib/index.js) on retry 0.13.1 (lib/retry.js timeouts): retries=10, factor=2,
// minTimeout=1000, maxTimeout=Infinity, randomize=true (async-retry's own default), forever=false,
// maxRetryTime=Infinity. Everything is retried until the function calls bail(). On exhaustion it rejects with
// retry's mainError(): the most frequent error message among the attempts (usually the last one's kind).
// Note: retries=Infinity makes retry 0.13.1 build an endless timeouts array: use forever=true.
function readAsyncRetry(args: LibraryCallArguments): RetryPolicy {
  const named = args.named;
  const { wait, jitter } = factorWait(named, { minTimeout: 1000, factor: 2, randomize: true });
  const forever = named.forever === undefined ? false : readBoolean(named.forever);
  let maxAttempts = setting(named.retries, (v) => attemptsFromRetries(readNumber(v)), 11);
  if (forever === true) maxAttempts = given(null);
  else if (forever === 'unknown') maxAttempts = given('unknown');
  return {
    mechanism: 'async-retry',
    maxAttempts,
    deadlineMs: setting(named.maxRetryTime, readNumber, null),
    wait,
    jitter,
    retries: byDefault({ kind: 'everything' }),
    honoursRetryAfter: byDefault(false),
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// cockatiel 3.2.1 (dist/Policy.js retry, RetryPolicy.js, backoff/*.js): retry(policy, { maxAttempts = Infinity,
// backoff = new ConstantBackoff(0) }). maxAttempts counts RETRIES: it retries while `retries < maxAttempts`, so
// maxAttempts: 3 makes 4 calls. ExponentialBackoff defaults: generator=decorrelatedJitterGenerator (random),
// initialDelay=128 ms, maxDelay=30000 ms, exponent=2; noJitterGenerator has no randomness, fullJitterGenerator
// and halfJitterGenerator do. On giving up it throws the last error (or returns the last handled result).

function cockatielFilter(policy: ArgumentValue | undefined): { filter: RetryFilter; onResults: boolean } {
  if (!policy) return { filter: { kind: 'unknown' }, onResults: false };
  const text = policyText(policy);
  if (/\bhandleAll\b/.test(text)) return { filter: { kind: 'everything' }, onResults: false };
  const onResults = /\b(handleResultType|handleWhenResult|orResultType|orWhenResult)\b/.test(text);
  if (/\b(handleWhen|orWhen)\b/.test(text) || /\b(handleType|orType)\s*\(\s*[\w$.]+\s*,/.test(text)) return { filter: { kind: 'predicate' }, onResults };
  const names = [...text.matchAll(/\b(?:handleType|orType)\s*\(\s*([\w$.]+)\s*\)/g)].map((m) => m[1]);
  if (names.length > 0) return { filter: namedFilter(names, 'javascript'), onResults };
  if (onResults) return { filter: { kind: 'predicate' }, onResults };
  return { filter: { kind: 'unknown' }, onResults };
}

/** The policy argument as source-like text, to read handleType(A).orType(B) chains whatever shape they arrive in. */
function policyText(value: ArgumentValue): string {
  switch (value.kind) {
    case 'name':
      return value.name;
    case 'unknown':
      return value.text;
    case 'function':
      return '() => {}';
    case 'call': {
      const inner = [...value.positional.map(policyText), ...Object.values(value.named).map(policyText)];
      return `${value.callee}(${inner.join(', ')})`;
    }
    default:
      return '';
  }
}

function cockatielBackoff(value: ArgumentValue | undefined): Wait {
  if (value === undefined) return { shape: { kind: 'none' }, jitter: false, retryAfter: false };
  if (value.kind !== 'call') return customWait();
  switch (calleeName(value)) {
    case 'ConstantBackoff':
      return constant(readNumber(argument(value, 'interval', 0)), false);
    case 'ExponentialBackoff': {
      const initial = value.named.initialDelay === undefined ? 128 : readNumber(value.named.initialDelay);
      const max = value.named.maxDelay === undefined ? 30_000 : readNumber(value.named.maxDelay);
      const generator = value.named.generator;
      let jitter: Jitter = true; // decorrelatedJitterGenerator
      if (generator !== undefined) {
        const name = generator.kind === 'name' ? lastPart(generator.name) : '';
        jitter = name === 'noJitterGenerator' ? false : /^(fullJitterGenerator|halfJitterGenerator|decorrelatedJitterGenerator)$/.test(name) ? true : 'unknown';
      }
      return exponential(initial, max, jitter);
    }
    case 'IterableBackoff':
      return customWait(false);
    default:
      return customWait(); // DelegateBackoff(fn) or a backoff of the user's
  }
}

function readCockatiel(args: LibraryCallArguments): RetryPolicy {
  const { filter, onResults } = cockatielFilter(args.positional[0]);
  const wait = cockatielBackoff(args.named.backoff);
  return {
    mechanism: 'cockatiel',
    maxAttempts: setting(args.named.maxAttempts, (v) => attemptsFromRetries(readNumber(v)), null),
    deadlineMs: byDefault(null),
    wait: args.named.backoff === undefined ? byDefault(wait.shape) : given(wait.shape),
    jitter: args.named.backoff === undefined ? byDefault(wait.jitter) : given(wait.jitter),
    retries: given(filter),
    honoursRetryAfter: args.named.backoff === undefined ? byDefault(false) : given(wait.retryAfter),
    onExhaustion: onResults ? given('swallow') : byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// axios-retry 4.5.0 (dist/cjs/index.js DEFAULT_OPTIONS): retries=3, retryDelay=noDelay,
// retryCondition=isNetworkOrIdempotentRequestError. noDelay waits 0 ms unless the response has Retry-After
// (seconds or a date), which it obeys at any length; exponentialDelay = max(2 ** n * 100 ms, Retry-After) plus
// 0-20 % at random (n from 1: first wait 200 ms); linearDelay(f) = max(n * f, Retry-After). None of them reads
// retry-after-ms. isNetworkOrIdempotentRequestError: a network error (any method) or 429/5xx on GET, HEAD,
// OPTIONS, PUT, DELETE: a POST (every Messages call) that gets 429 or 529 is not retried. isRetryableError:
// network, 429, 5xx on any method. Rejects with the last error.

function readAxiosRetry(args: LibraryCallArguments): RetryPolicy {
  const named = args.named;
  const delay = named.retryDelay;
  let wait: Wait;
  if (delay === undefined || delay.kind === 'none') wait = { shape: { kind: 'none' }, jitter: false, retryAfter: true };
  else if (delay.kind === 'name' && lastPart(delay.name) === 'exponentialDelay') wait = { shape: { kind: 'exponential', initialMs: 200, maxMs: null }, jitter: true, retryAfter: true };
  else if (delay.kind === 'call' && calleeName(delay) === 'linearDelay') wait = { shape: { kind: 'custom' }, jitter: false, retryAfter: true };
  else wait = customWait();

  const condition = named.retryCondition;
  let retries: Setting<RetryFilter> = byDefault({ kind: 'named', names: ['network', '429', '5xx'], includesNonRetryable: [] });
  let retriesPost: Setting<boolean> = byDefault(false);
  if (condition !== undefined && condition.kind !== 'none') {
    const name = condition.kind === 'name' ? lastPart(condition.name) : '';
    switch (name) {
      case 'isNetworkOrIdempotentRequestError':
        retries = given(retries.value);
        retriesPost = given(false);
        break;
      case 'isRetryableError':
        retries = given({ kind: 'named', names: ['network', '429', '5xx'], includesNonRetryable: [] });
        retriesPost = given(true);
        break;
      case 'isNetworkError':
        retries = given({ kind: 'named', names: ['network'], includesNonRetryable: [] });
        retriesPost = given(true);
        break;
      case 'isSafeRequestError':
      case 'isIdempotentRequestError':
        retries = given({ kind: 'named', names: ['429', '5xx'], includesNonRetryable: [] });
        retriesPost = given(false);
        break;
      default:
        retries = given({ kind: 'predicate' });
        retriesPost = given(true); // a condition of the user's sees every method
    }
  }
  return {
    mechanism: 'axios-retry',
    maxAttempts: setting(named.retries, (v) => attemptsFromRetries(readNumber(v)), 4),
    deadlineMs: byDefault(null),
    wait: delay === undefined ? byDefault(wait.shape) : given(wait.shape),
    jitter: delay === undefined ? byDefault(wait.jitter) : given(wait.jitter),
    retries,
    honoursRetryAfter: delay === undefined ? byDefault(wait.retryAfter) : given(wait.retryAfter),
    onExhaustion: byDefault('reraise'),
    retriesPost,
  };
}

// ---------------------------------------------------------------------------------------------------------
// exponential-backoff 3.1.3 (src/options.ts, backoff.ts, delay/*): numOfAttempts=10 (at least 1),
// startingDelay=100 ms, timeMultiple=2, maxDelay=Infinity, jitter='none', retry=() => true,
// delayFirstAttempt=false (the first retry waits startingDelay). Throws the last error.

function readExponentialBackoff(args: LibraryCallArguments): RetryPolicy {
  const named = args.named;
  const starting = named.startingDelay === undefined ? 100 : readNumber(named.startingDelay);
  const multiple = named.timeMultiple === undefined ? 2 : readNumber(named.timeMultiple);
  const maxDelay = named.maxDelay === undefined ? null : readNumber(named.maxDelay);
  let shape: WaitShape;
  if (typeof starting !== 'number' || multiple === 'unknown' || maxDelay === 'unknown') shape = { kind: 'unknown' };
  else if (starting <= 0) shape = { kind: 'none' };
  else if (multiple === null || multiple > 1) shape = { kind: 'exponential', initialMs: starting, maxMs: maxDelay };
  else shape = { kind: 'constant', ms: maxDelay === null ? starting : Math.min(starting, maxDelay) };
  const waitSet = named.startingDelay !== undefined || named.timeMultiple !== undefined || named.maxDelay !== undefined;

  let jitter: Setting<Jitter> = byDefault(false);
  if (named.jitter !== undefined) jitter = given(named.jitter.kind === 'string' ? named.jitter.value === 'full' : 'unknown');
  if (shape.kind === 'none') jitter = { value: false, fromDefault: jitter.fromDefault };

  const attempts = named.numOfAttempts === undefined ? undefined : readNumber(named.numOfAttempts);
  return {
    mechanism: 'exponential-backoff',
    maxAttempts: attempts === undefined ? byDefault(10) : given(typeof attempts === 'number' ? Math.max(1, attempts) : attempts === null ? null : 'unknown'),
    deadlineMs: byDefault(null),
    wait: waitSet ? given(shape) : byDefault(shape),
    jitter,
    retries: named.retry !== undefined && named.retry.kind !== 'none' ? given({ kind: 'predicate' }) : byDefault({ kind: 'everything' }),
    honoursRetryAfter: named.retry !== undefined && named.retry.kind !== 'none' ? given('unknown') : byDefault(false), // retry() may sleep
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The SDKs (anthropic 1.13.0 _constants.py / _base_client.py; @anthropic-ai/sdk 1.12.0 client.js): 2 retries,
// min(0.5 * 2 ** n, 8) s less up to 25 % at random, on 408/409/429/5xx and connection errors (x-should-retry
// overrides), obeying retry-after-ms / retry-after; raises the last error.

const sdkRetried: RetryFilter = { kind: 'named', names: ['408', '409', '429', '5xx', 'connection'], includesNonRetryable: [] };

/** The SDK's own retries: `max_retries`/`maxRetries` as set (undefined = the default of 2 retries). */
export function sdkRetryPolicy(maxRetries: number | undefined | 'unknown'): RetryPolicy {
  let maxAttempts: Setting<Bound>;
  if (maxRetries === undefined) maxAttempts = byDefault(3);
  else if (maxRetries === 'unknown' || !Number.isFinite(maxRetries)) maxAttempts = given('unknown');
  else maxAttempts = given(Math.max(0, Math.floor(maxRetries)) + 1);
  return {
    mechanism: 'sdk',
    maxAttempts,
    deadlineMs: byDefault(null),
    wait: byDefault({ kind: 'exponential', initialMs: 500, maxMs: 8000 }),
    jitter: byDefault(true),
    retries: byDefault(sdkRetried),
    honoursRetryAfter: byDefault(true),
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

function readSdk(args: LibraryCallArguments): RetryPolicy {
  const value = args.named.max_retries ?? args.named.maxRetries;
  if (value === undefined) return sdkRetryPolicy(undefined);
  const n = readNumber(value);
  return sdkRetryPolicy(typeof n === 'number' ? n : 'unknown');
}

// ---------------------------------------------------------------------------------------------------------
// Frameworks on top of the SDK.
// - LangChain Python ChatAnthropic (langchain-anthropic, chat_models.py): max_retries=2, passed to anthropic.Client:
//   the SDK's retries.
// - LangChain JS ChatAnthropic (@langchain/anthropic 1.5.11 on @langchain/core 1.4.0): the SDK client gets
//   maxRetries: 0; retries are @langchain/core's AsyncCaller: maxRetries=6, p-retry with randomize: true
//   (1 s * 2 ** n, times 1..2), no retry on 400-407/409/413, a 429 waited out only when retry-after <= 60 s.
// - Vercel AI SDK generateText/streamText (ai 6.0.326 retry-with-exponential-backoff): maxRetries=2, 2 s then
//   * 2, no randomness, on APICallError.isRetryable (408, 409, 429, >= 500); retry-after(-ms) obeyed when under
//   60 s; gives up with a RetryError wrapping the errors.

function readFramework(args: LibraryCallArguments): RetryPolicy {
  const module = args.imported?.module ?? '';
  const name = calleeName(args);
  const isVercel = module === 'ai' || (!module && /^(generateText|streamText|generateObject|streamObject)$/.test(name));
  const isLangChainJs = !isVercel && (module.startsWith('@langchain/') || (!module && args.named.maxRetries !== undefined && args.named.max_retries === undefined));
  if (!isVercel && !isLangChainJs) return { ...readSdk({ ...args, named: { max_retries: args.named.max_retries } }), mechanism: 'framework' };

  const retriesArg = args.named.maxRetries;
  const retriesRead = retriesArg === undefined ? undefined : readNumber(retriesArg);
  const maxAttempts: Setting<Bound> = retriesRead === undefined ? byDefault(isVercel ? 3 : 7) : given(attemptsFromRetries(retriesRead));
  if (isVercel) {
    return {
      mechanism: 'framework',
      maxAttempts,
      deadlineMs: byDefault(null),
      wait: byDefault({ kind: 'exponential', initialMs: 2000, maxMs: null }),
      jitter: byDefault(false),
      retries: byDefault({ kind: 'named', names: ['408', '409', '429', '5xx'], includesNonRetryable: [] }),
      honoursRetryAfter: byDefault(true),
      onExhaustion: byDefault('wrapperError'),
      retriesPost: byDefault(true),
    };
  }
  return {
    mechanism: 'framework',
    maxAttempts,
    deadlineMs: byDefault(null),
    wait: byDefault({ kind: 'exponential', initialMs: 1000, maxMs: null }),
    jitter: byDefault(true),
    retries: byDefault({ kind: 'named', names: ['408', '429', '5xx', 'connection'], includesNonRetryable: [] }),
    honoursRetryAfter: byDefault(true),
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}

// ---------------------------------------------------------------------------------------------------------

const readers: Record<Exclude<RetryMechanism, 'loop'>, (args: LibraryCallArguments) => RetryPolicy> = {
  sdk: readSdk,
  framework: readFramework,
  tenacity: readTenacity,
  backoff: readBackoff,
  retrying: readRetrying,
  stamina: readStamina,
  'p-retry': readPRetry,
  'async-retry': readAsyncRetry,
  cockatiel: readCockatiel,
  'axios-retry': readAxiosRetry,
  'exponential-backoff': readExponentialBackoff,
};

/** The policy a library call sets up, with the library's real defaults for what it leaves out. Never throws. */
export function readLibraryRetry(mechanism: RetryMechanism, args: LibraryCallArguments): RetryPolicy {
  if (mechanism === 'loop') return unknownPolicy('loop'); // loops are read by the usage walk, not from arguments
  try {
    return readers[mechanism]({ callee: args.callee ?? '', imported: args.imported, positional: args.positional ?? [], named: args.named ?? {} });
  } catch {
    return unknownPolicy(mechanism);
  }
}
