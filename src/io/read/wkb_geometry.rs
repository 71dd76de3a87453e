//! Well-known binary (GeoPackage blobs, PostGIS rows) to `geo` geometries, read in place by the
//! `wkb` crate. geozero's writer built a message string for every coordinate it took, whether
//! or not it failed: two thirds of reading a big GeoPackage went to allocating and freeing it.

use geo_traits::to_geo::ToGeoGeometry;

/// The geometry in `bytes` (ISO or extended WKB); `Ok(None)` for an empty point. Curves are
/// an error: geozero, which reads them, sizes its vectors by the counts a geometry declares,
/// and a damaged blob declaring billions of points aborted the process.
pub fn wkb_to_geo(bytes: &[u8]) -> Result<Option<geo::Geometry<f64>>, String> {
    // The crate checks every count against the buffer; should a damaged geometry still reach
    // past its end, that is this geometry's error, not the app's end.
    let copied =
        std::panic::catch_unwind(|| wkb::reader::read_wkb(bytes).map(|g| g.try_to_geometry()));
    match copied {
        Ok(Ok(geometry)) => Ok(geometry),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("its counts run past the end of the geometry".into()),
    }
}

/// The WKB inside a GeoPackage geometry blob: after the 8-byte header and the envelope its
/// flags declare (none, or 4, 6 or 8 doubles).
pub fn gpkg_wkb(blob: &[u8]) -> Result<&[u8], String> {
    let envelope_doubles = match (blob[3] >> 1) & 0b111 {
        0 => 0,
        1 => 4,
        2 | 3 => 6,
        4 => 8,
        other => {
            return Err(format!(
                "its header declares an unknown envelope kind {other}"
            ));
        }
    };
    blob.get(8 + envelope_doubles * 8..)
        .ok_or_else(|| "it ends inside its header".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, polygon};
    use geozero::{CoordDimensions, ToWkb};

    #[test]
    fn wkb_reads_as_geozero_reads_it() {
        let polygon: geo::Geometry<f64> = geo::Geometry::MultiPolygon(geo::MultiPolygon(vec![
            polygon![(x: 106.0, y: 29.0), (x: 107.0, y: 29.0), (x: 107.0, y: 30.0)],
            polygon![(x: 108.0, y: 29.0), (x: 109.0, y: 29.0), (x: 109.0, y: 30.0)],
        ]));
        let bytes = polygon.to_wkb(CoordDimensions::xy()).unwrap();
        assert_eq!(wkb_to_geo(&bytes).unwrap(), Some(polygon));
        let line: geo::Geometry<f64> =
            geo::Geometry::LineString(line_string![(x: 1.0, y: 2.0), (x: 3.0, y: 4.0)]);
        let bytes = line.to_wkb(CoordDimensions::xy()).unwrap();
        assert_eq!(wkb_to_geo(&bytes).unwrap(), Some(line));
    }

    #[test]
    fn damaged_wkb_is_an_error_not_a_panic() {
        let polygon: geo::Geometry<f64> =
            geo::Geometry::Polygon(polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)]);
        let bytes = polygon.to_wkb(CoordDimensions::xy()).unwrap();
        for cut in 0..bytes.len() {
            assert!(wkb_to_geo(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge_count = bytes.clone();
        huge_count[9..13].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(wkb_to_geo(&huge_count).is_err());
    }

    #[test]
    fn the_wkb_starts_after_the_declared_envelope() {
        let mut blob = vec![b'G', b'P', 0, 0b0000_0011, 0, 0, 0, 0];
        blob.extend([0u8; 32]);
        blob.extend([1, 2, 3]);
        assert_eq!(gpkg_wkb(&blob).unwrap(), &[1, 2, 3]);
        blob[3] = 0b0000_1111;
        assert!(gpkg_wkb(&blob).is_err());
    }
}
