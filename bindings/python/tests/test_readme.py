"""The README's Python examples run as written."""

from __future__ import annotations

import os
import re
import sys

import pytest

from conftest import HERE

BLOCKS = re.findall(r"```python\n(.*?)```", (HERE.parent / "README.md").read_text(), re.S)


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[b.splitlines()[0][:40] for b in BLOCKS])
def test_readme_example_runs(block, monkeypatch):
    if "pyspark" in block:
        monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
        monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
