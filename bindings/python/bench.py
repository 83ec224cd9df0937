"""Short throughput figures for the README (a few seconds; not part of the tests):
`python bench.py [ROWS]` after installing the wheel (and pyarrow).

- classify(): microseconds per call for every catalogue entry's name, bare and with its provider:platform prefix;
- classify_arrow(): rows per second (wall and CPU) on two generated mixes (tests/payloads.py), against the
  pure-Python code a user would otherwise write: json.loads each row and look its name or code up in a dict
  built from errcat.entries().
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tests"))

import pyarrow as pa  # noqa: E402

import errcat  # noqa: E402
from payloads import payloads  # noqa: E402


def per_call(keys: list, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for k in keys:
            errcat.classify(k)
        best = min(best, (time.perf_counter() - t) / len(keys))
    return best * 1e6


def python_baseline(rows: list[str]) -> list:
    """What one writes without errcat: parse, then a dict lookup by name, else by code."""
    by_name = {}
    by_code = {}
    for e in errcat.entries():
        if e["name"]:
            by_name.setdefault(e["name"], e["category"])
        if e["code"] is not None:
            by_code.setdefault(e["code"], e["category"])
    out = []
    for r in rows:
        try:
            p = json.loads(r)
        except ValueError:
            out.append(None)
            continue
        if not isinstance(p, dict):
            out.append(None)
            continue
        c = by_name.get(p.get("name") or p.get("message") or p.get("reason"))
        if c is None:
            c = by_code.get(p.get("code"))
        out.append(c)
    return out


def rate(f, n: int, repeat: int = 3) -> tuple[float, float]:
    best_wall, best_cpu = 0.0, 0.0
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        f()
        w, c = time.perf_counter() - w, time.process_time() - c
        best_wall, best_cpu = max(best_wall, n / w), max(best_cpu, n / max(c, 1e-9))
    return best_wall, best_cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    entries = errcat.entries()
    names = [e["name"] for e in entries if e["name"]]
    scoped = [":".join(x for x in (e["provider"], e["platform"], e["domain"], e["name"]) if x) for e in entries if e["name"]]
    print(f"catalogue {errcat.CATALOGUE_VERSION}, {len(entries)} entries")
    errcat.classify(names[0])
    print(f"classify(name), every entry's name, bare:            {per_call(names):.2f} us/call")
    print(f"classify(provider:platform[:domain]:name), every entry: {per_call(scoped):.2f} us/call")
    print(f"classify('OT_NOT_CONNECTED'):                          {per_call(['OT_NOT_CONNECTED'] * 20000):.2f} us/call")
    for envelope in (False, True):
        rows = payloads(n, envelope=envelope)
        arr = pa.array(rows, pa.string())
        label = "with ts+session id (every row distinct)" if envelope else "SDK error objects as handed over"
        print(f"\n{n:,} rows, {label}: {len(set(rows)):,} distinct, {arr.nbytes / n:.0f} bytes/row")
        wall, cpu = rate(lambda: errcat.classify_arrow(arr), n)
        print(f"  classify_arrow:            {wall:>12,.0f} rows/s wall, {cpu:>12,.0f} rows/s per CPU second")
        m = min(n, 200_000)
        wall, cpu = rate(lambda: python_baseline(rows[:m]), m, repeat=1)
        print(f"  pure-Python dict lookup:   {wall:>12,.0f} rows/s wall, {cpu:>12,.0f} rows/s per CPU second")


if __name__ == "__main__":
    main()
