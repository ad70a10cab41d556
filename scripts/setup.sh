#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment in .venv.
# Usage: scripts/setup.sh [extra]   e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-}
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed${extra:+-$extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # whoosh3 replaced whoosh 2.7 in the same import folder: an older .venv drops both, and
  # whoosh3 comes back whole below
  if .venv/bin/python -m pip show --quiet whoosh >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall --quiet --yes whoosh whoosh3 || true
  fi
  .venv/bin/python -m pip install --quiet -e ".${extra:+[$extra]}"
  touch "$stamp"
fi
