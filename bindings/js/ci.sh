#!/usr/bin/env bash
# CI for the npm package (bindings/js): installs what it needs (idempotent; tools cached in
# ${ERRCAT_CI_CACHE:-~/.cache/errcat-ci}), builds the package, and runs every JS test. Works from a clean clone.
# Prints each step's time. Set ERRCAT_SKIP_BROWSER=1 to skip the headless Chromium test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

last=$SECONDS
step() {
  printf '(previous step: %ss)\n\n== bindings/js: %s\n' "$((SECONDS - last))" "$*"
  last=$SECONDS
}
fail() { printf '\nbindings/js/ci.sh: FAILED: %s\n' "$*" >&2; exit 1; }

step "tools: node, npm (test/package-lock.json)"
command -v node >/dev/null || fail "node is not installed (need Node >= 18)"
node --version
(cd test && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in bindings/js/test"

step "build.sh (wasm32 target, wasm-bindgen-cli, wasm-opt, package in pkg/)"
./build.sh || fail "build.sh"

step "native errcat CLI for the parity test (cargo build --bin errcat)"
(cd "$root" && cargo build --quiet --bin errcat) || fail "cargo build --bin errcat"

step "the package as installed: test/node_modules/errcat -> pkg"
ln -sfn ../../pkg test/node_modules/errcat
(cd pkg && npm pack --dry-run --json --loglevel=error >/dev/null) || fail "npm pack --dry-run"

browser=(test/browser.test.mjs)
if [ "${ERRCAT_SKIP_BROWSER:-0}" = 1 ]; then
  browser=()
elif [ ! -x /usr/bin/chromium ]; then
  step "chromium (Debian package, for the browser test)"
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }) \
      || fail "apt-get install chromium"
  else
    fail "/usr/bin/chromium is missing (apt-get install chromium), or set ERRCAT_SKIP_BROWSER=1"
  fi
fi

step "node --test (socket.io, OpenTok.js, Cobrowse, parity, types, browser)"
ERRCAT_BIN="$root/target/debug/errcat" node --test test/socketio.test.mjs test/opentok.test.mjs \
  test/cobrowse.test.mjs test/parity.test.mjs test/types.test.mjs test/package.test.mjs "${browser[@]}" \
  || fail "node --test"

step "bench (Node medians; informative, never fails)"
node bench.mjs || true
echo "(previous step: $((SECONDS - last))s)"
