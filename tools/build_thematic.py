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


def fig(label, value, unit, period, seed, quote, yoy=None):
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


def feature(fid, layer, category, name_en, name_zh, geometry, place_id, status, summary, sources, figures=(), dates=None, extra=None):
    label, km, note = precision(place_id) if place_id else ("municipality-wide", None, "Point marks the Chongqing Municipal People's Government; the figures describe the whole municipality")
    props = {
        "id": fid,
        "layer": layer,
        "category": category,
        "name_en": name_en,
        "name_zh": name_zh,
        "status": status,
        "summary": summary,
        "dates": dates or sorted({s["date"] for s in sources}),
        "figures": list(figures),
        "sources": sources,
        "location_precision": label,
        "approximate": label != "site",
        "location_note": note,
    }
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


low_altitude = [
    feature("liangping-scenario", "low_altitude", "low_altitude_scenario",
            "Liangping: “Integrated Planning, Construction, and Governance”", "梁平区低空场景：规建治一体化",
            point("liangping_low_altitude_scenario"), "liangping_low_altitude_scenario",
            "released 2025-09-07",
            "Low-altitude scenario of Liangping District released at the 2025 Low-Altitude Industry Ecosystem Conference. The scenario covers the district; the point marks the district seat.",
            [src(S000, "The conference released the “Integrated Planning, Construction, and Governance” low-altitude scenario from Liangping District in Chongqing")],
            extra={"district": "Liangping District"}),
    feature("fengjie-scenario", "low_altitude", "low_altitude_scenario",
            "Fengjie: “Soaring with the Wind Over the City of Poetry”", "奉节县低空场景：御风诗城",
            point("fengjie_low_altitude_scenario"), "fengjie_low_altitude_scenario",
            "released 2025-09-07",
            "Low-altitude (cultural tourism) scenario of Fengjie County, the 'City of Poetry', released at the 2025 conference. County-wide; the point marks the county seat.",
            [src(S000, "the “Soaring with the Wind Over the City of Poetry” low-altitude scenario from Fengjie County")],
            extra={"district": "Fengjie County"}),
    feature("low-altitude-conference-2025", "low_altitude", "event",
            "2025 Low-Altitude Industry Ecosystem Conference", "2025低空产业生态大会",
            point("chongqing_international_expo_center"), "chongqing_international_expo_center",
            "held 2025-09-07",
            "Part of the 2025 World Smart Industry Expo. Released the Liangping and Fengjie scenarios and signed the 'Framework Agreement on Building a Regional Aviation Logistics Hub' and the 'Strategic Cooperation Agreement on the Low-Altitude Economy' (sites of the agreements not stated).",
            [src(S000, "was held on September 7 at the Chongqing International Expo Center"),
             src(S000, "It also held signing ceremonies for the “Framework Agreement on Building a Regional Aviation Logistics Hub” and the “Strategic Cooperation Agreement on the Low-Altitude Economy”")],
            extra={"district": "Liangjiang New Area (Yubei District at the time)"}),
    feature("liangjiang-low-altitude-plus", "low_altitude", "low_altitude_scenario",
            "Liangjiang “low-altitude +” scenarios (smart city, logistics, cultural tourism)", "两江新区“低空+”场景",
            point("liangjiang_new_area"), "liangjiang_new_area",
            "planned",
            "Liangjiang New Area plans typical 'low-altitude +' application scenarios, building on its NEV, AI and software, high-end equipment and biomedicine industries.",
            [src(S000, "develop typical application scenarios like “low-altitude + smart city,” “low-altitude + logistics,” and “low-altitude + cultural tourism.”")],
            extra={"district": "Liangjiang New Area"}),
]

