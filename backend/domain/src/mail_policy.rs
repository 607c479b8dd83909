//! Who is told what, and when: the rules alone, without SQL or SMTP, so they are unit-tested.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::category::Catalog;
use crate::lang::Lang;

/// Who an email is for; each audience gets its own emails and templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Audience {
    Coordinator,
    Reporter,
}

/// When a notification goes out: when its batch window closes, or with the daily digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batch {
    Immediate,
    Digest,
}

string_enum!(Audience { Coordinator => "coordinator", Reporter => "reporter" });
string_enum!(Batch { Immediate => "immediate", Digest => "digest" });

/// Where an `outbox_email` is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for `next_attempt_at`.
    Queued,
    /// Claimed by a worker until `claimed_until`.
    Sending,
    Sent,
    /// Refused for good, or out of attempts; an admin may queue it again.
    Failed,
}

string_enum!(OutboxStatus { Queued => "queued", Sending => "sending", Sent => "sent", Failed => "failed" });

/// What an email is, for the admin list and the `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    CoordinatorAlert,
    CoordinatorDigest,
    ReporterUpdate,
    /// An åtgärd past its due date, to its owner and the coordinators.
    ActionOverdue,
    /// The draft lägesbild before a group's meeting.
    DraftReady,
}

string_enum!(EmailKind {
    CoordinatorAlert => "coordinator_alert",
    CoordinatorDigest => "coordinator_digest",
    ReporterUpdate => "reporter_update",
    ActionOverdue => "action_overdue",
    DraftReady => "draft_ready",
});

