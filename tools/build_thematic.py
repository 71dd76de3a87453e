#!/usr/bin/env python3
"""Builds geodata/thematic/*.geojson from the seed articles (geodata/seeds/) and the researched
places table (geodata/sources/places.csv). Every figure and claim carries a quote that must
appear verbatim in its seed file: the script refuses to write otherwise (and so does the test
suite). Coordinates come only from places.csv, with their stated precision."""
import csv
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "geodata/seeds").glob("*.txt")}
PLACES = {r["id"]: r for r in csv.DictReader(open(ROOT / "geodata/sources/places.csv", encoding="utf-8"))}

SEED_DATES = {
    "000_7e90740f99964049.txt": "2025-09-07",
    "001_3cdc3c0adf9e9dc5.txt": "2026-02-14",
    "002_095d29cdce9e3eb4.txt": "2025-11-25",
    "003_ed158aa074f929e7.txt": "2025-01-21",
    "004_ce5a19d09bc0717a.txt": "2025-03-25 (year inferred)",
}
S000, S002, S003, S004 = "000_7e90740f99964049.txt", "002_095d29cdce9e3eb4.txt", "003_ed158aa074f929e7.txt", "004_ce5a19d09bc0717a.txt"
MUNICIPAL_GOVERNMENT = (106.55040, 29.56370)


def src(seed, quote):
    if quote not in SEEDS[seed]:
        sys.exit(f"quote not found verbatim in {seed}: {quote!r}")
    return {"seed": seed, "date": SEED_DATES[seed], "quote": quote}


# Figures the article states in words ("one-third", "first"): the card shows the words, the chart
# the number they denote.
WORDS = {"one-third": 1 / 3, "two-thirds": 2 / 3, "one out of every seven": 1 / 7, "first": 1, "trillion-yuan": 1}


def fig(label, value, unit, period, seed, quote, yoy=None, words=None, scope=None, chart=None):
    # "billion yuan (more than)" → unit "billion yuan", qualifier "more than": the card reads
    # "more than 10 billion yuan" and the value stays a plain number.
    qualified = re.fullmatch(r"(.*) \((more than|over|nearly)\)", unit)
    f = {"label": label, "value": value}
    if qualified:
        unit = qualified.group(1)
        f["qualifier"] = qualified.group(2)
    f.update({"unit": unit, "period": period, **src(seed, quote)})
    if yoy is not None:
        f["yoy_percent"] = yoy
    if words is not None:
        if words not in quote or abs(WORDS[words] - value) > 1e-9:
            sys.exit(f"{label}: '{words}' is not {value} in {quote!r}")
        f["words"] = words
    if scope is not None:
        # A figure about all of Chongqing (or the country, or Sichuan and Chongqing) shown on one
        # site says so in the card.
        f["scope"] = scope
    if chart is not None:
        # Figures that form a series or a comparison share a chart (year-on-year rates go to the
        # growth chart by their `yoy_percent`).
        f["chart"] = chart
    return f


def precision(place_id):
    p = PLACES[place_id]
    kind = p["location_precision"]
    km = p["uncertainty_km"].strip()
    try:
        km = float(km)
    except ValueError:
        km = None
    if kind == "site" and (km or 0) <= 1.0:
        label = "site"
    elif kind == "district_seat":
        label = "district seat"
    elif kind == "district_centroid":
        label = "district centroid"
    else:
        label = "approximate"
    note = plain_note(p["coord_source"])
    return label, km, note


# The research table's provenance in words a reader of the info card follows: no research-tool
# ids, no raw GCJ-02 pairs (the point itself is WGS84), no shorthand. The full trail stays in
# sources/places.csv, which each feature names in `place_ref`.
PLAIN_NOTE = [
    (r"Amap/AutoNavi district-government centre \(GCJ-02 [-\d.]+,[-\d.]+\) from a public GitHub "
     r"admin-division dataset \(find_string id \d+\), converted GCJ-02->WGS84 with the standard "
     r"inverse transform \(~<10 m conversion error\)",
     "District government seat from Amap, converted from GCJ-02 to WGS84"),
    (r"\s*\(find_string id \d+\)", ""),
    (r";?\s*GCJ-02 [-\d.]+,[-\d.]+", ""),
    (r"\(expo parking\)", "(the expo's car park)"),
    (r"^knowledge \(no published coordinates found\); ", "Estimated, no published coordinates found; "),
    (r"^knowledge: ", "Estimated, no published coordinates: "),
    (r"\(knowledge\)", "(estimated)"),
    (r"estimate, knowledge ", "estimated, "),
    (r"\s*\(see [a-z_]+\)", ""),
    (r"precision = district government seat, scenario site\(s\) not specified",
     "the scenario sites are not specified"),
    (r"\+/-\s*", "±"),
    (r"->", "→"),
]


def plain_note(text):
    for pattern, plain in PLAIN_NOTE:
        text = re.sub(pattern, plain, text)
    if "find_string" in text or "GCJ-02 1" in text:
        sys.exit(f"location note still has research shorthand: {text}")
    return text[0].upper() + text[1:]


