//! "Add PostGIS layer…": where the database is (fields, a `postgresql://` URI or a
//! `pg_service.conf` service), the password if the server wants one, then the spatial tables
//! it lists with their type, SRID and estimated rows; the user ticks the ones to add.

use std::sync::mpsc::Receiver;

use egui::{Context, RichText, Ui};

use crate::i18n::{tr, trf};
use crate::io::postgis::address::ProcessEnv;
use crate::io::postgis::{PgAddress, PgClient, PgError, PgParams, PgTable, SslMode};
use crate::model::format_number;

/// How the address is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressForm {
    Fields,
    Uri,
    Service,
}

/// The tables chosen to add, and how to reach them.
pub struct AddTables {
    pub address: PgAddress,
    pub password: Option<String>,
    pub tables: Vec<PgTable>,
}

type Listing = Result<(PgAddress, Option<String>, Vec<PgTable>), PgError>;

pub struct ConnectDialog {
    ctx: Context,
    pub open: bool,
    pub form: AddressForm,
    pub host: String,
    pub port: String,
    pub dbname: String,
    pub user: String,
    pub sslmode: SslMode,
    pub uri: String,
    pub service: String,
    pub password: String,
    listing: Option<Receiver<Listing>>,
    connected: Option<(PgAddress, Option<String>)>,
    tables: Vec<(PgTable, bool)>,
    error: Option<String>,
}

impl ConnectDialog {
    pub fn new(ctx: Context) -> Self {
        Self {
            ctx,
            open: false,
            form: AddressForm::Uri,
            host: "localhost".into(),
            port: "5432".into(),
            dbname: String::new(),
            user: String::new(),
            sslmode: SslMode::Prefer,
            uri: String::new(),
            service: String::new(),
            password: String::new(),
            listing: None,
            connected: None,
            tables: Vec::new(),
            error: None,
        }
    }

    /// Opens the dialog with a known address filled in.
    pub fn open_with(&mut self, address: Option<&PgAddress>) {
        self.open = true;
        if let Some(a) = address {
            self.form = AddressForm::Uri;
            self.uri = a.to_string();
        }
    }

    pub fn is_connecting(&self) -> bool {
        self.listing.is_some()
    }

    fn params(&self) -> Result<PgParams, String> {
        match self.form {
            AddressForm::Uri => PgParams::parse(&self.uri),
            AddressForm::Service => Ok(PgParams {
                service: Some(self.service.trim().to_string()).filter(|s| !s.is_empty()),
                ..Default::default()
            }),
            AddressForm::Fields => {
                let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
                Ok(PgParams {
                    host: given(&self.host),
                    port: given(&self.port),
                    dbname: given(&self.dbname),
                    user: given(&self.user),
                    sslmode: Some(self.sslmode.as_str().to_string()),
                    ..Default::default()
                })
            }
        }
    }

    /// Connects and lists the tables, off the UI thread.
    pub fn connect(&mut self) {
        self.error = None;
        self.tables.clear();
        self.connected = None;
        let resolved = self.params().and_then(|p| p.resolve(&ProcessEnv));
        let (address, uri_password) = match resolved {
            Ok(r) => r,
            Err(e) => {
                self.error = Some(PgError::Address(e).to_string());
                return;
            }
        };
        let password = Some(self.password.clone())
            .filter(|p| !p.is_empty())
            .or(uri_password);
        self.listing = Some(crate::ui::worker::off_ui_thread(&self.ctx, move || {
            let mut client = PgClient::connect(&address, password.as_deref())?;
            let tables = client.spatial_tables()?;
            Ok((address, password, tables))
        }));
    }

