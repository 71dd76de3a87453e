#!/usr/bin/env python3
"""Builds the fixtures of the GeoJSON-variant tests (tests/fixtures/geojson_variants/) from
the bundled 2025 districts, the way other tools write such files.

Usage: python3 tools/build_geojson_variant_fixtures.py
Needs: pyproj (PROJ, for the projected files), topojson (the Python port of topojson-server,
for the TopoJSON), shapely. `pip install pyproj topojson shapely`.

Every file holds the same 37 districts (as points at their first vertex, or as simplified
polygons where the format is about shapes), so each has an expected count and the Chinese name
of Yuzhong (渝中区). The projected files are made by PROJ, not by the app's own engine, so
reading them back tests the app against an independent implementation.
"""
import gzip
import io
import json
import zipfile
from pathlib import Path

from pyproj import Transformer
import shapely.geometry
import topojson

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "geojson_variants"


def districts():
    data = json.loads((ROOT / "geodata" / "chongqing_districts_2025.geojson").read_text("utf-8"))
    return data["features"]


def point_features(features):
    """One point per district (its first vertex: on the boundary, inside the municipality)."""
    out = []
    for f in features:
        lon, lat = f["geometry"]["coordinates"][0][0][0]
        props = {k: f["properties"][k] for k in ("adcode", "name_en", "name_zh")}
        out.append({"type": "Feature", "properties": props,
                    "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}})
    return out


def collection(features, **extra):
    return {"type": "FeatureCollection", **extra, "features": features}


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    feats = districts()
    points = point_features(feats)
    text = dumps(collection(points))

    # Windows tools, ArcGIS and Excel exports write a UTF-8 byte-order mark.
    (OUT / "districts_bom.geojson").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (OUT / "districts_utf16.geojson").write_bytes(text.encode("utf-16"))  # LE with BOM
    (OUT / "districts_gbk.geojson").write_bytes(text.encode("gbk"))

    # GeoJSONSeq, both separators.
    lines = [json.dumps(p, ensure_ascii=False) for p in points]
    (OUT / "districts.geojsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (OUT / "districts.geojsons").write_text("".join("\x1e" + l + "\n" for l in lines), "utf-8")

    # Attribute-only rows (RFC 7946 §3.2): 37 points and 3 rows without geometry.
    rows = points + [{"type": "Feature", "properties": {"name_zh": f"统计行{i}", "value": i},
                      "geometry": None} for i in range(3)]
    (OUT / "with_null_geometry.geojson").write_text(dumps(collection(rows)), "utf-8")

    # The 2008 spec's "crs" member, projected by PROJ.
    for code, name in ((3857, "urn:ogc:def:crs:EPSG::3857"), (4545, "EPSG:4545")):
        to = Transformer.from_crs("EPSG:4326", f"EPSG:{code}", always_xy=True)
        projected = []
        for p in points:
            x, y = to.transform(*p["geometry"]["coordinates"])
            projected.append({**p, "geometry": {"type": "Point", "coordinates": [round(x, 3), round(y, 3)]}})
        crs = {"type": "name", "properties": {"name": name}}
        (OUT / f"districts_epsg{code}.geojson").write_text(dumps(collection(projected, crs=crs)), "utf-8")

    # Compressed.
    (OUT / "districts.geojson.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("districts.geojson", date_time=(2025, 11, 25, 0, 0, 0))
        z.writestr(info, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    (OUT / "districts_geojson.zip").write_bytes(buf.getvalue())

    # TopoJSON: the district polygons, simplified, as one object sharing its borders, and the
    # points as a second object.
    shapes = []
    for f in feats:
        g = shapely.geometry.shape(f["geometry"]).simplify(0.01, preserve_topology=True)
        shapes.append({"type": "Feature", "properties": {"adcode": f["properties"]["adcode"],
                       "name_zh": f["properties"]["name_zh"]}, "geometry": shapely.geometry.mapping(g)})
    topo = topojson.Topology(collection(shapes), prequantize=100000, topology=True,
                             object_name="districts").to_dict()
    # Points of a quantised topology are quantised positions too.
    topo_points = {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "properties": p["properties"],
         "coordinates": dequantise_inverse(topo, p["geometry"]["coordinates"])} for p in points[:5]]}
    topo["objects"]["sites"] = topo_points
    (OUT / "chongqing.topojson").write_text(json.dumps(topo, ensure_ascii=False), "utf-8")

    # Esri JSON as an ArcGIS REST query with f=json returns it: Web Mercator (wkid 102100,
    # latestWkid 3857), field aliases, a polygon with a hole (outer ring clockwise, hole
    # counter-clockwise), points and a row without geometry.
    to = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    esri_features = []
    for p in points:
        x, y = to.transform(*p["geometry"]["coordinates"])
        esri_features.append({"attributes": {"ADCODE": p["properties"]["adcode"],
                                             "NAME_ZH": p["properties"]["name_zh"]},
                              "geometry": {"x": round(x, 3), "y": round(y, 3)}})
    def ring(lon0, lat0, size, clockwise):
        corners = [(lon0, lat0), (lon0 + size, lat0), (lon0 + size, lat0 + size), (lon0, lat0 + size)]
        if clockwise:
            corners.reverse()
        pts = [list(map(lambda v: round(v, 3), to.transform(*c))) for c in corners]
        return pts + [pts[0]]
    esri_features.append({"attributes": {"ADCODE": "test", "NAME_ZH": "带洞多边形"},
                          "geometry": {"rings": [ring(106.4, 29.4, 0.4, True), ring(106.5, 29.5, 0.1, False)]}})
    esri_features.append({"attributes": {"ADCODE": "none", "NAME_ZH": "无几何"}, "geometry": None})
    esri = {"displayFieldName": "NAME_ZH",
            "fieldAliases": {"ADCODE": "行政区划代码", "NAME_ZH": "名称"},
            "geometryType": "esriGeometryPoint",
            "spatialReference": {"wkid": 102100, "latestWkid": 3857},
            "fields": [{"name": "ADCODE", "type": "esriFieldTypeString", "alias": "行政区划代码"},
                       {"name": "NAME_ZH", "type": "esriFieldTypeString", "alias": "名称"}],
            "features": esri_features}
    (OUT / "arcgis_query.json").write_text(json.dumps(esri, ensure_ascii=False), "utf-8")


def dequantise_inverse(topo, lonlat):
    """A position in the topology's quantised grid (points of a quantised topology are too)."""
    t = topo.get("transform")
    if not t:
        return lonlat
    (sx, sy), (tx, ty) = t["scale"], t["translate"]
    return [round((lonlat[0] - tx) / sx), round((lonlat[1] - ty) / sy)]


if __name__ == "__main__":
    main()
