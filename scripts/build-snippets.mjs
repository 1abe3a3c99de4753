// Writes snippets/*.json (contributes.snippets) from the helper templates in src/analysis/fixes/templates,
// so the snippets and the quick fixes insert the same text. Run after compiling the tests:
//   npx tsc -p tsconfig.test.json && node scripts/build-snippets.mjs
// test/unit/fixes.snippets.test.ts fails when the files are out of date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { snippetFiles, snippetFileText } = require(path.join(root, 'out', 'src', 'analysis', 'fixes', 'snippets.js'));

fs.mkdirSync(path.join(root, 'snippets'), { recursive: true });
for (const [name, content] of Object.entries(snippetFiles())) {
  fs.writeFileSync(path.join(root, 'snippets', name), snippetFileText(content));
  console.log(`snippets/${name}: ${Object.keys(content).length} snippets`);
}
