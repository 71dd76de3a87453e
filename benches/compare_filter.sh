#!/usr/bin/env bash
# Issue 30: a layer filter on 1,000,000 points, the app's (analysis::expression, every core)
# against QGIS 3.22's expression engine on the same CSV and the same expression, in one run,
# with the kept counts compared (QGIS 3.22 has no BETWEEN: it came in 3.26). Needs qgis and python3-qgis (apt).
#   bash benches/compare_filter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
EXPRESSION="(\"weight\" >= 20 AND \"weight\" <= 40) OR (\"id\" % 7 = 0 AND \"lon\" > 107)"
echo "== the app (cargo bench --bench analysis -- filter)"
cargo bench --bench analysis -- filter 2>&1 | grep -E "^filter|time:|kept"
echo "== QGIS (PyQGIS offscreen, QgsFeatureRequest.setFilterExpression)"
QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_filter.py \
  "$PWD/target/bench/points_1m.csv" "$EXPRESSION" 2>/dev/null | grep "^qgis"
