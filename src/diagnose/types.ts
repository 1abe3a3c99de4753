/**
 * Diagnose Connection: the vocabulary shared by the checks, the runner, the verdict and the reports, and
 * by its two faces (the VS Code command and `claude-api-health doctor`). Pure: no `vscode`, no SDK.
 */
import type { ApiErrorClassification, RateLimitInfo } from '../api/types';
import type { ComponentStatus, StatusPageSnapshot } from '../health/types';
import type { ModelCatalog } from '../models/catalog';

/** The checks, in the order the report lists them (layers first, then what builds on them). */
export const checkIds = ['key', 'configuration', 'dns', 'connect', 'tls', 'auth', 'rateLimits', 'models', 'clock', 'statusPage', 'liveCall'] as const;
export type CheckId = (typeof checkIds)[number];

/** `skipped`: not run, with `skippedBecause` saying why (a prerequisite failed, not applicable, off by default). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';

/** Whose problem a failure is: the user's key or configuration, their network, their limits, or Anthropic's. */
export type Owner = 'you' | 'network' | 'limits' | 'anthropic';

/** One fact a check saw, shown in its expandable evidence (never a secret: keys only as fingerprints). */
export interface Evidence {
  label: string;
  value: string;
}

/** What a check found. */
export interface CheckResult {
  id: CheckId;
  /** Short and stable: "API key", "DNS", "Authentication". */
  title: string;
  status: CheckStatus;
  /** One line on what was found: "api.anthropic.com → 160.79.104.10 (IPv4) in 12 ms". */
  summary: string;
  evidence: Evidence[];
  /** What to do about a failure or warning, in one or two sentences. */
  nextStep?: string;
  /** For `fail` and `warn`: whose problem it is. */
  owner?: Owner;
  /**
   * For `fail` (and a `warn` that is the best explanation there is, e.g. a status page incident): the verdict
   * sentence this check gives when it is the cause, naming the cause, not the symptom: "Your API key was
   * rejected (401).", "DNS lookup of api.anthropic.com fails on this network."
   */
  cause?: string;
  /** For `skipped`: why it was not run. */
  skippedBecause?: string;
  /** Wall time of the check itself (0 for a skipped one). */
  durationMs: number;
  /** `request-id`s of the API requests this check made, for support. */
  requestIds?: string[];
}

/** The one-sentence answer the report opens with. */
export interface Verdict {
  /** "Your API key was rejected (401)." / "All good: 380 ms to the API." */
  sentence: string;
  /** `none` when nothing is wrong; `unknown` when the run was cancelled before any check failed. */
  owner: Owner | 'none' | 'unknown';
  nextStep?: string;
  /** The check whose finding is the cause, when there is one. */
  causeCheck?: CheckId;
}

/** Where the extension or the CLI runs, for the report support reads. */
export interface DiagnosisEnvironment {
  /** "Claude API Health 0.4.0 (VS Code 1.100.3)" or "claude-api-health 0.4.0 (CLI)". */
  tool: string;
  /** e.g. "linux x64 6.1.0"; no user or host names. */
  os: string;
  /** e.g. "v20.20.2". */
  node: string;
}

/** The whole diagnosis, as the faces show it and the report renderers write it. */
export interface DiagnosisReport {
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  /** Every check, in `checkIds` order, run or skipped. */
  checks: CheckResult[];
  environment: DiagnosisEnvironment;
  /** The API base URL diagnosed and where it came from ("default", "ANTHROPIC_BASE_URL", "--base-url", "setting claudeHealth.apiBaseUrl"). */
  target: { baseUrl: string; baseUrlSource: string; statusPageUrl: string };
  /** True when the run was cancelled: the checks not finished are `skipped` ("cancelled"). */
  cancelled: boolean;
}

/** A credential candidate, in precedence order, exactly as found (untrimmed: the key check judges its shape). */
export interface CredentialCandidate {
  source: 'secretStorage' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_AUTH_TOKEN';
  raw: string;
}

/** The credential the checks use after the key check cleaned and accepted it. */
export interface Credential {
  /** `apiKey` goes in `x-api-key`; `authToken` (ANTHROPIC_AUTH_TOKEN) as `Authorization: Bearer`. */
  kind: 'apiKey' | 'authToken';
  value: string;
  source: CredentialCandidate['source'];
  /** e.g. `sk-ant-api03-…a1b2` (secrets/apiKey maskApiKey). */
  fingerprint: string;
}

/** The proxy environment variables, by their canonical (upper-case) names. */
export type ProxyVariable = 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY' | 'ALL_PROXY';

/**
 * Proxy settings as the user has them (VS Code's and the environment's); the configuration check decides which
 * apply. The VS Code face passes the `vscode*` fields (even when unset: `vscodeProxy: ''`), the CLI none of them:
 * their presence is how diagnose/proxy.ts knows to follow VS Code's rules. `readProxyEnvironment` (diagnose/proxy.ts)
 * fills `env` and `envNames` from an environment.
 */
