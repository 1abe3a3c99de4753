"""Checks the fake Claude API against the official Python SDK.

Usage: sdk_fidelity.py FAKE_URL API_KEY

Drives the fake through its /__control/* endpoints, calls it with the
`anthropic` package, and prints one JSON object of observations (class names,
statuses, request ids, attempt counts) on stdout. It asserts nothing itself:
test/unit/fakeApi.python.test.ts judges the observations.
"""

import json
import sys
import urllib.request

import anthropic

URL, KEY = sys.argv[1], sys.argv[2]
MODEL = "claude-sonnet-4-6"
MESSAGES = [{"role": "user", "content": "Hello"}]


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(URL + "/__control/" + path, data=data, method=method,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read())


def attempts(route):
    return sum(1 for r in control("GET", "requests")["requests"] if r["route"] == route)


def observe(call, route="messages", script=None):
    """Runs one SDK call on a clean fake and describes what came back."""
    control("POST", "reset")
    if script:
        control("POST", "script", {"route": route, "outcomes": script})
    out = {}
    try:
        result = call()
        out["ok"] = True
        out["result"] = result
    except anthropic.APIError as err:
        out["ok"] = False
        out["class"] = type(err).__name__
        out["is_api_status_error"] = isinstance(err, anthropic.APIStatusError)
        out["is_connection_error"] = isinstance(err, anthropic.APIConnectionError)
        out["status_code"] = getattr(err, "status_code", None)
        out["request_id"] = getattr(err, "request_id", None)
        out["type"] = getattr(err, "type", None)
        body = err.body if isinstance(err.body, dict) else {}
        out["body_request_id"] = body.get("request_id")
    out["attempts"] = attempts(route)
    return out


client = anthropic.Anthropic(base_url=URL, api_key=KEY)
fast = {"retryAfterMs": 10}  # keep retries quick; the SDK honours retry-after-ms


def create(c=client):
    return lambda: c.messages.create(model=MODEL, max_tokens=64, messages=MESSAGES).content[0].text


def stream_text():
    with client.messages.stream(model=MODEL, max_tokens=64, messages=MESSAGES) as s:
        return s.get_final_text()


def list_all():
    return [m.id for m in client.models.list(limit=4)]


results = {
    "sdk_version": anthropic.__version__,
    "sends_x_api_key": None,
    "auth_401": observe(create(anthropic.Anthropic(base_url=URL, api_key="sk-ant-api03-wrong"))),
    "not_found_404": observe(lambda: client.messages.create(model="claude-3-opus", max_tokens=8, messages=MESSAGES)),
    "rate_limit_429": observe(create(client.with_options(max_retries=0)), script=[{"kind": "error", "status": 429, "retryAfter": 1}]),
    "service_unavailable_503": observe(create(client.with_options(max_retries=0)), script=[{"kind": "error", "status": 503}]),
    "overloaded_529_retried": observe(create(), script=[{"kind": "error", "status": 529, **fast}] * 3),
    "overloaded_529_then_ok": observe(create(), script=[{"kind": "error", "status": 529, **fast}]),
    "bad_request_400": observe(create(), script=[{"kind": "error", "status": 400}]),
    "should_retry_false_529": observe(create(), script=[{"kind": "error", "status": 529, "shouldRetry": False, **fast}]),
    "stream": observe(stream_text),
    "stream_error": observe(stream_text, script=[{"kind": "streamError"}]),
    "models_paged": observe(list_all, route="models"),
    "alias": observe(lambda: client.models.retrieve("claude-haiku-4-5").id, route="models"),
    "count_tokens": observe(lambda: client.messages.count_tokens(model=MODEL, messages=MESSAGES).input_tokens, route="count_tokens"),
}

# Which header carried the key on the last request (the fake redacts its value).
control("POST", "reset")
client.models.retrieve("claude-haiku-4-5")
results["sends_x_api_key"] = control("GET", "requests")["requests"][0]["auth"] == "x-api-key"

print(json.dumps(results))
