//! A report of an unsafe place (or, from staff, an inrapport): the rules its parts obey.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::area::{Area, AreaIndex};
use crate::field::FieldIssue;
use crate::lang::Lang;
use crate::screening::ScreeningHit;
use crate::secret;

pub const DESCRIPTION_MAX_CHARS: usize = 2000;
/// Clocks on phones drift; a report "from the future" by less than this is accepted as now.
const CLOCK_SKEW: Duration = Duration::minutes(5);
const OLDEST: Duration = Duration::days(365);

/// A WGS84 point inside the municipality, with the area it falls in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
    pub area_id: i32,
}

/// Which coordinate is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum PositionError {
    Lat(FieldIssue),
    Lon(FieldIssue),
    /// The point as a whole: outside the municipality, say.
    Both(FieldIssue),
}

impl Position {
    /// WGS84 degrees, inside the municipality.
    pub fn parse(lat: f64, lon: f64, areas: &AreaIndex) -> Result<Self, PositionError> {
        if !lat.is_finite() || !lon.is_finite() {
            return Err(PositionError::Both(FieldIssue::Invalid));
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(PositionError::Lat(FieldIssue::OutOfRange { min: -90.0, max: 90.0 }));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(PositionError::Lon(FieldIssue::OutOfRange { min: -180.0, max: 180.0 }));
        }
        let area = areas.locate(lat, lon).ok_or(PositionError::Both(FieldIssue::OutsideMunicipality))?;
        Ok(Position { lat, lon, area_id: area.id })
    }

    /// The representative point of a named area, for residents who describe the place in words.
    pub fn of_area(area: &Area) -> Self {
        Position { lat: area.definition.lat, lon: area.definition.lon, area_id: area.id }
    }
}

/// Free text from the reporter: trimmed, 1..=2000 characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Description(String);

impl Description {
    pub fn parse(text: &str) -> Result<Self, FieldIssue> {
        Self::parse_with_limit(text, DESCRIPTION_MAX_CHARS)
    }