def point(place_id, override=None):
    if override:
        return {"type": "Point", "coordinates": list(override)}
    p = PLACES[place_id]
    return {"type": "Point", "coordinates": [float(p["lon"]), float(p["lat"])]}


WIDE = {
    "municipality-wide": "Point marks the Chongqing Municipal People's Government; the figures describe the whole municipality",
    "region-wide": "Point marks the Chongqing Municipal People's Government; the figures describe Sichuan and Chongqing together (the Chengdu–Chongqing economic circle)",
}


def iso(date):
    return date.split(" ")[0]


def feature(fid, layer, category, name_en, name_zh, geometry, place_id, status, summary, sources, figures=(),
            event_date=None, event_date_note=None, wide="municipality-wide", extra=None):
    label, km, note = precision(place_id) if place_id else (wide, None, WIDE[wide])
    cited = sources + list(figures)
    article_dates = sorted({iso(s["date"]) for s in cited})
    props = {
        "id": fid,
        "layer": layer,
        "category": category,
        "name_en": name_en,
        "name_zh": name_zh,
        "status": status,
        "summary": summary,
        # The day the reported event happened (or the statement was made); what the time
        # slider filters on. Where the article gives no day, its own date, and a note says so.
        "event_date": event_date or "/".join(dict.fromkeys([article_dates[0], article_dates[-1]])),
        "article_dates": article_dates,
        "dates": sorted({s["date"] for s in cited}),
        "figures": list(figures),
        "sources": sources,
        "location_precision": label,
        "approximate": label != "site",
        "location_note": note,
    }
    if event_date is None and len(article_dates) > 1:
        props["event_date_note"] = event_date_note or "The figures come from articles of these dates"
    elif event_date is None:
        props["event_date_note"] = event_date_note or "The article gives no date for this; the date is the article's"
    elif event_date_note:
        props["event_date_note"] = event_date_note
    if place_id:
        props["place_ref"] = f"sources/places.csv#{place_id}"
    if km is not None and label != "site":
        props["uncertainty_km"] = km
    if extra:
        props.update(extra)
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write(name, title, features):
    path = ROOT / "geodata/thematic" / f"{name}.geojson"
    text = json.dumps({"type": "FeatureCollection", "name": title, "features": features}, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(features)} features)")


CONFERENCE = "2025-09-07"
NEV = "NEV production in Chongqing"
SOFTWARE_INCOME = "Software industry income"
SOFTWARE_JOBS = "Software industry employment"
RAIL_EXPORTS = "Rail-based export growth, January 2025"
SHARES = "Sichuan and Chongqing: shares"
PRESS_CONFERENCE = "2025-01-20"
MATCHMAKING = "2025-11-25"
TRANSLATED = ("The Chinese name is our translation of the article's English; no official Chinese name of "
              "the scenario was found")

low_altitude = [
    feature("liangping-scenario", "low_altitude", "low_altitude_scenario",
            "Liangping: “Integrated Planning, Construction, and Governance”", "梁平区低空场景：“规建治一体化”（译名）",
            point("liangping_low_altitude_scenario"), "liangping_low_altitude_scenario",
            "released 2025-09-07",
            "Released at the 2025 Low-Altitude Industry Ecosystem Conference.",
            [src(S000, "The conference released the “Integrated Planning, Construction, and Governance” low-altitude scenario from Liangping District in Chongqing")],
            event_date=CONFERENCE,
            extra={"district": "Liangping District", "name_note": TRANSLATED}),
    feature("fengjie-scenario", "low_altitude", "low_altitude_scenario",
            "Fengjie: “Soaring with the Wind Over the City of Poetry”", "奉节县低空场景：“御风诗城”（译名）",
            point("fengjie_low_altitude_scenario"), "fengjie_low_altitude_scenario",
            "released 2025-09-07",
            "Released at the 2025 Low-Altitude Industry Ecosystem Conference.",
            [src(S000, "the “Soaring with the Wind Over the City of Poetry” low-altitude scenario from Fengjie County")],
            event_date=CONFERENCE,
            extra={"district": "Fengjie County", "name_note": TRANSLATED}),
    feature("low-altitude-conference-2025", "low_altitude", "event",
            "2025 Low-Altitude Industry Ecosystem Conference", "2025低空产业生态大会",
            point("chongqing_international_expo_center"), "chongqing_international_expo_center",
            "held 2025-09-07",
            "Part of the 2025 World Smart Industry Expo. It released the Liangping and Fengjie scenarios and held signing ceremonies for the 'Framework Agreement on Building a Regional Aviation Logistics Hub' and the 'Strategic Cooperation Agreement on the Low-Altitude Economy'; the article does not say where the agreements apply.",
            [src(S000, "was held on September 7 at the Chongqing International Expo Center"),
             src(S000, "It also held signing ceremonies for the “Framework Agreement on Building a Regional Aviation Logistics Hub” and the “Strategic Cooperation Agreement on the Low-Altitude Economy”")],
            event_date=CONFERENCE,
            extra={"district": "Liangjiang New Area (Yubei District at the time)"}),
    feature("liangjiang-low-altitude-plus", "low_altitude", "low_altitude_scenario",
            "Liangjiang “low-altitude +” scenarios (smart city, logistics, cultural tourism)", "两江新区“低空+”场景",
            point("liangjiang_new_area"), "liangjiang_new_area",
            "planned",
            "Liangjiang New Area will accelerate the demonstration of 'low-altitude+' scenarios and, drawing on its intelligent-connected NEV, AI and software, high-end equipment and biomedicine industries, develop 'low-altitude + smart city', 'low-altitude + logistics' and 'low-altitude + cultural tourism' scenarios.",
            [src(S000, "develop typical application scenarios like “low-altitude + smart city,” “low-altitude + logistics,” and “low-altitude + cultural tourism.”")],
            event_date=CONFERENCE, event_date_note="Said at the conference of 7 September 2025",
            extra={"district": "Liangjiang New Area"}),
    feature("cq-low-altitude-platform", "low_altitude", "low_altitude_scenario",
            "Comprehensive low-altitude flight management and service platform (planned)", "低空飞行综合管理服务平台（规划）",
            point(None, MUNICIPAL_GOVERNMENT), None, "planned",
            "Chongqing will continue to promote the construction of a comprehensive low-altitude flight management and service platform, create iconic 'low-altitude+' scenarios and strengthen low-altitude manufacturing.",
            [src(S000, "Chongqing will continue to promote the construction of a comprehensive low-altitude flight management and service platform")],
            event_date=CONFERENCE, event_date_note="Said at the conference of 7 September 2025"),
    feature("chengdu-chongqing-low-altitude", "low_altitude", "low_altitude_scenario",
            "Sichuan–Chongqing low-altitude services: drone logistics, low-altitude tourism, emergency response", "川渝低空应用：无人机物流、低空旅游、应急救援",
            point(None, MUNICIPAL_GOVERNMENT), None, "being promoted",
            "Sichuan and Chongqing are actively promoting drone logistics, low-altitude tourism and emergency response services, among emerging industries such as the low-altitude economy, AI and commercial space.",
            [src(S004, "The regions are actively promoting drone logistics, low-altitude tourism, and emergency response services")],
            wide="region-wide"),
]

