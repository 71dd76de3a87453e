#!/usr/bin/python3
"""Reads other projects' test data with Chongqing Atlas and with GDAL and compares the feature
counts, file by file (GPX layer by layer), as issue 29 asks. The corpus is the test folders of
public repositories of other readers and writers, taken from local git mirrors (the library's
`fetch` puts them under /work/.mirror/OWNER+NAME/repo):

    /usr/bin/python3 tools/compare_corpus_gdal.py [MIRROR_DIR] [--markdown]

For each file GDAL opens as vector data, `chongqing-atlas inspect --json` runs on it (60 s and
4 GB at most, so a hang or a balloon shows as such) and the counts are compared. Files GDAL
does not open are not compared (they are counted). Where the app is stricter on purpose, the
difference is listed with its reason (KNOWN below). Exit status 1 when an unexplained
difference, a crash, a hang or a balloon remains. Needs python3-gdal (gdal-bin).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from osgeo import gdal

gdal.UseExceptions()
gdal.PushErrorHandler("CPLQuietErrorHandler")
ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "target" / "release" / "chongqing-atlas"
MIRRORS = Path(next((a for a in sys.argv[1:] if not a.startswith("--")), "/work/.mirror"))
MARKDOWN = "--markdown" in sys.argv

# Repositories and the folders of their test data.
CORPUS = {
    "flatgeobuf+flatgeobuf": ["test/data"],
    "placemark+togeojson": ["test/data"],
    "georust+gpx": ["tests/fixtures"],
    "Toblerity+Fiona": ["tests/data"],
    "calvinmetcalf+shapefile-js": ["test/data"],
    "ngageoint+geopackage-js": ["test/fixtures"],
    "geopandas+pyogrio": ["pyogrio/tests/fixtures"],
    "mapbox+mapnik-test-data": ["data"],
    "mapnik+test-data": ["shp", "json", "gpx", "sqlite", "kml"],
}
MAIN = {".shp", ".geojson", ".json", ".fgb", ".kml", ".kmz", ".gpx", ".gpkg", ".zip",
        ".topojson", ".csv", ".dbf"}
SIDECARS = {".shx", ".dbf", ".prj", ".cpg", ".qpj"}

# Differences that are deliberate, by file name: the reason is shown in the report.
ONE_ROOT_FEATURE = ("KML allows one feature directly under <kml>: libkml keeps the last of "
                    "several, we keep them all, as togeojson and Google Earth do")
UNREGISTERED = ("GDAL also lists tables missing from gpkg_contents (its LIST_ALL_TABLES=AUTO; "
                "here NGA's index tables nga_table_index and nga_geometry_index); the app "
                "follows the GeoPackage standard: a layer is a table gpkg_contents registers")
KNOWN = {
    "twopoints.kml": ONE_ROOT_FEATURE,
    "bad.kml": ONE_ROOT_FEATURE + "; and GDAL reads the coordinate text \"no\" as 0, while "
               "we keep those placemarks as rows without a place",
    "testopenfilegdb.gdb.zip": "an Esri File Geodatabase: not a format the app reads (yet)",
    "countries_0.gpkg": UNREGISTERED,
    "rivers2.gpkg": UNREGISTERED,
    "test_shapes_two_points.gpkg": UNREGISTERED,
    "feature-malformed-1.json": "its type is \"Featur\": GDAL guesses a Feature, the app says "
                                "the type is unknown rather than guess",
}


def extract(mirror, folders, into):
    """The repository's files under `folders` at HEAD, written below `into`."""
    repo = mirror / "repo"
    names = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD", "--", *folders],
                           capture_output=True, text=True, check=True).stdout.split("\n")
    files = []
    for name in filter(None, names):
        suffix = Path(name).suffix.lower()
        if suffix not in MAIN | SIDECARS:
            continue
        shown = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{name}"],
                               capture_output=True, check=False)
        data = shown.stdout
        # A mirror may list its largest files without holding them; LFS holds pointers.
        if shown.returncode != 0 or data.startswith(b"version https://git-lfs"):
            continue
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if suffix in MAIN:
            files.append(target)
    return files


def gdal_counts(path):
    """{layer name: feature count} as GDAL reads the file, or None when GDAL does not open it."""
    source = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    if path.suffix.lower() == ".dbf" and path.with_suffix(".shp").exists():
        return None  # a Shapefile's table, compared through its .shp
    try:
        dataset = gdal.OpenEx(source, gdal.OF_VECTOR)
        if dataset is None or dataset.GetLayerCount() == 0:
            return None
        counts = {}
        for i in range(dataset.GetLayerCount()):
            layer = dataset.GetLayer(i)
            counts[layer.GetName()] = layer.GetFeatureCount(force=1)
        return counts
    except RuntimeError:
        return None


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def atlas_counts(path):
    """({layer name: features}, error text) as the app reads the file."""
    try:
        run = subprocess.run([str(ATLAS), "inspect", "--json", str(path)], capture_output=True,
                             text=True, timeout=60, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return None, "HANG (over 60 s)"
    if run.returncode not in (0, 1):
        return None, f"CRASH (status {run.returncode}): {run.stderr.strip()[-300:]}"
    try:
        report = json.loads(run.stdout)["files"][0]
    except (ValueError, KeyError, IndexError):
        return None, f"no JSON: {run.stdout[:200]} {run.stderr[:200]}"
    if report.get("error"):
        return {}, report["error"]
    return {layer["name"]: layer["features"] for layer in report.get("layers", [])}, None


def compare(path, gdal, atlas, error):
    """'match', or the difference in words."""
    if atlas is None:
        return error
    if path.suffix.lower() == ".gpx":
        ours = {name.split(" · ")[-1]: n for name, n in atlas.items()}
        theirs = {name: n for name, n in gdal.items() if n > 0}
        return "match" if ours == theirs else f"GDAL {theirs}, ours {ours}" + (f" ({error})" if error else "")
    if sum(atlas.values()) == sum(gdal.values()):
        return "match"
    return f"GDAL {sum(gdal.values())} features, ours {sum(atlas.values())}" + (f": {error}" if error else "")


def main():
    rows, unopened = [], 0
    with tempfile.TemporaryDirectory() as work:
        for repo, folders in CORPUS.items():
            mirror = MIRRORS / repo
            if not mirror.exists():
                print(f"skipped {repo}: not mirrored", file=sys.stderr)
                continue
            for path in sorted(extract(mirror, folders, Path(work) / repo)):
                counts = gdal_counts(path)
                if counts is None:
                    unopened += 1
                    continue
                atlas, error = atlas_counts(path)
                outcome = compare(path, counts, atlas, error)
                name = str(path.relative_to(work))
                rows.append((name, outcome, KNOWN.get(path.name)))
    matches = sum(1 for _, outcome, _ in rows if outcome == "match")
    explained = [(n, o, k) for n, o, k in rows if o != "match" and k]
    unexplained = [(n, o) for n, o, k in rows if o != "match" and not k]
    broken = [(n, o) for n, o in unexplained if o.startswith(("HANG", "CRASH"))]
    print(f"corpus: {len(rows)} files GDAL opens ({unopened} more it does not), "
          f"{matches} match, {len(explained)} differ on purpose, {len(unexplained)} differ")
    table = "| file | result |\n|---|---|\n" if MARKDOWN else ""
    for name, outcome, known in rows:
        if outcome != "match":
            text = f"{outcome} — {known}" if known else outcome
            table += f"| `{name}` | {text} |\n" if MARKDOWN else f"  {name}: {text}\n"
    print(table, end="")
    sys.exit(1 if unexplained or broken else 0)


if __name__ == "__main__":
    main()
