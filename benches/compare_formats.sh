#!/usr/bin/env bash
# Issue 12, side by side in one run: the ~104 MB all-China county file as GeoJSON, Shapefile,
# GeoPackage and FlatGeobuf (converted by GDAL's ogr2ogr), each
#   - rendered to a 1920x1080 PNG of the country view by `chongqing-atlas render` and by QGIS
#     (Debian `qgis` + `python3-qgis`, offscreen), both including opening the file;
#   - with the peak memory of the render beside the file's size;
# then the app's load path per format (read, index, prepare the first frame) from `cargo bench`.
# Build the GeoJSON first (benches/compare_load.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
geojson=${CQ_BENCH_FILE:-$here/target/bench/china_counties.geojson}
cd "$here"
declare -A drivers=([shp]="ESRI Shapefile" [gpkg]=GPKG [fgb]=FlatGeobuf)
for ext in shp gpkg fgb; do
    target=${geojson%.geojson}.$ext
    [ -f "$target" ] || ogr2ogr -f "${drivers[$ext]}" "$target" "$geojson" -nln china_counties \
        $([ "$ext" = shp ] && echo -lco ENCODING=UTF-8)
done
cargo build --release --quiet
out=${OUT_DIR:-$(mktemp -d)}
bbox=73.5,18,135.1,53.6
runs=${RUNS:-3}
echo "$(nproc) cores; country view $bbox at 1920x1080; each time includes opening the file"
for ext in geojson shp gpkg fgb; do
    file=${geojson%.geojson}.$ext
    size=$(du -cmL "${file%.*}".$ext "${file%.*}".dbf "${file%.*}".shx 2>/dev/null | tail -1 | cut -f1)
    [ "$ext" = shp ] || size=$(du -mL "$file" | cut -f1)
    # One-shot process times vary by ±10 % here: each side runs $runs times, interleaved
    # (QGIS once for GeoJSON, where it takes half a minute).
    for run in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o /tmp/cq_time target/release/chongqing-atlas render \
            --out "$out/atlas_$ext.png" --size 1920x1080 --bbox "$bbox" --no-thematic "$file" > /dev/null
        read -r secs kb < /tmp/cq_time
        printf "%-8s %4s MB  chongqing-atlas render %6.2f s  peak RSS %4d MB (%.2fx the file)\n" \
            "$ext" "$size" "$secs" "$((kb / 1024))" "$(echo "$kb / 1024 / $size" | bc -l)"
        if /usr/bin/python3 -c "import qgis.core" 2> /dev/null && { [ "$ext" != geojson ] || [ "$run" = 1 ]; }; then
            printf "%-8s          " "$ext"
            QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_render.py "$file" "$out/qgis_$ext.png" "$bbox" 2>/dev/null || true
        fi
    done
done
CQ_BENCH_FILE=$geojson cargo bench --quiet --bench load -- china_counties_formats 2>&1 | grep -E "^china|time:"
echo "images in $out"
