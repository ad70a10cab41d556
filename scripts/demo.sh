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

# forms: a demo reviewer account, a release, then the site, the forms and the back office
# at one address (XINYONG_DEMO_NO_SERVE=1 stops here, for scripts)
XINYONG_NEW_USER_PASSWORD=demo-reviewer-2026 $xinyong create-user demo --role reviewer \
  --name 演示审核员 >/dev/null 2>&1 || true
$xinyong publish
echo "Back office: /admin/ as demo / demo-reviewer-2026 (a demo account: never on a live server)"
[ -n "${XINYONG_DEMO_NO_SERVE:-}" ] || exec $xinyong serve
