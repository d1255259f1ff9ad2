//! `samverka-region serve`'s settings (#21): each one a flag, an environment variable and a key
//! of the TOML file given with `--config`. A flag (or its variable) wins over the file, the
//! file over the default. The file's keys are the flags' names with `_` for `-`; an unknown
//! key is an error, so a typo never silently leaves a default in force. Relative paths in the
//! file are read from the file's directory.

use crate::api::client::parse_networks;
use crate::api::limit::AttemptRate;
use crate::serve::Limits;
use crate::telemetry::LogFormat;
use ipnet::IpNet;
use serde::Deserialize;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The store when neither `--db`, `SAMVERKA_REGION_DB` nor the file names one.
pub const DEFAULT_DB: &str = "sqlite://samverka-region.db";

/// The address served when none is given.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The shortest metrics token accepted: it stands between the world and the region's figures.
pub const MIN_METRICS_TOKEN: usize = 16;

/// A configuration problem, named by its key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not TOML of the expected keys.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// TOML's message, with the line.
        message: String,
    },
    /// A value is wrong.
    #[error("{key}: {message}")]
    Invalid {
        /// The key (or flag) at fault.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

fn invalid(key: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.into(),
    }
}

/// The file given with `--config`: every key optional.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// `--db`.
    pub db: Option<String>,
    /// `--listen`.
    pub listen: Option<SocketAddr>,
    /// `--tls-cert`.
    pub tls_cert: Option<PathBuf>,
    /// `--tls-key`.
    pub tls_key: Option<PathBuf>,
    /// `--attempts-per-minute`.
    pub attempts_per_minute: Option<NonZeroU32>,
    /// `--attempts-burst`.
    pub attempts_burst: Option<NonZeroU32>,
    /// `--max-connections`.
    pub max_connections: Option<usize>,
    /// `--header-timeout`, seconds.
    pub header_timeout: Option<u64>,
    /// `--request-timeout`, seconds.
    pub request_timeout: Option<u64>,
    /// `--trusted-proxies`.
    pub trusted_proxies: Option<Vec<String>>,
    /// `--metrics-allow`.
    pub metrics_allow: Option<Vec<String>>,
    /// `--metrics-token-file`.
    pub metrics_token_file: Option<PathBuf>,
    /// `--log-format`.
    pub log_format: Option<LogFormat>,
    /// `--migrate-on-start`.
    pub migrate_on_start: Option<bool>,
}

impl ConfigFile {
    /// Reads `path`; relative paths in it become relative to its directory.
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut file: Self = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for p in [
            &mut file.tls_cert,
            &mut file.tls_key,
            &mut file.metrics_token_file,
        ]
        .into_iter()
        .flatten()
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
        Ok(file)
    }
}

/// `serve`'s flags. None has a default here: an absent flag lets the file's key (or the
/// default named in its help) stand.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "SAMVERKA_REGION_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// PEM certificate chain (leaf first); with --tls-key, serve HTTPS only.
    #[arg(long, env = "SAMVERKA_REGION_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "SAMVERKA_REGION_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// Enrolment and login attempts per client address per minute, each counted apart and
    /// shared by every node on the database [default: 10].
    #[arg(long, env = "SAMVERKA_REGION_ATTEMPTS_PER_MINUTE")]
    pub attempts_per_minute: Option<NonZeroU32>,
    /// Attempts a client address may make at once before the per-minute pace applies
    /// [default: 5].
    #[arg(long, env = "SAMVERKA_REGION_ATTEMPTS_BURST")]
    pub attempts_burst: Option<NonZeroU32>,
    /// Connections served at once; keep it below the open-file limit [default: 512].
    #[arg(long, env = "SAMVERKA_REGION_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Seconds a client has to send a request head (and finish a TLS handshake) [default: 10].
    #[arg(long, env = "SAMVERKA_REGION_HEADER_TIMEOUT")]
    pub header_timeout: Option<u64>,
    /// Seconds a whole request, body included, may take before it is answered 408
    /// [default: 30].
    #[arg(long, env = "SAMVERKA_REGION_REQUEST_TIMEOUT")]
    pub request_timeout: Option<u64>,
    /// Load balancers (addresses or networks, comma-separated) whose X-Forwarded-For names
    /// the client; nobody's is read by default.
    #[arg(long, env = "SAMVERKA_REGION_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
    /// Client addresses or networks (comma-separated) that may read /metrics without a token
    /// [default: 127.0.0.0/8,::1].
    #[arg(long, env = "SAMVERKA_REGION_METRICS_ALLOW", value_delimiter = ',')]
    pub metrics_allow: Option<Vec<String>>,
    /// A file holding the bearer token that may read /metrics from anywhere (at least 16
    /// characters; e.g. a systemd credential).
    #[arg(long, env = "SAMVERKA_REGION_METRICS_TOKEN_FILE")]
    pub metrics_token_file: Option<PathBuf>,
    /// `json` (one object per line) or `text` [default: json].
    #[arg(long, env = "SAMVERKA_REGION_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Bring the schema up to date before serving (`false`: run `samverka-region migrate` as
    /// an upgrade step; /ready answers 503 until then) [default: true].
    #[arg(long, env = "SAMVERKA_REGION_MIGRATE_ON_START", value_name = "BOOL")]
    pub migrate_on_start: Option<bool>,
}

