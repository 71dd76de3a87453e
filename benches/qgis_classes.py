"""Class breaks on the same 1,000,000 values as `cargo bench --bench analysis -- class_breaks`
(the bench's 64-bit LCG from seed 42, cubed, times 10,000) with QGIS's own classification
methods (PyQGIS), five classes, and the time each takes.

Usage: /usr/bin/python3 benches/qgis_classes.py
"""
import time

from qgis.core import (QgsApplication, QgsClassificationEqualInterval, QgsClassificationJenks,
                       QgsClassificationQuantile)

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
state, values = 42, []
for _ in range(1_000_000):
    state = (state * 6364136223846793005 + 1) % (1 << 64)
    values.append(((state >> 11) / float(1 << 53)) ** 3 * 1e4)
for name, method in [("Natural breaks (Jenks)", QgsClassificationJenks()),
                     ("Quantile", QgsClassificationQuantile()),
                     ("Equal interval", QgsClassificationEqualInterval())]:
    start = time.perf_counter()
    classes = method.classes(values, 5)
    took = time.perf_counter() - start
    bounds = [round(c.lowerBound(), 3) for c in classes] + [round(classes[-1].upperBound(), 3)]
    print(f"qgis {name}: {took:.3f} s, bounds {bounds}")
