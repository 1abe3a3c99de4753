// `npm run demo`: builds and packages the extension, starts the local fake Claude API and
// status page, and starts VS Code (code-server) on 127.0.0.1 with the extension installed,
// pointed at the fake, and the demo folder open. Prints the URL; Ctrl+C stops everything.
//   npm run demo -- --scenario outage    the fake plays a scenario over time (looping): healthy (default),
//                                        outage, flaky, rate-limited, or one of the fake API's own
//   npm run demo -- --help               lists them
//   PORT=8080 npm run demo               (default 8080, or a free port if 8080 is taken)
// The scenarios, their timing and the demo's settings are in test/runners/demo.ts.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const step = (what, command, args) => {
  console.log(`demo: ${what}`);
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
};

step('compiling the fake API', bin('tsc'), ['-p', 'tsconfig.test.json']);
const load = createRequire(import.meta.url);
const demo = load(path.join(root, 'out/test/runners/demo.js'));
let options;
try {
  options = demo.parseDemoArgs(process.argv.slice(2));
} catch (error) {
  console.error(`demo: ${error.message}\n\n${demo.demoUsage()}`);
  process.exit(2);
}
if (options.help) {
  console.log(demo.demoUsage());
  process.exit(0);
}
step('building the extension', 'node', ['esbuild.js', '--production']);
step('packaging the .vsix', 'npm', ['run', '--silent', 'package']);

const { FAKE_API_KEY } = load(path.join(root, 'out/test/fake-api/server.js'));
const { startCodeServer } = load(path.join(root, 'out/test/runners/codeServer.js'));

/** The wanted port if it is free, else any free port. */
function pickPort(wanted) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(wanted, '127.0.0.1', () => server.close(() => resolve(wanted)));
  });
}

const api = await demo.startDemoApi(options.scenario);
console.log(`demo: fake Claude API and status page at ${api.url}, playing "${options.scenario.name}": ${demo.describeScenario(options.scenario)}`);
const codeServer = await startCodeServer({
  folder: path.join(root, 'demo'),
  port: await pickPort(Number(process.env.PORT ?? 8080)),
  userSettings: demo.demoUserSettings(),
  // Machine settings: code-server, like any remote, reads machine-scoped settings only from there.
  machineSettings: { 'claudeHealth.apiBaseUrl': api.url, 'claudeHealth.statusPageUrl': api.url },
  // The fake accepts only its own key; the extension finds it as ANTHROPIC_API_KEY.
  env: { ANTHROPIC_API_KEY: FAKE_API_KEY },
});

console.log(`\nClaude API Health demo is running. Open this in a browser:\n\n  ${codeServer.url}\n\nPress Ctrl+C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\ndemo: stopping');
  await codeServer.stop();
  await api.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
