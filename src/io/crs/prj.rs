//! A coordinate system from its Well-Known Text (a Shapefile's `.prj`, a GeoPackage's
//! `gpkg_spatial_ref_sys`, a FlatGeobuf header): the EPSG code the text names when it names
//! one, else the EPSG system whose definition has the same projection, parameters and
//! ellipsoid. Esri's `.prj` files name no code (`CGCS2000_3_Degree_GK_CM_108E`), so matching
//! by parameters is what finds EPSG:4545 for them, as GDAL's `AutoIdentifyEPSG` does.

use std::sync::OnceLock;

use crate::io::crs::Crs;
use crate::io::crs::wkt::{Node, parse};

/// What identifies a system for matching: its projection with parameters, and its ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Params {
    /// `None` for geographic lon/lat.
    projection: Option<Projection>,
    semi_major: f64,
    inverse_flattening: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Projection {
    TransverseMercator {
        central_meridian: f64,
        latitude_of_origin: f64,
        scale: f64,
        false_easting: f64,
        false_northing: f64,
    },
    WebMercator,
}

impl Params {
    fn matches(&self, other: &Params) -> bool {
        let close = |a: f64, b: f64, tolerance: f64| (a - b).abs() <= tolerance;
        let ellipsoid = close(self.semi_major, other.semi_major, 0.5)
            && close(self.inverse_flattening, other.inverse_flattening, 1e-4);
        let projection = match (self.projection, other.projection) {
            (None, None) | (Some(Projection::WebMercator), Some(Projection::WebMercator)) => true,
            (
                Some(Projection::TransverseMercator {
                    central_meridian: a0,
                    latitude_of_origin: b0,
                    scale: k0,
                    false_easting: e0,
                    false_northing: n0,
                }),
                Some(Projection::TransverseMercator {
                    central_meridian: a1,
                    latitude_of_origin: b1,
                    scale: k1,
                    false_easting: e1,
                    false_northing: n1,
                }),
            ) => {
                close(a0, a1, 1e-7)
                    && close(b0, b1, 1e-7)
                    && close(k0, k1, 1e-9)
                    && close(e0, e1, 1e-3)
                    && close(n0, n1, 1e-3)
            }
            _ => false,
        };
        // Web Mercator is defined on a sphere whatever ellipsoid the text names.
        projection && (ellipsoid || self.projection == Some(Projection::WebMercator))
    }
}

/// `(a, 1/f)` of the ellipsoids EPSG definitions name by `+ellps`.
fn ellipsoid(name: &str) -> Option<(f64, f64)> {
    Some(match name {
        "WGS84" => (6378137.0, 298.257223563),
        "GRS80" => (6378137.0, 298.257222101),
        "krass" => (6378245.0, 298.3),
        "IAU76" => (6378140.0, 298.257),
        "intl" => (6378388.0, 297.0),
        "clrk66" => (6378206.4, 294.978_698_213_898),
        "WGS72" => (6378135.0, 298.26),
        "bessel" => (6377397.155, 299.152_812_8),
        _ => return None,
    })
}

