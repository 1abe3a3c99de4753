#!/usr/bin/env bash
# One-time setup on a fresh machine: system packages, then npm ci.
# Safe to run again: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: chromium (workbench browser for tests), libkrb5-dev (code-server's
# native kerberos module), ripgrep (code-server's search, and its install below), openssl (a
# self-signed certificate for the TLS-failure test), librsvg2-bin (renders media/icon.svg).
need=()
for pair in chromium:/usr/bin/chromium ripgrep:/usr/bin/rg librsvg2-bin:/usr/bin/rsvg-convert openssl:/usr/bin/openssl; do
  [ -x "${pair#*:}" ] || need+=("${pair%%:*}")
done
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} with apt-get"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# @vscode/ripgrep (a dependency of code-server 4.100.3) downloads rg from GitHub in its
# postinstall; that host is out of reach here. Pre-seed its cache with Debian's rg.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_tarball="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$rg_tarball" ]; then
  mkdir -p "$rg_cache"
  tar -czf "$rg_tarball" -C /usr/bin rg
fi

# code-server's postinstall refuses to run as root without unsafe_perm; node-pty's
# postinstall runs `npx node-gyp`, which needs yes=true.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --loglevel=error
fi
# The official Python SDK, for the fake API's fidelity tests, and the retry libraries the quick fixes
# write for (tenacity) or edit (tenacity, backoff), so the fixed programs run (pip reaches a package mirror here).
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import anthropic, tenacity, backoff' 2>/dev/null; then
  echo "setup: python venv with anthropic, tenacity, backoff"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  # --retries 0: where only the local mirror is reachable, do not back off on the default index.
  .venv/bin/pip install --quiet --disable-pip-version-check --retries 0 anthropic==1.13.0 tenacity==9.1.4 backoff==2.2.1
fi
echo "setup: done"
