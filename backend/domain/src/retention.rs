//! Retention (gallring): what personal data goes away when, as the municipality's decision
//! (gallringsbeslut) says. Reports themselves are public records (allmänna handlingar) and stay;
//! what goes is what identifies people. The defaults are what a Swedish municipality would
//! typically decide; each is configurable.

use chrono::{DateTime, Duration, Months, Utc};

use crate::report::ReportStatus;

/// One kind of data with its own retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// A reporter's name, e-mail and phone, some months after the report was closed.
    ContactDetails,
    /// The text of delivered (or failed) e-mails, and reporters' addresses on them; subject,
    /// kind, status and times stay.
    EmailBodies,
    /// Staff sessions.
    Sessions,
    /// The record of login tries.
    LoginAttempts,
    /// Exact positions of closed reports, made coarse — only if the municipality so decided.
    Coordinates,
}

string_enum!(Rule {
    ContactDetails => "contact_details", EmailBodies => "email_bodies", Sessions => "sessions",
    LoginAttempts => "login_attempts", Coordinates => "coordinates",
});

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::ContactDetails => "contact details of reports closed long enough ago",
            Rule::EmailBodies => "bodies of e-mails delivered (or failed) long enough ago",
            Rule::Sessions => "staff sessions started long enough ago",
            Rule::LoginAttempts => "login attempts made long enough ago",
            Rule::Coordinates => "exact coordinates of reports closed long enough ago",
        }
    }
}

impl ReportStatus {
    /// Finished with: nothing more will happen unless it is reopened.
    pub fn is_closed(self) -> bool {
        matches!(self, ReportStatus::Closed | ReportStatus::Rejected | ReportStatus::Duplicate)
    }
}

/// How long each kind of data is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionPolicy {
    pub contact_months_after_closed: u32,
    pub email_body_days: u32,
    pub session_days: u32,
    pub login_attempt_days: u32,
    /// `None`: exact coordinates are kept.
    pub coarsen_months_after_closed: Option<u32>,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            contact_months_after_closed: 12,
            email_body_days: 30,
            session_days: 90,
            login_attempt_days: 90,
            coarsen_months_after_closed: None,
        }
    }
}

impl RetentionPolicy {
    /// The rules in force and, for each, the moment before which its data goes.
    pub fn cutoffs(&self, now: DateTime<Utc>) -> Vec<(Rule, DateTime<Utc>)> {
        let months = |m: u32| now.checked_sub_months(Months::new(m)).unwrap_or(DateTime::<Utc>::MIN_UTC);
        let days = |d: u32| now - Duration::days(i64::from(d));
        let mut rules = vec![
            (Rule::ContactDetails, months(self.contact_months_after_closed)),
            (Rule::EmailBodies, days(self.email_body_days)),
            (Rule::Sessions, days(self.session_days)),
            (Rule::LoginAttempts, days(self.login_attempt_days)),
        ];
        if let Some(m) = self.coarsen_months_after_closed {
            rules.push((Rule::Coordinates, months(m)));
        }
        rules
    }
}

/// The grid coarse coordinates are snapped to: 0.005° of latitude (about 550 m) and 0.01° of
/// longitude (about 590 m at Herrljunga), so a point says the neighbourhood, not the house.
pub const COARSE_LAT: f64 = 0.005;
pub const COARSE_LON: f64 = 0.01;

/// The centre of the grid cell a point lies in, and the accuracy that cell stands for (metres).
pub fn coarsen(lat: f64, lon: f64) -> (f64, f64, f64) {
    let snap = |v: f64, step: f64| ((v / step).floor() + 0.5) * step;
    (snap(lat, COARSE_LAT), snap(lon, COARSE_LON), 400.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_a_year_for_contacts_a_month_for_mail_bodies_and_a_quarter_for_logins() {
        let now = DateTime::parse_from_rfc3339("2027-03-31T12:00:00Z").unwrap().with_timezone(&Utc);
        let cutoffs = RetentionPolicy::default().cutoffs(now);
        let at = |rule| cutoffs.iter().find(|(r, _)| *r == rule).map(|(_, at)| at.to_rfc3339());
        assert_eq!(at(Rule::ContactDetails).as_deref(), Some("2026-03-31T12:00:00+00:00"));
        assert_eq!(at(Rule::EmailBodies).as_deref(), Some("2027-03-01T12:00:00+00:00"));
        assert_eq!(at(Rule::LoginAttempts).as_deref(), Some("2026-12-31T12:00:00+00:00"));
        assert_eq!(at(Rule::Coordinates), None, "kept exact unless decided otherwise");
    }

    #[test]
    fn coarse_coordinates_name_the_neighbourhood_and_stay_put_when_coarsened_again() {
        let (lat, lon, accuracy) = coarsen(58.07951, 13.02403);
        assert!((lat - 58.0775).abs() < 1e-9 && (lon - 13.025).abs() < 1e-9, "{lat} {lon}");
        assert_eq!(coarsen(lat, lon), (lat, lon, accuracy));
        assert!(ReportStatus::Duplicate.is_closed() && !ReportStatus::Resolved.is_closed());
    }
}
