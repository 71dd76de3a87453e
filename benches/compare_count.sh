#!/usr/bin/env bash
# Issue 30: counting 1,000,000 points in the 37 districts, the app against QGIS 3.22's
# native:countpointsinpolygon, in one run on the same CSV, and the counts compared district by
# district. Needs qgis and python3-qgis (apt).
#   bash benches/compare_count.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== the app (cargo bench --bench analysis -- count_points); writes target/bench/points_1m.csv"
cargo bench --bench analysis -- count_points 2>&1 | grep -E "^count_points|time:"
echo "== QGIS (PyQGIS offscreen, native:countpointsinpolygon)"
QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_count.py \
  "$PWD/target/bench/points_1m.csv" "$PWD/geodata/chongqing_districts_2025.geojson" \
  target/bench/counts_qgis.json 2>/dev/null | grep "^qgis"
/usr/bin/python3 - <<'PY'
import json
ours = json.load(open("target/bench/counts_atlas.json"))
theirs = json.load(open("target/bench/counts_qgis.json"))
differ = {k: (ours.get(k), theirs.get(k)) for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k)}
print(f"districts: {len(ours)}; points counted: app {sum(ours.values())}, QGIS {sum(theirs.values())}; "
      f"districts whose counts differ: {len(differ)} {differ if differ else ''}")
PY
