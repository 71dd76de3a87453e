#!/usr/bin/env bash
# Builds the fixtures of the format tests (tests/fixtures/formats/) from the bundled 2025
# districts and the logistics-hub layer, with GDAL's ogr2ogr: the files are written by the tool
# GIS users' files come from, not by the app, so reading them back tests the app against an
# independent writer. Then a few files GDAL does not write the way Chinese users meet them:
# a GBK .dbf with no .cpg and no language driver (as old ArcGIS exports are), a KML with folders,
# ExtendedData and styles, a GPX with a waypoint, a route and a timed track, and a GBK CSV with
# 经度/纬度 columns.
#
# Usage: bash tools/build_format_fixtures.sh
# Needs: gdal-bin (ogr2ogr), python3. Run from anywhere; rewrites tests/fixtures/formats/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tests/fixtures/formats"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

# The districts, simplified to ~500 m so the fixtures stay a few tens of KB.
ogr2ogr -f GeoJSON "$work/districts.geojson" "$root/geodata/chongqing_districts_2025.geojson" \
  -select adcode,name_en,name_zh,level -simplify 0.005 -nln districts
ogr2ogr -f GeoJSON "$work/hubs.geojson" "$root/geodata/thematic/logistics.geojson" \
  -select id,name_en,name_zh,category,approximate -nln hubs

# Shapefile, lon/lat, GBK text; the .cpg removed and the language-driver byte cleared, so only
# the content tells the encoding.
ogr2ogr -f "ESRI Shapefile" "$out/districts_gbk.shp" "$work/districts.geojson" -lco ENCODING=CP936
rm -f "$out/districts_gbk.cpg"
python3 - "$out/districts_gbk.dbf" <<'EOF'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[29] = 0
open(path, "wb").write(bytes(data))
EOF

# Shapefile in CGCS2000 / 3-degree Gauss-Kruger CM 108E (EPSG:4545), UTF-8 with a .cpg; the
# .prj is Esri WKT without an EPSG code, as ArcGIS writes it.
ogr2ogr -f "ESRI Shapefile" "$out/districts_gk108.shp" "$work/districts.geojson" \
  -t_srs EPSG:4545 -lco ENCODING=UTF-8
# The same, zipped, as Shapefiles are mailed.
(cd "$out" && zip -q -9 districts_gk108_shp.zip districts_gk108.shp districts_gk108.shx \
  districts_gk108.dbf districts_gk108.prj districts_gk108.cpg)

# GeoPackage with two layers in two systems: districts in CGCS2000 (EPSG:4490), hubs in WGS84.
ogr2ogr -f GPKG "$out/chongqing.gpkg" "$work/districts.geojson" -a_srs EPSG:4490 -nln districts
ogr2ogr -f GPKG -update "$out/chongqing.gpkg" "$work/hubs.geojson" -nln hubs

# FlatGeobuf with its spatial index.
ogr2ogr -f FlatGeobuf "$out/districts.fgb" "$work/districts.geojson"

# KML as GDAL writes it (SchemaData), and KMZ.
ogr2ogr -f KML "$out/hubs_gdal.kml" "$work/hubs.geojson" -dsco NameField=name_zh
(cd "$work" && cp "$out/hubs_gdal.kml" doc.kml && zip -q -9 "$out/hubs.kmz" doc.kml)

python3 - "$work/hubs.geojson" "$work/districts.geojson" "$out" <<'EOF'
import json, sys
from pathlib import Path
from xml.sax.saxutils import escape

# The hubs that are points (the rest are corridors, lines).
hubs = [f for f in json.load(open(sys.argv[1]))["features"] if f["geometry"]["type"] == "Point"]
districts = json.load(open(sys.argv[2]))["features"]
out = Path(sys.argv[3])

# KML as Google Earth and Chinese outdoor apps write it: folders, Data-style ExtendedData,
# shared styles, a polygon with its outer boundary.
yuzhong = next(f for f in districts if f["properties"]["adcode"] == "500103")
ring = yuzhong["geometry"]["coordinates"][0]
if yuzhong["geometry"]["type"] == "MultiPolygon":
    ring = ring[0]
