//! A read-only connection to PostGIS, the errors a user can act on, and cancelling what runs.

use std::sync::Arc;
use std::time::Duration;

use postgres::error::SqlState;

use super::address::{PgAddress, SslMode};

/// What went wrong, in words the user can act on. The address is always named, never the
/// password.
#[derive(Debug, Clone, PartialEq)]
pub enum PgError {
    /// The address itself cannot be read.
    Address(String),
    /// No server answered there.
    Unreachable {
        address: String,
        reason: String,
    },
    /// The server wants a password and none was given, in PGPASSWORD or in .pgpass.
    PasswordNeeded {
        address: String,
    },
    WrongPassword {
        address: String,
    },
    /// The server's access rules (pg_hba.conf) turn this connection away.
    NotAllowed {
        address: String,
        reason: String,
    },
    UnknownDatabase {
        address: String,
    },
    /// TLS failed (the server refused it, or its certificate did not verify).
    Tls {
        address: String,
        reason: String,
    },
    /// The database has no PostGIS (no `geometry_columns`).
    NoPostgis {
        address: String,
    },
    /// The table is gone or cannot be read by this user.
    Table {
        table: String,
        reason: String,
    },
    /// The query was cancelled because the view moved on.
    Cancelled,
    /// The connection dropped while in use.
    Lost {
        address: String,
    },
    /// The server, or the network in between, stopped answering: nothing came back within
    /// the deadline (a frozen proxy, a cable pulled while TCP still holds the connection).
    NoAnswer {
        address: String,
        seconds: u64,
    },
    /// Anything else the server said.
    Server(String),
}

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PgError::Address(m) => write!(f, "cannot read the database address: {m}"),
            PgError::Unreachable { address, reason } => write!(
                f,
                "no PostgreSQL server answers at {address} ({reason}); check the host and \
                 port, and that the server is running"
            ),
            PgError::PasswordNeeded { address } => write!(
                f,
                "{address} asks for a password; type it in, or put it in PGPASSWORD or ~/.pgpass"
            ),
            PgError::WrongPassword { address } => {
                write!(f, "the password (or user name) was refused by {address}")
            }
            PgError::NotAllowed { address, reason } if reason.contains("no encryption") => write!(
                f,
                "{address} accepts this user only over TLS: use sslmode=prefer or require ({reason})"
            ),
            PgError::NotAllowed { address, reason } => {
                write!(f, "{address} does not accept this connection: {reason}")
            }
            PgError::UnknownDatabase { address } => {
                write!(f, "the server has no such database: {address}")
            }
            PgError::Tls { address, reason } => {
                write!(f, "secure connection to {address} failed: {reason}")
            }
            PgError::NoPostgis { address } => write!(
                f,
                "{address} has no PostGIS (no geometry_columns); ask for CREATE EXTENSION postgis"
            ),
            PgError::Table { table, reason } => write!(f, "cannot read {table}: {reason}"),
            PgError::Cancelled => f.write_str("cancelled"),
            PgError::Lost { address } => write!(
                f,
                "the connection to {address} was lost (the server stopped or the network failed)"
            ),
            PgError::NoAnswer { address, seconds } => write!(
                f,
                "no answer from {address} within {seconds} s: the server or the network in \
                 between stopped answering"
            ),
            PgError::Server(m) => write!(f, "the database said: {m}"),
        }
    }
}

impl std::error::Error for PgError {}

impl PgError {
    /// Whether the connection is unusable and must be opened again.
    pub fn needs_reconnect(&self) -> bool {
        matches!(
            self,
            PgError::Lost { .. } | PgError::Unreachable { .. } | PgError::NoAnswer { .. }
        )
    }

