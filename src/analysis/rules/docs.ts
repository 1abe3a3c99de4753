/** Where the rule pages live. Pure: no `vscode` import. */

/** The project's repository, as package.json's `repository.url` names it (a unit test keeps them in step). */
export const repositoryUrl = 'https://github.com/claude-api-health/claude-api-health';

/** Base of the rule pages (`docs/rules/<name>.md` in the repository); every rule's `docsUrl` starts with it. */
export const ruleDocsBaseUrl = `${repositoryUrl}/blob/main/docs/rules/`;

/** The docs page of a rule, from the part of its id after `claude/` (e.g. `model-alias`). */
export function ruleDocsUrl(name: string): string {
  return `${ruleDocsBaseUrl}${name}.md`;
}