    fn poll(&mut self) {
        let Some(result) = self.listing.as_ref().and_then(|r| r.try_recv().ok()) else {
            return;
        };
        self.listing = None;
        match result {
            Ok((address, password, tables)) => {
                if tables.is_empty() {
                    self.error = Some(trf(
                        "{address} has no spatial tables this user may read",
                        &[("address", &address)],
                    ));
                }
                let only = tables.len() == 1;
                self.tables = tables.into_iter().map(|t| (t, only)).collect();
                self.connected = Some((address, password));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// The dialog, when open; returns the tables the user chose to add.
    pub fn show(&mut self, ctx: &Context) -> Option<AddTables> {
        self.poll();
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut chosen = None;
        egui::Window::new(tr("Add PostGIS layer"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(460.0)
            .show(ctx, |ui| chosen = self.contents(ui));
        self.open = open && chosen.is_none();
        chosen
    }

    fn contents(&mut self, ui: &mut Ui) -> Option<AddTables> {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.form, AddressForm::Uri, "URI");
            ui.selectable_value(&mut self.form, AddressForm::Fields, tr("Host and database"));
            ui.selectable_value(&mut self.form, AddressForm::Service, tr("Service"));
        });
        ui.add_space(4.0);
        self.address_fields(ui);
        ui.horizontal(|ui| {
            let connecting = self.is_connecting();
            if ui
                .add_enabled(!connecting, egui::Button::new(tr("Connect")))
                .clicked()
            {
                self.connect();
            }
            if connecting {
                ui.spinner();
                ui.label(tr("connecting…"));
            }
        });
        ui.label(
            RichText::new(tr("Read-only: the atlas never writes to the database."))
                .small()
                .weak(),
        );
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        if self.tables.is_empty() {
            return None;
        }
        self.table_list(ui);
        let picked: Vec<PgTable> = (self.tables.iter())
            .filter(|(_, p)| *p)
            .map(|(t, _)| t.clone())
            .collect();
        let label = match picked.len() {
            1 => tr("Add 1 layer").to_string(),
            n => trf("Add {n} layers", &[("n", &n)]),
        };
        if ui
            .add_enabled(!picked.is_empty(), egui::Button::new(label))
            .clicked()
            && let Some((address, password)) = self.connected.clone()
        {
            self.tables.clear();
            self.password.clear();
            return Some(AddTables {
                address,
                password,
                tables: picked,
            });
        }
        None
    }

    /// The address in the form chosen (URI, fields or service), and the password.
    fn address_fields(&mut self, ui: &mut Ui) {
        egui::Grid::new("pg_address").num_columns(2).show(ui, |ui| {
            let field = |ui: &mut Ui, label: &str, value: &mut String, hint: &str| {
                let caption = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(300.0),
                )
                .labelled_by(caption.id);
                ui.end_row();
            };
            match self.form {
                AddressForm::Uri => field(
                    ui,
                    tr("Address"),
                    &mut self.uri,
                    "postgresql://user@host:5432/database",
                ),
                AddressForm::Service => field(
                    ui,
                    tr("Service"),
                    &mut self.service,
                    tr("a [name] in ~/.pg_service.conf"),
                ),
                AddressForm::Fields => {
                    field(ui, tr("Host"), &mut self.host, "localhost");
                    field(ui, tr("Port"), &mut self.port, "5432");
                    field(ui, tr("Database"), &mut self.dbname, "gis");
                    field(ui, tr("User"), &mut self.user, tr("your login name"));
                    let caption = ui.label(tr("SSL mode"));
                    egui::ComboBox::from_id_salt("pg_sslmode")
                        .selected_text(self.sslmode.as_str())
                        .show_ui(ui, |ui| {
                            for mode in SslMode::ALL {
                                ui.selectable_value(&mut self.sslmode, mode, mode.as_str());
                            }
                        })
                        .response
                        .labelled_by(caption.id);
                    ui.end_row();
                }
            }
            let caption = ui.label(tr("Password"));
            ui.add(
                egui::TextEdit::singleline(&mut self.password)
                    .password(true)
                    .hint_text(tr("or PGPASSWORD / ~/.pgpass"))
                    .desired_width(300.0),
            )
            .labelled_by(caption.id);
            ui.end_row();
        });
    }

    /// The spatial tables the server lists, each with a tick box.
    fn table_list(&mut self, ui: &mut Ui) {
        ui.separator();
        ui.label(RichText::new(tr("Spatial tables")).strong());
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("pg_tables")
                    .num_columns(4)
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label(RichText::new(tr("table")).weak());
                        ui.label(RichText::new(tr("type")).weak());
                        ui.label(RichText::new("SRID").weak());
                        ui.label(RichText::new(tr("rows (est.)")).weak());
                        ui.end_row();
                        for (table, picked) in &mut self.tables {
                            let mut title = table.title();
                            if table.is_view {
                                title.push_str(" (view)");
                            }
                            ui.checkbox(picked, title);
                            let kind = if table.geography {
                                trf("{type} (geography)", &[("type", &table.geometry_type)])
                            } else {
                                table.geometry_type.clone()
                            };
                            ui.label(kind);
                            ui.label(table.srid.to_string());
                            ui.label(match table.estimated_rows {
                                Some(n) => format!("~{}", format_number(n as f64)),
                                None => "—".into(),
                            });
                            ui.end_row();
                        }
                    });
            });
    }
}
