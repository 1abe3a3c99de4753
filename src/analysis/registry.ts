/** Every diagnostic rule, in the order they are documented. Pure: no `vscode` import. */
import type { Rule } from './types';
import { modelAliasRule } from './rules/modelAlias';
import { modelDeprecatedRule } from './rules/modelDeprecated';
import { modelRetiredRule } from './rules/modelRetired';
import { modelUnknownRule } from './rules/modelUnknown';

export const rules: readonly Rule[] = [modelRetiredRule, modelDeprecatedRule, modelUnknownRule, modelAliasRule];
