/**
 * What the VS Code face needs from the doctor, in one module: esbuild bundles it apart (dist/doctor.js) and the
 * extension loads it on the first diagnosis, so activation does not parse the checks, the reports and their
 * helpers (they added ~6 ms to every start-up inline). Pure: no `vscode`.
 */
export { warmUpApiChecks } from './api/exchange';
export { diagnosisChecks } from './checks';
export { apiKeysFromDotEnv } from './dotEnv';
export { credentialsFromEnvironment, diagnosisEnvironment, maxDotEnvBytes } from './faceInputs';
export { readProxyEnvironment } from './proxy';
export { renderHtmlReport } from './report/html';
export { renderMarkdownReport } from './report/markdown';
export { runDiagnosis } from './run';