    /// Classifies a driver error met while connecting to or talking with `address`.
    pub fn from_driver(e: &postgres::Error, address: &PgAddress) -> Self {
        let shown = address.to_string();
        if let Some(db) = e.as_db_error() {
            let code = db.code();
            return if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                && db.message().contains("pg_hba.conf")
            {
                PgError::NotAllowed {
                    address: shown,
                    reason: db.message().to_string(),
                }
            } else if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                PgError::WrongPassword { address: shown }
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                PgError::UnknownDatabase { address: shown }
            } else if *code == SqlState::QUERY_CANCELED {
                PgError::Cancelled
            } else if *code == SqlState::ADMIN_SHUTDOWN
                || *code == SqlState::CRASH_SHUTDOWN
                || *code == SqlState::CANNOT_CONNECT_NOW
            {
                PgError::Lost { address: shown }
            } else {
                let mut message = db.message().to_string();
                if let Some(detail) = db.detail() {
                    message.push_str(&format!(" ({detail})"));
                }
                PgError::Server(message)
            };
        }
        let text = e.to_string();
        let chain = error_chain(e);
        if chain.contains("password missing") {
            PgError::PasswordNeeded { address: shown }
        } else if e.is_closed() || chain.contains("connection closed") {
            PgError::Lost { address: shown }
        } else if chain.contains("tls") || chain.contains("TLS") || chain.contains("certificate") {
            PgError::Tls {
                address: shown,
                reason: chain,
            }
        } else if text.starts_with("error connecting") || text.contains("timeout") {
            PgError::Unreachable {
                address: shown,
                reason: chain,
            }
        } else {
            PgError::Server(chain)
        }
    }
}

/// The error and its causes, as one line (the driver puts the useful part in the source).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// How long a server may take to accept a connection before we say it is unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a connection or a query may go without an answer: `ATLAS_PG_DEADLINE_S` seconds
/// if set, else two minutes (the server's own `statement_timeout` stops a query at 120 s;
/// this catches a server or network that stops answering at all).
pub fn deadline() -> Duration {
    std::env::var("ATLAS_PG_DEADLINE_S")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map_or(Duration::from_secs(130), Duration::from_secs)
}

fn no_answer(address: &PgAddress, deadline: Duration) -> PgError {
    PgError::NoAnswer {
        address: address.to_string(),
        seconds: deadline.as_secs(),
    }
}

/// A connection, read-only for its whole life: every transaction is `READ ONLY`, so a mistake
/// in SQL (ours or a hostile name's) cannot change the database.
pub struct PgClient {
    pub(super) client: postgres::Client,
    pub address: PgAddress,
    tls: Tls,
}

/// What cancels the query running on a connection, from another thread.
#[derive(Clone)]
pub struct Canceller {
    token: postgres::CancelToken,
    tls: Tls,
}

impl Canceller {
    /// Asks the server to stop the connection's current query; the query then fails with
    /// [`PgError::Cancelled`]. Harmless when nothing runs. Returns at once: the request opens
    /// a connection of its own, which takes a round trip, or the whole connect timeout when
    /// the server is unreachable, and the window calls this between frames.
    pub fn cancel(&self) {
        let canceller = self.clone();
        let sent = std::thread::Builder::new()
            .name("postgis cancel".into())
            .spawn(move || canceller.cancel_and_wait());
        if sent.is_err() {
            self.cancel_and_wait();
        }
    }

    /// [`Self::cancel`], returning once the server has the request.
    fn cancel_and_wait(&self) {
        let _ = match &self.tls {
            Tls::Off => self.token.cancel_query(postgres::NoTls),
            Tls::Rustls(config) => {
                self.token
                    .cancel_query(tokio_postgres_rustls::MakeRustlsConnect::new(
                        (**config).clone(),
                    ))
            }
        };
    }
}

#[derive(Clone)]
enum Tls {
    Off,
    Rustls(Arc<rustls::ClientConfig>),
}

impl PgClient {
    /// Connects, with the password given or the stored one (PGPASSWORD, .pgpass).
    pub fn connect(address: &PgAddress, password: Option<&str>) -> Result<Self, PgError> {
        Self::connect_within(address, password, deadline())
    }

    /// Connects, giving up with [`PgError::NoAnswer`] when the whole handshake (TCP, TLS,
    /// start-up, authentication, session settings) takes longer than `deadline`: the driver's
    /// own timeout covers only the TCP connect, and a server that accepts and then says
    /// nothing would hold the caller for good. The attempt goes on in the background until
    /// the socket gives up.
    pub fn connect_within(
        address: &PgAddress,
        password: Option<&str>,
        deadline: Duration,
    ) -> Result<Self, PgError> {
        let (address_copy, password) = (address.clone(), password.map(str::to_owned));
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("postgis connect".into())
            .spawn(move || {
                let _ = sender.send(Self::connect_now(&address_copy, password.as_deref()));
            })
            .map_err(|e| PgError::Server(format!("cannot start a thread: {e}")))?;
        receiver
            .recv_timeout(deadline)
            .unwrap_or_else(|_| Err(no_answer(address, deadline)))
    }

