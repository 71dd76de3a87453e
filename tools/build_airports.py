#!/usr/bin/env python3
"""Builds geodata/airports.geojson: the airports in and around Chongqing from PyPI `airportsdata`
(MIT), pinned below. Downloads the wheel once (pip), or takes its airports.csv as the first argument.

Kept from the dataset: ICAO and IATA codes, name, city, province (`subd`), elevation (feet; 0 means
"not given" there, so it becomes null), time zone. Added here: elevation in metres, the Chongqing
district or county the point lies in (point-in-polygon against geodata/chongqing_districts_2025),
a note where the dataset's province disagrees with that, Chinese names (our table below: the
dataset has none), and links to the thematic features about the same airports."""
import csv
import io
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = "airportsdata==20260905"
# In and around Chongqing: Chengdu's two airports in the west to Enshi and Zhangjiajie in the east.
WEST, SOUTH, EAST, NORTH = 103.9, 27.5, 111.0, 32.6

NAME_ZH = {
    "ZGDY": "张家界荷花国际机场", "ZGXX": "湘西边城机场", "ZHES": "恩施许家坪机场", "ZHSY": "十堰武当山机场",
    "ZUBZ": "巴中恩阳机场", "ZUCK": "重庆江北国际机场", "ZUDA": "达州金垭机场", "ZUGU": "广元盘龙机场",
    "ZULA": "阆中古城机场", "ZULP": "梁平机场", "ZULZ": "泸州机场", "ZUMT": "遵义茅台机场",
    "ZUMY": "绵阳南郊机场", "ZUNC": "南充高坪机场", "ZUQJ": "黔江武陵山机场", "ZUTF": "成都天府国际机场",
    "ZUTR": "铜仁凤凰机场", "ZUUU": "成都双流国际机场", "ZUWL": "武隆仙女山机场", "ZUWS": "巫山神女峰机场",
    "ZUWX": "万州五桥机场", "ZUYB": "宜宾五粮液机场", "ZUZY": "遵义新舟机场",
}
# The thematic features about the same airport (and the planned one it would work with).
RELATED = {
    "ZUCK": ["jiangbei-airport", "new-chongqing-airport"],
    "ZUTF": ["tianfu-airport"],
}


def airports_csv():
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, PACKAGE], check=True)
        wheel = next(pathlib.Path(tmp).glob("airportsdata-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            return z.read("airportsdata/airports.csv").decode("utf-8")


def inside_ring(x, y, ring):
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def inside(x, y, geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(inside_ring(x, y, p[0]) and not any(inside_ring(x, y, h) for h in p[1:]) for p in polygons)


def main():
    districts = json.loads((ROOT / "geodata/chongqing_districts_2025.geojson").read_text(encoding="utf-8"))["features"]
    rows = csv.DictReader(io.StringIO(airports_csv()))
    features = []
    for r in rows:
        lon, lat = float(r["lon"]), float(r["lat"])
        # `_DEJ`-style rows are IATA-only entries without an ICAO code.
        if r["country"] != "CN" or r["icao"].startswith("_") or not (WEST <= lon <= EAST and SOUTH <= lat <= NORTH):
            continue
        feet = int(r["elevation"]) if r["elevation"] not in ("", "0") else None
        district = next((d["properties"] for d in districts if inside(lon, lat, d["geometry"])), None)
        props = {
            "id": f"airport-{r['icao']}",
            "icao": r["icao"],
            "iata": r["iata"] or None,
            "name_en": r["name"].replace("  ", " ").strip(),
            "name_zh": NAME_ZH[r["icao"]],
            "city": r["city"] or None,
            "province": r["subd"] or None,
            "elevation_ft": feet,
            "elevation_m": round(feet * 0.3048) if feet is not None else None,
            "tz": r["tz"],
            "category": "airport",
            "location_precision": "site",
            "source": f"PyPI {PACKAGE} (MIT), airports.csv",
            "name_zh_source": "Chinese name from Chongqing Atlas's own table (the dataset has none)",
        }
        if district:
            props["district"] = district["name_en"]
            if r["subd"] != "Chongqing":
                props["data_note"] = (f"The dataset gives the province as {r['subd']}; its point lies in "
                                      f"{district['name_en']}, Chongqing")
        if r["icao"] in RELATED:
            props["related"] = RELATED[r["icao"]]
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    features.sort(key=lambda f: f["properties"]["icao"])
    out = ROOT / "geodata/airports.geojson"
    text = json.dumps({"type": "FeatureCollection", "name": "Airports", "features": features}, ensure_ascii=False, indent=1)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)} ({len(features)} airports, "
          f"{sum('district' in f['properties'] for f in features)} in Chongqing)")


main()
