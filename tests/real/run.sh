#!/usr/bin/env bash
# Installs the pinned real SDKs (npm ci) and captures what they emit, into OUT_DIR (default: captures):
#   OUT_DIR/socketio.jsonl  - real Socket.IO server/client failures on 127.0.0.1
#   OUT_DIR/opentok.json    - OpenTok.js OT_* names and ExceptionCodes
# Usage: bash tests/real/run.sh [OUT_DIR]   (OUT_DIR relative to tests/real, or absolute)
# Exits non-zero and says which step failed.
set -u

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here" || exit 1

die() {
  echo "tests/real/run.sh: FAILED: $*" >&2
  exit 1
}

command -v node >/dev/null 2>&1 || die "node is not installed (need Node >= 18)"
command -v npm >/dev/null 2>&1 || die "npm is not installed"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] 2>/dev/null || die "node $(node -v) is too old (need >= 18)"

# Bound each script's run time when coreutils' timeout is there.
if command -v timeout >/dev/null 2>&1; then bounded() { timeout 60 "$@"; }; else bounded() { "$@"; }; fi

out="${1:-captures}"
mkdir -p "$out" || die "cannot create $out"

echo "tests/real: npm ci" >&2
npm ci --no-audit --no-fund --loglevel=error >/dev/null || die "npm ci failed (is the npm registry reachable? is package-lock.json in sync?)"

echo "tests/real: capture-socketio.js -> $out/socketio.jsonl" >&2
tmp_sio="$out/.socketio.jsonl.tmp"
tmp_ot="$out/.opentok.json.tmp"
trap 'rm -f "$tmp_sio" "$tmp_ot"' EXIT
bounded node capture-socketio.js "$tmp_sio" || die "capture-socketio.js failed (exit $?)"
[ -s "$tmp_sio" ] || die "capture-socketio.js wrote nothing"
mv "$tmp_sio" "$out/socketio.jsonl" || die "cannot write $out/socketio.jsonl"

echo "tests/real: extract-opentok.js -> $out/opentok.json" >&2
bounded node extract-opentok.js "$tmp_ot" || die "extract-opentok.js failed (exit $?)"
[ -s "$tmp_ot" ] || die "extract-opentok.js wrote nothing"
mv "$tmp_ot" "$out/opentok.json" || die "cannot write $out/opentok.json"

echo "tests/real: OK ($(wc -l < "$out/socketio.jsonl") socket.io observations; $out/opentok.json)" >&2
