//! Coordinate reference systems a file may declare, and the GCJ-02 datum shift.
//!
//! Chinese web-map data (Amap, Tencent, most boundary packages) is published in GCJ-02, an
//! obfuscated datum offset from WGS84 by a few hundred metres. The shift is a closed-form
//! function of WGS84 position (the "eviltransform" formula, reproduced byte for byte by all
//! public implementations); its inverse has no closed form and is found by fixed-point
//! iteration, which converges to well below a millimetre in a handful of steps.

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
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Crs::Wgs84 => "WGS84",
            Crs::Gcj02 => "GCJ-02",
        })
    }
}

/// Maps a legacy GeoJSON `crs` name (2008 spec) to a supported system.
///
/// Returns an error naming the CRS for anything that is not geographic lon/lat on a WGS84-like
/// datum: silently reading projected metres as degrees is the worst outcome.
pub fn crs_from_name(name: &str) -> Result<Crs, String> {
    let normalized = name.trim().to_ascii_uppercase();
    let code = normalized
        .rsplit([':', '/'])
        .next()
        .unwrap_or_default()
        .to_string();
    let is_epsg = normalized.contains("EPSG");
    match (is_epsg, code.as_str()) {
        (_, "CRS84") | (true, "4326") | (true, "4490") | (true, "4610") => Ok(Crs::Wgs84),
        _ if normalized.contains("GCJ") => Ok(Crs::Gcj02),
        _ => Err(format!(
            "unsupported coordinate reference system \"{name}\": only WGS84 lon/lat (EPSG:4326, \
             CRS84, CGCS2000 EPSG:4490) and GCJ-02 can be read; reproject the file first \
             (e.g. ogr2ogr -t_srs EPSG:4326)"
        )),
    }
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
    match crs {
        Crs::Wgs84 => (lon, lat),
        Crs::Gcj02 => gcj02_to_wgs84(lon, lat),
    }
}

/// Converts every coordinate of a geometry from `crs` to WGS84, in place.
pub fn geometry_to_wgs84(crs: Crs, geometry: &mut geo::Geometry<f64>) {
    use geo::MapCoordsInPlace;
    if crs == Crs::Wgs84 {
        return;
    }
    geometry.map_coords_in_place(|c| {
        let (x, y) = to_wgs84(crs, c.x, c.y);
        geo::coord! { x: x, y: y }
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
        let err = crs_from_name("urn:ogc:def:crs:EPSG::3857").unwrap_err();
        assert!(err.contains("EPSG::3857"), "{err}");
    }
}
