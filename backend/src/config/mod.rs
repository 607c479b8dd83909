//! Typed settings: `config/default.toml` (compiled in) → optional `--config FILE` → `TRYGG_*`
//! environment. A bad or missing value stops start-up with the key named.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use config::{Environment, File, FileFormat};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub mod lagesbild;
pub mod mail;

use lagesbild::LagesbildSettings;
use mail::MailSettings;

use crate::domain::photo::PhotoLimits;
use crate::domain::retention::RetentionPolicy;

const DEFAULTS: &str = include_str!("../../../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub bind: SocketAddr,
    pub public_url: String,
    pub database_url: SecretString,
    pub data_dir: PathBuf,
    pub municipality: String,
    pub areas_file: PathBuf,
    pub places_file: PathBuf,
    pub pwa_dir: PathBuf,
    pub database_pool: DatabasePool,
    pub limits: Limits,
    pub rate_limit: RateLimit,
    pub auth: AuthSettings,
    pub map: MapSettings,
    pub mail: MailSettings,
    pub log: LogSettings,
    pub retention: RetentionSettings,
    pub metrics: MetricsSettings,
    pub media: MediaSettings,
    pub lagesbild: LagesbildSettings,
}

/// Photos: limits and where they are stored.
#[derive(Debug, Clone, Deserialize)]
pub struct MediaSettings {
    pub store: MediaStoreKind,
    pub max_photos_per_report: u32,
    pub max_photo_bytes: usize,
    pub s3: S3Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaStoreKind {
    /// Files under `{data_dir}/media`.
    Fs,
    /// An S3-compatible object store, shared by several instances.
    S3,
}

#[derive(Debug, Clone, Deserialize)]
pub struct S3Settings {
    pub bucket: String,
    /// Empty for AWS itself; the URL of another S3-compatible service (MinIO, Ceph, …).
    pub endpoint: String,
    pub region: String,
}

impl MediaSettings {
    pub fn limits(&self) -> PhotoLimits {
        PhotoLimits {
            max_per_report: self.max_photos_per_report,
            max_bytes: self.max_photo_bytes,
            ..PhotoLimits::default()
        }
    }
}

/// Where Prometheus metrics are served; not publicly unless set up.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricsSettings {
    /// A separate address (e.g. `127.0.0.1:9090`) serving only `/metrics`; empty: none.
    pub bind: String,
    /// A bearer token for `/metrics` on the main address; empty: `/metrics` is not served there.
    pub token: SecretString,
}

impl MetricsSettings {
    pub fn bind_address(&self) -> Option<SocketAddr> {
        self.bind.trim().parse().ok()
    }
}

/// The gallringsbeslut, in numbers (see `domain::retention`).
#[derive(Debug, Clone, Deserialize)]
pub struct RetentionSettings {
    pub contact_months_after_closed: u32,
    pub email_body_days: u32,
    pub session_days: u32,
    pub login_attempt_days: u32,
    /// 0: exact coordinates are kept.
    pub coarsen_coordinates_months_after_closed: u32,
    /// Whether `trygg serve` purges once a day by itself.
    pub daily: bool,
}

