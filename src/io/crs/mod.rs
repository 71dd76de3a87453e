//! Coordinate reference systems a file may declare, and the one reprojection engine every
//! reader uses to bring positions to WGS84: China's GCJ-02 and BD-09 by their closed forms,
//! Web Mercator exactly, and any other EPSG code (CGCS2000 and its Gauss–Krüger zones, UTM,
//! Xi'an 80 and Beijing 54) through proj4rs with the EPSG definitions.
//!
//! Chinese web-map data (Amap, Tencent, most boundary packages) is published in GCJ-02, an
//! obfuscated datum offset from WGS84 by a few hundred metres. The shift is a closed-form
//! function of WGS84 position (the "eviltransform" formula, reproduced byte for byte by all
//! public implementations); its inverse has no closed form and is found by fixed-point
//! iteration, which converges to well below a millimetre in a handful of steps.

pub mod custom;
pub(crate) mod prj;
pub mod proj_string;
pub mod projjson;
pub(crate) mod wkt;

use std::f64::consts::PI;
use std::fmt;

/// The coordinate systems the app can read. Everything is held internally as WGS84.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Crs {
    /// WGS84 / CRS84 lon-lat degrees (RFC 7946 GeoJSON); CGCS2000 (EPSG:4490) is treated as
    /// identical, the two differ by centimetres.
    Wgs84,
    /// China's GCJ-02 "Mars coordinates", lon-lat degrees.
    Gcj02,
    /// Baidu's BD-09, a further offset of GCJ-02, lon-lat degrees.
    Bd09,
    /// Any other system by its EPSG code (projected metres or geographic degrees).
    Epsg(u32),
    /// A system with no EPSG code, by its definition (an Albers from an Esri `.prj`).
    Custom(custom::CustomId),
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Crs::Wgs84 => f.write_str("WGS84"),
            Crs::Gcj02 => f.write_str("GCJ-02"),
            Crs::Bd09 => f.write_str("BD-09"),
            Crs::Epsg(code) => match epsg_name(*code) {
                Some(name) => write!(f, "EPSG:{code} ({name})"),
                None => write!(f, "EPSG:{code}"),
            },
            Crs::Custom(id) => f.write_str(&id.system().name),
        }
    }
}

/// A readable name for the EPSG codes Chinese data comes in.
pub fn epsg_name(code: u32) -> Option<String> {
    Some(match code {
        3857 => "Web Mercator".into(),
        4490 => "CGCS2000".into(),
        4214 => "Beijing 1954".into(),
        4610 => "Xi'an 1980".into(),
        4491..=4501 => format!("CGCS2000 / Gauss-Kruger zone {}", code - 4478),
        4502..=4512 => format!("CGCS2000 / Gauss-Kruger CM {}E", 75 + (code - 4502) * 6),
        4513..=4533 => format!("CGCS2000 / 3-degree Gauss-Kruger zone {}", code - 4488),
        4534..=4554 => format!(
            "CGCS2000 / 3-degree Gauss-Kruger CM {}E",
            75 + (code - 4534) * 3
        ),
        32601..=32660 => format!("WGS 84 / UTM zone {}N", code - 32600),
        32701..=32760 => format!("WGS 84 / UTM zone {}S", code - 32700),
        2327..=2390 => "Xi'an 1980 / Gauss-Kruger".into(),
        2401..=2442 | 21413..=21483 => "Beijing 1954 / Gauss-Kruger".into(),
        _ => return None,
    })
}

/// Why positions in `crs` may be off after conversion, when they may: Beijing 1954 and Xi'an
/// 1980 have no official shift to WGS84, so none is applied.
pub fn datum_warning(crs: Crs) -> Option<crate::model::LoadWarning> {
    let Crs::Epsg(code) = crs else {
        return None;
    };
    matches!(code, 4214 | 4610 | 2327..=2390 | 2401..=2442 | 21413..=21483).then(|| {
        crate::model::LoadWarning::file_level(format!(
            "{crs} is on the Beijing 1954 or Xi'an 1980 datum: no datum shift to WGS84 is \
             applied, so positions may be off by tens of metres"
        ))
    })
}

/// Maps a legacy GeoJSON `crs` name (2008 spec: `EPSG:N`, `urn:ogc:def:crs:EPSG::N`, OGC
/// CRS84) to a system the engine can read, or an error naming it.
pub fn crs_from_name(name: &str) -> Result<Crs, String> {
    let normalized = name.trim().to_ascii_uppercase();
    let code = normalized
        .rsplit([':', '/'])
        .next()
        .unwrap_or_default()
        .to_string();
    let is_epsg = normalized.contains("EPSG");
    let crs = match (is_epsg, code.as_str()) {
        (_, "CRS84") | (true, "4326") | (true, "4490") => Crs::Wgs84,
        _ if normalized.contains("GCJ") => Crs::Gcj02,
        _ if normalized.contains("BD09") || normalized.contains("BD-09") => Crs::Bd09,
        (true, "3857" | "900913" | "102100" | "3785") => Crs::Epsg(3857),
        (true, n) => match n.parse::<u32>() {
            Ok(code) => Crs::Epsg(code),
            Err(_) => return Err(unsupported(name)),
        },
        _ => return Err(unsupported(name)),
    };
    Reprojection::new(crs)
        .map(|_| crs)
        .map_err(|_| unsupported(name))
}