/// The parameters of a PROJ string from the EPSG definitions, for the kinds matched here.
fn proj_params(definition: &str) -> Option<Params> {
    let value = |key: &str| {
        definition
            .split_whitespace()
            .find_map(|p| p.strip_prefix('+')?.strip_prefix(key)?.strip_prefix('='))
    };
    let number = |key: &str, default: f64| value(key).map_or(Some(default), |v| v.parse().ok());
    let (semi_major, inverse_flattening) = match (value("ellps"), value("datum"), value("a")) {
        (Some(name), _, _) => ellipsoid(name)?,
        (None, Some("WGS84"), _) => ellipsoid("WGS84")?,
        (None, _, Some(a)) => {
            let a: f64 = a.parse().ok()?;
            match (value("rf"), value("b")) {
                (Some(rf), _) => (a, rf.parse().ok()?),
                (None, Some(b)) => {
                    let b: f64 = b.parse().ok()?;
                    (a, if a == b { 0.0 } else { a / (a - b) })
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let projection = match value("proj")? {
        "longlat" => None,
        "tmerc" => Some(Projection::TransverseMercator {
            central_meridian: number("lon_0", 0.0)?,
            latitude_of_origin: number("lat_0", 0.0)?,
            scale: number("k", 1.0).or_else(|| number("k_0", 1.0))?,
            false_easting: number("x_0", 0.0)?,
            false_northing: number("y_0", 0.0)?,
        }),
        "utm" => {
            let zone: f64 = value("zone")?.parse().ok()?;
            let south = definition.split_whitespace().any(|p| p == "+south");
            Some(Projection::TransverseMercator {
                central_meridian: zone * 6.0 - 183.0,
                latitude_of_origin: 0.0,
                scale: 0.9996,
                false_easting: 500_000.0,
                false_northing: if south { 10_000_000.0 } else { 0.0 },
            })
        }
        "merc" if value("a") == Some("6378137") && value("b") == Some("6378137") => {
            Some(Projection::WebMercator)
        }
        _ => return None,
    };
    Some(Params {
        projection,
        semi_major,
        inverse_flattening,
    })
}

/// Every EPSG definition of a kind matched here, with its parameters: built once, on the first
/// `.prj` that names no code.
fn epsg_params() -> &'static [(u32, Params)] {
    static TABLE: OnceLock<Vec<(u32, Params)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (1..=u16::MAX)
            .filter_map(|code| {
                let definition = crs_definitions::from_code(code)?;
                Some((u32::from(code), proj_params(definition.proj4)?))
            })
            .collect()
    })
}

/// The systems Chinese data comes in, preferred when several EPSG codes share parameters.
fn preference(code: u32) -> u32 {
    match code {
        4326 | 4490 | 3857 => 0,
        4491..=4554 => 1,
        32601..=32660 | 32701..=32760 => 2,
        2327..=2442 | 21413..=21483 | 4214 | 4610 => 3,
        _ => 4,
    }
}

fn length(node: &Node) -> f64 {
    node.numbers().next().unwrap_or(f64::NAN)
}

/// The parameters of a parsed WKT system.
fn wkt_params(root: &Node) -> Result<Params, String> {
    let spheroid = root
        .find(&["SPHEROID", "ELLIPSOID"])
        .ok_or("it names no ellipsoid")?;
    let mut numbers = spheroid.numbers();
    let (Some(semi_major), Some(inverse_flattening)) = (numbers.next(), numbers.next()) else {
        return Err(format!(
            "its ellipsoid \"{}\" gives no size",
            spheroid.name()
        ));
    };
    let projected = root.keyword().eq_ignore_ascii_case("PROJCS")
        || root.keyword().eq_ignore_ascii_case("PROJCRS");
    if !projected {
        return Ok(Params {
            projection: None,
            semi_major,
            inverse_flattening,
        });
    }
    let method = root
        .find(&["PROJECTION", "METHOD"])
        .map(Node::name)
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_");
    let parameter = |names: &[&str], default: f64| -> f64 {
        (root.children().iter())
            .chain(root.find(&["CONVERSION"]).map_or(&[][..], Node::children))
            .filter(|c| c.keyword().eq_ignore_ascii_case("PARAMETER"))
            .find(|c| {
                let name = c.name().to_ascii_lowercase().replace(' ', "_");
                names.contains(&name.as_str())
            })
            .map_or(default, length)
    };
    let projection = if method.contains("transverse_mercator") || method.contains("gauss_kruger") {
        Projection::TransverseMercator {
            central_meridian: parameter(&["central_meridian", "longitude_of_natural_origin"], 0.0),
            latitude_of_origin: parameter(
                &["latitude_of_origin", "latitude_of_natural_origin"],
                0.0,
            ),
            scale: parameter(&["scale_factor", "scale_factor_at_natural_origin"], 1.0),
            false_easting: parameter(&["false_easting"], 0.0),
            false_northing: parameter(&["false_northing"], 0.0),
        }
    } else if method.contains("mercator_auxiliary_sphere")
        || method.contains("popular_visualisation")
        || root.name().to_ascii_lowercase().contains("web_mercator")
        || root.name().to_ascii_lowercase().contains("pseudo_mercator")
    {
        Projection::WebMercator
    } else {
        return Err(format!(
            "its projection \"{}\" is not one the app converts (Transverse Mercator, Gauss-Kruger, \
             UTM, Web Mercator)",
            root.find(&["PROJECTION", "METHOD"])
                .map(Node::name)
                .unwrap_or("none")
        ));
    };
    Ok(Params {
        projection: Some(projection),
        semi_major,
        inverse_flattening,
    })
}

/// The EPSG code the WKT's own authority names, when it names one.
fn named_code(root: &Node) -> Option<u32> {
    let id = root.child(&["AUTHORITY", "ID"])?;
    let mut values = id.children().iter();
    match (values.next(), values.next()) {
        (Some(Node::Text(authority)), Some(code)) if authority.eq_ignore_ascii_case("EPSG") => {
            match code {
                Node::Text(t) => t.parse().ok(),
                Node::Number(n) if n.fract() == 0.0 && *n > 0.0 => Some(*n as u32),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The coordinate system a WKT text describes, or why it cannot be used: the EPSG code it
/// names, else the EPSG system with the same parameters, else its own definition as a PROJ
/// string (an Albers or Lambert projection with no code).
pub fn crs_from_wkt(text: &str) -> Result<Crs, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    let root = parse(text).map_err(|e| format!("the coordinate system text is not WKT: {e}"))?;
    let known = |code: u32| match code {
        4326 => Crs::Wgs84,
        code => Crs::Epsg(code),
    };
    if let Some(code) = named_code(&root)
        && crate::io::crs::Reprojection::new(known(code)).is_ok()
    {
        return Ok(known(code));
    }
    if let Ok(params) = wkt_params(&root)
        && let Some(code) = matching_epsg(&root, &params)
    {
        return Ok(known(code));
    }
    let projected = ["PROJCS", "PROJCRS", "PROJECTEDCRS"]
        .iter()
        .any(|k| root.keyword().eq_ignore_ascii_case(k));
    let definition = definition_from_wkt(&root);
    // GDAL names a system it made from parameters "unknown": its method says more.
    let name = match (root.name(), &definition.method) {
        ("" | "unknown", Some(method)) => format!("{method} (unnamed)"),
        (name, _) => name.to_owned(),
    };
    match super::proj_string::proj_string(&definition) {
        Ok(proj) => Ok(Crs::Custom(super::custom::CustomId::intern(
            super::custom::CustomSystem { name, proj },
        ))),
        Err(e) if projected => Err(format!("{PROJECTED_PROBLEM} \"{}\": {e}", root.name())),
        Err(e) => Err(format!("coordinate system \"{}\": {e}", root.name())),
    }
}

/// How an unusable projected system's problem begins: its coordinates are then not degrees,
/// whatever their values, and must not be read as WGS84.
const PROJECTED_PROBLEM: &str = "projected coordinate system";

fn matching_epsg(root: &Node, params: &Params) -> Option<u32> {
    let datum = root
        .find(&["DATUM"])
        .map(|d| d.name().to_ascii_lowercase())
        .unwrap_or_default();
    let is_cgcs2000 = datum.contains("2000") || datum.contains("china");
    epsg_params()
        .iter()
        .filter(|(_, candidate)| candidate.matches(params))
        .min_by_key(|(code, _)| {
            // CGCS2000 and WGS84 share their size to a tenth of a millimetre of flattening:
            // the datum's name tells them apart.
            let cgcs_code = matches!(code, 4490..=4554);
            (
                preference(*code),
                u32::from(cgcs_code != is_cgcs2000),
                *code,
            )
        })
        .map(|(code, _)| *code)
}

/// A parsed WKT system's parameters, for its PROJ string.
fn definition_from_wkt(root: &Node) -> super::proj_string::Definition {
    let spheroid = root.find(&["SPHEROID", "ELLIPSOID"]);
    let mut size = spheroid.into_iter().flat_map(Node::numbers);
    let (semi_major, inverse_flattening) = (
        size.next().unwrap_or(f64::NAN),
        size.next().unwrap_or(f64::NAN),
    );
    let method = root
        .find(&["PROJECTION", "METHOD"])
        .map(|m| m.name().to_owned());
    let parameters = (root.children().iter())
        .chain(root.find(&["CONVERSION"]).map_or(&[][..], Node::children))
        .filter(|c| c.keyword().eq_ignore_ascii_case("PARAMETER"))
        .map(|c| (c.name().to_owned(), length(c)))
        .collect();
    // WKT 1 puts the linear unit under PROJCS; WKT 2 under the coordinate system's axes.
    let metres_per_unit = (root.children().iter())
        .find(|c| {
            ["UNIT", "LENGTHUNIT"]
                .iter()
                .any(|k| c.keyword().eq_ignore_ascii_case(k))
        })
        .or_else(|| root.find(&["LENGTHUNIT"]))
        .and_then(|u| u.numbers().next())
        .filter(|m| m.is_finite() && *m > 0.0)
        .unwrap_or(1.0);
    super::proj_string::Definition {
        name: root.name().to_owned(),
        method,
        parameters,
        semi_major,
        inverse_flattening,
        towgs84: root
            .find(&["TOWGS84"])
            .map(|t| t.numbers().collect::<Vec<f64>>())
            .filter(|v| v.iter().any(|x| *x != 0.0)),
        metres_per_unit,
    }
}

/// Whether a bounding box `[west, south, east, north]` can be longitude/latitude degrees.
fn looks_like_degrees(bbox: [f64; 4]) -> bool {
    bbox.iter().all(|v| v.is_finite())
        && (-180.0..=180.0).contains(&bbox[0])
        && (-180.0..=180.0).contains(&bbox[2])
        && (-90.0..=90.0).contains(&bbox[1])
        && (-90.0..=90.0).contains(&bbox[3])
}

/// The CGCS2000 Gauss-Kruger zone whose number prefixes eastings like these (Chinese
/// surveying writes zone 36 as 36,500,000 m at its central meridian), if they all agree.
fn gauss_kruger_zone(bbox: [f64; 4]) -> Option<Crs> {
    let zone = (bbox[0] / 1e6).floor();
    if zone != (bbox[2] / 1e6).floor() || !(0.0..=10_000_000.0).contains(&bbox[1]) {
        return None;
    }
    match zone as u32 {
        zone @ 13..=23 => Some(Crs::Epsg(4491 + zone - 13)),
        zone @ 25..=45 => Some(Crs::Epsg(4513 + zone - 25)),
        _ => None,
    }
}

/// The system a layer's coordinates are read in: the user's choice, else what the file
/// declares (`declared`, `None` when it declares nothing), else what its extent shows. When the
/// extent is all there is to go on, the layer says what was assumed; when nothing fits, the
/// error says how to choose.
pub fn resolve_crs(
    override_crs: Option<Crs>,
    declared: Option<Result<Crs, String>>,
    bbox: [f64; 4],
    what: &str,
) -> Result<(Crs, Option<crate::model::LoadWarning>), crate::io::read::ReadError> {
    use crate::model::LoadWarning;
    if let Some(crs) = override_crs {
        return Ok((crs, None));
    }
    let problem = match declared {
        Some(Ok(crs)) => return Ok((crs, None)),
        Some(Err(problem)) => problem,
        None => format!("{what} declares no coordinate system"),
    };
    if problem.contains(PROJECTED_PROBLEM) {
        return Err(crate::io::read::ReadError::Crs(format!(
            "{problem}. Its coordinates are projected, not longitude/latitude: choose its \
             coordinate system, or convert it to WGS84 first (e.g. ogr2ogr -t_srs EPSG:4326)"
        )));
    }
    if !bbox.iter().all(|v| v.is_finite()) {
        // No coordinate at all: nothing to place, so nothing to ask; rows say why they have
        // no place.
        return Ok((Crs::Wgs84, None));
    }
    if looks_like_degrees(bbox) {
        return Ok((
            Crs::Wgs84,
            Some(LoadWarning::file_level(format!(
                "{problem}; its coordinates look like longitude/latitude and were read as WGS84. \
                 If the layer sits off the basemap, choose its coordinate system in the layer \
                 panel"
            ))),
        ));
    }
    if let Some(zone) = gauss_kruger_zone(bbox) {
        return Ok((
            zone,
            Some(LoadWarning::file_level(format!(
                "{problem}; its eastings carry a Gauss-Kruger zone number, so it was read as \
                 {zone}. If the layer is misplaced, choose its coordinate system in the layer \
                 panel"
            ))),
        ));
    }
    Err(crate::io::read::ReadError::Crs(format!(
        "{problem}, and its coordinates ({:.0}, {:.0} to {:.0}, {:.0}) are not longitude/latitude: \
         the layer cannot be placed without knowing its system. Give the file its system (for a \
         Shapefile, the .prj that came with it), or convert it to WGS84 first (e.g. ogr2ogr \
         -t_srs EPSG:4326)",
        bbox[0], bbox[1], bbox[2], bbox[3]
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ESRI_GK_108: &str = r#"PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    #[test]
    fn esri_prj_files_without_codes_are_matched_by_their_parameters() {
        assert_eq!(crs_from_wkt(ESRI_GK_108), Ok(Crs::Epsg(4545)));
        let zone_36 = ESRI_GK_108
            .replace("CM_108E", "Zone_36")
            .replace("500000.0", "36500000.0");
        assert_eq!(crs_from_wkt(&zone_36), Ok(Crs::Epsg(4524)));
        let geographic = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_from_wkt(geographic), Ok(Crs::Epsg(4490)));
        let wgs84 = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_from_wkt(wgs84), Ok(Crs::Wgs84));
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_wkt(utm), Ok(Crs::Epsg(32648)));
        let xian = r#"PROJCS["Xian_1980_3_Degree_GK_CM_108E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let Ok(Crs::Epsg(code)) = crs_from_wkt(xian) else {
            panic!("Xi'an 1980 GK CM 108E is known")
        };
        assert!((2327..=2390).contains(&code), "{code}");
        let web = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_wkt(web), Ok(Crs::Epsg(3857)));
    }

    #[test]
    fn without_a_declaration_the_extent_decides_or_the_error_explains() {
        let chongqing = [105.3, 28.2, 110.2, 32.2];
        let (crs, warning) = resolve_crs(None, None, chongqing, "the Shapefile").unwrap();
        assert_eq!(crs, Crs::Wgs84);
        assert!(
            warning
                .unwrap()
                .message
                .contains("declares no coordinate system")
        );
        let zone_36 = [36_400_000.0, 3_200_000.0, 36_600_000.0, 3_500_000.0];
        let (crs, _) = resolve_crs(None, None, zone_36, "the Shapefile").unwrap();
        assert_eq!(crs, Crs::Epsg(4524));
        let unknown = [400_000.0, 3_200_000.0, 600_000.0, 3_500_000.0];
        let err = resolve_crs(None, Some(Err("bad .prj".into())), unknown, "x").unwrap_err();
        assert!(
            err.to_string().starts_with("bad .prj, and its coordinates"),
            "{err}"
        );
        let (crs, warning) = resolve_crs(Some(Crs::Gcj02), None, unknown, "x").unwrap();
        assert_eq!((crs, warning), (Crs::Gcj02, None));
    }

    #[test]
    fn a_named_code_is_taken_and_garbage_is_a_message() {
        // WKT 2 as PROJ writes it, with its ID, and a name nothing else would match.
        let wkt2 = r#"PROJCRS["my zone",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101]]],CONVERSION["c",METHOD["Lambert Conic Conformal (2SP)"]],ID["EPSG",4545]]"#;
        assert_eq!(crs_from_wkt(wkt2), Ok(Crs::Epsg(4545)));
        let err = crs_from_wkt("this is not a projection").unwrap_err();
        assert!(err.contains("not WKT"), "{err}");
        let err = crs_from_wkt(r#"PROJCS["x",GEOGCS["y""#).unwrap_err();
        assert!(err.contains("not WKT"), "{err}");
        let robinson = ESRI_GK_108.replace("Gauss_Kruger", "Robinson");
        let err = crs_from_wkt(&robinson).unwrap_err();
        assert!(err.contains("\"Robinson\""), "{err}");
        assert!(err.starts_with(PROJECTED_PROBLEM), "{err}");
        // A projected system that cannot be converted is never read as degrees.
        let small = [1.0, 2.0, 3.0, 4.0];
        let e = resolve_crs(None, Some(Err(err)), small, "x").unwrap_err();
        assert!(e.to_string().contains("not longitude/latitude"), "{e}");
    }

    const KRASOVSKY_ALBERS: &str = r#"PROJCS["Krasovsky_1940_Albers",GEOGCS["GCS_Krasovsky_1940",DATUM["D_Krasovsky_1940",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Albers"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Standard_Parallel_1",25.0],PARAMETER["Standard_Parallel_2",47.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    #[test]
    fn an_esri_albers_and_lambert_without_codes_convert_where_proj_puts_them() {
        let crs = crs_from_wkt(KRASOVSKY_ALBERS).unwrap();
        assert!(matches!(crs, Crs::Custom(_)), "{crs:?}");
        assert_eq!(crs.to_string(), "Krasovsky_1940_Albers");
        // gdaltransform from +proj=longlat +ellps=krass: 106.55, 29.56 →
        let p = crate::io::crs::Reprojection::new(crs)
            .unwrap()
            .coord(geo::coord! { x: 148_533.003_830_687, y: 3_123_511.988_463_62 })
            .unwrap();
        assert!(
            (p.x - 106.55).abs() < 1e-7 && (p.y - 29.56).abs() < 1e-7,
            "{p:?}"
        );
        let lambert = KRASOVSKY_ALBERS
            .replace("\"Albers\"", "\"Lambert_Conformal_Conic\"")
            .replace("Krasovsky_1940_Albers", "Asia_Lambert");
        assert_eq!(crs_from_wkt(&lambert).unwrap().to_string(), "Asia_Lambert");
    }
}