logistics = [
    feature("guoyuan-port", "logistics", "logistics_hub", "Guoyuan Port (port-type national logistics hub)", "果园港（港口型国家物流枢纽）",
            point("port_type_hub_guoyuan"), "port_type_hub_guoyuan", "operating",
            "Chongqing is China's first city to host all five types of national logistics hub: port, land port, airport, production service and business service. The article names no site; that Guoyuan Port is the port-type hub is external research.",
            [src(S002, "It is China’s first city to host all five types of national logistics hubs—port, land port, airport, production service, and business service")],
            figures=[fig("National logistics hub types hosted", 5, "types", "2025-11", S002, "all five types of national logistics hubs", scope="city-wide")],
            extra={"district": "Liangjiang New Area (Jiangbei District at the time)"}),
    feature("tuanjiecun-land-port", "logistics", "logistics_hub", "Chongqing International Logistics Hub Park, Tuanjiecun (land-port hub, China–Europe Railway Express)", "团结村（陆港型国家物流枢纽，中欧班列）",
            point("land_port_hub_tuanjiecun"), "land_port_hub_tuanjiecun", "operating",
            "Chongqing links Southeast Asia via the New International Land-Sea Trade Corridor and Europe via the China-Europe Railway Express. The article names no terminal; Tuanjiecun as their rail terminal is external research.",
            [src(S002, "linking Southeast Asia via the New International Land-Sea Trade Corridor and Europe via the China-Europe Railway Express")],
            extra={"district": "Shapingba District"}),
    feature("jiangbei-airport", "logistics", "airport", "Chongqing Jiangbei International Airport (airport-type hub)", "重庆江北国际机场",
            point("chongqing_jiangbei_airport"), "chongqing_jiangbei_airport", "operating",
            "Airport is one of the five national logistics hub types Chongqing hosts. The article names no airport; Jiangbei as the airport-type hub is external research. Its record in the airports layer is ZUCK / CKG.",
            [src(S002, "port, land port, airport, production service, and business service")],
            extra={"district": "Liangjiang New Area (Yubei District at the time)", "related": ["airport-ZUCK", "new-chongqing-airport"]}),
    feature("xinsheng-port", "logistics", "port", "Xinsheng Port, Zhong County (first 10,000-ton terminal)", "新生港（忠县）",
            point("xinsheng_port"), "xinsheng_port", "operating",
            "The first 10,000-ton terminal at Xinsheng Port is named among the infrastructure achievements of the past five years.",
            [src(S004, "the first 10,000-ton terminal at Chongqing’s Xinsheng Port")],
            event_date="2021-09-29", event_date_note="Opening of the port (CCTV and CNR, 2021-09-29); the article says only 'over the past five years'",
            extra={"district": "Zhong County"}),
    feature("new-chongqing-airport", "logistics", "airport", "New Chongqing airport (Bishan)", "重庆新机场（璧山）",
            point("new_chongqing_airport_bishan"), "new_chongqing_airport_bishan",
            "seed: under construction; official timeline (Nov 2024): works from the 15th Five-Year Plan, opening targeted 2030",
            "The article says construction of a new airport in Chongqing is underway. The Bishan government spoke in November 2024 of preparatory works only, with opening targeted for 2030. The airports around it are in the Airports layer; Jiangbei (ZUCK / CKG) is the one it would join.",
            [src(S004, "construction of a new airport in Chongqing is underway")],
            extra={"district": "Bishan District", "related": ["airport-ZUCK", "jiangbei-airport"]}),
    feature("tianfu-airport", "logistics", "airport", "Chengdu Tianfu International Airport (Sichuan)", "成都天府国际机场",
            point("chengdu_tianfu_international_airport"), "chengdu_tianfu_international_airport", "operating since 2021-06-27",
            "Named among the past five years' infrastructure achievements of Sichuan and Chongqing. Outside Chongqing.",
            [src(S004, "Chengdu Tianfu International Airport has opened")],
            event_date="2021-06-27", event_date_note="Opening of the airport (external); the article says only 'has opened'",
            extra={"outside_chongqing": "Chengdu, Sichuan", "related": ["airport-ZUTF"]}),
]


