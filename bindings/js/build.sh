#!/usr/bin/env bash
# Builds the npm package `errcat` into bindings/js/pkg: the errcat core compiled to WebAssembly (slim
# catalogue), wasm-bindgen's glue (ES module, and CommonJS from the same .wasm), wasm-opt -Oz, the texts of
# `errcat/full`, TypeScript types. Run after `cargo` is installed; installs the rest it needs:
#   - the wasm32-unknown-unknown target (rustup);
#   - wasm-bindgen-cli at the exact version of the wasm-bindgen crate, into ${ERRCAT_CI_CACHE:-~/.cache/errcat-ci}
#     (reused by later runs and by CI; `--locked` does not resolve for this version, so it is not used);
#   - wasm-opt and tsc from npm (binaryen, typescript; pinned in test/package.json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
fail() { echo "bindings/js/build.sh: FAILED: $*" >&2; exit 1; }

cache="${ERRCAT_CI_CACHE:-$HOME/.cache/errcat-ci}"
mkdir -p "$cache"
export PATH="$cache/bin:$PATH"

command -v cargo >/dev/null || fail "cargo is not installed"
command -v node >/dev/null || fail "node is not installed (need Node >= 18)"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown || fail "rustup target add wasm32-unknown-unknown"
fi

version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)"
[ -n "$version" ] || fail "cannot read the pinned wasm-bindgen version from Cargo.toml"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "build.sh: installing wasm-bindgen-cli $version into $cache (takes a few minutes once)" >&2
  cargo install wasm-bindgen-cli --version "$version" --root "$cache" --quiet || fail "cargo install wasm-bindgen-cli $version"
fi

if [ ! -x test/node_modules/.bin/wasm-opt ] || [ test/package-lock.json -nt test/node_modules/.package-lock.json ]; then
  (cd test && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in bindings/js/test"
fi

cargo build --release --target wasm32-unknown-unknown --lib --quiet || fail "cargo build (wasm32)"
wasm="target/wasm32-unknown-unknown/release/errcat_js.wasm"
out="pkg"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$tmp/web" --out-name errcat "$wasm" 2>/dev/null || fail "wasm-bindgen --target web"
wasm-bindgen --target no-modules --out-dir "$tmp/nm" --out-name errcat "$wasm" 2>/dev/null || fail "wasm-bindgen --target no-modules"
cmp -s "$tmp/web/errcat_bg.wasm" "$tmp/nm/errcat_bg.wasm" || fail "the ES module and CommonJS glue want different .wasm files"
test/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$tmp/web/errcat_bg.wasm" -o "$out/errcat_bg.wasm" || fail "wasm-opt"
cp "$tmp/web/errcat.js" "$out/glue.js"
cp "$tmp/nm/errcat.js" "$out/glue.nomodules.js"
cp js/api.js js/index.js js/node.mjs js/node.cjs js/full.js js/full.node.mjs js/full.cjs js/index.d.ts js/package.json "$out/"
[ -f README.md ] && cp README.md "$out/"

cargo run --no-default-features --bin export-texts --quiet > "$tmp/texts.json" || fail "export-texts"
node js/finish.mjs "$out" "$tmp/texts.json" || fail "js/finish.mjs"
rm -f "$out/glue.nomodules.js"
echo "build.sh: package in bindings/js/pkg"
