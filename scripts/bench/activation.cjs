// One activation measurement in this fresh process: require the bundle + activate().
// Prints the milliseconds. Run by scripts/bench.mjs, many times, one process each.
const Module = require('module');
const path = require('path');
const stub = require('./vscodeStub.cjs');

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'vscode') return stub;
  return originalLoad.call(this, request, parent, isMain);
};

const root = path.resolve(__dirname, '..', '..');
const packageJSON = require(path.join(root, 'package.json'));
const context = stub.makeContext(packageJSON);

const start = process.hrtime.bigint();
const extension = require(path.join(root, 'dist', 'extension.js'));
extension.activate(context);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(`${ms}\n`);
// Exit before the first probe's timer fires: the bench must make no network request.
process.exit(0);