def line(*nodes):
    return {"type": "LineString", "coordinates": [list(n) for n in nodes]}


corridors = [
    feature("zhengzhou-chongqing-hsr", "logistics", "transport_corridor", "Zhengzhou–Chongqing high-speed railway", "郑渝高铁",
            line((113.7730, 34.7601), (109.46077, 31.02216), (108.69332, 30.93295), (108.36219, 30.8655), (106.547083, 29.610417)),
            "zhengzhou_chongqing_hsr", "fully operating since 2022-06-20",
            "Named as operational among the past five years' infrastructure achievements.",
            [src(S004, "The Zhengzhou-Chongqing high-speed railway is now operational")],
            event_date="2022-06-20", event_date_note="Whole line in service (China Railway, 2022-06-28); the article says only 'now operational'",
            extra={"geometry_note": "approximate", "approximate": True,
                   "location_precision": "approximate",
                   "location_note": "Schematic line through Zhengzhou East, the Fengjie and Yunyang county seats, Wanzhou North and Chongqing North. The Fengjie and Yunyang vertices are county seats, not stations: Fengjie station is in Zhuyi town and Yunyang station in Huangshi town, about 5 km from Yunyang's northern new district; no station coordinates were found. Stations in Hubei are not placed, so the line runs straight across them."}),
    feature("china-europe-railway-express", "logistics", "transport_corridor", "China–Europe Railway Express (Chengdu–Chongqing)", "中欧班列（成渝）",
            line((106.37, 29.62), (104.2425, 30.8684), (82.57, 45.17), (6.76, 51.43)),
            "china_europe_railway_express_chengdu_chongqing", "operating",
            "Connects nearly 120 cities across Asia and Europe; over 5,700 freight train trips in 2024, one-third of the country's total.",
            [src(S004, "The China-Europe Railway Express (Chengdu-Chongqing) now connects nearly 120 cities across Asia and Europe"),
             src(S004, "accounting for one-third of the country’s total")],
            figures=[fig("Cities connected", 120, "cities (nearly)", "2025", S004, "now connects nearly 120 cities across Asia and Europe"),
                     fig("Freight train trips", 5700, "trips (over)", "2024", S004, "with over 5,700 freight train trips in 2024"),
                     fig("Share of China's China–Europe trips", 1 / 3, "", "2024", S004, "accounting for one-third of the country’s total", words="one-third", chart=SHARES)],
            extra={"geometry_note": "schematic",
                   "location_note": "Schematic: Tuanjiecun → Chengdu International Railway Port → Alashankou border crossing → Duisburg. Real routes run via several border crossings."}),
    feature("land-sea-corridor", "logistics", "transport_corridor", "New International Land–Sea Trade Corridor", "西部陆海新通道",
            line((106.37, 29.62), (108.62, 21.70), (103.85, 1.29)),
            "new_international_land_sea_trade_corridor", "operating",
            "With Chongqing and Sichuan as core hubs, the corridor links 560 ports in 127 countries and regions; in 2024 its cargo volume grew 41% and its cargo value 67%.",
            [src(S004, "with Chongqing and Sichuan as core hubs, now links 560 ports in 127 countries and regions")],
            figures=[fig("Ports linked", 560, "ports", "2025", S004, "now links 560 ports in 127 countries and regions"),
                     fig("Countries and regions", 127, "countries and regions", "2025", S004, "560 ports in 127 countries and regions"),
                     fig("Cargo volume growth", 41, "% YoY", "2024", S004, "a 41% year-on-year increase in cargo volume", yoy=41),
                     fig("Cargo value growth", 67, "% YoY", "2024", S004, "a 67% surge in cargo value", yoy=67)],
            extra={"geometry_note": "schematic",
                   "location_note": "Schematic: Tuanjiecun → Qinzhou Port (Beibu Gulf) → Singapore. The rail legs run by three routes (via Guiyang–Nanning, Huaihua–Liuzhou, Luzhou/Yibin–Baise)."}),
]
# A corridor is a line, not a point: its precision is the line's, said in its own note.
for c in corridors:
    c["properties"].pop("uncertainty_km", None)
    if c["properties"]["geometry_note"] == "schematic":
        c["properties"]["location_precision"] = "approximate"
        c["properties"]["approximate"] = True

