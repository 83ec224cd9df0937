"""Shared fixtures: the native `errcat` command line (the reference the binding is compared with) and the
repository paths."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))


def _cli() -> str:
    given = os.environ.get("ERRCAT_BIN")
    if given:
        return given
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "errcat"
        if path.exists():
            return str(path)
    found = shutil.which("errcat")
    if found:
        return found
    pytest.fail("the errcat command line is needed for the parity tests: `cargo build --bin errcat` at the root, or set ERRCAT_BIN")


@pytest.fixture(scope="session")
def cli() -> str:
    return _cli()


def run_cli(cli: str, args: list[str], stdin: str | None = None) -> list[dict]:
    """The JSON records the CLI prints (exit status 0 or 1 are both answers)."""
    out = subprocess.run([cli, *args], input=stdin, capture_output=True, text=True, check=False)
    assert out.returncode in (0, 1), out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]