logistics = [
    feature("guoyuan-port", "logistics", "logistics_hub", "Guoyuan Port (port-type national logistics hub)", "果园港（港口型国家物流枢纽）",
            point("port_type_hub_guoyuan"), "port_type_hub_guoyuan", "operating",
            "Yangtze port in Liangjiang; Chongqing is the first city to host all five types of national logistics hub. Site of the port-type hub is external research, not the seed.",
            [src(S002, "It is China’s first city to host all five types of national logistics hubs—port, land port, airport, production service, and business service")],
            figures=[fig("National logistics hub types hosted", 5, "types", "2025-11", S002, "all five types of national logistics hubs")]),
    feature("tuanjiecun-land-port", "logistics", "logistics_hub", "Chongqing International Logistics Hub Park, Tuanjiecun (land-port hub, China–Europe Railway Express)", "团结村（陆港型国家物流枢纽，中欧班列）",
            point("land_port_hub_tuanjiecun"), "land_port_hub_tuanjiecun", "operating",
            "Rail terminal of the China–Europe Railway Express and the New International Land–Sea Trade Corridor in Shapingba.",
            [src(S002, "linking Southeast Asia via the New International Land-Sea Trade Corridor and Europe via the China-Europe Railway Express")]),
    feature("jiangbei-airport", "logistics", "airport", "Chongqing Jiangbei International Airport (airport-type hub)", "重庆江北国际机场",
            point("chongqing_jiangbei_airport"), "chongqing_jiangbei_airport", "operating",
            "Airport-type national logistics hub.",
            [src(S002, "port, land port, airport, production service, and business service")]),
    feature("xinsheng-port", "logistics", "port", "Xinsheng Port, Zhong County (first 10,000-ton terminal)", "新生港",
            point("xinsheng_port"), "xinsheng_port", "operating",
            "Yangtze port in Zhong County; the point marks the county seat (port site not verified).",
            [src(S004, "the first 10,000-ton terminal at Chongqing’s Xinsheng Port")]),
    feature("new-chongqing-airport", "logistics", "airport", "New Chongqing airport (Bishan)", "重庆新机场（璧山）",
            point("new_chongqing_airport_bishan"), "new_chongqing_airport_bishan",
            "seed: under construction; official timeline (Nov 2024): works from the 15th Five-Year Plan, opening targeted 2030",
            "Second Chongqing airport. The seed says construction is underway; the Bishan government spoke of preparatory works only. Site triangulated from published distances.",
            [src(S004, "construction of a new airport in Chongqing is underway")]),
    feature("tianfu-airport", "logistics", "airport", "Chengdu Tianfu International Airport (Sichuan)", "成都天府国际机场",
            point("chengdu_tianfu_international_airport"), "chengdu_tianfu_international_airport", "operating since 2021-06-27",
            "Outside Chongqing; cited as a Chengdu–Chongqing infrastructure achievement.",
            [src(S004, "Chengdu Tianfu International Airport has opened")]),
]

def line(*nodes):
    return {"type": "LineString", "coordinates": [list(n) for n in nodes]}

