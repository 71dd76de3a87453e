"""Counts the points of a CSV in the districts with QGIS's own algorithm
(`native:countpointsinpolygon`, PyQGIS offscreen), prints how long opening the CSV and the
count took, and writes the count per district (by name_zh) as JSON for comparison.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_count.py POINTS.csv DISTRICTS.geojson OUT.json
"""
import json
import sys
import time

from qgis.core import QgsApplication, QgsProcessingFeedback, QgsVectorLayer

points_path, districts_path, out = sys.argv[1:4]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
import processing  # noqa: E402
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
start = time.perf_counter()
uri = f"file://{points_path}?delimiter=,&xField=lon&yField=lat&crs=EPSG:4326"
points = QgsVectorLayer(uri, "points", "delimitedtext")
if not points.isValid():
    sys.exit(f"QGIS cannot open {points_path}")
points.featureCount()
opened = time.perf_counter()
districts = QgsVectorLayer(districts_path, "districts", "ogr")
result = processing.run(
    "native:countpointsinpolygon",
    {"POLYGONS": districts, "POINTS": points, "WEIGHT": "", "CLASSFIELD": "",
     "FIELD": "NUMPOINTS", "OUTPUT": "memory:"},
    feedback=QgsProcessingFeedback(),
)
counted = time.perf_counter()
counts = {f["name_zh"]: int(f["NUMPOINTS"]) for f in result["OUTPUT"].getFeatures()}
json.dump(counts, open(out, "w"), ensure_ascii=False, indent=1)
print(f"qgis open_s={opened - start:.2f} count_s={counted - opened:.2f} points={points.featureCount()}")
