//! PostGIS as a source of layers: where the database is ([`address`]), a read-only
//! connection and its errors ([`client`]), what it offers ([`catalog`]), and the queries a
//! view, a click and the attribute table make ([`query`]).

pub mod address;
pub mod catalog;
pub mod client;
pub mod query;

pub use address::{PgAddress, PgParams, SslMode, TableRef, is_database_address};
pub use catalog::{ColumnKind, PgColumn, PgLayerSchema, PgTable};
pub use client::{Canceller, PgClient, PgError};
pub use query::{ViewRequest, ViewResult};
