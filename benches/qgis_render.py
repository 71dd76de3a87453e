"""Renders a file (or a PostGIS table) with QGIS (PyQGIS, offscreen) to a 1920x1080 PNG in Web
Mercator and prints how long opening the layer and rendering the first frame took.

Usage: QT_QPA_PLATFORM=offscreen python3 benches/qgis_render.py FILE OUT.png W,S,E,N
       QT_QPA_PLATFORM=offscreen python3 benches/qgis_render.py \
           postgres:"dbname=… host=… port=… user=… password=… key='id' table=\"s\".\"t\" (geom)" OUT.png W,S,E,N
A PostGIS table goes through QGIS's postgres provider with its default settings.
"""
import sys
import time

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                       QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsRectangle,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize

path, out, bbox = sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3].split(",")]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
start = time.perf_counter()
if path.startswith("postgres:"):
    layer = QgsVectorLayer(path[len("postgres:"):], "layer", "postgres")
else:
    layer = QgsVectorLayer(path, "layer", "ogr")
if not layer.isValid():
    sys.exit(f"QGIS cannot open {path}")
layer.featureCount()  # QGIS counts features when a layer is added to a project
opened = time.perf_counter()
mercator = QgsCoordinateReferenceSystem("EPSG:3857")
to_mercator = QgsCoordinateTransform(layer.crs(), mercator, QgsProject.instance())
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setDestinationCrs(mercator)
settings.setOutputSize(QSize(1920, 1080))
settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(*bbox)))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
job.renderedImage().save(out)
done = time.perf_counter()
print(f"qgis open {opened - start:.2f} s, first frame {done - opened:.2f} s, total {done - start:.2f} s")
app.exitQgis()