corridors = [
    feature("zhengzhou-chongqing-hsr", "logistics", "transport_corridor", "Zhengzhou–Chongqing high-speed railway", "郑渝高铁",
            line((113.7730, 34.7601), (109.46077, 31.02216), (108.69332, 30.93295), (108.36219, 30.8655), (106.547083, 29.610417)),
            "zhengzhou_chongqing_hsr", "fully operating since 2022-06-20",
            "Schematic line through the stations with known positions: Zhengzhou East, Fengjie and Yunyang (county seats), Wanzhou North, Chongqing North. Stations in Hubei (Xiangyang East … Badong) are not placed, so the line is straight across them.",
            [src(S004, "The Zhengzhou-Chongqing high-speed railway is now operational")],
            extra={"geometry_note": "schematic"}),
    feature("china-europe-railway-express", "logistics", "transport_corridor", "China–Europe Railway Express (Chengdu–Chongqing)", "中欧班列（成渝）",
            line((106.37, 29.62), (104.2425, 30.8684), (82.57, 45.17), (6.76, 51.43)),
            "china_europe_railway_express_chengdu_chongqing", "operating",
            "Schematic: Tuanjiecun → Chengdu International Railway Port → Alashankou border crossing → Duisburg. Real routes run via several border crossings.",
            [src(S004, "The China-Europe Railway Express (Chengdu-Chongqing) now connects nearly 120 cities across Asia and Europe"),
             src(S004, "accounting for one-third of the country’s total")],
            figures=[fig("Cities connected", 120, "cities (nearly)", "2025", S004, "now connects nearly 120 cities across Asia and Europe"),
                     fig("Freight train trips", 5700, "trips (over)", "2024", S004, "with over 5,700 freight train trips in 2024")],
            extra={"geometry_note": "schematic"}),
    feature("land-sea-corridor", "logistics", "transport_corridor", "New International Land–Sea Trade Corridor", "西部陆海新通道",
            line((106.37, 29.62), (108.62, 21.70), (103.85, 1.29)),
            "new_international_land_sea_trade_corridor", "operating",
            "Schematic: Tuanjiecun → Qinzhou Port (Beibu Gulf) → Singapore. The rail legs run by three routes (via Guiyang–Nanning, Huaihua–Liuzhou, Luzhou/Yibin–Baise).",
            [src(S004, "now links 560 ports in 127 countries and regions")],
            figures=[fig("Ports linked", 560, "ports", "2025", S004, "now links 560 ports in 127 countries and regions"),
                     fig("Countries and regions", 127, "countries and regions", "2025", S004, "560 ports in 127 countries and regions"),
                     fig("Cargo volume growth", 41, "% YoY", "2024", S004, "a 41% year-on-year increase in cargo volume", yoy=41),
                     fig("Cargo value growth", 67, "% YoY", "2024", S004, "a 67% surge in cargo value", yoy=67)],
            extra={"geometry_note": "schematic"}),
]

