// A stand-in for the `vscode` module, just enough for `activate()` to run in plain Node,
// so the benchmark can time "require the bundle + activate" in a fresh process.
// It records nothing and does no work: the time measured is the extension's own.
const disposable = () => ({ dispose() {} });

class EventEmitter {
  constructor() {
    this.event = () => disposable();
  }
  fire() {}
  dispose() {}
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose() {
    this.fn?.();
  }
}

class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(`${this.value}.${part}`);
  }
}
CodeActionKind.QuickFix = new CodeActionKind('quickfix');
CodeActionKind.SourceFixAll = new CodeActionKind('source.fixAll');

const Uri = {
  joinPath: (base, ...parts) => ({ fsPath: [base.fsPath, ...parts].join('/') }),
  parse: (value) => ({ toString: () => value }),
};

const outputChannel = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, show() {}, dispose() {} };

module.exports = {
  EventEmitter,
  Disposable,
  InputBoxValidationSeverity: { Info: 1, Warning: 2, Error: 3 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ThemeColor: class ThemeColor {
    constructor(id) {
      this.id = id;
    }
  },
  MarkdownString: class MarkdownString {
    constructor(value) {
      this.value = value;
    }
  },
  CodeActionKind,
  Uri,
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  window: {
    state: { focused: true },
    createOutputChannel: () => outputChannel,
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
    onDidChangeWindowState: () => disposable(),
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showInputBox: async () => undefined,
  },
  commands: { registerCommand: () => disposable(), executeCommand: async () => undefined },
  languages: {
    createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {} }),
    registerCodeActionsProvider: () => disposable(),
    registerHoverProvider: () => disposable(),
  },
  workspace: {
    textDocuments: [],
    getConfiguration: () => ({ get: () => undefined, inspect: () => ({}) }),
    onDidChangeConfiguration: () => disposable(),
    onDidOpenTextDocument: () => disposable(),
    onDidChangeTextDocument: () => disposable(),
    onDidSaveTextDocument: () => disposable(),
    onDidCloseTextDocument: () => disposable(),
  },
};

/** A minimal ExtensionContext. */
module.exports.makeContext = (packageJSON) => ({
  subscriptions: [],
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => disposable() },
  extension: { packageJSON },
  extensionUri: { fsPath: require('path').resolve(__dirname, '..', '..') },
  logUri: { fsPath: '/tmp/claude-api-health-bench-log' },
  globalState: { get: () => undefined, update: async () => {}, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
});