/// An address as someone without the right to contact details sees it: `a***@example.se`.
pub fn masked_address(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// The configured rules, as plain values.
#[derive(Debug, Clone)]
pub struct MailRules {
    /// Told about every new report, besides the active coordinators.
    pub coordinator_emails: Vec<String>,
    pub coordinator_language: Lang,
    /// Category slugs whose reports are emailed at once.
    pub urgent_categories: Vec<String>,
    pub batch_window: Duration,
    /// Stockholm time.
    pub digest_time: NaiveTime,
}

/// The configured mail rules, with category slugs resolved against the catalog.
#[derive(Debug, Clone)]
pub struct MailPolicy {
    coordinators: Vec<String>,
    coordinator_language: Lang,
    urgent_categories: HashSet<i32>,
    batch_window: chrono::Duration,
    digest_time: NaiveTime,
    reporter_updates: bool,
    coordinator_alerts: bool,
}

impl MailPolicy {
    /// The rules as configured, with the urgent categories' slugs resolved against `catalog`;
    /// `Err` names a slug that is not a category.
    pub fn new(rules: MailRules, catalog: &Catalog) -> Result<Self, String> {
        let urgent_categories = rules
            .urgent_categories
            .iter()
            .map(|slug| catalog.by_slug(slug.trim()).map(|c| c.id).ok_or_else(|| slug.clone()))
            .collect::<Result<_, _>>()?;
        Ok(MailPolicy {
            coordinators: rules.coordinator_emails,
            coordinator_language: rules.coordinator_language,
            urgent_categories,
            batch_window: chrono::Duration::from_std(rules.batch_window).unwrap_or(chrono::Duration::MAX),
            digest_time: rules.digest_time,
            reporter_updates: true,
            coordinator_alerts: true,
        })
    }

    /// Tells no one: for synthetic history such as `trygg demo`.
    pub fn silent() -> Self {
        MailPolicy {
            coordinators: Vec::new(),
            coordinator_language: Lang::Sv,
            urgent_categories: HashSet::new(),
            batch_window: chrono::Duration::zero(),
            digest_time: NaiveTime::MIN,
            reporter_updates: false,
            coordinator_alerts: false,
        }
    }

    /// Whether new reports are told to coordinators at all (not for synthetic history).
    pub fn tells_coordinators(&self) -> bool {
        self.coordinator_alerts
    }

    /// The addresses configured besides the active coordinators.
    pub fn configured_coordinators(&self) -> &[String] {
        &self.coordinators
    }

    /// The configured addresses plus `extra` (the active coordinators), each once, whatever its case.
    pub fn coordinator_recipients(&self, extra: Vec<String>) -> Vec<String> {
        let mut seen = HashSet::new();
        self.coordinators.iter().cloned().chain(extra).filter(|a| seen.insert(a.to_lowercase())).collect()
    }

    pub fn coordinator_language(&self) -> Lang {
        self.coordinator_language
    }

    pub fn sends_reporter_updates(&self) -> bool {
        self.reporter_updates
    }

    pub fn is_urgent(&self, category_id: i32) -> bool {
        self.urgent_categories.contains(&category_id)
    }

    /// When a notification made `now` is due. An immediate one joins the recipient's pending batch
    /// (`pending_due`) if there is one, so several events in a short while become one email;
    /// otherwise it opens a batch that closes a window from now.
    pub fn due_at(&self, batch: Batch, now: DateTime<Utc>, pending_due: Option<DateTime<Utc>>) -> DateTime<Utc> {
        match batch {
            Batch::Immediate => pending_due.unwrap_or_else(|| now.checked_add_signed(self.batch_window).unwrap_or(now)),
            Batch::Digest => next_digest(now, self.digest_time),
        }
    }
}

/// The first `at` (Stockholm time) after `now`. On the night clocks go forward, a time that does
/// not exist that day is taken an hour later; on the night they go back, the first of the two.
pub fn next_digest(now: DateTime<Utc>, at: NaiveTime) -> DateTime<Utc> {
    let today = now.with_timezone(&Stockholm).date_naive();
    (0..=2)
        .filter_map(|days| today.checked_add_days(chrono::Days::new(days)))
        .filter_map(|day| {
            let local = day.and_time(at);
            Stockholm
                .from_local_datetime(&local)
                .earliest()
                .or_else(|| Stockholm.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
        })
        .map(|t| t.with_timezone(&Utc))
        .find(|t| *t > now)
        .unwrap_or(now)
}

/// Wait before the next delivery attempt after `attempts` failed ones: doubling from `initial`,
/// capped at `max`, and spread by `jitter` (0..1) over the upper half so that emails failing
/// together do not retry together.
pub fn retry_delay(attempts: u32, initial: Duration, max: Duration, jitter: f64) -> Duration {
    let doublings = attempts.saturating_sub(1).min(30);
    let cap = initial.saturating_mul(1 << doublings).min(max);
    cap / 2 + cap.mul_f64(jitter.clamp(0.0, 1.0) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn seven() -> NaiveTime {
        NaiveTime::from_hms_opt(7, 0, 0).unwrap()
    }

    #[test]
    fn the_digest_goes_out_at_the_next_stockholm_morning() {
        // 05:30 UTC is 06:30 in Stockholm in winter: today at 07:00 local = 06:00 UTC.
        assert_eq!(next_digest(utc("2026-11-25T05:30:00Z"), seven()), utc("2026-11-25T06:00:00Z"));
        // Past 07:00 local: tomorrow.
        assert_eq!(next_digest(utc("2026-11-25T06:00:00Z"), seven()), utc("2026-11-26T06:00:00Z"));
        // Summer time: 07:00 local = 05:00 UTC.
        assert_eq!(next_digest(utc("2026-07-01T12:00:00Z"), seven()), utc("2026-07-02T05:00:00Z"));
    }

    #[test]
    fn the_digest_survives_the_nights_the_clocks_change() {
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        // 29 March 2026: 02:30 does not exist in Stockholm; 03:30 CEST = 01:30 UTC.
        assert_eq!(next_digest(utc("2026-03-28T23:00:00Z"), half_past_two), utc("2026-03-29T01:30:00Z"));
        // 25 October 2026: 02:30 happens twice; the first is CEST = 00:30 UTC.
        assert_eq!(next_digest(utc("2026-10-24T23:00:00Z"), half_past_two), utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn an_immediate_notification_joins_the_pending_batch_or_opens_one() {
        let mut policy = MailPolicy::silent();
        policy.batch_window = chrono::Duration::seconds(60);
        let now = utc("2026-11-25T12:00:00Z");
        assert_eq!(policy.due_at(Batch::Immediate, now, None), utc("2026-11-25T12:01:00Z"));
        let pending = utc("2026-11-25T12:00:20Z");
        assert_eq!(policy.due_at(Batch::Immediate, now, Some(pending)), pending);
    }

    #[test]
    fn a_masked_address_keeps_its_domain_and_first_letter() {
        assert_eq!(masked_address("anna@example.se"), "a***@example.se");
        assert_eq!(masked_address("ö@x.se"), "ö***@x.se");
        assert_eq!(masked_address("nonsense"), "***");
    }

    #[test]
    fn recipients_are_the_configured_and_the_extra_addresses_once_each() {
        let mut policy = MailPolicy::silent();
        policy.coordinators = vec!["samordnare@example.org".into()];
        let all = policy.coordinator_recipients(vec!["Samordnare@Example.org".into(), "åsa@example.org".into()]);
        assert_eq!(all, ["samordnare@example.org", "åsa@example.org"]);
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_within_their_jitter_and_cap() {
        let (initial, max) = (Duration::from_secs(30), Duration::from_secs(3600));
        assert_eq!(retry_delay(1, initial, max, 0.0), Duration::from_secs(15));
        assert_eq!(retry_delay(1, initial, max, 1.0), Duration::from_secs(30));
        assert_eq!(retry_delay(3, initial, max, 1.0), Duration::from_secs(120));
        assert_eq!(retry_delay(30, initial, max, 1.0), max, "capped");
        assert_eq!(retry_delay(u32::MAX, initial, max, 0.5), Duration::from_secs(2700), "no overflow");
        for jitter in [0.0, 0.3, 0.99] {
            let delay = retry_delay(4, initial, max, jitter);
            assert!(delay >= Duration::from_secs(120) && delay <= Duration::from_secs(240), "{delay:?}");
        }
    }
}
