"""The Python baseline for the stream benchmark: json.loads each line, then dict lookups over the same keys
errcat reads (name, code, message, reason, domain, errorCode, errorMsg, type, description), counting lines per
key found. No classification: a floor for what a Python script over the same input costs.

Usage: python3 benches/baseline.py FILE [RUNS]  -> prints the median seconds of RUNS runs (default 3).
"""
import json
import sys
import time

KEYS = ("name", "code", "message", "reason", "domain", "errorCode", "errorMsg", "type", "description")
TABLE = {"OT_NOT_CONNECTED": "state", "transport close": "network", "xhr poll error": "network"}


def run(lines):
    counts = {}
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError:
            obj = {"message": line.decode("utf-8", "replace")}
        if not isinstance(obj, dict):
            obj = {}
        key = None
        for k in KEYS:
            v = obj.get(k)
            if v is not None:
                key = v
                break
        category = TABLE.get(key, "unknown") if isinstance(key, str) else "unknown"
        counts[category] = counts.get(category, 0) + 1
    return counts


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(lines)
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"{times[len(times) // 2]:.4f}")


if __name__ == "__main__":
    main()
