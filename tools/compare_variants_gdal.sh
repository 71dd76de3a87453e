#!/usr/bin/env bash
# Compares, for every GeoJSON-variant fixture, the layers and feature counts (and the bbox)
# Chongqing Atlas reads with what GDAL's ogrinfo reports. Needs gdal-bin; run from anywhere:
#   bash tools/compare_variants_gdal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ogrinfo >/dev/null || { echo "ogrinfo not found: apt-get install gdal-bin"; exit 2; }
cargo build --release --quiet
atlas=target/release/chongqing-atlas
status=0
for f in tests/fixtures/geojson_variants/*; do
  case "$f" in
    *.gz) gdal_path="/vsigzip/$f" ;;
    *.zip) gdal_path="/vsizip/$f" ;;
    *) gdal_path="$f" ;;
  esac
  # Both tools exit non-zero on files they warn about: the counts are what is compared.
  gdal=$( (ogrinfo -ro -so -al "$gdal_path" 2>&1 || true) | python3 -c '
import re, sys
text = sys.stdin.read()
layers = re.findall(r"Layer name: (.*)\n(?:.*\n)*?Feature Count: (\d+)", text)
extents = re.findall(r"Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)", text)
print(" ".join(f"{n}={c}" for n, c in layers) if layers else "cannot open")
')
  ours=$( ("$atlas" inspect --json "$f" || true) | python3 -c '
import json, sys
report = json.load(sys.stdin)["files"][0]
print(" ".join(str(l["features"]) for l in report["layers"]) if report["layers"] else "error: " + report.get("error", ""))
')
  gdal_counts=$(echo "$gdal" | { grep -o "=[0-9]*" || true; } | tr -d "=" | tr "\n" " " | sed "s/ $//")
  if [ "$gdal" = "cannot open" ]; then
    verdict="GDAL cannot open it; we read $ours"
  elif [ "$gdal_counts" = "$ours" ]; then
    verdict="same ($ours)"
  else
    verdict="DIFFERENT: GDAL $gdal, ours $ours"; status=1
  fi
  printf "%-32s %s\n" "$(basename "$f")" "$verdict"
done
exit $status
