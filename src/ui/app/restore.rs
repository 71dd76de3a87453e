//! The session kept between starts: what the app writes on exit and reads back on start.

use std::path::{Path, PathBuf};

use crate::io::crs::Crs;
use crate::load::{inner_name, user_layer};
use crate::model::{Categories, LayerId, Style};
use crate::model::{LayerKind, LayerSource};
use crate::render::PreparedLayer;
use crate::ui::app::AtlasApp;
use crate::ui::basemap::sources::BasemapChoice;
use crate::ui::files::OnArrival;
use crate::ui::notices::Notice;
use crate::ui::session::{Session, SessionBundled, SessionDatabaseLayer, SessionFile};

/// The session to restore at start: the one a crash saved (it is newest), else the one saved
/// after the last change (`session.json`), else eframe's (sessions of versions before it).
/// One that cannot be read (damaged, or from an incompatible version) is set aside in the
/// data folder with a notice, and the app starts without it: never a crash, never silence.
/// So is eframe's own file, which eframe would otherwise drop without a word.
pub(crate) fn startup_session(
    storage: Option<&dyn eframe::Storage>,
    data_dir: &Path,
) -> (Option<Session>, Vec<Notice>) {
    let mut notices: Vec<Notice> = set_aside_damaged_eframe_file(data_dir)
        .into_iter()
        .collect();
    let mut read =
        |text: Option<String>, what: &str, parse: &dyn Fn(&str) -> Result<Session, String>| {
            let text = text?;
            match parse(&text) {
                Ok(session) => Some(session),
                Err(e) => {
                    notices.push(set_aside(data_dir, what, &text, &e));
                    None
                }
            }
        };
    let rescued = read(
        crate::platform::crash::take_rescued_session(data_dir),
        "rescued",
        &|t| serde_json::from_str(t).map_err(|e| e.to_string()),
    );
    let session = rescued
        .or_else(|| {
            read(
                crate::platform::session_store::read_saved(data_dir),
                "saved",
                &|t| serde_json::from_str(t).map_err(|e| e.to_string()),
            )
        })
        .or_else(|| {
            read(
                storage.and_then(|s| s.get_string(crate::ui::session::STORAGE_KEY)),
                "saved",
                &|t| ron::from_str(t).map_err(|e| e.to_string()),
            )
        });
    (session, notices)
}

fn set_aside_damaged_eframe_file(data_dir: &Path) -> Option<Notice> {
    let aside = crate::platform::session_store::set_aside_damaged_eframe_file(data_dir)?;
    let where_kept = match aside {
        Ok(path) => path.display().to_string(),
        Err(e) => crate::i18n::trf("not kept: {e}", &[("e", &e)]),
    };
    Some(Notice::error(crate::i18n::trf(
        "The window's saved state could not be read, so it starts fresh. It was set aside: {path}",
        &[("path", &where_kept)],
    )))
}

/// Keeps an unreadable session's text as `session-unreadable-<time>.txt` and says so.
fn set_aside(data_dir: &Path, what: &str, text: &str, error: &str) -> Notice {
    let stamp = crate::platform::crash::file_stamp_now();
    let path = data_dir.join(format!("session-unreadable-{stamp}.txt"));
    let kept = std::fs::create_dir_all(data_dir)
        .and_then(|()| crate::platform::atomic::write(&path, text.as_bytes()));
    tracing::warn!("the {what} session could not be read ({error}); set aside: {kept:?}");
    let where_kept = match kept {
        Ok(()) => path.display().to_string(),
        Err(e) => crate::i18n::trf("not kept: {e}", &[("e", &e)]),
    };
    Notice::error(crate::i18n::trf(
        "The last session could not be read, so the map starts fresh. It was set aside: {path}",
        &[("path", &where_kept)],
    ))
}

