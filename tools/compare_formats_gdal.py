#!/usr/bin/python3
"""Compares, for every format fixture (tests/fixtures/formats/), what Chongqing Atlas reads with
what GDAL reads: per layer the feature count and the bounding box in WGS84 (GDAL reprojects
each geometry with PROJ; the app with its own engine). Run from anywhere, with Debian's
python3-gdal (it comes with gdal-bin's python bindings or QGIS):

    /usr/bin/python3 tools/compare_formats_gdal.py [FIXTURE_DIR]

Exit status 1 when a count differs or a box differs by more than 1e-6 degrees (~0.1 m).
GDAL's CSV driver does not know Chinese coordinate column names, so for CSV it is told them
(X_POSSIBLE_NAMES / Y_POSSIBLE_NAMES), as a GDAL user would.
"""
import json
import subprocess
import sys
from pathlib import Path

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "formats"
SIDECARS = {".dbf", ".shx", ".prj", ".cpg", ".md"}
ATLAS = ROOT / "target" / "release" / "chongqing-atlas"


def gdal_layers(path):
    options = []
    if path.suffix == ".csv":
        options = ["X_POSSIBLE_NAMES=经度,lon*,x", "Y_POSSIBLE_NAMES=纬度,lat*,y",
                   "GEOM_POSSIBLE_NAMES=wkt", "KEEP_GEOM_COLUMNS=NO"]
    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    dataset = gdal.OpenEx(source, gdal.OF_VECTOR, open_options=options)
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layers = []
    for i in range(dataset.GetLayerCount()):
        layer = dataset.GetLayer(i)
        srs = layer.GetSpatialRef()
        transform = None
        if srs is not None:
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            transform = osr.CoordinateTransformation(srs, wgs84)
        box = None
        for feature in layer:
            geometry = feature.GetGeometryRef()
            if geometry is None or geometry.IsEmpty():
                continue
            geometry = geometry.Clone()
            if transform is not None:
                geometry.Transform(transform)
            w, e, s, n = geometry.GetEnvelope()
            box = [w, s, e, n] if box is None else [min(box[0], w), min(box[1], s),
                                                    max(box[2], e), max(box[3], n)]
        layers.append((layer.GetName(), layer.GetFeatureCount(), box))
    return layers


def atlas_layers(path):
    run = subprocess.run([str(ATLAS), "inspect", "--json", str(path)], capture_output=True, text=True)
    report = json.loads(run.stdout)["files"][0]
    return [(layer["name"], layer["features"] + layer["skipped"], layer["bbox"])
            for layer in report["layers"]]


def total(layers):
    """The count and box of a file's layers together: GDAL makes a KML folder a layer, and a
    GPX's route and track points layers of their own, where the app keeps one layer."""
    layers = [l for l in layers if l[0] not in ("route_points", "track_points")]
    boxes = [l[2] for l in layers if l[2] is not None]
    box = None if not boxes else [min(b[0] for b in boxes), min(b[1] for b in boxes),
                                  max(b[2] for b in boxes), max(b[3] for b in boxes)]
    return sum(l[1] for l in layers), box, len(layers)


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    status = 0
    for path in sorted(DIRECTORY.iterdir()):
        if path.suffix in SIDECARS:
            continue
        our_count, our_box, our_layers = total(atlas_layers(path))
        count, box, layers = total(gdal_layers(path))
        same_box = (box is None and our_box is None) or (
            box is not None and our_box is not None
            and all(abs(a - b) < 1e-6 for a, b in zip(box, our_box)))
        verdict = "same" if count == our_count and same_box else "DIFFERENT"
        if count == our_count and box is None and our_box is not None:
            # GDAL's XLSX driver never places rows, nor its CSV driver a GBK header's 经度.
            verdict, same_box = "same count (GDAL does not place these rows)", True
        if verdict == "DIFFERENT":
            status = 1
        shown = "no box" if box is None else ",".join(f"{v:.6f}" for v in box)
        print(f"{path.name:26} {verdict}: GDAL {count} in {layers} layer(s) [{shown}], ours "
              f"{our_count} in {our_layers}" + ("" if same_box else f" [{our_box}]"))
    sys.exit(status)


main()
