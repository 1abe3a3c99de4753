/** Where the rule pages live. Pure: no `vscode` import. */

/** The project's repository, as package.json's `repository.url` names it (a unit test keeps them in step). */
export const repositoryUrl = 'https://github.com/claude-api-health/claude-api-health';

/** Folder of the rule pages, relative to the package root: shipped in the .vsix and opened from there, offline. */
export const ruleDocsFolder = 'docs/rules';

/** The bundled page of a rule, relative to the package root, from the part of its id after `claude/` (e.g. `model-alias`). */
export function ruleDocsFile(name: string): string {
  return `${ruleDocsFolder}/${name}.md`;
}

/**
 * Base of the rule pages on the web. Only for formats that need a web address (SARIF `helpUri`);
 * the editor opens the bundled page (`ruleDocsFile`) instead.
 */
export const ruleDocsBaseUrl = `${repositoryUrl}/blob/main/${ruleDocsFolder}/`;

/** The web address of a rule's page (SARIF `helpUri`); every rule's `docsUrl` is one. */
export function ruleDocsUrl(name: string): string {
  return `${ruleDocsBaseUrl}${name}.md`;
}

/** The rule page's name from a rule id (`claude/model-alias` -> `model-alias`). */
export function ruleDocsName(ruleId: string): string {
  return ruleId.replace(/^claude\//, '');
}
