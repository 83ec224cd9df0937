#!/usr/bin/env bash
# Build the errcat wheel: `bindings/python/build.sh [--zig]` (a manylinux2014 wheel with --zig; needs
# maturin, and for --zig the `ziglang` package, in the active virtualenv). Wheels land in bindings/python/dist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
if ! command -v maturin >/dev/null; then
    echo "build.sh: maturin is not on PATH. In a virtualenv: python3 -m venv .venv && . .venv/bin/activate &&" >&2
    echo "          pip install -r requirements-dev.txt (maturin, ziglang, pytest...), then run build.sh again." >&2
    exit 2
fi
if [[ "${1:-}" == "--zig" ]]; then
    exec maturin build --release --zig --compatibility manylinux2014 -o dist
fi
exec maturin build --release -o dist
