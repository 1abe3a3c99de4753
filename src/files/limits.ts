/**
 * The one definition of which files are too large to check, shared by the CLI, Scan Workspace and the
 * analysis of open documents. Pure: no `vscode` import.
 */

/**
 * Files (and documents, in UTF-16 code units) larger than this are skipped: minified bundles and
 * generated data, not something anyone fixes a model ID in by hand.
 */
export const maxFileBytes = 1024 * 1024;

/** How the limit reads in a message. */
export const maxFileSizeText = '1 MB';
