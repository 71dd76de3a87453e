//! Database layers in the app: adding tables (dialog, address on the command line, session),
//! the per-frame exchange with their workers, and the selection kept on its feature when a
//! new view replaces the features.

use super::AtlasApp;
use crate::i18n::trf;
use crate::io::postgis::address::ProcessEnv;
use crate::io::postgis::{PgAddress, PgParams, PgTable};
use crate::live::postgis::position_of;
use crate::model::{Feature, LayerId};
use crate::render::PreparedLayer;
use crate::ui::notices::Notice;

impl AtlasApp {
    /// Opens the "Add PostGIS layer…" dialog.
    pub fn open_postgis_dialog(&mut self) {
        let recent = self.pg.recent.first().cloned();
        self.pg_dialog.open_with(recent.as_ref());
    }

    /// Adds `postgresql://user@host:port/db#schema.table` as a layer (the command line's and
    /// tests' way); without `#table`, opens the dialog at that address.
    pub fn open_database(&mut self, uri: &str, password: Option<String>) {
        let parsed = PgParams::parse(uri).and_then(|p| {
            let table = p.table.clone();
            p.resolve(&ProcessEnv).map(|(a, pw)| (a, pw, table))
        });
        match parsed {
            Err(e) => self.notices.push(Notice::error(trf(
                "{address}: {e}",
                &[("address", &uri), ("e", &e)],
            ))),
            Ok((address, uri_password, None)) => {
                self.pg_dialog.open_with(Some(&address));
                if let Some(p) = password.or(uri_password) {
                    self.pg_dialog.password = p;
                }
            }
            Ok((address, uri_password, Some(table))) => {
                let table = PgTable::unresolved(&table);
                self.add_database_layer(&address, &table, password.or(uri_password), true);
            }
        }
    }

    /// A table as a layer: its worker connects and looks the table up; until then the layer
    /// is empty and says "connecting…". With `fit`, the map fits the table when it is known.
    fn add_database_layer(
        &mut self,
        address: &PgAddress,
        table: &PgTable,
        password: Option<String>,
        fit: bool,
    ) {
        let id = crate::live::postgis::layer_id(address, &table.layer_ref());
        if self.layers.position(&id).is_some() {
            let text = trf("{table} is already a layer", &[("table", &table.title())]);
            self.notices.push(Notice::info(text));
            return;
        }
        let colour = self.layers.len();
        let layer = self.pg.add(address, table, password, colour, fit);
        self.layers.push(layer, PreparedLayer::new(&[]));
    }

    /// A database layer from the last session, at the session's view and look.
    pub(super) fn restore_database_layer(
        &mut self,
        saved: &crate::ui::session::SessionDatabaseLayer,
    ) {
        let table = PgTable::unresolved(&saved.table);
        self.add_database_layer(&saved.address, &table, None, false);
        let id = crate::live::postgis::layer_id(&saved.address, &table.layer_ref());
        if let Some(i) = self.layers.position(&id)
            && let Some(layer) = self.layers.get_mut(i)
        {
            layer.visible = saved.visible;
            layer.opacity = saved.opacity;
            layer.style = crate::model::Style::from_base(saved.color);
            // No classes yet: the server's top-N query brings them once connected.
            layer.style.categories = saved
                .colour_by
                .as_ref()
                .map(|column| crate::model::Categories::from_counts(column, Vec::new(), 0));
        }
    }

    /// Tables chosen in the dialog become layers; workers' answers go into the stack.
    pub(super) fn poll_databases(&mut self, ctx: &egui::Context) {
        if let Some(add) = self.pg_dialog.show(ctx) {
            for table in &add.tables {
                self.add_database_layer(&add.address, table, add.password.clone(), true);
            }
        }
        self.pg.watch_deadlines();
        self.pg.sync_filters(&mut self.layers);
        for (id, old_features) in self.pg.poll(&mut self.layers) {
            self.keep_picks_on_their_features(&id, &old_features);
            if let Some((layer, key)) = self.pg.pending_selection.clone()
                && layer == id
                && let Some(feature) =
                    (self.layers.by_id(&id.0)).and_then(|l| position_of(&l.features, key))
            {
                self.picks.selection = Some(crate::ui::picks::Selection { layer, feature });
                self.pg.pending_selection = None;
            }
        }
        if let Some(extent) = self.pg.fit.take() {
            self.zoom_to(extent);
        }
    }

    /// After a new view replaced a layer's features, points the selection and hover at the
    /// same features (by id) or drops them if they left the view.
    fn keep_picks_on_their_features(&mut self, id: &LayerId, old_features: &[Feature]) {
        let Some(layer) = self.layers.by_id(&id.0) else {
            return;
        };
        self.picks.follow(id, old_features, &layer.features);
    }

    /// A row of a database table: the map flies to it, and it is selected when it is among
    /// the features in view (the inspector shows the row either way).
    pub(super) fn fly_to_server_row(&mut self, layer_index: usize, row: crate::model::Feature) {
        let Some(layer) = self.layers.get(layer_index) else {
            return;
        };
        let id = layer.id.clone();
        if let Some(r) = row.bounding_rect() {
            self.map
                .zoom_to([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
        self.picks.selection = position_of(&layer.features, row.source_index).map(|feature| {
            crate::ui::picks::Selection {
                layer: id.clone(),
                feature,
            }
        });
        if self.picks.selection.is_none() {
            // Selected when the view around it arrives.
            self.pg.pending_selection = Some((id.clone(), row.source_index));
        }
        self.pg.show_row(&id, row);
    }

    /// After the map is drawn: database layers fetch the new view, and a click asks them
    /// what is there.
    pub(super) fn exchange_with_databases(&mut self) {
        let (Some(view), Some(rect)) = (self.map.view, self.map.rect) else {
            return;
        };
        self.pg
            .request_views(&self.layers, &view, [rect.width(), rect.height()]);
        self.pg.request_pages();
        self.pg.request_categories(&self.layers);
        if let Some((lon, lat)) = self.map.clicked_lonlat {
            // Six pixels around the click, on the ground.
            let metres_per_px = crate::geometry::measure::metres_per_pixel(lat, view.zoom());
            self.pg
                .identify_at(&self.layers, lon, lat, metres_per_px * 6.0);
        }
    }
}
