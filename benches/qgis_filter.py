"""Filters the points of a CSV with a QGIS expression (PyQGIS offscreen), as a layer filter
is applied: every feature that the expression keeps, with its geometry, fetched through
QgsFeatureRequest.setFilterExpression. Prints how long opening and filtering took and how
many features were kept.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 benches/qgis_filter.py POINTS.csv 'EXPRESSION'
"""
import sys
import time

from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer

points_path, expression = sys.argv[1:3]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
start = time.perf_counter()
uri = f"file://{points_path}?delimiter=,&xField=lon&yField=lat&crs=EPSG:4326"
points = QgsVectorLayer(uri, "points", "delimitedtext")
if not points.isValid():
    sys.exit(f"QGIS cannot open {points_path}")
points.featureCount()
opened = time.perf_counter()
request = QgsFeatureRequest().setFilterExpression(expression)
kept = sum(1 for _ in points.getFeatures(request))
filtered = time.perf_counter()
print(f"qgis open_s={opened - start:.2f} filter_s={filtered - opened:.2f} kept={kept}")
