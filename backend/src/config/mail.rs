//! The `[mail]` section: how email leaves Trygg, to whom, and how hard it tries. Values are parsed
//! into their types on load (addresses, times, durations), so a bad one stops start-up with its key.

use std::fmt;
use std::time::Duration;

use chrono::NaiveTime;
use lettre::message::Mailbox;
use lettre::Address;
use secrecy::SecretString;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use super::ConfigError;
use crate::domain::category::Catalog;
use crate::domain::lang::Lang;
use crate::domain::mail_policy::{MailPolicy, MailRules};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    /// An SMTP relay: production.
    Smtp,
    /// Each message as an `.eml` file under `{data_dir}/mail/`: a fresh clone, development.
    File,
    /// Messages are marked sent and dropped.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// No encryption: only for a relay on the same host or a test server.
    Plain,
    /// Connect in plain text and upgrade with STARTTLS, refusing to continue without it (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    pub transport: TransportKind,
    pub allow_file_in_production: bool,
    #[serde(deserialize_with = "mailbox")]
    pub from: Mailbox,
    /// Told about every new report, besides the active coordinators.
    #[serde(deserialize_with = "addresses")]
    pub coordinator_emails: Vec<Address>,
    /// The language of coordinators' emails.
    #[serde(deserialize_with = "language")]
    pub language: Lang,
    pub include_description: bool,
    pub urgent_categories: Vec<String>,
    #[serde(rename = "batch_window_seconds", deserialize_with = "seconds")]
    pub batch_window: Duration,
    pub digest_time: ClockTime,
    pub max_attempts: u32,
    #[serde(rename = "retry_initial_seconds", deserialize_with = "seconds")]
    pub retry_initial: Duration,
    #[serde(rename = "retry_max_seconds", deserialize_with = "seconds")]
    pub retry_max: Duration,
    #[serde(rename = "poll_interval_seconds", deserialize_with = "seconds")]
    pub poll_interval: Duration,
    #[serde(rename = "send_timeout_seconds", deserialize_with = "seconds")]
    pub send_timeout: Duration,
    #[serde(rename = "claim_seconds", deserialize_with = "seconds")]
    pub claim: Duration,
    pub claim_batch: u32,
    pub smtp: SmtpSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

/// A time of day, `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockTime(pub NaiveTime);

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .map(ClockTime)
            .map_err(|_| D::Error::custom(format!("`{text}` is not a time of day as HH:MM")))
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M"))
    }
}

/// Seconds, fractions allowed (tests use small ones), up to a year.
fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    const YEAR: f64 = 365.0 * 24.0 * 3600.0;
    let value = f64::deserialize(d)?;
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|_| value <= YEAR)
        .ok_or_else(|| D::Error::custom(format!("{value} is not a number of seconds from 0 to a year")))
}

fn mailbox<'de, D: Deserializer<'de>>(d: D) -> Result<Mailbox, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(|e| D::Error::custom(format!("`{text}` is not a sender like `Trygg <trygg@kommun.se>` ({e})")))
}

fn addresses<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Address>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|text| {
            text.trim().parse().map_err(|e| {
                D::Error::custom(format!("`{text}` is not an email address like `samordnare@kommun.se` ({e})"))
            })
        })
        .collect()
}

fn language<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
    match String::deserialize(d)?.as_str() {
        "sv" => Ok(Lang::Sv),
        "en" => Ok(Lang::En),
        other => Err(D::Error::custom(format!("`{other}` is not a language Trygg writes (sv, en)"))),
    }
}

impl MailSettings {
    /// The domain's mail policy from these settings; an urgent category that is not in the
    /// catalog stops start-up with the key named.
    pub fn policy(&self, catalog: &Catalog) -> Result<MailPolicy, ConfigError> {
        MailPolicy::new(self.rules(), catalog).map_err(|slug| ConfigError::Invalid {
            key: "mail.urgent_categories",
            problem: format!("`{slug}` is not a category"),
        })
    }

    /// The rules the domain's mail policy is made from.
    pub fn rules(&self) -> MailRules {
        MailRules {
            coordinator_emails: self.coordinator_emails.iter().map(ToString::to_string).collect(),
            coordinator_language: self.language,
            urgent_categories: self.urgent_categories.clone(),
            batch_window: self.batch_window,
            digest_time: self.digest_time.0,
        }
    }

    /// What the types alone cannot say.
    pub fn check(&self, public_url: &str) -> Result<(), ConfigError> {
        let invalid = |key, problem: &str| Err(ConfigError::Invalid { key, problem: problem.to_owned() });
        if self.transport == TransportKind::File && public_url.starts_with("https://") && !self.allow_file_in_production
        {
            return invalid(
                "mail.transport",
                "is `file` while public_url is https (production): use `smtp`, or set \
                 mail.allow_file_in_production = true if files are really wanted",
            );
        }
        if self.transport == TransportKind::Smtp && self.smtp.host.trim().is_empty() {
            return invalid("mail.smtp.host", "must name the SMTP relay when mail.transport is `smtp`");
        }
        if self.smtp.password.is_some() && self.smtp.username.is_none() {
            return invalid("mail.smtp.password", "is set without mail.smtp.username");
        }
        if self.max_attempts == 0 {
            return invalid("mail.max_attempts", "must be at least 1");
        }
        if self.retry_max < self.retry_initial {
            return invalid("mail.retry_max_seconds", "must be at least mail.retry_initial_seconds");
        }
        if self.poll_interval.is_zero() {
            return invalid("mail.poll_interval_seconds", "must be more than 0");
        }
        if self.send_timeout.is_zero() {
            return invalid("mail.send_timeout_seconds", "must be more than 0");
        }
        if self.claim <= self.send_timeout {
            return invalid("mail.claim_seconds", "must be longer than mail.send_timeout_seconds");
        }
        if self.claim_batch == 0 {
            return invalid("mail.claim_batch", "must be at least 1");
        }
        Ok(())
    }
}
