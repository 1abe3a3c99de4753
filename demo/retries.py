"""The retry mistakes the popular "fix Claude 529" articles make, in one file (demo for Claude API Health).

Each function below is a pattern copied from real articles. Read the comment above it: it says what goes
wrong during an overload and which diagnostic points at it. The SDK already retries 408/409/429/5xx/529
twice with backoff, jitter and retry-after; most of the trouble starts when code adds its own retry on top.
"""
import random
import time

import anthropic
from anthropic import APIStatusError
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

client = anthropic.Anthropic()
MODEL = "claude-sonnet-5-5"


# 1. The tight loop (claude/retry-without-backoff, claude/retries-non-retryable, claude/retry-swallowed; also
#    claude/ignores-retry-after and claude/retry-stacked).
#    No wait between attempts hammers an API that is already overloaded; the bare `except` retries a bad key
#    (401) or a bad request (400) too, which can never succeed; and after ten failures the error is dropped.
def tight_loop(question):
    for _ in range(10):
        try:
            return client.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": question}])
        except:  # noqa: E722
            pass


# 2. "Jitter" of 10 % (claude/retry-without-jitter, claude/ignores-retry-after, claude/retry-stacked).
#    Waits of 1 s, 2 s, 4 s... plus at most 10 % keep every client retrying in the same instant, so they all
#    hit the API together again. The 529's retry-after is never read. And the SDK still retries twice inside
#    each attempt: 8 attempts here are up to 24 requests.
def ten_percent_jitter(question, max_retries=8):
    for attempt in range(max_retries):
        try:
            return client.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": question}])
        except APIStatusError as e:
            if e.status_code != 529 or attempt == max_retries - 1:
                raise
            base_delay = 2**attempt
            time.sleep(min(base_delay + random.uniform(0, base_delay * 0.1), 32))


# 3. Retrying every APIStatusError (claude/retries-non-retryable).
#    APIStatusError covers 400, 401, 403, 404 and 413 too: a retired model (404) is retried five times.
def retry_every_status(question):
    for attempt in range(5):
        try:
            return client.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": question}])
        except APIStatusError:
            if attempt == 4:
                raise
            time.sleep(random.uniform(0, 2**attempt))


# 4. tenacity without jitter, around the SDK's own retries (claude/retry-without-jitter, claude/retry-stacked).
#    wait_exponential has no randomness (wait_random_exponential has); the client inside still retries.
def is_529(exc):
    return isinstance(exc, APIStatusError) and exc.status_code == 529


@retry(retry=retry_if_exception(is_529), stop=stop_after_attempt(8), wait=wait_exponential(multiplier=1, max=32))
def tenacity_lockstep(question):
    return client.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": question}])


# 5. Retries switched off, nothing around the call (claude/retries-disabled).
#    One 529 and the request fails: the default (2 retries) would have ridden out a short blip.
no_retries = anthropic.Anthropic(max_retries=0)


def no_retry_at_all(question):
    return no_retries.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": question}])


# 6. A stream with no handling of a mid-stream overload (claude/stream-overload-unhandled).
#    An overloaded_error can arrive after the 200, inside the stream; no SDK retries it. The article's
#    handler only looks for status 529, but Python raises it with status_code 200, so it is silently lost.
def stream_story(prompt):
    try:
        with client.messages.stream(model=MODEL, max_tokens=1024, messages=[{"role": "user", "content": prompt}]) as stream:
            for text in stream.text_stream:
                print(text, end="", flush=True)
    except APIStatusError as e:
        if e.status_code == 529:
            print("\nStream interrupted by overload")


# What to do instead: the SDK's retries (raise them if you can wait), or one retry of your own with full
# jitter, a cap and a deadline, retry-after honoured, only 408/409/429/5xx/529 retried, and the SDK's retries
# off inside it (client.with_options(max_retries=0)). The quick fixes insert such a helper.
patient = anthropic.Anthropic(max_retries=6)