/// Entries in path order, so the session file does not churn.
fn sorted<T>(entries: impl Iterator<Item = (PathBuf, T)>) -> Vec<(PathBuf, T)> {
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

impl AtlasApp {
    /// Hands the crash handler and the session's writer the session whenever it changes, so
    /// that neither a crash nor a `kill -9` loses a change.
    pub(crate) fn keep_session_for_a_crash(&mut self) {
        let session = self.session();
        if self.kept_session.as_ref() == Some(&session) {
            return;
        }
        match serde_json::to_string(&session) {
            Ok(text) => {
                if let Some(saver) = &self.session_saver {
                    saver.save(text.clone());
                }
                crate::platform::crash::keep_session(text);
            }
            Err(e) => tracing::warn!("the session could not be kept for a crash: {e}"),
        }
        self.kept_session = Some(session);
    }

    /// The state worth restoring next time.
    pub fn session(&self) -> Session {
        let files = self
            .layers
            .layers()
            .iter()
            .filter(|l| l.kind == LayerKind::User)
            .filter_map(|l| match &l.source {
                LayerSource::File(path) => Some(SessionFile {
                    path: path.clone(),
                    name: self.files.file_names.get(path).cloned(),
                    layer: inner_name(&l.id, path),
                    visible: l.visible,
                    opacity: l.opacity,
                    color: l.style.stroke,
                    colour_by: l.style.categories.as_ref().map(|c| c.property.clone()),
                    graduated: l.style.graduated.clone(),
                    filter: l.filter.clone(),
                    proportional: l.style.proportional.clone(),
                    labels: l.style.labels.clone(),
                }),
                // A tool's layer is made again by running the tool (its recipe is not kept).
                LayerSource::Embedded(_)
                | LayerSource::Database { .. }
                | LayerSource::Derived(_) => None,
            })
            .collect();
        let database_layers = (self.layers.layers().iter())
            .filter_map(|l| match &l.source {
                LayerSource::Database { address, table } => Some(SessionDatabaseLayer {
                    address: address.clone(),
                    table: table.clone(),
                    visible: l.visible,
                    opacity: l.opacity,
                    color: l.style.stroke,
                    colour_by: l.style.categories.as_ref().map(|c| c.property.clone()),
                    filter: l.filter.clone(),
                }),
                _ => None,
            })
            .collect();
        let view = self.map.view.map(|v| {
            let (lon, lat) = crate::geometry::mercator_to_lonlat(v.center);
            (lon, lat, v.zoom())
        });
        let files_in = |wanted: Crs| {
            let mut paths: Vec<PathBuf> = (self.files.file_crs.iter())
                .filter(|(_, crs)| **crs == wanted)
                .map(|(p, _)| p.clone())
                .collect();
            paths.sort();
            paths
        };
        let bundled = (self.layers.layers().iter())
            .filter(|l| l.kind.is_bundled())
            .map(|l| SessionBundled {
                id: l.id.0.clone(),
                visible: l.visible,
                opacity: l.opacity,
                colour_by: l.style.categories.as_ref().map(|c| c.property.clone()),
                graduated: l.style.graduated.clone(),
                filter: l.filter.clone(),
                proportional: l.style.proportional.clone(),
                labels: l.style.labels.clone(),
            })
            .collect();
        Session {
            order: (self.layers.layers().iter())
                .map(|l| l.id.0.clone())
                .collect(),
            bundled,
            files,
            database_layers,
            connections: self.pg.recent.clone(),
            gcj02_files: files_in(Crs::Gcj02),
            bd09_files: files_in(Crs::Bd09),
            file_encodings: sorted(
                (self.files.file_encoding.iter())
                    .map(|(path, encoding)| (path.clone(), encoding.name().to_string())),
            ),
            file_layers: sorted(
                (self.files.file_layers.iter()).map(|(path, l)| (path.clone(), l.clone())),
            ),
            file_placements: sorted(
                (self.files.file_placement.iter()).map(|(path, p)| (path.clone(), p.clone())),
            ),
            view,
            vintage: self.vintage,
            basemap: self.basemap.choice().clone(),
            // Kept only when it is not what the system's locale gives.
            language: (self.language != self.system_language).then_some(self.language),
            theme: self.theme,
        }
    }

    /// Reopens a saved session's files (in the background, as any open) and its view. Files
    /// that are gone are reported and skipped.
    pub fn restore(&mut self, session: Session) {
        self.restore_with(session, false);
    }

    /// A project's restore: a file that is gone stays in the list as an empty layer that
    /// says so (saved again with the project), rather than being skipped with a notice.
    pub(super) fn restore_keeping_missing(&mut self, session: Session) {
        self.restore_with(session, true);
    }

    fn restore_with(&mut self, session: Session, keep_missing: bool) {
        for path in session.gcj02_files {
            self.files.file_crs.insert(path, Crs::Gcj02);
        }
        for path in session.bd09_files {
            self.files.file_crs.insert(path, Crs::Bd09);
        }
        for (path, name) in session.file_encodings {
            if let Some(encoding) = encoding_rs::Encoding::for_label(name.as_bytes()) {
                self.files.file_encoding.insert(path, encoding);
            }
        }
        self.files.file_placement.extend(session.file_placements);
        self.files.file_layers.extend(session.file_layers);
        self.set_vintage(session.vintage);
        if session.basemap != BasemapChoice::Offline {
            self.set_basemap(session.basemap);
        }
        self.reopen_files(session.files, keep_missing);
        self.pg.recent = session.connections;
        for saved in session.database_layers {
            self.restore_database_layer(&saved);
        }
        self.restyle_bundled(&session.bundled);
        let order: Vec<LayerId> = session.order.into_iter().map(LayerId).collect();
        self.layers.reorder(&order);
        if let Some((lon, lat, zoom)) = session.view {
            self.center_at(lon, lat, zoom);
        }
    }

    /// Each file read again once (a GeoPackage's tables come back from one read), its layers
    /// in the stack at once as placeholders with their saved look: the order and style hold
    /// while the reads run, and a session saved before they end still lists them.
    fn reopen_files(&mut self, files: Vec<SessionFile>, keep_missing: bool) {
        let mut paths: Vec<PathBuf> = Vec::new();
        for file in files {
            if !paths.contains(&file.path) {
                paths.push(file.path.clone());
            }
            let gone = !file.path.exists();
            if gone && !keep_missing {
                continue;
            }
            let inner = file.layer.as_deref();
            let nth = self.user_layer_count();
            let mut placeholder = user_layer(&file.path, inner, Vec::new(), nth);
            if let Some(name) = &file.name {
                self.files
                    .file_names
                    .insert(file.path.clone(), name.clone());
                placeholder.name.clone_from(name);
            }
            if gone {
                let text = crate::project::build::missing(&file.path);
                placeholder
                    .warnings
                    .push(crate::model::LoadWarning::file_level(text));
            }
            placeholder.visible = file.visible;
            placeholder.opacity = file.opacity;
            placeholder.style = Style::from_base(file.color);
            // Classes of no features yet: the layer that arrives is classed by the same
            // column (`place_layer` rebuilds them, as for any reread).
            placeholder.style.categories =
                (file.colour_by.as_ref()).map(|property| Categories::build(&[], property));
            placeholder.style.graduated = file.graduated.clone();
            placeholder.filter = usable_filter(file.filter.as_deref());
            placeholder.style.proportional = file.proportional.clone();
            placeholder.style.labels = file.labels.clone();
            match self.layers.position(&placeholder.id) {
                Some(i) => {
                    self.layers.replace(i, placeholder, PreparedLayer::new(&[]));
                }
                None => self.layers.push(placeholder, PreparedLayer::new(&[])),
            }
        }
        for path in paths {
            if !path.exists() && keep_missing {
                continue;
            }
            if !path.exists() {
                let text = crate::i18n::trf(
                    "{file}: not found, not reopened",
                    &[("file", &path.display())],
                );
                self.notices.push(Notice::error(text));
                continue;
            }
            let viewport = self.map.viewport();
            (self.files).open(&path, viewport, OnArrival::KeepView, None);
        }
    }

    /// The bundled layers shown as they were: visibility, opacity, the column coloured by.
    fn restyle_bundled(&mut self, bundled: &[SessionBundled]) {
        for saved in bundled {
            let Some(index) = self.layers.position(&LayerId(saved.id.clone())) else {
                continue;
            };
            if let Some(layer) = self.layers.get_mut(index) {
                layer.visible = saved.visible;
                layer.opacity = saved.opacity;
                layer.style.categories = (saved.colour_by.as_ref())
                    .map(|property| Categories::build(&layer.features, property));
                layer.style.graduated = (saved.graduated.as_ref())
                    .map(|g| crate::analysis::graduate::recount(&layer.features, g));
                layer.filter = usable_filter(saved.filter.as_deref());
                layer.style.proportional = saved.proportional.clone();
                layer.style.labels = saved.labels.clone();
            }
        }
    }

    pub(super) fn user_layer_count(&self) -> usize {
        (self.layers.layers().iter())
            .filter(|l| l.kind == LayerKind::User)
            .count()
    }
}

/// A saved filter that still parses (one edited by hand may not): it filters again.
pub(super) fn usable_filter(text: Option<&str>) -> Option<String> {
    let filter = crate::analysis::expression::Filter::parse(text?).ok()?;
    Some(filter.text().to_owned())
}
