#!/usr/bin/env bash
# The Python binding's CI: a virtualenv with the build and test tools, the wheel (manylinux2014, via zig),
# installed, then pytest (parity with the CLI, the Arrow path, pandas, Polars, PySpark, DataFusion).
# Idempotent and from a clean clone; downloads, the virtualenv and the Rust build are cached under
# ${ERRCAT_CI_CACHE:-$HOME/.cache/errcat-ci}. Each step prints its time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${ERRCAT_CI_CACHE:-$HOME/.cache/errcat-ci}"
mkdir -p "$cache"

started=$SECONDS
last=$SECONDS
step() {
    printf '(previous step: %ss)\n\n== python: %s\n' "$((SECONDS - last))" "$*"
    last=$SECONDS
}
fail() { printf '\nbindings/python/ci.sh: FAILED: %s\n' "$*" >&2; exit 1; }

step "virtualenv (Python >= 3.11, the tools in requirements-dev.txt)"
python="${PYTHON:-python3}"
"$python" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' || fail "needs Python >= 3.11 (set PYTHON)"
# One virtualenv per requirements file and Python version: a change to either makes a new one.
key="$( (cat "$here/requirements-dev.txt"; "$python" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-12)"
venv="$cache/venv-$key"
if [[ ! -x "$venv/bin/python" || ! -f "$venv/.complete" ]]; then
    rm -rf "$venv"
    "$python" -m venv "$venv" || fail "cannot create a virtualenv"
    PIP_CACHE_DIR="$cache/pip" "$venv/bin/pip" install --quiet --disable-pip-version-check \
        -r "$here/requirements-dev.txt" || fail "pip install -r requirements-dev.txt"
    touch "$venv/.complete"
fi
export VIRTUAL_ENV="$venv"
# maturin finds zig (from the ziglang package) on PATH.
export PATH="$venv/bin:$PATH"
"$venv/bin/python" --version

step "the errcat command line (the reference of the parity tests)"
(cd "$root" && cargo build --quiet --bin errcat) || fail "cargo build --bin errcat"
export ERRCAT_BIN="$root/target/debug/errcat"

step "clippy and fmt (bindings/python)"
export CARGO_TARGET_DIR="$cache/target-python"
(cd "$here" && cargo fmt --check) || fail "formatting: run cargo fmt in bindings/python"
(cd "$here" && PYO3_PYTHON="$venv/bin/python" cargo clippy --quiet --all-targets -- -D warnings) || fail "clippy warnings in bindings/python"

step "wheel: maturin build --release --zig (manylinux2014, abi3-py311)"
rm -rf "$here/dist"
(cd "$here" && maturin build --release --zig --compatibility manylinux2014 -o dist) || fail "maturin build"
wheel="$(ls "$here"/dist/errcat-*.whl)"
ls -l "$wheel"

step "install the wheel"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel" || fail "pip install the wheel"

step "pytest"
# Run from the tests folder so `import errcat` is the installed wheel, not the source tree.
(cd "$here/tests" && "$venv/bin/python" -m pytest -q -p no:cacheprovider .) || fail "pytest"

printf '(previous step: %ss)\n\nbindings/python/ci.sh: OK in %ss\n' "$((SECONDS - last))" "$((SECONDS - started))"
