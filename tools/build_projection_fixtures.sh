#!/usr/bin/env bash
# Builds tests/fixtures/projections/: the format fixtures' districts in the projections other
# than Transverse Mercator that Chinese and world data come in, written by GDAL/PROJ (an
# independent writer), plus the files GDAL keeps records of that a stricter reader drops.
#
#   districts_albers.*       Shapefile in Krasovsky_1940_Albers (Esri .prj, no EPSG code), the
#                            projection of China's national land-use and ecological datasets
#   districts_lcc.gpkg       GeoPackage whose srs is a custom Lambert conformal conic (no code)
#   robinson.gpkg            one district in World_Robinson, which proj4rs does not implement
#   districts_3857_nocrs.geojson  Web Mercator metres with no "crs" member (an export mistake)
#   districts_albers.projjson     PROJJSON of Asia_North_Albers_Equal_Area_Conic (GeoParquet's
#                                 CRS form)
#
# Usage: bash tools/build_projection_fixtures.sh   Needs: gdal-bin. Rewrites the folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tests/fixtures/projections"
source="$root/tests/fixtures/formats/districts.fgb"
rm -rf "$out"
mkdir -p "$out"
albers='PROJCS["Krasovsky_1940_Albers",GEOGCS["GCS_Krasovsky_1940",DATUM["D_Krasovsky_1940",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Albers"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Standard_Parallel_1",25.0],PARAMETER["Standard_Parallel_2",47.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
# The data are WGS84; declared as Krasovsky without a datum shift (as such files are), PROJ
# converts without one, and so does the app: the test compares positions, not datums.
ogr2ogr -f "ESRI Shapefile" "$out/districts_albers.shp" "$source" \
  -s_srs "+proj=longlat +ellps=krass +no_defs" -t_srs "$albers" -lco ENCODING=UTF-8
printf '%s' "$albers" >"$out/districts_albers.prj"
ogr2ogr -f GPKG "$out/districts_lcc.gpkg" "$source" -nln districts \
  -t_srs "+proj=lcc +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
ogr2ogr -f GPKG "$out/robinson.gpkg" "$source" -nln districts -limit 1 -t_srs ESRI:54030
ogr2ogr -f GeoJSON "$out/districts_3857_nocrs.geojson" "$source" -t_srs EPSG:3857 \
  -lco RFC7946=NO -lco WRITE_NAME=NO
python3 - "$out/districts_3857_nocrs.geojson" <<'PY'
import json, sys
path = sys.argv[1]
data = json.load(open(path, encoding="utf-8"))
data.pop("crs", None)
json.dump(data, open(path, "w", encoding="utf-8"), ensure_ascii=False)
PY
gdalsrsinfo -o projjson ESRI:102025 >"$out/districts_albers.projjson"
# A FlatGeobuf of the Unknown (mixed) geometry type: a point, a polygon and a line.
cat >"$out/mixed.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"n":"pt"},"geometry":{"type":"Point","coordinates":[106.5,29.5]}},
{"type":"Feature","properties":{"n":"poly"},"geometry":{"type":"Polygon","coordinates":[[[106,29],[107,29],[107,30],[106,29]]]}},
{"type":"Feature","properties":{"n":"line"},"geometry":{"type":"LineString","coordinates":[[106,29],[107,30]]}}
]}
JSON
ogr2ogr -f FlatGeobuf "$out/mixed.fgb" "$out/mixed.geojson" -nlt GEOMETRY
rm "$out/mixed.geojson"
# A GeoPackage holding an attribute table (no geometry) beside a feature table.
printf 'name,value\n果园港,1\n团结村,2\n' >"$out/rows.csv"
ogr2ogr -f GPKG "$out/with_table.gpkg" "$source" -nln districts
ogr2ogr -f GPKG -update "$out/with_table.gpkg" "$out/rows.csv" -nln rows
rm "$out/rows.csv"
# A FlatGeobuf of a TIN (two triangles), a Triangle and a PolyhedralSurface, read as polygons.
printf 'id,WKT\n1,"TIN (((106.5 29.5,106.6 29.5,106.5 29.6,106.5 29.5)),((106.6 29.5,106.6 29.6,106.5 29.6,106.6 29.5)))"\n2,"TRIANGLE ((106.7 29.5,106.8 29.5,106.7 29.6,106.7 29.5))"\n3,"POLYHEDRALSURFACE (((106.9 29.5,107.0 29.5,107.0 29.6,106.9 29.6,106.9 29.5)))"\n' >"$out/surfaces.csv"
ogr2ogr -f FlatGeobuf "$out/surfaces.fgb" "$out/surfaces.csv" -oo GEOM_POSSIBLE_NAMES=WKT \
  -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nlt GEOMETRY
rm "$out/surfaces.csv"
# A FlatGeobuf without a geometry column (GDAL writes its header and no rows).
printf 'name,value\na,1\nb,2\n' >"$out/plain.csv"
ogr2ogr -f FlatGeobuf "$out/no_geometry.fgb" "$out/plain.csv" -nlt NONE
rm "$out/plain.csv"
