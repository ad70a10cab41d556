#!/usr/bin/env bash
# Set up and run the main job on the embedded default: SQLite in the instance folder,
# the deterministic demo data, and the import of the sample provider files.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
xinyong=.venv/bin/xinyong
instance=${XINYONG_INSTANCE:-instance}

echo "== 建库 · database: xinyong init-db"
$xinyong init-db
if [ -f "$instance/samples/.loaded" ]; then
  echo "== 演示数据已载入 · demo data already loaded (remove $instance/ to start over)"
else
  echo "== 演示数据 · demo data: xinyong demo"
  # --no-hints: this script imports the sample files itself, just below
  $xinyong demo --no-hints
  touch "$instance/samples/.loaded"
fi

market=$($xinyong provider list | awk '/市场监督管理局/ {print $1; exit}')
for sample in "$instance"/samples/*.csv; do
  case "$sample" in *.feedback.csv) continue ;; esac
  [ -e "$sample" ] || continue
  echo "== 导入样例文件 · import: xinyong import $sample --provider $market"
  # exit 1 means some rows were rejected: the sample has bad rows on purpose
  status=0
  $xinyong import "$sample" --provider "$market" || status=$?
  [ "$status" -le 1 ] || exit "$status"
  [ "$status" -eq 0 ] || echo "   rejected rows explained in $sample.feedback.csv"
done

today=$(date +%F)
echo "== 今天（$today）形成的信息最迟报送日期 · report due for information formed today:"
$xinyong calendar deadline "$today"

# a demo reviewer account for the back office
XINYONG_NEW_USER_PASSWORD=demo-reviewer-2026 $xinyong create-user demo --role reviewer \
  --name 演示审核员 >/dev/null 2>&1 || true

echo "== 发布“信用周村”网站 · publish the public site"
$xinyong publish
site="$(cd "${XINYONG_PUBLISH_DIR:-$instance/publish}" && pwd)/current/site"
echo "The public site is in $site"
echo "  open it from the disk:  file://$site/index.html"
echo "  publish again after a change: $xinyong publish   (only changed pages are rendered; --dry-run lists them)"
echo "Back office: /admin/ as demo / demo-reviewer-2026 (a demo account: never on a live server)"
echo "Other commands: $xinyong catalog · $xinyong provider list · $xinyong calendar show $(date +%Y)"

# the site, the search, the forms and the back office at one address
# (XINYONG_DEMO_NO_SERVE=1 stops here, for scripts)
[ -n "${XINYONG_DEMO_NO_SERVE:-}" ] || exec $xinyong serve
