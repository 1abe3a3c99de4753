/** Every diagnostic rule, in the order they are documented. Pure: no `vscode` import. */
import type { ModelRule, Rule } from './types';
import { hardcodedApiKeyRule } from './rules/hardcodedApiKey';
import { modelAliasRule } from './rules/modelAlias';
import { modelDeprecatedRule } from './rules/modelDeprecated';
import { modelRetiredRule } from './rules/modelRetired';
import { modelUnknownRule } from './rules/modelUnknown';
import { retriesDisabledRule } from './rules/retriesDisabled';
import { noRetryRule } from './rules/noRetry';
import { rawHttpMissingHeadersRule } from './rules/rawHttpMissingHeaders';
import { streamOverloadUnhandledRule } from './rules/streamOverloadUnhandled';
import { retryWithoutBackoffRule } from './rules/retryWithoutBackoff';
import { retryWithoutJitterRule } from './rules/retryWithoutJitter';
import { unboundedRetryRule } from './rules/unboundedRetry';
import { retriesNonRetryableRule } from './rules/retriesNonRetryable';
import { ignoresRetryAfterRule } from './rules/ignoresRetryAfter';
import { retrySwallowedRule } from './rules/retrySwallowed';
import { retryStackedRule } from './rules/retryStacked';

/** The four model rules (one model literal at a time). */
export const modelRules: readonly ModelRule[] = [modelRetiredRule, modelDeprecatedRule, modelUnknownRule, modelAliasRule];

/** Rules over the file's Claude usage: keys, retries. */
export const usageRules: readonly Rule[] = [
  hardcodedApiKeyRule,
  retriesDisabledRule,
  noRetryRule,
  rawHttpMissingHeadersRule,
  streamOverloadUnhandledRule,
  retryWithoutBackoffRule,
  retryWithoutJitterRule,
  unboundedRetryRule,
  retriesNonRetryableRule,
  ignoresRetryAfterRule,
  retrySwallowedRule,
  retryStackedRule,
];

export const rules: readonly Rule[] = [...modelRules, ...usageRules];