impl RetentionSettings {
    pub fn policy(&self) -> RetentionPolicy {
        RetentionPolicy {
            contact_months_after_closed: self.contact_months_after_closed,
            email_body_days: self.email_body_days,
            session_days: self.session_days,
            login_attempt_days: self.login_attempt_days,
            coarsen_months_after_closed: Some(self.coarsen_coordinates_months_after_closed).filter(|m| *m > 0),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Lines for people; coloured only when stderr is a terminal.
    Text,
    /// One JSON object per line, with the request's span, for a log collector.
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabasePool {
    pub max_connections: u32,
    pub acquire_timeout_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Limits {
    pub json_body_bytes: usize,
    pub body_timeout_seconds: u64,
    pub max_connections_per_worker: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RateLimit {
    pub reports_per_minute: u32,
    pub reports_burst: u32,
    /// Survey answers through an open link, per client address.
    pub survey_responses_per_minute: u32,
    pub survey_responses_burst: u32,
    pub trusted_proxies: Vec<IpAddr>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    pub idle_timeout_minutes: u32,
    pub absolute_timeout_hours: u32,
    pub max_failed_logins: u32,
    pub throttle_minutes: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MapSettings {
    pub tile_url: String,
    pub attribution: String,
    pub zoom: u8,
    /// A Nominatim-compatible search URL the PWA may ask for addresses; empty: none.
    pub geocoder_url: String,
    /// The public map's squares (and Open311's coarsened places): side in metres.
    pub public_cell_m: f64,
    /// A square with fewer public reports than this is not shown, nor a locality in the list.
    pub public_min_count: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Load(#[from] config::ConfigError),
    #[error("configuration key `{key}`: {problem}")]
    Invalid { key: &'static str, problem: String },
}

impl Settings {
    /// Defaults, then `file` if given, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_from(file, Environment::with_prefix("TRYGG").prefix_separator("_"))
    }

    fn load_from(file: Option<&Path>, env: Environment) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder().add_source(File::from_str(DEFAULTS, FileFormat::Toml));
        if let Some(file) = file {
            builder = builder.add_source(File::from(file).format(FileFormat::Toml).required(true));
        }
        let env = env
            .separator("__")
            .try_parsing(true)
            .list_separator(",")
            .with_list_parse_key("rate_limit.trusted_proxies")
            .with_list_parse_key("mail.coordinator_emails")
            .with_list_parse_key("mail.urgent_categories");
        let settings: Settings = builder.add_source(env).build()?.try_deserialize()?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key, problem: &str| Err(ConfigError::Invalid { key, problem: problem.to_owned() });
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return invalid("public_url", "must start with http:// or https://");
        }
        let url = self.database_url.expose_secret();
        if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return invalid("database_url", "must be sqlite://FILE or postgres://…");
        }
        if self.municipality.trim().is_empty() {
            return invalid("municipality", "must not be empty");
        }
        if self.database_pool.max_connections == 0 {
            return invalid("database_pool.max_connections", "must be at least 1");
        }
        if self.limits.body_timeout_seconds == 0 || self.limits.max_connections_per_worker == 0 {
            return invalid("limits", "body_timeout_seconds and max_connections_per_worker must be at least 1");
        }
        if self.limits.json_body_bytes < 1024 {
            return invalid("limits.json_body_bytes", "must be at least 1024");
        }
        let limits = &self.rate_limit;
        if [
            limits.reports_per_minute,
            limits.reports_burst,
            limits.survey_responses_per_minute,
            limits.survey_responses_burst,
        ]
        .contains(&0)
        {
            return invalid("rate_limit", "every per_minute and burst must be at least 1");
        }
        if self.auth.idle_timeout_minutes == 0 || self.auth.absolute_timeout_hours == 0 {
            return invalid("auth", "idle_timeout_minutes and absolute_timeout_hours must be at least 1");
        }
        if self.auth.throttle_minutes == 0 {
            return invalid("auth.throttle_minutes", "must be at least 1");
        }
        if self.auth.max_failed_logins == 0 {
            return invalid("auth.max_failed_logins", "must be at least 1");
        }
        if !self.map.tile_url.contains("{z}") {
            return invalid("map.tile_url", "must contain {z}, {x} and {y}");
        }
        if !(self.map.geocoder_url.is_empty() || self.map.geocoder_url.starts_with("https://")) {
            return invalid("map.geocoder_url", "must be empty or an https:// URL");
        }
        if self.map.zoom > 19 {
            return invalid("map.zoom", "must be between 0 and 19");
        }
        if !(50.0..=5000.0).contains(&self.map.public_cell_m) {
            return invalid("map.public_cell_m", "must be between 50 and 5000 metres");
        }
        if self.map.public_min_count < 2 {
            return invalid("map.public_min_count", "must be at least 2, or a square points out one report");
        }
        if self.media.max_photos_per_report == 0 || self.media.max_photo_bytes < 100 * 1024 {
            return invalid("media", "max_photos_per_report must be at least 1 and max_photo_bytes at least 102400");
        }
        if self.media.store == MediaStoreKind::S3 && self.media.s3.bucket.trim().is_empty() {
            return invalid("media.s3.bucket", "must name the bucket when media.store is `s3`");
        }
        if !self.metrics.token.expose_secret().chars().all(|c| c.is_ascii_graphic()) {
            return invalid("metrics.token", "must be printable ASCII without spaces (it travels in a header)");
        }
        if !self.metrics.bind.trim().is_empty() && self.metrics.bind_address().is_none() {
            return invalid("metrics.bind", "must be empty or an address like 127.0.0.1:9090");
        }
        if self.retention.email_body_days == 0
            || self.retention.session_days == 0
            || self.retention.login_attempt_days == 0
        {
            return invalid("retention", "email_body_days, session_days and login_attempt_days must be at least 1");
        }
        self.lagesbild.meeting_rules()?;
        self.mail.check(&self.public_url)
    }

    /// Whether the public URL is https, so cookies are marked `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The public URL's origin (`scheme://host[:port]`), for checking `Origin` on writes.
    pub fn public_origin(&self) -> &str {
        let base = self.public_base();
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        base[after_scheme..].find('/').map_or(base, |i| &base[..after_scheme + i])
    }

    /// The public URL without a trailing slash, for building links.
    pub fn public_base(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load_with_env(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::load_from(None, Environment::with_prefix("TRYGG").prefix_separator("_").source(Some(vars)))
    }

    #[test]
    fn defaults_load_and_point_at_sqlite_on_port_8080() {
        let settings = load_with_env(&[]).unwrap();
        assert_eq!(settings.bind.port(), 8080);
        assert_eq!(settings.database_url.expose_secret(), "sqlite://data/trygg.db");
    }

    #[test]
    fn the_environment_overrides_top_level_and_nested_keys() {
        let settings = load_with_env(&[
            ("TRYGG_DATABASE_URL", "postgres://localhost/trygg"),
            ("TRYGG_RATE_LIMIT__REPORTS_PER_MINUTE", "99"),
            ("TRYGG_RATE_LIMIT__TRUSTED_PROXIES", "10.0.0.1,::1"),
        ])
        .unwrap();
        assert_eq!(settings.database_url.expose_secret(), "postgres://localhost/trygg");
        assert_eq!(settings.rate_limit.reports_per_minute, 99);
        assert_eq!(settings.rate_limit.trusted_proxies.len(), 2);
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let err = load_with_env(&[("TRYGG_BIND", "not-an-address")]).unwrap_err().to_string();
        assert!(err.contains("bind"), "{err}");
        let err = load_with_env(&[("TRYGG_DATABASE_URL", "mysql://x")]).unwrap_err().to_string();
        assert!(err.contains("database_url"), "{err}");
        let err = load_with_env(&[("TRYGG_RATE_LIMIT__REPORTS_BURST", "lots")]).unwrap_err().to_string();
        assert!(err.contains("reports_burst"), "{err}");
    }
}