fn unsupported(name: &str) -> String {
    format!(
        "unsupported coordinate reference system \"{name}\": not an EPSG code with a known \
         definition, nor WGS84, CRS84, CGCS2000, GCJ-02 or BD-09; reproject the file first \
         (e.g. ogr2ogr -t_srs EPSG:4326)"
    )
}

/// Turns positions in one system into WGS84 lon/lat degrees. Built once per file.
pub enum Reprojection {
    Identity,
    Gcj02,
    Bd09,
    WebMercator,
    Proj {
        source: Box<proj4rs::Proj>,
        wgs84: Box<proj4rs::Proj>,
        /// The source takes lon/lat (radians, for proj4rs) rather than metres.
        geographic: bool,
    },
}

struct Xyz(f64, f64, f64);

impl proj4rs::transform::Transform for Xyz {
    fn transform_coordinates<F: proj4rs::transform::TransformClosure>(
        &mut self,
        f: &mut F,
    ) -> proj4rs::errors::Result<()> {
        let (x, y, z) = f(self.0, self.1, self.2)?;
        *self = Xyz(x, y, z);
        Ok(())
    }
}

impl Reprojection {
    pub fn new(crs: Crs) -> Result<Self, String> {
        Ok(match crs {
            Crs::Wgs84 => Self::Identity,
            Crs::Gcj02 => Self::Gcj02,
            Crs::Bd09 => Self::Bd09,
            Crs::Epsg(3857) => Self::WebMercator,
            // CGCS2000 and WGS84 agree to centimetres: no shift is due.
            Crs::Epsg(4326 | 4490) => Self::Identity,
            Crs::Epsg(code) => {
                let short = u16::try_from(code).map_err(|_| format!("EPSG:{code} is not known"))?;
                let source = proj4rs::Proj::from_epsg_code(short)
                    .map_err(|e| format!("EPSG:{code} has no definition the app knows ({e})"))?;
                Self::proj(source)?
            }
            Crs::Custom(id) => {
                let system = id.system();
                let source = proj4rs::Proj::from_proj_string(&system.proj)
                    .map_err(|e| format!("{}: {e}", system.name))?;
                Self::proj(source)?
            }
        })
    }

    fn proj(source: proj4rs::Proj) -> Result<Self, String> {
        let wgs84 = proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs")
            .map_err(|e| e.to_string())?;
        Ok(Self::Proj {
            geographic: source.is_latlong(),
            source: Box::new(source),
            wgs84: Box::new(wgs84),
        })
    }

    /// One position to WGS84 lon/lat degrees.
    pub fn coord(&self, c: geo::Coord<f64>) -> Result<geo::Coord<f64>, String> {
        if !c.x.is_finite() || !c.y.is_finite() {
            return Err(format!(
                "position [{}, {}] is not a finite number",
                c.x, c.y
            ));
        }
        let (x, y) = match self {
            Self::Identity => return Ok(c),
            Self::Gcj02 => gcj02_to_wgs84(c.x, c.y),
            Self::Bd09 => {
                let (lon, lat) = bd09_to_gcj02(c.x, c.y);
                gcj02_to_wgs84(lon, lat)
            }
            Self::WebMercator => {
                const R: f64 = 6_378_137.0;
                let lat = (2.0 * (c.y / R).exp().atan() - PI / 2.0).to_degrees();
                ((c.x / R).to_degrees(), lat)
            }
            Self::Proj {
                source,
                wgs84,
                geographic,
            } => {
                let mut p = if *geographic {
                    Xyz(c.x.to_radians(), c.y.to_radians(), 0.0)
                } else {
                    Xyz(c.x, c.y, 0.0)
                };
                proj4rs::transform::transform(source, wgs84, &mut p).map_err(|e| {
                    format!(
                        "position [{}, {}] cannot be converted to WGS84: {e}",
                        c.x, c.y
                    )
                })?;
                (p.0.to_degrees(), p.1.to_degrees())
            }
        };
        Ok(geo::coord! { x: x, y: y })
    }

