#!/usr/bin/env bash
# Drift detection: compares the error names, codes and texts of the published SDK packages with the catalogue
# (data/*.toml, data/*/*.toml) and data/EXCLUDED.md. See tests/real/README.md ("Drift detection").
#   bash tests/real/drift.sh --pinned   # the versions tests/real pins; exit 1 on any drift
#   bash tests/real/drift.sh --newest   # the newest published versions; report only, exit 0
# Exit 2: could not run (python3 >= 3.11, npm or pip missing, registry unreachable; the reason is printed).
# Downloads are cached in $ERRCAT_DRIFT_CACHE (default tests/real/drift/.cache).
set -u
here="$(cd "$(dirname "$0")" && pwd)"

py=""
for c in python3.11 python3 python; do
  if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys, tomllib; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    py="$c"
    break
  fi
done
[ -n "$py" ] || { echo "drift.sh: could not run: need Python >= 3.11 (tomllib)" >&2; exit 2; }
command -v npm >/dev/null 2>&1 || { echo "drift.sh: could not run: npm is not installed" >&2; exit 2; }
"$py" -m pip --version >/dev/null 2>&1 || { echo "drift.sh: could not run: pip is not available for $py" >&2; exit 2; }

exec "$py" "$here/drift/drift.py" "$@"
