/** The inputs of a diagnosis for tests: nothing set, Anthropic's host, a status page that is never reached. */
import type { DiagnoseInputs } from '../../src/diagnose/types';
import { ModelCatalog } from '../../src/models/catalog';

export function diagnoseInputs(overrides: Partial<DiagnoseInputs> = {}): DiagnoseInputs {
  return {
    credentials: [],
    dotEnvKeys: [],
    baseUrl: 'https://api.anthropic.com',
    baseUrlSource: 'default',
    statusPageUrl: 'http://127.0.0.1:9',
    proxy: { env: {} },
    models: [],
    live: false,
    timeoutMs: 1_000,
    environment: { tool: 'test', os: 'test', node: process.version },
    catalog: ModelCatalog.bundled(),
    ...overrides,
  };
}