    pub fn parse_with_limit(text: &str, max: usize) -> Result<Self, FieldIssue> {
        let text = text.trim();
        match text.chars().count() {
            0 => Err(FieldIssue::TooShort { min: 1 }),
            n if n > max => Err(FieldIssue::TooLong { max: max as u64 }),
            _ => Ok(Description(text.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// When it happened: not in the future (beyond clock skew), not older than a year.
pub fn parse_occurred_at(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldIssue> {
    if at > now + CLOCK_SKEW {
        Err(FieldIssue::InFuture)
    } else if at < now - OLDEST {
        Err(FieldIssue::TooOld)
    } else {
        Ok(at.min(now))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeOfDay {
    Morning,
    Day,
    Evening,
    Night,
}

impl TimeOfDay {
    /// The part of the day an hour (0–23, local time) falls in: morning 5–9, day 10–16,
    /// evening 17–21, night 22–4.
    pub fn at_hour(hour: u32) -> TimeOfDay {
        match hour {
            5..=9 => TimeOfDay::Morning,
            10..=16 => TimeOfDay::Day,
            17..=21 => TimeOfDay::Evening,
            _ => TimeOfDay::Night,
        }
    }
}

/// Optional contact details, only with consent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The language to write to them in: the one they reported in.
    pub language: Lang,
}

impl Contact {
    /// `None` when no detail was given; consent is required as soon as one is.
    pub fn parse(
        name: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        consent: bool,
    ) -> Result<Option<Self>, FieldIssue> {
        let clean = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let contact = Contact { name: clean(name), email: clean(email), phone: clean(phone), ..Contact::default() };
        if contact == Contact::default() {
            Ok(None)
        } else if consent {
            Ok(Some(contact))
        } else {
            Err(FieldIssue::ConsentRequired)
        }
    }
}

/// Digits with optional spaces, dashes, parentheses and a leading plus: `070-123 45 67`, `+46 70…`.
pub fn is_phone_number(text: &str) -> bool {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && text.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Pwa,
    Staff,
    Open311,
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    New,
    Triaged,
    InProgress,
    Referred,
    Resolved,
    Closed,
    Rejected,
    Duplicate,
}

string_enum!(TimeOfDay { Morning => "morning", Day => "day", Evening => "evening", Night => "night" });
string_enum!(Source { Pwa => "pwa", Staff => "staff", Open311 => "open311", Import => "import" });
string_enum!(ReportStatus {
    New => "new", Triaged => "triaged", InProgress => "in_progress", Referred => "referred",
    Resolved => "resolved", Closed => "closed", Rejected => "rejected", Duplicate => "duplicate",
});

impl ReportStatus {
    /// The status in words, as the app, the e-mails and the key hints all say it (GLOSSARY.md).
    pub fn name(self, lang: Lang) -> &'static str {
        use ReportStatus::*;
        let (sv, en) = match self {
            New => ("ny", "new"),
            Triaged => ("bedömd", "assessed"),
            InProgress => ("hanteras", "in progress"),
            Referred => ("överlämnad", "referred"),
            Resolved => ("åtgärdad", "resolved"),
            Closed => ("avslutad", "closed"),
            Rejected => ("avvisad", "rejected"),
            Duplicate => ("dubblett", "duplicate"),
        };
        lang.choose(sv, en)
    }
}

/// The secret in a reporter's tracking link: 256 bits, base64url without padding, derived from
/// the client's id and the report's salt (see `secret`). The database keeps only its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingToken(String);

impl TrackingToken {
    pub fn derive(client_id: Uuid, salt: &str) -> Self {
        TrackingToken(secret::tracking_token(client_id, salt))
    }

    /// Accepts only what `derive` could have made, so junk never reaches the database.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| TrackingToken(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps, and looks the report up by.
    pub fn digest(&self) -> String {
        secret::digest(&self.0)
    }

    /// The secret of the opt-out link in e-mails about this report.
    pub fn opt_out(&self) -> TrackingToken {
        TrackingToken(secret::opt_out_token(&self.0))
    }
}

/// The registration number people quote: `TRY-2026-000123` (year received, database id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicId {
    pub year: i32,
    pub id: i64,
}

impl PublicId {
    pub fn new(id: i64, received_at: DateTime<Utc>) -> Self {
        PublicId { year: received_at.year(), id }
    }
}

impl fmt::Display for PublicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TRY-{}-{:06}", self.year, self.id)
    }
}

impl FromStr for PublicId {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let rest = s.strip_prefix("TRY-").ok_or(())?;
        let (year, id) = rest.split_once('-').ok_or(())?;
        Ok(PublicId { year: year.parse().map_err(|_| ())?, id: id.parse().map_err(|_| ())? })
    }
}

/// A report that passed every rule and is ready to be stored.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub client_id: Uuid,
    pub source: Source,
    pub category_id: i32,
    pub subtype_id: Option<i32>,
    pub description: Description,
    pub place_description: Option<String>,
    pub position: Position,
    pub accuracy_m: Option<f64>,
    pub occurred_at: DateTime<Utc>,
    pub time_of_day: Option<TimeOfDay>,
    pub recurring: Option<bool>,
    pub feeling: Option<i16>,
    pub contact: Option<Contact>,
    /// Set for inrapporter: who filed it and for which organisation.
    pub staff: Option<StaffOrigin>,
    /// What screening found in its free text, for the coordinator.
    pub screening: Vec<ScreeningHit>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffOrigin {
    pub user_id: i32,
    pub organisation: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::area::tests::fixture as shipped_index;

    #[test]
    fn a_position_gets_the_area_it_falls_in() {
        let areas = shipped_index();
        let station = Position::parse(58.0795, 13.0240, &areas).unwrap();
        assert_eq!(areas.by_id(station.area_id).unwrap().definition.slug, "herrljunga");
        assert_eq!(Position::parse(59.33, 18.07, &areas), Err(PositionError::Both(FieldIssue::OutsideMunicipality)));
        assert_eq!(Position::parse(f64::NAN, 13.0, &areas), Err(PositionError::Both(FieldIssue::Invalid)));
        assert_eq!(
            Position::parse(91.0, 13.0, &areas),
            Err(PositionError::Lat(FieldIssue::OutOfRange { min: -90.0, max: 90.0 }))
        );
    }

    #[test]
    fn descriptions_are_trimmed_and_counted_in_characters() {
        assert_eq!(Description::parse("  Mörk gångtunnel  ").unwrap().into_inner(), "Mörk gångtunnel");
        assert_eq!(Description::parse("   "), Err(FieldIssue::TooShort { min: 1 }));
        assert!(Description::parse(&"ö".repeat(2000)).is_ok(), "2000 multi-byte characters fit");
        assert_eq!(Description::parse(&"ö".repeat(2001)), Err(FieldIssue::TooLong { max: 2000 }));
        assert!(Description::parse("Läskigt 🌑 här").is_ok());
    }

    #[test]
    fn occurred_at_must_be_within_the_last_year() {
        let now = Utc::now();
        assert_eq!(parse_occurred_at(now - Duration::days(3), now), Ok(now - Duration::days(3)));
        assert_eq!(parse_occurred_at(now + Duration::minutes(2), now), Ok(now), "small skew is now");
        assert_eq!(parse_occurred_at(now + Duration::hours(1), now), Err(FieldIssue::InFuture));
        assert_eq!(parse_occurred_at(now - Duration::days(366), now), Err(FieldIssue::TooOld));
    }

    #[test]
    fn contact_details_need_consent() {
        assert_eq!(Contact::parse(None, Some(" "), None, false), Ok(None));
        assert_eq!(Contact::parse(Some("Åsa"), None, None, false), Err(FieldIssue::ConsentRequired));
        let contact = Contact::parse(None, Some("asa@example.se"), None, true).unwrap().unwrap();
        assert_eq!(contact.email.as_deref(), Some("asa@example.se"));
    }

    #[test]
    fn phone_numbers_look_like_phone_numbers() {
        assert!(is_phone_number("070-123 45 67"));
        assert!(is_phone_number("+46 70 123 45 67"));
        assert!(!is_phone_number("ring mig"));
        assert!(!is_phone_number("12+34567"));
    }

    #[test]
    fn tracking_tokens_carry_256_bits_and_parse_back() {
        let token = TrackingToken::derive(Uuid::new_v4(), "salt");
        assert_eq!(token.as_str().len(), 43);
        assert_eq!(TrackingToken::parse(token.as_str()), Some(token.clone()));
        assert_ne!(token.opt_out(), token);
        assert_eq!(TrackingToken::parse("../../etc/passwd"), None);
    }

    #[test]
    fn public_ids_round_trip() {
        let id = PublicId { year: 2026, id: 123 };
        assert_eq!(id.to_string(), "TRY-2026-000123");
        assert_eq!("TRY-2026-000123".parse(), Ok(id));
        assert!("TRY-x".parse::<PublicId>().is_err());
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in [ReportStatus::New, ReportStatus::InProgress, ReportStatus::Duplicate] {
            assert_eq!(status.as_str().parse::<ReportStatus>(), Ok(status));
        }
    }
}