industry = [
    feature("changan-yubei-new-factory", "industry", "industrial_project", "Changan Yubei New Factory / Digital Intelligence Factory", "长安汽车渝北新工厂（数智工厂）",
            point("changan_yubei_new_factory"), "changan_yubei_new_factory", "operating",
            "Named in January 2025 among the vehicle projects the cluster framework strongly supports. In March 2025 the article says the Changan Automobile Digital Intelligence Factory in Yubei assembles one new vehicle every 60 seconds, powered by batteries made in Sichuan; we take the two names for one plant (Chinanews 2025-01-25 places the Digital Intelligence Factory in Yubei too).",
            [src(S003, "vehicle projects like the Changan Yubei New Factory and the Seres Super Factory"),
             src(S004, "the Changan Automobile Digital Intelligence Factory assembles one new vehicle every 60 seconds")],
            figures=[fig("Assembly rate", 60, "seconds per vehicle", "2025", S004, "assembles one new vehicle every 60 seconds")],
            event_date=PRESS_CONFERENCE, event_date_note="First named at the press conference of 20 January 2025",
            extra={"district": "Liangjiang New Area (Yubei District at the time)"}),
    feature("seres-super-factory", "industry", "industrial_project", "Seres Super Factory (AITO)", "赛力斯超级工厂",
            point("seres_super_factory"), "seres_super_factory", "operating",
            "Named among the vehicle projects the cluster framework strongly supports; the AITO M9 continues to top sales among models priced above 500,000 yuan.",
            [src(S003, "the Seres Super Factory"), src(S003, "the AITO M9 continues to top sales among models priced above 500,000 yuan")],
            event_date=PRESS_CONFERENCE,
            extra={"district": "Liangjiang New Area"}),
    feature("liangjiang-nev-cluster", "industry", "industrial_cluster", "Liangjiang New Area NEV cluster", "两江新区新能源汽车产业集群",
            point("liangjiang_nev_cluster"), "liangjiang_nev_cluster", "taking shape",
            "One of the eight municipal strategic emerging industry clusters taking shape (the count is for all of Chongqing).",
            [src(S003, "Eight municipal strategic emerging industry clusters are taking shape, including the national-level biomedicine cluster in Banan District and the new energy vehicle cluster in Liangjiang New Area")],
            figures=[fig("Municipal strategic emerging industry clusters", 8, "clusters", "2025-01", S003, "Eight municipal strategic emerging industry clusters are taking shape", scope="city-wide")],
            event_date=PRESS_CONFERENCE,
            extra={"district": "Liangjiang New Area"}),
    feature("banan-biomedicine-cluster", "industry", "industrial_cluster", "Banan national-level biomedicine cluster", "巴南区国家级生物医药产业集群",
            point("banan_national_biomedicine_cluster"), "banan_national_biomedicine_cluster", "taking shape",
            "One of the eight municipal strategic emerging industry clusters taking shape (the count is for all of Chongqing).",
            [src(S003, "Eight municipal strategic emerging industry clusters are taking shape, including the national-level biomedicine cluster in Banan District")],
            figures=[fig("Municipal strategic emerging industry clusters", 8, "clusters", "2025-01", S003, "Eight municipal strategic emerging industry clusters are taking shape", scope="city-wide")],
            event_date=PRESS_CONFERENCE,
            extra={"district": "Banan District"}),
    feature("catl-changan-yibin", "industry", "industrial_project", "CATL Changan power battery base, Yibin (Sichuan)", "时代长安动力电池宜宾基地",
            point("catl_changan_yibin_battery_base"), "catl_changan_yibin_battery_base", "operating",
            "Produces one electric core every second. CATL Changan Power Battery Co., Ltd. is a joint venture among CATL, Deepal and Changan Automobile. Outside Chongqing, in Yibin's Sanjiang New Area.",
            [src(S004, "In Yibin, Sichuan, the CATL Changan power battery base produces one electric core every second"),
             src(S004, "CATL Changan Power Battery Co., Ltd.—a joint venture among CATL, Deepal, and Changan Automobile—plays a key role in this ecosystem")],
            figures=[fig("Battery cells", 1, "cell per second", "2025", S004, "produces one electric core every second")],
            extra={"outside_chongqing": "Yibin, Sichuan"}),
    feature("fangda-aviation-city", "industry", "industrial_cluster", "Fangda aviation cluster (HQ, leasing, catering, UAV R&D)", "方大航空产业集群",
            point("fangda_chongqing_aviation_city"), "fangda_chongqing_aviation_city", "under development",
            "Fangda Group has expanded in Chongqing since a 2024 strategic agreement: Fangda Aviation International Headquarters, an engine maintenance firm, aviation catering, aircraft leasing and UAV R&D projects.",
            [src(S002, "New assets include Fangda Aviation International Headquarters"),
             src(S002, "Song said the group’s aviation cluster could drive 100 billion yuan in investment")],
            figures=[fig("Investment it could drive", 100, "billion yuan", "when fully operational", S002, "could drive 100 billion yuan in investment"),
                     fig("Output it could generate", 350, "billion yuan (over)", "when fully operational", S002, "generate over 350 billion yuan in output"),
                     fig("Jobs", 25000, "jobs", "when fully operational", S002, "creating 25,000 jobs once fully operational")],
            event_date=MATCHMAKING,
            extra={"district": "Liangjiang New Area (Yubei District at the time)"}),
    feature("fangda-engine-maintenance", "industry", "industrial_project", "Aero-engine maintenance base (Fangda)", "方大航空发动机维修基地",
            point("fangda_hna_engine_maintenance_base"), "fangda_hna_engine_maintenance_base", "phase 1 2025",
            "An engine maintenance firm that makes Chongqing China's seventh city with full maintenance capability.",
            [src(S002, "an engine maintenance firm that makes Chongqing China’s seventh city with full maintenance capability")],
            figures=[fig("Rank among Chinese cities with full maintenance capability", 7, "th", "2025", S002, "China’s seventh city with full maintenance capability", scope="city-wide")],
            event_date=MATCHMAKING,
            extra={"district": "Shapingba District"}),
    feature("chint-chongqing", "industry", "industrial_project", "CHINT Group in Chongqing (solar, fast charging, microgrids)", "正泰集团在渝投资",
            point(None, MUNICIPAL_GOVERNMENT), None, "operating",
            "CHINT has invested more than 10 billion yuan in Chongqing, in projects from repurposed solar facilities to fast-charging stations and microgrids; the article gives no sites. Its chairman Nan Cunhui sees room to grow renewable energy, energy storage, virtual power plants and zero-carbon parks.",
            [src(S002, "Chint has invested more than 10 billion yuan locally, building projects ranging from repurposed solar facilities to fast-charging stations and microgrids")],
            figures=[fig("CHINT investment in Chongqing", 10, "billion yuan (more than)", "to 2025-11", S002, "Chint has invested more than 10 billion yuan locally")],
            event_date=MATCHMAKING, event_date_note="Said at the matchmaking activities of 25 November 2025",
            extra={"related": ["chint-spic-zero-carbon-wanzhou", "chint-spic-zero-carbon-fengjie", "chint-spic-zero-carbon-yunyang", "chint-spic-zero-carbon-wuxi"]}),
    feature("matchmaking-2025", "industry", "event", "2025 China Industrial Transfer & Development Matchmaking Activities (Chongqing)", "2025中国产业转移发展对接活动（重庆）",
            point(None, MUNICIPAL_GOVERNMENT), None, "held 2025-11-25",
            "Opened in Chongqing on 25 November 2025 (venue not stated). Chongqing secured more than 110 billion yuan in new industrial cooperation agreements in 159 newly signed projects, from intelligent connected NEVs to high-end equipment and the digital economy. MIIT's Vice Minister Xie Yuansheng gave the national figures.",
            [src(S002, "Chongqing secured more than 110 billion yuan (about 15.4 billion U.S. dollars) in new industrial cooperation agreements on November 25, announced at the 2025 China Industrial Transfer & Development Matchmaking Activities (Chongqing)"),
             src(S002, "Officials said the 159 newly signed projects span sectors from intelligent connected new-energy vehicles (NEVs) to high-end equipment and the digital economy"),
             src(S002, "said China's industrial economy remains resilient, noting that total industrial value added reached 40.5 trillion yuan in 2024")],
            figures=[fig("New cooperation agreements", 110, "billion yuan (more than)", "2025-11-25", S002, "more than 110 billion yuan (about 15.4 billion U.S. dollars) in new industrial cooperation agreements"),
                     fig("Newly signed projects", 159, "projects", "2025-11-25", S002, "the 159 newly signed projects"),
                     fig("China's industrial value added", 40.5, "trillion yuan", "2024", S002, "total industrial value added reached 40.5 trillion yuan in 2024", scope="national"),
                     fig("Industrial output of major firms, China", 6.1, "% YoY", "Jan–Oct 2025", S002, "Industrial output from major firms rose 6.1% year-on-year in the first 10 months of 2025", yoy=6.1, scope="national")],
            event_date=MATCHMAKING,
            extra={"location_note": "The article says only that the activities opened in Chongqing; the point marks the Chongqing Municipal People's Government"}),
]
for pid, county in [("wanzhou", "Wanzhou"), ("fengjie", "Fengjie"), ("yunyang", "Yunyang"), ("wuxi", "Wuxi")]:
    kind = "District" if pid == "wanzhou" else "County"
    industry.append(feature(
        f"chint-spic-zero-carbon-{pid}", "industry", "industrial_project",
        f"CHINT–SPIC zero-carbon rural demonstration, {county}", f"正泰–国家电投零碳乡村示范（{ {'wanzhou':'万州','fengjie':'奉节','yunyang':'云阳','wuxi':'巫溪'}[pid] }）",
        point(f"chint_spic_zero_carbon_rural_demo_{pid}"), f"chint_spic_zero_carbon_rural_demo_{pid}", "planned",
        "CHINT plans to work with SPIC Chongqing to launch zero-carbon rural demonstration projects, combining rooftop solar, centralized power collection and smart microgrids, in counties including Wanzhou, Fengjie, Yunyang and Wuxi. The article gives no investment figure for them.",
        [src(S002, "Chint plans to work with SPIC Chongqing to launch zero-carbon rural demonstration projects"),
         src(S002, "in counties including Wanzhou, Fengjie, Yunyang, and Wuxi")],
        event_date=MATCHMAKING, event_date_note="Announced at the matchmaking activities of 25 November 2025",
        extra={"district": f"{county} {kind}", "related": ["chint-chongqing"]}))