industry = [
    feature("changan-yubei-new-factory", "industry", "industrial_project", "Changan Yubei New Factory / Digital Intelligence Factory", "长安汽车渝北新工厂（数智工厂）",
            point("changan_yubei_new_factory"), "changan_yubei_new_factory", "operating",
            "Changan's Yubei plant; the 2025 article calls it the Changan Automobile Digital Intelligence Factory, powered by batteries made in Sichuan.",
            [src(S003, "vehicle projects like the Changan Yubei New Factory and the Seres Super Factory"),
             src(S004, "the Changan Automobile Digital Intelligence Factory assembles one new vehicle every 60 seconds")],
            figures=[fig("Assembly rate", 60, "seconds per vehicle", "2025", S004, "assembles one new vehicle every 60 seconds")]),
    feature("seres-super-factory", "industry", "industrial_project", "Seres Super Factory (AITO)", "赛力斯超级工厂",
            point("seres_super_factory"), "seres_super_factory", "operating",
            "NEV plant whose AITO M9 tops sales above 500,000 yuan. Site only known to lie in Liangjiang New Area.",
            [src(S003, "the Seres Super Factory"), src(S003, "the AITO M9 continues to top sales among models priced above 500,000 yuan")]),
    feature("liangjiang-nev-cluster", "industry", "industrial_cluster", "Liangjiang New Area NEV cluster", "两江新区新能源汽车产业集群",
            point("liangjiang_nev_cluster"), "liangjiang_nev_cluster", "operating",
            "One of eight municipal strategic emerging industry clusters.",
            [src(S003, "the new energy vehicle cluster in Liangjiang New Area")],
            figures=[fig("Municipal strategic emerging industry clusters", 8, "clusters", "2025-01", S003, "Eight municipal strategic emerging industry clusters are taking shape")]),
    feature("banan-biomedicine-cluster", "industry", "industrial_cluster", "Banan national-level biomedicine cluster", "巴南区国家级生物医药产业集群",
            point("banan_national_biomedicine_cluster"), "banan_national_biomedicine_cluster", "operating",
            "National-level biomedicine cluster in Banan District.",
            [src(S003, "the national-level biomedicine cluster in Banan District")]),
    feature("catl-changan-yibin", "industry", "industrial_project", "CATL Changan power battery base, Yibin (Sichuan)", "时代长安动力电池宜宾基地",
            point("catl_changan_yibin_battery_base"), "catl_changan_yibin_battery_base", "operating",
            "Joint venture of CATL, Deepal and Changan supplying Chongqing's car plants. Outside Chongqing; the point marks Yibin's city seat.",
            [src(S004, "In Yibin, Sichuan, the CATL Changan power battery base produces one electric core every second")],
            figures=[fig("Battery cells", 1, "cell per second", "2025", S004, "produces one electric core every second")]),
    feature("fangda-aviation-city", "industry", "industrial_cluster", "Fangda aviation cluster (HQ, leasing, catering, UAV R&D)", "方大航空产业集群",
            point("fangda_chongqing_aviation_city"), "fangda_chongqing_aviation_city", "under development",
            "Fangda Group's aviation assets since its 2024 strategic agreement. The point is an estimate near Jiangbei airport.",
            [src(S002, "New assets include Fangda Aviation International Headquarters")],
            figures=[fig("Investment it could drive", 100, "billion yuan", "when fully operational", S002, "could drive 100 billion yuan in investment"),
                     fig("Output it could generate", 350, "billion yuan (over)", "when fully operational", S002, "generate over 350 billion yuan in output"),
                     fig("Jobs", 25000, "jobs", "when fully operational", S002, "creating 25,000 jobs once fully operational")]),
    feature("fangda-engine-maintenance", "industry", "industrial_project", "Aero-engine maintenance base (Fangda)", "方大航空发动机维修基地",
            point("fangda_hna_engine_maintenance_base"), "fangda_hna_engine_maintenance_base", "phase 1 2025",
            "Makes Chongqing China's seventh city with full aero-engine maintenance capability. Site estimated (Xiyong).",
            [src(S002, "an engine maintenance firm that makes Chongqing China’s seventh city with full maintenance capability")],
            figures=[fig("Rank among Chinese cities with full maintenance capability", 7, "th", "2025", S002, "China’s seventh city with full maintenance capability")]),
]
for pid, county in [("wanzhou", "Wanzhou"), ("fengjie", "Fengjie"), ("yunyang", "Yunyang"), ("wuxi", "Wuxi")]:
    industry.append(feature(
        f"chint-spic-zero-carbon-{pid}", "industry", "industrial_project",
        f"CHINT–SPIC zero-carbon rural demonstration, {county}", f"正泰–国家电投零碳乡村示范（{ {'wanzhou':'万州','fengjie':'奉节','yunyang':'云阳','wuxi':'巫溪'}[pid] }）",
        point(f"chint_spic_zero_carbon_rural_demo_{pid}"), f"chint_spic_zero_carbon_rural_demo_{pid}", "planned",
        "Rooftop solar, centralized power collection and smart microgrids; planned with SPIC Chongqing. Site not stated: the point marks the district/county seat.",
        [src(S002, "Chint plans to work with SPIC Chongqing to launch zero-carbon rural demonstration projects"),
         src(S002, "in counties including Wanzhou, Fengjie, Yunyang, and Wuxi")],
        figures=[fig("CHINT investment in Chongqing", 10, "billion yuan (more than)", "to 2025-11", S002, "Chint has invested more than 10 billion yuan locally")]))