export interface ProxySettings {
  /** VS Code `http.proxy` (empty or absent when unset; always absent in the CLI). */
  vscodeProxy?: string;
  /** VS Code `http.proxyStrictSSL` (absent in the CLI). */
  vscodeStrictSSL?: boolean;
  /** VS Code `http.noProxy` (absent in the CLI); when it has entries, VS Code uses it instead of NO_PROXY. */
  vscodeNoProxy?: string[];
  /** VS Code `http.proxySupport` (absent in the CLI): `off` leaves extensions' requests unproxied. */
  vscodeProxySupport?: string;
  /** The proxy variables as set, names as found (`HTTPS_PROXY` or `https_proxy`, …). */
  env: { HTTPS_PROXY?: string; HTTP_PROXY?: string; NO_PROXY?: string; ALL_PROXY?: string };
  /** The name each variable was found under (`https_proxy`), for the evidence; absent: the canonical name. */
  envNames?: Partial<Record<ProxyVariable, string>>;
}

/** Everything a diagnosis reads from the outside world, gathered by the face that runs it. */
export interface DiagnoseInputs {
  credentials: CredentialCandidate[];
  /** `ANTHROPIC_API_KEY` values set by `.env` files of the workspace or working folder (compared by fingerprint only). */
  dotEnvKeys: Array<{ file: string; value: string }>;
  baseUrl: string;
  baseUrlSource: string;
  statusPageUrl: string;
  proxy: ProxySettings;
  /** Models to check access to (the workspace's and the configured default), each once; `where` says where it was seen. */
  models: Array<{ id: string; where?: string }>;
  /** The optional one-token live call: only when the user asked (it costs tokens). */
  live: boolean;
  /** Per network step and per request, default 10 s. */
  timeoutMs: number;
  environment: DiagnosisEnvironment;
  /** For judging the models (unknown, deprecated, retired) and choosing the cheapest current model for the live call. */
  catalog: ModelCatalog;
  /**
   * How this face sets a key, for the key check's next step when none is set, e.g. 'Run "Claude: Set API Key".'
   * Absent: a sentence that fits every face (set ANTHROPIC_API_KEY).
   */
  setKeyHint?: string;
  /** IANA time zone the face shows clock times in ("until 14:05"); default the machine's own. */
  timeZone?: string;
}

/** Replaceable parts, for tests and for the faces; each has a real default. */
export interface DiagnoseDependencies {
  now?: () => number;
  /** Cancels the run: unfinished checks end as skipped ("cancelled"). */
  signal?: AbortSignal;
  /** Called as each check finishes (progress in VS Code, nothing in the CLI). */
  onCheck?: (result: CheckResult) => void;
  /** Host name resolution; default `dns.promises.lookup(host, { all: true })` (what Node's fetch uses). */
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
  /**
   * PEM certificates to trust besides Node's defaults (as NODE_EXTRA_CA_CERTS adds them), for the TLS check and
   * the API requests (net/apiFetch.ts): a gateway's private CA, or a test CA. Default: none.
   */
  extraCaCertificates?: readonly string[];
}

/** What a finished check hands to the checks that build on it (besides its result). */
export interface CheckFacts {
  /** From `key`: the credential in use. */
  credential?: Credential;
  /** From `configuration`: the proxy that applies to the API host, if any (an http(s) URL, credentials masked in evidence). */
  proxyUrl?: string;
  /** From `dns`: the addresses of the host connected to (the proxy's when one applies). */
  addresses?: Array<{ address: string; family: number }>;
  /** From `auth`: the answer to `GET /v1/models` (status, headers, classification), for rate limits and clock. */
  authAnswer?: AuthAnswer;
  /** From `statusPage`: what the page says, for the verdict (an outage of the API component explains the API's 5xx). */
  statusPage?: { indicator: StatusPageSnapshot['indicator']; apiComponentStatus?: ComponentStatus; incidents: number; maintenances: number };
}

/** The zero-token request's answer, as later checks need it. */
export interface AuthAnswer {
  /** HTTP status, when a response arrived. */
  status?: number;
  classification: ApiErrorClassification;
  rateLimit?: RateLimitInfo;
  /** The response's `Date` header, and the local clock when the response arrived (ms). */
  serverDate?: string;
  receivedAt: number;
  latencyMs: number;
  requestId?: string;
}

/** What a check runs with: the inputs, its prerequisites' facts, the dependencies. */
export interface CheckContext {
  inputs: DiagnoseInputs;
  facts: Readonly<CheckFacts>;
  /** Results of the checks already finished (at least every prerequisite). */
  results: ReadonlyMap<CheckId, CheckResult>;
  now: () => number;
  /** Aborts on cancellation and on the run's own end; pass it to every request and socket. */
  signal: AbortSignal;
  lookup: NonNullable<DiagnoseDependencies['lookup']>;
  /** From `DiagnoseDependencies.extraCaCertificates`. */
  extraCaCertificates?: readonly string[];
}

/** A check's own answer: its result without id/title/duration (the runner adds them), and facts for later checks. */
export interface CheckOutcome {
  status: Exclude<CheckStatus, 'skipped'> | 'skipped';
  summary: string;
  evidence?: Evidence[];
  nextStep?: string;
  owner?: Owner;
  cause?: string;
  skippedBecause?: string;
  requestIds?: string[];
  facts?: Partial<CheckFacts>;
}

/** One check: what it needs before it can run, and how it runs. `run` may throw: the runner turns that into a failure. */
export interface DiagnosisCheck {
  id: CheckId;
  title: string;
  /** Checks that must pass (or warn) first; when one fails or is skipped, this one is skipped, never a second failure. */
  needs: readonly CheckId[];
  run(context: CheckContext): Promise<CheckOutcome>;
}