    /// Runs `work` on the connection with a deadline: the connection comes back with the
    /// answer, or the deadline passes and the connection is given up ([`PgError::NoAnswer`]).
    pub fn within<T: Send + 'static>(
        self,
        deadline: Duration,
        work: impl FnOnce(&mut PgClient) -> T + Send + 'static,
    ) -> Result<(PgClient, T), PgError> {
        let address = self.address.clone();
        let (sender, receiver) = std::sync::mpsc::channel();
        let mut client = self;
        std::thread::Builder::new()
            .name("postgis query".into())
            .spawn(move || {
                let answer = work(&mut client);
                let _ = sender.send((client, answer));
            })
            .map_err(|e| PgError::Server(format!("cannot start a thread: {e}")))?;
        receiver
            .recv_timeout(deadline)
            .map_err(|_| no_answer(&address, deadline))
    }

    fn connect_now(address: &PgAddress, password: Option<&str>) -> Result<Self, PgError> {
        let mut config = postgres::Config::new();
        config
            .host(&address.host)
            .port(address.port)
            .dbname(&address.dbname)
            .user(&address.user)
            .application_name(
                address
                    .application_name
                    .as_deref()
                    .unwrap_or("chongqing-atlas"),
            )
            .connect_timeout(CONNECT_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30))
            .ssl_mode(match address.sslmode {
                SslMode::Disable => postgres::config::SslMode::Disable,
                SslMode::Prefer => postgres::config::SslMode::Prefer,
                _ => postgres::config::SslMode::Require,
            });
        let stored;
        let password = match password {
            Some(p) => Some(p),
            None => {
                stored = super::address::stored_password(address, &super::address::ProcessEnv);
                stored.as_deref()
            }
        };
        if let Some(p) = password {
            config.password(p);
        }
        let tls = match address.sslmode {
            SslMode::Disable => Tls::Off,
            mode => Tls::Rustls(Arc::new(tls_config(mode)?)),
        };
        let client = match &tls {
            Tls::Off => config.connect(postgres::NoTls),
            Tls::Rustls(c) => {
                config.connect(tokio_postgres_rustls::MakeRustlsConnect::new((**c).clone()))
            }
        }
        .map_err(|e| PgError::from_driver(&e, address))?;
        let mut pg = Self {
            client,
            address: address.clone(),
            tls,
        };
        pg.client
            .batch_execute(
                // JIT compiles for ~0.3 s before a big aggregate runs: more than it saves.
                "SET default_transaction_read_only = on; SET statement_timeout = '120s'; \
                 SET extra_float_digits = 3; SET jit = off",
            )
            .map_err(|e| pg.error(&e))?;
        Ok(pg)
    }

    pub fn canceller(&self) -> Canceller {
        Canceller {
            token: self.client.cancel_token(),
            tls: self.tls.clone(),
        }
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    pub(super) fn error(&self, e: &postgres::Error) -> PgError {
        PgError::from_driver(e, &self.address)
    }

    /// Whether the connection is encrypted (TLS).
    pub fn is_encrypted(&mut self) -> Result<bool, PgError> {
        let row = (self.client)
            .query_opt(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .map_err(|e| PgError::from_driver(&e, &self.address))?;
        Ok(row.is_some_and(|r| r.get::<_, bool>(0)))
    }

    /// Whether the session really refuses writes (for the tests and the About line).
    pub fn is_read_only(&mut self) -> Result<bool, PgError> {
        let row = (self.client)
            .query_one("SHOW default_transaction_read_only", &[])
            .map_err(|e| PgError::from_driver(&e, &self.address))?;
        Ok(row.get::<_, String>(0) == "on")
    }
}

fn tls_config(mode: SslMode) -> Result<rustls::ClientConfig, PgError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| PgError::Tls {
            address: String::new(),
            reason: e.to_string(),
        })?;
    Ok(match mode {
        SslMode::VerifyCa | SslMode::VerifyFull => {
            let mut roots = rustls::RootCertStore::empty();
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        // libpq's prefer/require encrypt without checking who answers; so do we.
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
            .with_no_client_auth(),
    })
}

/// Accepts any certificate, checking only that the handshake is signed with it (libpq's
/// `sslmode=require`).
#[derive(Debug)]
struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
