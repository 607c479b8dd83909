//! A survey's life: drafted, published for a period (open, or scheduled before it opens), closed;
//! reached through an open link or through invitation codes, each usable once.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::field::{FieldErrors, FieldIssue};
use crate::secret;

/// What is stored: a draft, published (open within its dates), or closed by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    Draft,
    Published,
    Closed,
}

crate::string_enum!(SurveyStatus { Draft => "draft", Published => "published", Closed => "closed" });

/// What a survey is at a moment, from its status and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Draft,
    /// Published, but its period has not begun.
    Scheduled,
    Open,
    Closed,
}

pub fn phase(
    status: SurveyStatus,
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Phase {
    match status {
        SurveyStatus::Draft => Phase::Draft,
        SurveyStatus::Closed => Phase::Closed,
        SurveyStatus::Published if opens_at.is_some_and(|at| now < at) => Phase::Scheduled,
        SurveyStatus::Published if closes_at.is_some_and(|at| at <= now) => Phase::Closed,
        SurveyStatus::Published => Phase::Open,
    }
}

/// Who may answer: anyone with the link (rate-limited), or holders of an invitation code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Open,
    Invitation,
}

crate::string_enum!(Access { Open => "open", Invitation => "invitation" });

/// The longest a round may stay open.
pub const LONGEST_PERIOD: Duration = Duration::days(366);

/// A publishing period: it ends after it begins, in the future, within a year.
pub fn check_period(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), FieldErrors> {
    if closes_at <= opens_at {
        Err(FieldErrors::single("closes_at", FieldIssue::Invalid))
    } else if closes_at <= now {
        Err(FieldErrors::single("closes_at", FieldIssue::TooOld))
    } else if closes_at - opens_at > LONGEST_PERIOD {
        Err(FieldErrors::single("closes_at", FieldIssue::OutOfRange { min: 1.0, max: 366.0 }))
    } else {
        Ok(())
    }
}

/// A survey's address: `trygghetsenkat-2027`. Lowercase letters, digits and dashes.
pub fn is_slug(slug: &str) -> bool {
    (3..=64).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Letters and digits that cannot be mistaken for one another when typed from paper.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 8;

/// A fresh invitation code, `ABCD-EFGH`.
pub fn new_invitation_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// A typed invitation code made comparable (case, spaces and dashes do not matter), or `None`
/// when it cannot be one.
pub fn normalize_code(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// What the database keeps of an invitation code: its digest, scoped to the survey.
pub fn stored_code(survey_id: i64, normalized: &str) -> String {
    secret::digest(&format!("trygg survey {survey_id} invitation {normalized}"))
}

/// What the database keeps of a response's client id: a digest scoped to the survey.
pub fn stored_response_id(survey_id: i64, client_id: Uuid) -> String {
    secret::digest(&format!("trygg survey {survey_id} response {client_id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_survey_is_open_only_within_its_period() {
        let now = Utc::now();
        let (day, week) = (Duration::days(1), Duration::days(7));
        assert_eq!(phase(SurveyStatus::Published, Some(now + day), Some(now + week), now), Phase::Scheduled);
        assert_eq!(phase(SurveyStatus::Published, Some(now - day), Some(now + week), now), Phase::Open);
        assert_eq!(phase(SurveyStatus::Published, Some(now - week), Some(now - day), now), Phase::Closed);
        assert_eq!(phase(SurveyStatus::Closed, Some(now - day), Some(now + week), now), Phase::Closed);
        assert_eq!(phase(SurveyStatus::Draft, None, None, now), Phase::Draft);
        assert!(check_period(now, now + week, now).is_ok());
        assert!(check_period(now + week, now, now).is_err());
        assert!(check_period(now - week, now - day, now).is_err());
    }

    #[test]
    fn invitation_codes_are_typed_forgivingly_and_stored_as_digests() {
        let code = new_invitation_code();
        assert_eq!(code.len(), 9);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_code(&typed), Some(code.replace('-', "")));
        assert_eq!(normalize_code("ABCD-EFG0"), None, "0 is left out: it looks like O");
        let stored = stored_code(1, &normalize_code(&code).unwrap());
        assert_ne!(stored, stored_code(2, &normalize_code(&code).unwrap()), "scoped to the survey");
        assert!(is_slug("trygghetsenkat-2027") && !is_slug("Enkät") && !is_slug("-x-"));
    }
}
