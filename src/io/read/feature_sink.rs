//! Where readers that build `geo` geometries themselves (everything but GeoJSON's own parser)
//! put each record: its geometry is brought to WGS84 by the one reprojection engine, broken
//! parts are left out with a note, and a record that cannot be placed at all is kept as a row
//! without a place, with a located warning saying why (GDAL keeps such records too).

use geo::Geometry;
use serde_json::{Map, Value};

use crate::io::crs::{Crs, Reprojection, datum_warning};
use crate::io::read::validate::salvage;
use crate::io::read::{ReadError, ReadOutcome};
use crate::model::{Feature, LoadWarning};

/// The features and problems of one layer being read.
pub struct FeatureSink {
    reprojection: Reprojection,
    source_crs: Crs,
    features: Vec<Feature>,
    warnings: Vec<LoadWarning>,
    records: usize,
}

impl FeatureSink {
    /// A sink for records in `source_crs`; a datum without a shift to WGS84 is warned of once.
    pub fn new(source_crs: Crs) -> Result<Self, ReadError> {
        Ok(Self {
            reprojection: Reprojection::new(source_crs).map_err(ReadError::Crs)?,
            source_crs,
            features: Vec::new(),
            warnings: datum_warning(source_crs).into_iter().collect(),
            records: 0,
        })
    }

    pub fn reserve(&mut self, records: usize) {
        self.features.reserve(records);
    }

    /// One record: `geometry` in the source CRS (`Ok(None)`: a record with no location), or why
    /// it could not be read. `line` is the record's line in a text file.
    pub fn push(
        &mut self,
        index: usize,
        line: Option<usize>,
        geometry: Result<Option<Geometry<f64>>, String>,
        properties: Map<String, Value>,
    ) {
        self.records += 1;
        let placed = geometry.and_then(|geometry| match geometry {
            None => Ok(None),
            Some(mut geometry) => {
                self.reprojection.apply(&mut geometry)?;
                salvage(geometry).map(Some)
            }
        });
        match placed {
            Ok(None) => self
                .features
                .push(Feature::without_geometry(properties, index)),
            Ok(Some((geometry, notes))) => {
                for note in notes {
                    self.warn(Some(index), line, note);
                }
                self.features
                    .push(Feature::new(geometry, properties, index));
            }
            Err(message) => {
                self.warn(Some(index), line, unplaced(&message));
                self.features
                    .push(Feature::without_geometry(properties, index));
            }
        }
    }

    /// A record that cannot be read at all (its attributes are damaged): counted, warned of,
    /// and not kept.
    pub fn skip(&mut self, index: usize, line: Option<usize>, problem: String) {
        self.records += 1;
        self.warn(Some(index), line, format!("{problem}; record skipped"));
    }

    /// How many records became features so far: every record pushed except the skipped ones.
    pub fn loaded(&self) -> usize {
        self.features.len()
    }

    /// A problem: of one record (`index`), or of the whole layer.
    pub fn warn(&mut self, index: Option<usize>, line: Option<usize>, message: String) {
        self.warnings.push(LoadWarning {
            feature_index: index,
            line,
            message,
        });
    }

    /// The layer read, which may have no feature when every record was broken.
    pub fn finish(self, encoding: &'static str) -> ReadOutcome {
        ReadOutcome {
            total_features: self.records,
            features: self.features,
            warnings: self.warnings,
            source_crs: self.source_crs,
            declared_crs: None,
            layer_name: None,
            encoding,
            field_aliases: Default::default(),
            placement: None,
            columns: Vec::new(),
        }
    }

    /// The file's only layer, or [`ReadError::NoValidFeatures`] when it had records and none
    /// could be read.
    pub fn finish_only_layer(self, encoding: &'static str) -> Result<ReadOutcome, ReadError> {
        if self.features.is_empty() && self.records > 0 {
            return Err(ReadError::NoValidFeatures(self.warnings));
        }
        Ok(self.finish(encoding))
    }
}

/// The warning of a record whose geometry cannot be drawn; the card shows it.
pub fn unplaced(problem: &str) -> String {
    format!("{problem}; kept as a row without a place")
}