/// `serve`'s settings, merged and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The store's URL.
    pub db: String,
    /// The address to listen on.
    pub listen: SocketAddr,
    /// Certificate and key, when serving HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Enrolment and login attempts per address.
    pub attempts: AttemptRate,
    /// Limits against slow and idle clients.
    pub limits: Limits,
    /// Load balancers believed about the client's address.
    pub trusted_proxies: Vec<IpNet>,
    /// Who may read `/metrics` without a token.
    pub metrics_allow: Vec<IpNet>,
    /// The bearer token that may read `/metrics`, read from its file.
    pub metrics_token: Option<String>,
    /// The log's format.
    pub log_format: LogFormat,
    /// Whether to migrate before serving.
    pub migrate_on_start: bool,
}

/// The store: `--db` (or `SAMVERKA_REGION_DB`), else the file's `db`, else [`DEFAULT_DB`].
pub fn db_of(flag: Option<&str>, file: &ConfigFile) -> String {
    flag.map(str::to_owned)
        .or_else(|| file.db.clone())
        .unwrap_or_else(|| DEFAULT_DB.to_owned())
}

/// The log format `serve` starts with, before anything else is checked.
pub fn log_format_of(args: &ServeArgs, file: &ConfigFile) -> LogFormat {
    args.log_format.or(file.log_format).unwrap_or_default()
}

impl Settings {
    /// Merges the flags over the file over the defaults, and checks the result.
    pub fn resolve(
        db_flag: Option<&str>,
        args: ServeArgs,
        file: ConfigFile,
    ) -> Result<Self, ConfigError> {
        let defaults = Limits::default();
        let rate = AttemptRate::default();
        let db = db_of(db_flag, &file);
        let log_format = log_format_of(&args, &file);
        let tls = match (
            args.tls_cert.or(file.tls_cert),
            args.tls_key.or(file.tls_key),
        ) {
            (Some(cert), Some(key)) => Some((cert, key)),
            (None, None) => None,
            (Some(_), None) => return Err(invalid("tls_key", "tls_cert needs tls_key")),
            (None, Some(_)) => return Err(invalid("tls_cert", "tls_key needs tls_cert")),
        };
        let seconds = |v: Option<u64>, default: Duration| {
            v.map_or(default, |s| Duration::from_secs(s.max(1)))
        };
        let trusted_proxies = args
            .trusted_proxies
            .or(file.trusted_proxies)
            .map(|v| parse_networks(&v).map_err(|m| invalid("trusted_proxies", m)))
            .transpose()?
            .unwrap_or_default();
        let metrics_allow = args
            .metrics_allow
            .or(file.metrics_allow)
            .map(|v| parse_networks(&v).map_err(|m| invalid("metrics_allow", m)))
            .transpose()?
            .unwrap_or_else(crate::api::ops::loopback);
        let metrics_token = args
            .metrics_token_file
            .or(file.metrics_token_file)
            .map(|p| read_token(&p))
            .transpose()?;
        Ok(Self {
            db,
            listen: args
                .listen
                .or(file.listen)
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            tls,
            attempts: AttemptRate {
                per_minute: args
                    .attempts_per_minute
                    .or(file.attempts_per_minute)
                    .unwrap_or(rate.per_minute),
                burst: args
                    .attempts_burst
                    .or(file.attempts_burst)
                    .unwrap_or(rate.burst),
            },
            limits: Limits {
                max_connections: args
                    .max_connections
                    .or(file.max_connections)
                    .unwrap_or(defaults.max_connections)
                    .max(1),
                header_timeout: seconds(
                    args.header_timeout.or(file.header_timeout),
                    defaults.header_timeout,
                ),
                request_timeout: seconds(
                    args.request_timeout.or(file.request_timeout),
                    defaults.request_timeout,
                ),
            },
            trusted_proxies,
            metrics_allow,
            metrics_token,
            log_format,
            migrate_on_start: args
                .migrate_on_start
                .or(file.migrate_on_start)
                .unwrap_or(true),
        })
    }
}

