#!/usr/bin/env bash
# Issue 13, side by side in one run against the same PostGIS (tools/postgis_dev.sh bench):
#   1. the all-China counties table (2,875 multipolygons, ~67 MB of WKB), country view;
#   2. the same table, Chongqing view;
#   3. a 5 M-point table over Chongqing, a complete picture.
# Each is drawn to a 1920x1080 PNG from nothing: connect, find the table, query, draw.
# `chongqing-atlas render postgresql://…#table` and QGIS 3.22's postgres provider (PyQGIS,
# offscreen, default settings) — three runs each, every run printed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
tools/postgis_dev.sh bench > /dev/null
eval "$(tools/postgis_dev.sh env)"
export PGPASSWORD=$ATLAS_PG_PASSWORD
cargo build --release --quiet
out=${OUT_DIR:-$(mktemp -d)}
port=${ATLAS_PG_PORT:-54329}
qgis_source() { # table key type
    echo "postgres:dbname='atlas' host=127.0.0.1 port=$port user='atlas_reader' password='$PGPASSWORD' sslmode=disable key='$2' srid=4326 type=$3 checkPrimaryKeyUnicity='1' table=\"atlas\".\"$1\" (geom)"
}
run() { # name table type bbox
    local name=$1 table=$2 type=$3 bbox=$4
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" -o /tmp/cq_time target/release/chongqing-atlas render \
            --out "$out/atlas_$name.png" --size 1920x1080 --bbox "$bbox" --no-thematic \
            "$ATLAS_PG_URI#atlas.$table" > /dev/null 2>&1
        read -r secs kb < /tmp/cq_time
        printf "%-22s chongqing-atlas render %6.2f s  peak RSS %4d MB\n" "$name" "$secs" "$((kb / 1024))"
    done
    if /usr/bin/python3 -c "import qgis.core" 2> /dev/null; then
        for i in 1 2 3; do
            printf "%-22s QGIS postgres provider " "$name"
            QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_render.py \
                "$(qgis_source "$table" id "$type")" "$out/qgis_$name.png" "$bbox" 2>/dev/null || echo
        done
    fi
}
echo "$(nproc) cores; 1920x1080; every time from nothing (process start, connect, query, draw)"
run counties_country china_counties MultiPolygon 73.5,18,135.1,53.6
run counties_chongqing china_counties MultiPolygon 105.28,28.16,110.19,32.2
run points_5m_chongqing points_5m Point 105.28,28.16,110.19,32.2
echo "images in $out"