    /// Every position of a geometry to WGS84, in place.
    pub fn apply(&self, geometry: &mut geo::Geometry<f64>) -> Result<(), String> {
        use geo::MapCoordsInPlace;
        if matches!(self, Self::Identity) {
            return Ok(());
        }
        // map_coords_in_place wants a Copy closure: the first failure goes to a cell.
        let failure = std::cell::RefCell::new(None);
        let failure_ref = &failure;
        geometry.map_coords_in_place(|c| match self.coord(c) {
            Ok(c) => c,
            Err(e) => {
                failure_ref.borrow_mut().get_or_insert(e);
                c
            }
        });
        failure.into_inner().map_or(Ok(()), Err)
    }

    /// Positions to WGS84, in place.
    pub fn coords(&self, coords: &mut [geo::Coord<f64>]) -> Result<(), String> {
        if matches!(self, Self::Identity) {
            return Ok(());
        }
        for c in coords {
            *c = self.coord(*c)?;
        }
        Ok(())
    }
}

/// BD-09 → GCJ-02 (lon, lat in degrees), Baidu's published inverse.
pub fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    const X_PI: f64 = PI * 3000.0 / 180.0;
    let (x, y) = (lon - 0.0065, lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.000_02 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * X_PI).cos();
    (z * theta.cos(), z * theta.sin())
}

/// GCJ-02 → BD-09 (lon, lat in degrees).
pub fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    const X_PI: f64 = PI * 3000.0 / 180.0;
    let z = (lon * lon + lat * lat).sqrt() + 0.000_02 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000_003 * (lon * X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

const GCJ_AXIS: f64 = 6_378_245.0;
const GCJ_EE: f64 = 0.006_693_421_622_965_943;

/// GCJ-02 is only applied inside this rough box around China; outside it the datums coincide.
pub fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn gcj_raw_offset(x: f64, y: f64) -> (f64, f64) {
    let xy = x * y;
    let abs_x = x.abs().sqrt();
    let x_pi = x * PI;
    let y_pi = y * PI;
    let d = 20.0 * (6.0 * x_pi).sin() + 20.0 * (2.0 * x_pi).sin();
    let mut lat = d;
    let mut lon = d;
    lat += 20.0 * y_pi.sin() + 40.0 * (y_pi / 3.0).sin();
    lon += 20.0 * x_pi.sin() + 40.0 * (x_pi / 3.0).sin();
    lat += 160.0 * (y_pi / 12.0).sin() + 320.0 * (y_pi / 30.0).sin();
    lon += 150.0 * (x_pi / 12.0).sin() + 300.0 * (x_pi / 30.0).sin();
    lat *= 2.0 / 3.0;
    lon *= 2.0 / 3.0;
    lat += -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * xy + 0.2 * abs_x;
    lon += 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * xy + 0.1 * abs_x;
    (lon, lat)
}

/// The GCJ-02 offset (degrees) at a WGS84 position.
fn gcj_delta(lon: f64, lat: f64) -> (f64, f64) {
    let (d_lon, d_lat) = gcj_raw_offset(lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - GCJ_EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((GCJ_AXIS * (1.0 - GCJ_EE)) / (magic * sqrt_magic) * PI);
    let d_lon = (d_lon * 180.0) / (GCJ_AXIS / sqrt_magic * rad_lat.cos() * PI);
    (d_lon, d_lat)
}

/// WGS84 → GCJ-02 (lon, lat in degrees).
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let (d_lon, d_lat) = gcj_delta(lon, lat);
    (lon + d_lon, lat + d_lat)
}

/// GCJ-02 → WGS84 (lon, lat in degrees), accurate to ~1e-9° (0.1 mm).
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let (mut w_lon, mut w_lat) = (lon, lat);
    for _ in 0..30 {
        let (g_lon, g_lat) = wgs84_to_gcj02(w_lon, w_lat);
        let (e_lon, e_lat) = (g_lon - lon, g_lat - lat);
        w_lon -= e_lon;
        w_lat -= e_lat;
        if e_lon.abs() < 1e-10 && e_lat.abs() < 1e-10 {
            break;
        }
    }
    (w_lon, w_lat)
}

/// Converts a position from `crs` to WGS84.
pub fn to_wgs84(crs: Crs, lon: f64, lat: f64) -> (f64, f64) {
    match Reprojection::new(crs).and_then(|r| r.coord(geo::coord! { x: lon, y: lat })) {
        Ok(c) => (c.x, c.y),
        Err(_) => (f64::NAN, f64::NAN),
    }
}