/// The metrics token from its file, without the line end.
fn read_token(path: &Path) -> Result<String, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid("metrics_token_file", format!("{}: {e}", path.display())))?;
    let token = text.trim().to_owned();
    if token.chars().count() < MIN_METRICS_TOKEN || token.chars().any(char::is_whitespace) {
        return Err(invalid(
            "metrics_token_file",
            format!(
                "{}: the token must be one word of at least {MIN_METRICS_TOKEN} characters",
                path.display()
            ),
        ));
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Result<ConfigFile, ConfigError> {
        let dir = tempfile::tempdir().map_err(|source| ConfigError::Read {
            path: PathBuf::new(),
            source,
        })?;
        let path = dir.path().join("region.toml");
        std::fs::write(&path, text).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        ConfigFile::read(&path).map(|mut f| {
            // The directory goes with the test; keep the paths comparable.
            for p in [&mut f.tls_cert, &mut f.tls_key].into_iter().flatten() {
                if let Ok(rest) = p.strip_prefix(dir.path()) {
                    *p = PathBuf::from("CONFIG_DIR").join(rest);
                }
            }
            f
        })
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_the_defaults() {
        let f = file(
            r#"
            db = "postgres://samverka@db/samverka"
            listen = "10.0.0.5:8443"
            tls_cert = "cert.pem"
            tls_key = "/etc/samverka/key.pem"
            attempts_per_minute = 20
            max_connections = 1000
            trusted_proxies = ["10.0.0.2", "10.0.1.0/24"]
            log_format = "text"
            migrate_on_start = false
            "#,
        )
        .expect("the file reads");
        let args = ServeArgs {
            listen: "127.0.0.1:9000".parse().ok(),
            attempts_per_minute: NonZeroU32::new(30),
            ..ServeArgs::default()
        };
        let s = Settings::resolve(None, args, f.clone()).expect("settings");
        assert_eq!(s.db, "postgres://samverka@db/samverka");
        assert_eq!(s.listen.to_string(), "127.0.0.1:9000", "the flag wins");
        assert_eq!(s.attempts.per_minute.get(), 30, "the flag wins");
        assert_eq!(s.attempts.burst.get(), 5, "the default stands");
        assert_eq!(s.limits.max_connections, 1000, "the file's");
        assert_eq!(s.limits.header_timeout, Duration::from_secs(10));
        assert_eq!(
            s.tls,
            Some((
                PathBuf::from("CONFIG_DIR/cert.pem"),
                PathBuf::from("/etc/samverka/key.pem")
            )),
            "relative to the file"
        );
        assert_eq!(s.trusted_proxies.len(), 2);
        assert_eq!(s.metrics_allow, crate::api::ops::loopback());
        assert_eq!(s.log_format, LogFormat::Text);
        assert!(!s.migrate_on_start);
        // --db wins over the file's db.
        let s =
            Settings::resolve(Some("sqlite://x.db"), ServeArgs::default(), f).expect("settings");
        assert_eq!(s.db, "sqlite://x.db");
        // Nothing at all: the defaults.
        let s =
            Settings::resolve(None, ServeArgs::default(), ConfigFile::default()).expect("settings");
        assert_eq!(s.db, DEFAULT_DB);
        assert_eq!(s.listen.to_string(), DEFAULT_LISTEN);
        assert!(s.trusted_proxies.is_empty() && s.tls.is_none() && s.migrate_on_start);
        assert_eq!(s.log_format, LogFormat::Json);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused_by_name() {
        let err = file("atempts_burst = 3\n")
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            err.as_ref().is_err_and(|e| e.contains("atempts_burst")),
            "{err:?}"
        );
        let f = file("trusted_proxies = [\"0.0.0.0/0\"]\n").expect("reads");
        let err = Settings::resolve(None, ServeArgs::default(), f).map_err(|e| e.to_string());
        assert!(
            err.as_ref()
                .is_err_and(|e| e.starts_with("trusted_proxies:")),
            "{err:?}"
        );
        let f = file("tls_cert = \"cert.pem\"\n").expect("reads");
        assert!(Settings::resolve(None, ServeArgs::default(), f).is_err());
    }

    #[test]
    fn the_metrics_token_is_read_from_its_file_and_must_be_long() {
        let dir = tempfile::tempdir().expect("temp dir");
        let short = dir.path().join("short");
        let good = dir.path().join("good");
        std::fs::write(&short, "secret\n").expect("write");
        std::fs::write(&good, "0123456789abcdef0123\n").expect("write");
        let with = |p: &Path| ServeArgs {
            metrics_token_file: Some(p.to_owned()),
            ..ServeArgs::default()
        };
        assert!(Settings::resolve(None, with(&short), ConfigFile::default()).is_err());
        let s = Settings::resolve(None, with(&good), ConfigFile::default()).expect("settings");
        assert_eq!(s.metrics_token.as_deref(), Some("0123456789abcdef0123"));
    }
}
