#!/usr/bin/env bash
# Runs every reader's fuzz target for a while, each seeded with the committed fixtures of
# its format, and reports what each run did. Findings land in fuzz/artifacts/<target>/.
#
#   tools/fuzz_readers.sh [seconds per target, default 180] [target ...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). `-s none`: the
# readers are safe Rust, so the sanitizer would only slow the search down.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-180}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(read_geojson read_variants read_shapefile_parts read_geopackage read_flatgeobuf
           read_kml read_gpx read_csv read_spreadsheet read_formats)
fi
fixtures=../tests/fixtures
seed() {
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do [ -e "$f" ] && cp -n "$f" "corpus/$target/" || true; done
}
seed read_geojson ../geodata/thematic/*.geojson $fixtures/geojson_variants/*
seed read_variants $fixtures/geojson_variants/*
seed read_geopackage $fixtures/formats/*.gpkg
seed read_flatgeobuf $fixtures/formats/*.fgb $fixtures/bad/*.fgb
seed read_kml $fixtures/formats/*.kml $fixtures/formats/*.kmz
seed read_gpx $fixtures/formats/*.gpx
seed read_csv $fixtures/formats/*.csv
seed read_spreadsheet $fixtures/formats/*.xlsx
seed read_formats $fixtures/formats/* $fixtures/bad/*
mkdir -p corpus/read_shapefile_parts

cargo +nightly fuzz build -s none
for target in "${targets[@]}"; do
  log=$(mktemp)
  echo "== $target: ${seconds}s"
  cargo +nightly fuzz run -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 >"$log" 2>&1 || {
      echo "   FINDING: see fuzz/artifacts/$target/"
      # `|| true`: under pipefail a log without those lines, or head closing early, would end
      # the script here and leave the log behind.
      grep -E "panicked|ERROR|SUMMARY|^Reproduce|cargo fuzz run" -A1 "$log" | cut -c1-300 | head -20 || true
      rm -f "$log"; exit 1; }
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$log" | tail -2 | sed 's/^/   /'
  rm -f "$log"
done
