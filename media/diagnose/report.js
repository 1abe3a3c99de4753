// Claude: Diagnose Connection view. The extension renders the report; this only sends the buttons' clicks.
(function () {
  const vscode = acquireVsCodeApi();
  for (const id of ['copy', 'rerun', 'live', 'log']) {
    const button = document.getElementById(id);
    if (button) button.addEventListener('click', () => vscode.postMessage({ type: id }));
  }
})();
