//! A layer: features with a name, a kind (districts, thematic, user file), a source, a style
//! and the problems met while reading it.

use std::path::PathBuf;
use std::sync::Arc;

use geo::Rect;

use super::{Feature, Style};

/// Stable identity of a layer across frames (and sessions, for files).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerId(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// The administrative units of Chongqing.
    Districts,
    /// A layer built from the seed articles.
    Thematic,
    /// A file the user loaded.
    User,
    /// A bundled reference dataset that gives the seeds context (the airports).
    Reference,
}

impl LayerKind {
    /// Shipped with the app (districts, thematic layers, airports), not the user's.
    pub fn is_bundled(self) -> bool {
        !matches!(self, LayerKind::User)
    }

    /// The bundled point layers a reader looks up facts in: decluttered on the map, listed in
    /// a district's card.
    pub fn is_bundled_facts(self) -> bool {
        matches!(self, LayerKind::Thematic | LayerKind::Reference)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerSource {
    /// Bundled in the binary; the name is the file under `geodata/`.
    Embedded(&'static str),
    File(PathBuf),
    /// A table in PostGIS: the features are those of the current view, fetched as it moves.
    Database {
        address: super::database::PgAddress,
        table: super::database::TableRef,
    },
    /// Made by an analysis tool (a count, a join), described in words.
    Derived(String),
}

impl LayerSource {
    pub fn is_database(&self) -> bool {
        matches!(self, LayerSource::Database { .. })
    }
}

/// A problem found while reading a layer that did not stop it from loading.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadWarning {
    pub feature_index: Option<usize>,
    pub line: Option<usize>,
    pub message: String,
}

impl LoadWarning {
    /// A problem of the whole file rather than of one feature.
    pub fn file_level(message: impl Into<String>) -> Self {
        Self {
            feature_index: None,
            line: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(index) = self.feature_index {
            write!(f, "feature {index}")?;
            if let Some(line) = self.line {
                write!(f, " (line {line})")?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

#[derive(Debug, Clone)]
pub struct Layer {
    pub id: LayerId,
    pub name: String,
    pub kind: LayerKind,
    pub source: LayerSource,
    /// Shared with background threads that prepare geometry for drawing.
    pub features: Arc<Vec<Feature>>,
    pub style: Style,
    pub visible: bool,
    pub opacity: f32,
    pub warnings: Vec<LoadWarning>,
    /// Readable titles of property names, where the file gives them (Esri field aliases).
    pub field_aliases: std::collections::BTreeMap<String, String>,
    /// Which geometry types the layer holds, for its legend symbol.
    pub kinds: GeometryKinds,
    /// How its file was read.
    pub reading: super::Reading,
    /// The filter expression the user set (QGIS syntax), kept as typed; the features shown
    /// are those it keeps (`live::cuts`), or for a database layer those the server's `WHERE`
    /// returns.
    pub filter: Option<String>,
    /// How many features the layer has before its filters (expression and time), when one
    /// applies: the row says "1,234 of 50,000 shown".
    pub unfiltered_count: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeometryKinds {
    pub points: bool,
    pub lines: bool,
    pub polygons: bool,
}

impl GeometryKinds {
    pub fn of(features: &[Feature]) -> Self {
        fn add(kinds: &mut GeometryKinds, g: &geo::Geometry<f64>) {
            use geo::Geometry as G;
            match g {
                G::Point(_) | G::MultiPoint(_) => kinds.points = true,
                G::Line(_) | G::LineString(_) | G::MultiLineString(_) => kinds.lines = true,
                G::Polygon(_) | G::MultiPolygon(_) | G::Rect(_) | G::Triangle(_) => {
                    kinds.polygons = true
                }
                G::GeometryCollection(gc) => gc.iter().for_each(|g| add(kinds, g)),
            }
        }
        let mut kinds = Self::default();
        for f in features {
            add(&mut kinds, &f.geometry);
            if kinds.points && kinds.lines && kinds.polygons {
                break;
            }
        }
        kinds
    }
}

impl Layer {
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        kind: LayerKind,
        source: LayerSource,
        features: impl Into<Arc<Vec<Feature>>>,
        style: Style,
    ) -> Self {
        let features: Arc<Vec<Feature>> = features.into();
        Self {
            kinds: GeometryKinds::of(&features),
            id: LayerId(id.into()),
            name: name.into(),
            kind,
            source,
            features,
            style,
            visible: true,
            opacity: 1.0,
            warnings: Vec::new(),
            field_aliases: Default::default(),
            reading: Default::default(),
            filter: None,
            unfiltered_count: None,
        }
    }

    /// Union of the feature bounding boxes, `None` for an empty layer.
    pub fn bounding_rect(&self) -> Option<Rect<f64>> {
        super::union_rects(self.features.iter().filter_map(Feature::bounding_rect))
    }
}
