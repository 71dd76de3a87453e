#!/usr/bin/env bash
# Issue 5, side by side in one run: `chongqing-atlas render` of the ~104 MB all-China county
# file to a 1920x1080 PNG against QGIS (Debian `qgis` + `python3-qgis`, offscreen) rendering the
# same view. Both times include reading the file. Build the file first (benches/compare_load.sh).
set -euo pipefail
# PyQGIS lives in Debian's interpreter, not in a pyenv/venv python3 that may come first on PATH.
here=$(cd "$(dirname "$0")/.." && pwd)
file=${CQ_BENCH_FILE:-$here/target/bench/china_counties.geojson}
out=${OUT_DIR:-$(mktemp -d)}
cd "$here"
cargo build --release --quiet
for view in "country 73.5,18,135.1,53.6" "chongqing 105.2,28.1,110.2,32.3"; do
    set -- $view
    name=$1 bbox=$2
    /usr/bin/time -f "%e %M" -o /tmp/cq_time target/release/chongqing-atlas render \
        --out "$out/atlas_$name.png" --size 1920x1080 --bbox "$bbox" --no-thematic "$file" > /dev/null
    read -r secs kb < /tmp/cq_time
    printf "%-10s chongqing-atlas render  %6.2f s  peak RSS %4.0f MB\n" "$name" "$secs" "$((kb / 1024))"
    printf "%-10s " "$name"
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_render.py "$file" "$out/qgis_$name.png" "$bbox" 2>/dev/null || true  # PyQGIS may crash on exit, after printing
done
echo "images in $out"