/// Converts every coordinate of a geometry from `crs` to WGS84, in place (the data tools'
/// GCJ-02 boundaries); positions that cannot be converted become NaN.
pub fn geometry_to_wgs84(crs: Crs, geometry: &mut geo::Geometry<f64>) {
    use geo::MapCoordsInPlace;
    let Ok(reprojection) = Reprojection::new(crs) else {
        return;
    };
    geometry.map_coords_in_place(|c| {
        reprojection
            .coord(c)
            .unwrap_or(geo::coord! { x: f64::NAN, y: f64::NAN })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wgs_to_gcj_matches_the_published_vector() {
        let (lon, lat) = wgs84_to_gcj02(116.404, 39.915);
        assert!((lon - 116.410_244_499_169_38).abs() < 1e-12, "{lon}");
        assert!((lat - 39.916_404_281_501_64).abs() < 1e-12, "{lat}");
    }

    #[test]
    fn gcj_to_wgs_inverts_the_forward_transform_in_chongqing() {
        for &(lon, lat) in &[
            (106.55, 29.56),
            (107.8, 30.67),
            (109.46, 31.02),
            (105.3, 28.2),
        ] {
            let (g_lon, g_lat) = wgs84_to_gcj02(lon, lat);
            let (w_lon, w_lat) = gcj02_to_wgs84(g_lon, g_lat);
            assert!((w_lon - lon).abs() < 1e-9 && (w_lat - lat).abs() < 1e-9);
            // The shift itself is a few hundred metres east and south in Chongqing.
            let east_m = (g_lon - lon) * 111_320.0 * lat.to_radians().cos();
            let north_m = (g_lat - lat) * 110_574.0;
            assert!((250.0..600.0).contains(&east_m), "east {east_m}");
            assert!((-450.0..-150.0).contains(&north_m), "north {north_m}");
        }
    }

    #[test]
    fn no_shift_outside_china() {
        assert_eq!(gcj02_to_wgs84(2.35, 48.85), (2.35, 48.85));
    }

    #[test]
    fn legacy_crs_names_are_recognised_or_rejected_with_the_name() {
        assert_eq!(
            crs_from_name("urn:ogc:def:crs:OGC:1.3:CRS84"),
            Ok(Crs::Wgs84)
        );
        assert_eq!(crs_from_name("EPSG:4326"), Ok(Crs::Wgs84));
        assert_eq!(crs_from_name("urn:ogc:def:crs:EPSG::4490"), Ok(Crs::Wgs84));
        assert_eq!(
            crs_from_name("urn:ogc:def:crs:EPSG::3857"),
            Ok(Crs::Epsg(3857))
        );
        assert_eq!(crs_from_name("EPSG:4545"), Ok(Crs::Epsg(4545)));
        let err = crs_from_name("urn:ogc:def:crs:EPSG::999999").unwrap_err();
        assert!(err.contains("EPSG::999999"), "{err}");
        let err = crs_from_name("urn:ogc:def:crs:OGC::Mars2000").unwrap_err();
        assert!(err.contains("Mars2000"), "{err}");
    }

    #[test]
    fn projected_positions_land_where_an_independent_computation_puts_them() {
        // Web Mercator, closed form: Chaotianmen (106.5866 E, 29.5659 N).
        let (x, y) = (11_865_166.04, 3_447_871.49);
        let c = Reprojection::new(Crs::Epsg(3857))
            .unwrap()
            .coord(geo::coord! { x: x, y: y })
            .unwrap();
        assert!(
            (c.x - 106.5866).abs() < 1e-4 && (c.y - 29.5659).abs() < 1e-4,
            "{c:?}"
        );
        // CGCS2000 / 3-degree Gauss-Kruger CM 108E (EPSG:4545): the central meridian maps to
        // easting 500 km, and a point on it to its latitude by the meridian arc.
        let gk = Reprojection::new(Crs::Epsg(4545)).unwrap();
        let c = gk
            .coord(geo::coord! { x: 500_000.0, y: 3_320_000.0 })
            .unwrap();
        assert!((c.x - 108.0).abs() < 1e-9, "{c:?}");
        assert!((c.y - 29.998_977).abs() < 1e-5, "{c:?}");
        // UTM 48N (EPSG:32648), central meridian 105E.
        let utm = Reprojection::new(Crs::Epsg(32648)).unwrap();
        let c = utm
            .coord(geo::coord! { x: 500_000.0, y: 3_320_000.0 })
            .unwrap();
        assert!((c.x - 105.0).abs() < 1e-9, "{c:?}");
        assert!(Reprojection::new(Crs::Epsg(4214)).is_ok());
        assert!(datum_warning(Crs::Epsg(2362)).is_some());
        assert!(datum_warning(Crs::Epsg(4545)).is_none());
    }

    #[test]
    fn bd09_round_trips_through_gcj02() {
        let (lon, lat) = (106.5516, 29.5630);
        let (b_lon, b_lat) = gcj02_to_bd09(lon, lat);
        assert!((b_lon - lon).abs() > 0.005, "BD-09 is offset from GCJ-02");
        let (g_lon, g_lat) = bd09_to_gcj02(b_lon, b_lat);
        assert!((g_lon - lon).abs() < 1e-5 && (g_lat - lat).abs() < 1e-5);
    }
}
