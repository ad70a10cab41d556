#!/usr/bin/env bash
# Set up and run the main job on the embedded default: SQLite under instance/,
# the deterministic demo data, and the import of the sample provider files.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
xinyong=.venv/bin/xinyong
instance=${XINYONG_INSTANCE:-instance}

$xinyong init-db
if [ -f "$instance/samples/.loaded" ]; then
  echo "Demo data already loaded (remove $instance/ to start over)."
else
  $xinyong demo
  touch "$instance/samples/.loaded"
fi

market=$($xinyong provider list | awk '/市场监督管理局/ {print $1; exit}')
for sample in "$instance"/samples/*.csv; do
  case "$sample" in *.feedback.csv) continue ;; esac
  [ -e "$sample" ] || continue
  echo "== xinyong import $sample --provider $market"
  # exit 1 means some rows were rejected: the sample has bad rows on purpose
  status=0
  $xinyong import "$sample" --provider "$market" || status=$?
  [ "$status" -le 1 ] || exit "$status"
  [ "$status" -eq 0 ] || echo "   rejected rows explained in $sample.feedback.csv"
done

$xinyong calendar deadline "$(date +%F)" 7
echo "Done. Try: $xinyong catalog · $xinyong provider list · $xinyong calendar show 2026"

# -- The public site (信用周村): publish a release and say how to look at it --
$xinyong publish
site="$(cd "$instance" && pwd)/publish/current/site"
echo "The public site is in $site"
echo "  open it from the disk:  file://$site/index.html"
echo "  or serve it:            python3 -m http.server --directory $site 8000   (then http://127.0.0.1:8000/)"
echo "  publish again after a change: $xinyong publish   (only changed pages are rendered; --dry-run lists them)"