figures = [
    feature("cq-low-altitude-activity", "figures", "statistic", "Low-altitude flying in Chongqing, H1 2025", "重庆低空飞行（2025年上半年）",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Municipality-wide low-altitude flight statistics.",
            [src(S000, "In the first half of 2025, the city’s total low-altitude flight duration reached 190,000 hours")],
            figures=[fig("Flight hours", 190000, "hours", "H1 2025", S000, "total low-altitude flight duration reached 190,000 hours, a year-on-year increase of 109%", yoy=109),
                     fig("Flights", 1160000, "flights", "H1 2025", S000, "the number of flights reached 1.16 million, up 67% year-on-year", yoy=67)]),
    feature("cq-low-altitude-manufacturing", "figures", "statistic", "Low-altitude manufacturing in Chongqing", "重庆低空制造业",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Municipality-wide low-altitude manufacturing.",
            [src(S000, "The city is now home to 68 low-altitude manufacturing enterprises")],
            figures=[fig("Low-altitude manufacturing enterprises", 68, "enterprises", "2025-09", S000, "home to 68 low-altitude manufacturing enterprises"),
                     fig("of which complete-aircraft makers", 17, "manufacturers", "2025-09", S000, "including 17 complete aircraft manufacturers"),
                     fig("Output value", 8.3, "billion yuan", "2024", S000, "total output value of 8.3 billion yuan in 2024, an increase of 3.3%", yoy=3.3)]),
    feature("cq-nev-production", "figures", "statistic", "NEV production in Chongqing", "重庆新能源汽车产量",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "New-energy vehicles produced in Chongqing, and the 2025 target.",
            [src(S002, "the city produced 953,000 NEVs in 2024, up 94.5%")],
            figures=[fig("NEVs produced", 953000, "vehicles", "2024", S002, "the city produced 953,000 NEVs in 2024, up 94.5%", yoy=94.5),
                     fig("NEVs produced", 944000, "vehicles (more than)", "Jan–Oct 2025", S002, "more than 944,000 from January to October this year"),
                     fig("NEV production target", 1300000, "vehicles", "2025 target", S003, "rising from 953,000 last year to 1.3 million units"),
                     fig("Vehicle production target", 2600000, "vehicles", "2025 target", S003, "The goal is to produce 2.6 million vehicles")]),
    feature("cq-industrial-economy", "figures", "statistic", "Chongqing industrial economy", "重庆工业经济",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Industrial output, automotive share and the November 2025 matchmaking signings.",
            [src(S002, "the city’s industrial output reached 2.72 trillion yuan in 2024")],
            figures=[fig("Industrial output", 2.72, "trillion yuan", "2024", S002, "industrial output reached 2.72 trillion yuan in 2024"),
                     fig("Automotive share of industrial added value", 50, "% (over)", "2024", S003, "The automotive industry now accounts for over 50% of Chongqing's industrial-added value"),
                     fig("New cooperation agreements", 110, "billion yuan (more than)", "2025-11-25", S002, "more than 110 billion yuan (about 15.4 billion U.S. dollars) in new industrial cooperation agreements"),
                     fig("Newly signed projects", 159, "projects", "2025-11-25", S002, "the 159 newly signed projects"),
                     fig("National industrial categories covered", 31, "of 31", "2025", S002, "covering all 31 national industrial categories")]),
    feature("cq-smart-manufacturing", "figures", "statistic", "Smart manufacturing in Chongqing", "重庆智能制造",
            point(None, MUNICIPAL_GOVERNMENT), None, "statistic",
            "Digital platforms and smart factories.",
            [src(S002, "Chongqing has built 12 “industry brain” digital platforms")],
            figures=[fig("“Industry brain” platforms", 12, "platforms", "2025-11", S002, "built 12 “industry brain” digital platforms"),
                     fig("National-level smart factories", 22, "factories", "2025-11", S002, "22 national-level smart factories"),
                     fig("Future factories", 10, "factories", "2025-11", S002, "10 future factories"),
                     fig("Smart factories", 211, "factories", "2025-11", S002, "211 smart factories")]),
]

write("low_altitude", "Low-altitude economy scenarios", low_altitude)
write("logistics", "Logistics hubs and corridors", logistics + corridors)
write("industry", "Industrial projects and clusters", industry)
write("figures", "Municipal figures", figures)