coords = " ".join(f"{x},{y},0" for x, y in ring)
placemarks = "\n".join(
    f"""      <Placemark>
        <name>{escape(h['properties']['name_zh'])}</name>
        <styleUrl>#hub</styleUrl>
        <ExtendedData>
          <Data name="name_en"><value>{escape(h['properties']['name_en'])}</value></Data>
          <Data name="category"><value>{escape(h['properties']['category'])}</value></Data>
        </ExtendedData>
        <Point><coordinates>{h['geometry']['coordinates'][0]},{h['geometry']['coordinates'][1]},0</coordinates></Point>
      </Placemark>"""
    for h in hubs
)
(out / "chongqing.kml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>重庆</name>
    <Style id="hub"><IconStyle><color>ff0000ff</color></IconStyle></Style>
    <Style id="district"><LineStyle><color>ff00aa00</color><width>2</width></LineStyle><PolyStyle><color>4000aa00</color></PolyStyle></Style>
    <Folder>
      <name>物流枢纽</name>
{placemarks}
    </Folder>
    <Folder>
      <name>区县</name>
      <Placemark>
        <name>渝中区</name>
        <description><![CDATA[Yuzhong District <b>500103</b>]]></description>
        <styleUrl>#district</styleUrl>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>
      </Placemark>
    </Folder>
  </Document>
</kml>
""", "utf-8")

# GPX: a waypoint per hub, a route through three of them, and a timed track with elevation
# (synthetic: the hubs' positions, a minute apart, at made-up heights; for the reader's tests).
pts = [(h["geometry"]["coordinates"], h["properties"]) for h in hubs]
wpts = "\n".join(
    f'  <wpt lat="{c[1]}" lon="{c[0]}"><name>{escape(p["name_zh"])}</name><desc>{escape(p["name_en"])}</desc></wpt>'
    for c, p in pts
)
rte = "\n".join(f'    <rtept lat="{c[1]}" lon="{c[0]}"><name>{escape(p["name_zh"])}</name></rtept>' for c, p in pts[:3])
trk = "\n".join(
    f'      <trkpt lat="{c[1]}" lon="{c[0]}"><ele>{200 + 10 * i}</ele><time>2025-11-25T08:{i:02d}:00Z</time></trkpt>'
    for i, (c, _) in enumerate(pts[:4])
)
(out / "hubs.gpx").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="build_format_fixtures.sh" xmlns="http://www.topografix.com/GPX/1/1">
{wpts}
  <rte><name>路线</name>
{rte}
  </rte>
  <trk><name>无人机航迹</name><trkseg>
{trk}
  </trkseg></trk>
</gpx>
""", "utf-8")

# CSV in GBK with Chinese column names, as Excel on Chinese Windows saves it.
rows = ["名称,英文名,经度,纬度,类别"]
rows += [f'{p["name_zh"]},"{p["name_en"]}",{c[0]},{c[1]},{p["category"]}' for c, p in pts]
(out / "hubs_gbk.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))
# CSV with a WKT column, UTF-8, semicolon-separated.
rows = ["adcode;name_zh;wkt"]
for f in districts[:5]:
    lon, lat = (f["geometry"]["coordinates"][0][0][0] if f["geometry"]["type"] == "MultiPolygon"
                else f["geometry"]["coordinates"][0][0])
    rows.append(f'{f["properties"]["adcode"]};{f["properties"]["name_zh"]};POINT ({lon} {lat})')
(out / "districts_wkt.csv").write_text("\n".join(rows) + "\n", "utf-8")
EOF

# Excel, from the GBK CSV's content (GDAL's XLSX driver writes plain cells).
iconv -f GBK -t UTF-8 "$out/hubs_gbk.csv" > "$work/hubs_utf8.csv"
ogr2ogr -f XLSX "$out/hubs.xlsx" "$work/hubs_utf8.csv" -nln 枢纽 -oo AUTODETECT_TYPE=YES

ls -la "$out"