figures = [
    feature("cq-low-altitude-activity", "figures", "statistic", "Low-altitude flying in Chongqing, H1 2025", "重庆低空飞行（2025年上半年）",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Municipality-wide low-altitude flight statistics for the first half of 2025.",
            [src(S000, "In the first half of 2025, the city’s total low-altitude flight duration reached 190,000 hours")],
            figures=[fig("Flight hours", 190000, "hours", "H1 2025", S000, "total low-altitude flight duration reached 190,000 hours, a year-on-year increase of 109%", yoy=109),
                     fig("Flights", 1160000, "flights", "H1 2025", S000, "the number of flights reached 1.16 million, up 67% year-on-year", yoy=67)],
            event_date=CONFERENCE, event_date_note="Stated at the conference of 7 September 2025"),
    feature("cq-low-altitude-manufacturing", "figures", "statistic", "Low-altitude manufacturing in Chongqing", "重庆低空制造业",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Municipality-wide low-altitude manufacturing.",
            [src(S000, "The city is now home to 68 low-altitude manufacturing enterprises")],
            figures=[fig("Low-altitude manufacturing enterprises", 68, "enterprises", "2025-09", S000, "home to 68 low-altitude manufacturing enterprises"),
                     fig("of which complete-aircraft makers", 17, "manufacturers", "2025-09", S000, "including 17 complete aircraft manufacturers"),
                     fig("Output value", 8.3, "billion yuan", "2024", S000, "total output value of 8.3 billion yuan in 2024, an increase of 3.3%", yoy=3.3)],
            event_date=CONFERENCE, event_date_note="Stated at the conference of 7 September 2025"),
    feature("cq-nev-production", "figures", "statistic", "NEV production in Chongqing", "重庆新能源汽车产量",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "New-energy vehicles produced in Chongqing, and the 2025 targets.",
            [src(S002, "the city produced 953,000 NEVs in 2024, up 94.5%"),
             src(S003, "The goal is to produce 2.6 million vehicles, with the number of new energy vehicles rising from 953,000 last year to 1.3 million units")],
            figures=[fig("NEVs produced", 953000, "vehicles", "2024", S002, "the city produced 953,000 NEVs in 2024, up 94.5%", yoy=94.5, chart=NEV),
                     fig("NEVs produced", 944000, "vehicles (more than)", "Jan–Oct 2025", S002, "more than 944,000 from January to October this year", chart=NEV),
                     fig("NEV production target", 1300000, "vehicles", "2025 target", S003, "rising from 953,000 last year to 1.3 million units", chart=NEV),
                     fig("Vehicle production target", 2600000, "vehicles", "2025 target", S003, "The goal is to produce 2.6 million vehicles")]),
    feature("cq-industrial-economy", "figures", "statistic", "Chongqing industrial economy", "重庆工业经济",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Industrial output, the automotive industry's share and the city's industrial base.",
            [src(S002, "the city’s industrial output reached 2.72 trillion yuan in 2024, with manufacturing competitiveness ranking first in western China"),
             src(S002, "the city’s status as a major industrial base—covering all 31 national industrial categories"),
             src(S003, "The automotive industry now accounts for over 50% of Chongqing's industrial-added value")],
            figures=[fig("Industrial output", 2.72, "trillion yuan", "2024", S002, "industrial output reached 2.72 trillion yuan in 2024"),
                     fig("Manufacturing competitiveness in western China", 1, "", "2025-11", S002, "manufacturing competitiveness ranking first in western China", words="first"),
                     fig("Industrial added value the automotive industry accounts for", 50, "% (over)", "as of 2025-01", S003, "The automotive industry now accounts for over 50% of Chongqing's industrial-added value"),
                     fig("National industrial categories covered", 31, "of 31", "2025", S002, "covering all 31 national industrial categories")]),
    feature("cq-smart-manufacturing", "figures", "statistic", "Smart manufacturing in Chongqing", "重庆智能制造",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Digital platforms and smart factories.",
            [src(S002, "Wang added that Chongqing has built 12 “industry brain” digital platforms"),
             src(S002, "Key digital manufacturing indicators now rank first in western China")],
            figures=[fig("“Industry brain” platforms", 12, "platforms", "2025-11", S002, "built 12 “industry brain” digital platforms"),
                     fig("National-level smart factories", 22, "factories", "2025-11", S002, "22 national-level smart factories"),
                     fig("Future factories", 10, "factories", "2025-11", S002, "10 future factories"),
                     fig("Smart factories", 211, "factories", "2025-11", S002, "211 smart factories"),
                     fig("Key digital manufacturing indicators in western China", 1, "", "2025-11", S002, "Key digital manufacturing indicators now rank first in western China", words="first")],
            event_date=MATCHMAKING),
    feature("cq-electronics-software-targets", "figures", "statistic", "Electronics and software in Chongqing: 2025 targets", "重庆电子信息与软件：2025年目标",
            point(None, MUNICIPAL_GOVERNMENT), None, "targets",
            "Servers, laptops and software, with last year's baselines: Chongqing is developing AI smartphones and PCs, servers and compound semiconductors, advanced packaging and intelligent robots.",
            [src(S003, "Chongqing is set to exceed a production capacity of 100,000 servers and increase the unit price of laptops by more than 8%"),
             src(S003, "The goal is to increase the software industry’s main business income from 420.1 billion yuan last year to 500 billion yuan")],
            figures=[fig("Server production capacity to exceed", 100000, "servers", "2025 target", S003, "Chongqing is set to exceed a production capacity of 100,000 servers"),
                     fig("Laptop unit price increase target", 8, "% (more than)", "2025 target", S003, "increase the unit price of laptops by more than 8%"),
                     fig("Software industry main business income", 420.1, "billion yuan", "2024", S003, "main business income from 420.1 billion yuan last year", chart=SOFTWARE_INCOME),
                     fig("Software industry main business income target", 500, "billion yuan", "2025 target", S003, "from 420.1 billion yuan last year to 500 billion yuan", chart=SOFTWARE_INCOME),
                     fig("Software industry employment", 437000, "people", "2024", S003, "employment in the sector expected to grow from 437,000", chart=SOFTWARE_JOBS),
                     fig("Software industry employment target", 500000, "people (over)", "2025 target", S003, "expected to grow from 437,000 to over 500,000", chart=SOFTWARE_JOBS)],
            event_date=PRESS_CONFERENCE, event_date_note="Targets given at the press conference of 20 January 2025"),
    feature("cq-rail-exports-jan-2025", "figures", "statistic", "Chongqing's rail-based exports, January 2025", "重庆铁路运输出口（2025年1月）",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Rail-based automobile and NEV exports in January 2025; the article gives no base values.",
            [src(S004, "Chongqing’s rail-based exports are booming, with automobile exports up by more than 60% and new energy vehicle exports rising an impressive 563% in January 2025 alone")],
            figures=[fig("Rail-based automobile exports", 60, "% (more than)", "Jan 2025", S004, "automobile exports up by more than 60%", chart=RAIL_EXPORTS),
                     fig("Rail-based NEV exports", 563, "%", "Jan 2025", S004, "new energy vehicle exports rising an impressive 563% in January 2025 alone", chart=RAIL_EXPORTS)],
            event_date="2025-01-31", event_date_note="The month of January 2025 the figures describe (its last day)"),
    feature("chengdu-chongqing-economic-circle", "figures", "statistic", "Chengdu–Chongqing economic circle: manufacturing together", "成渝地区双城经济圈：共同制造",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Sichuan and Chongqing together: a trillion-yuan NEV industry as the goal, a supply-demand platform of over 2,000 vehicle and component makers, one in seven of China's vehicles, and a global electronics hub.",
            [src(S004, "promoting a trillion-yuan new energy automobile industry"),
             src(S004, "a supply-demand platform has been established with over 2,000 vehicle and component manufacturers"),
             src(S004, "Together, Sichuan and Chongqing now produce one out of every seven vehicles in China"),
             src(S004, "To date, more than 40 billion industrial internet labels have been registered across Sichuan and Chongqing")],
            figures=[fig("NEV industry scale goal", 1, "trillion yuan", "goal", S004, "promoting a trillion-yuan new energy automobile industry", words="trillion-yuan"),
                     fig("Supply-demand platform members", 2000, "vehicle and component manufacturers (over)", "2025", S004, "with over 2,000 vehicle and component manufacturers"),
                     fig("Share of China's vehicles", 1 / 7, "", "2025", S004, "produce one out of every seven vehicles in China", words="one out of every seven", chart=SHARES),
                     fig("Share of the world's iPads", 2 / 3, "", "annual", S004, "manufacturing two-thirds of the world’s iPads", words="two-thirds", chart=SHARES),
                     fig("Laptops", 80, "million (nearly)", "annual", S004, "nearly 80 million laptops"),
                     fig("Smartphones", 100, "million (over)", "annual", S004, "over 100 million smartphones annually"),
                     fig("Industrial internet labels registered", 40, "billion (more than)", "to date", S004, "more than 40 billion industrial internet labels")],
            wide="region-wide"),
]

write("low_altitude", "Low-altitude economy scenarios", low_altitude)
write("logistics", "Logistics hubs and corridors", logistics + corridors)
write("industry", "Industrial projects and clusters", industry)
write("figures", "Municipal figures", figures)
