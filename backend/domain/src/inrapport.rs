//! Inrapporter: one submission from staff carries zero ("nothing to report") or more events, each
//! a report with source `staff` and the details only staff give.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::field::{FieldErrors, FieldIssue};
use crate::intake::{Intake, ReportInput, Reporter};
use crate::report::{NewReport, StaffOrigin};

/// Most events in one submission.
pub const MAX_EVENTS: usize = 50;

/// How old the people involved were: never names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Children,
    Youth,
    Adults,
    Mixed,
    Unknown,
}

string_enum!(AgeBand {
    Children => "children", Youth => "youth", Adults => "adults", Mixed => "mixed", Unknown => "unknown",
});

/// Whether the reporter saw it themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Observation {
    Observed,
    /// Suspected, or heard from someone else.
    Suspected,
}

string_enum!(Observation { Observed => "observed", Suspected => "suspected" });

/// What an inrapport event adds to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct InrapportDetail {
    pub occurred_until: Option<DateTime<Utc>>,
    pub people_count: Option<i32>,
    pub age_band: Option<AgeBand>,
    /// Unsafety assessed by staff, 1 (low) to 3 (high).
    pub assessment: i16,
    pub observation: Observation,
    pub police_report_made: Option<bool>,
    /// Shown to coordinators only.
    pub police_report_number: Option<String>,
    pub rescue_case_number: Option<String>,
    pub action_taken: Option<String>,
    pub damage_cost_sek: Option<i64>,
    pub follow_up_by: Option<String>,
}

/// One event as sent: the report's own fields and the inrapport's.
#[derive(Debug, Clone, Default)]
pub struct EventInput {
    pub report: ReportInput,
    pub occurred_until: Option<DateTime<Utc>>,
    pub people_count: Option<i32>,
    pub age_band: Option<AgeBand>,
    pub assessment: Option<i16>,
    pub observation: Option<Observation>,
    pub police_report_made: Option<bool>,
    pub police_report_number: Option<String>,
    pub rescue_case_number: Option<String>,
    pub action_taken: Option<String>,
    pub damage_cost_sek: Option<i64>,
    pub follow_up_by: Option<String>,
}

/// A submission as sent.
#[derive(Debug, Clone, Default)]
pub struct SubmissionInput {
    pub client_id: Option<Uuid>,
    pub organisation: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub nothing_to_report: bool,
    pub events: Vec<EventInput>,
}

/// A submission that passed every rule.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub client_id: Uuid,
    pub user_id: i32,
    pub organisation: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub events: Vec<(NewReport, InrapportDetail)>,
}

impl NewSubmission {
    /// Every rule, each broken one named (`events[2].lat`). The organisation defaults to the
    /// user's own.
    pub fn parse(
        input: SubmissionInput,
        user_id: i32,
        user_organisation: Option<String>,
        intake: &Intake<'_>,
    ) -> Result<NewSubmission, FieldErrors> {
        let mut errors = FieldErrors::default();
        match (input.nothing_to_report, input.events.len()) {
            (true, n) if n > 0 => errors.add("events", FieldIssue::Invalid),
            (false, 0) => errors.add("events", FieldIssue::Required),
            (_, n) if n > MAX_EVENTS => errors.add("events", FieldIssue::TooLong { max: MAX_EVENTS as u64 }),
            _ => {}
        }
        if let (Some(from), Some(to)) = (input.period_from, input.period_to) {
            if from > to {
                errors.add("period_to", FieldIssue::Invalid);
            }
        }
        if input.client_id.is_none() {
            errors.add("client_id", FieldIssue::Required);
        }
        let organisation = input.organisation.or(user_organisation);
        let origin = StaffOrigin { user_id, organisation: organisation.clone() };
        let mut events = Vec::with_capacity(input.events.len());
        for (index, event) in input.events.into_iter().enumerate() {
            match parse_event(event, &origin, intake) {
                Ok(parsed) => events.push(parsed),
                Err(event_errors) => errors.merge_under(&format!("events[{index}]."), event_errors),
            }
        }
        match input.client_id {
            Some(client_id) if errors.is_empty() => Ok(NewSubmission {
                client_id,
                user_id,
                organisation,
                period_from: input.period_from,
                period_to: input.period_to,
                events,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_event(
    event: EventInput,
    origin: &StaffOrigin,
    intake: &Intake<'_>,
) -> Result<(NewReport, InrapportDetail), FieldErrors> {
    let mut errors = FieldErrors::default();
    if let (Some(from), Some(until)) = (event.report.occurred_at, event.occurred_until) {
        if until < from {
            errors.add("occurred_until", FieldIssue::Invalid);
        }
    }
    if event.assessment.is_none() {
        errors.add("assessment", FieldIssue::Required);
    }
    if event.observation.is_none() {
        errors.add("observation", FieldIssue::Required);
    }
    let report = NewReport::parse(event.report, Reporter::Staff(origin.clone()), intake);
    let report = report.map_err(|e| errors.merge(e));
    let (Ok(report), Some(assessment), Some(observation), true) =
        (report, event.assessment, event.observation, errors.is_empty())
    else {
        return Err(errors);
    };
    let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let detail = InrapportDetail {
        occurred_until: event.occurred_until,
        people_count: event.people_count,
        age_band: event.age_band,
        assessment,
        observation,
        police_report_made: event.police_report_made,
        police_report_number: clean(event.police_report_number),
        rescue_case_number: clean(event.rescue_case_number),
        action_taken: clean(event.action_taken),
        damage_cost_sek: event.damage_cost_sek,
        follow_up_by: clean(event.follow_up_by),
    };
    Ok((report, detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::area::tests::fixture;
    use crate::category::tests::catalog;

    fn event() -> EventInput {
        EventInput {
            report: ReportInput {
                category: Some("staff_incident".into()),
                description: Some("Personal blev hotad.".into()),
                lat: Some(58.0795),
                lon: Some(13.024),
                occurred_at: Some(Utc::now()),
                ..Default::default()
            },
            assessment: Some(3),
            observation: Some(Observation::Observed),
            police_report_number: Some("  ".into()),
            ..Default::default()
        }
    }

    #[test]
    fn events_are_staff_reports_and_bad_fields_are_named_by_event() {
        let (areas, catalog) = (fixture(), catalog());
        let intake = Intake { areas: &areas, catalog: &catalog, now: Utc::now() };
        let mut bad = event();
        bad.report.lat = Some(59.33);
        bad.report.lon = Some(18.07);
        bad.assessment = None;
        let input =
            SubmissionInput { client_id: Some(Uuid::new_v4()), events: vec![event(), bad], ..Default::default() };
        let errors = NewSubmission::parse(input.clone(), 7, None, &intake).unwrap_err();
        assert_eq!(errors.issues("events[1].lat"), [FieldIssue::OutsideMunicipality]);
        assert_eq!(errors.issues("events[1].assessment"), [FieldIssue::Required]);
        assert!(errors.issues("events[0].lat").is_empty());

        let good = SubmissionInput { events: vec![event()], ..input };
        let parsed = NewSubmission::parse(good, 7, Some("Räddningstjänsten".into()), &intake).unwrap();
        let (report, detail) = &parsed.events[0];
        assert_eq!(report.staff.as_ref().unwrap().organisation.as_deref(), Some("Räddningstjänsten"));
        assert_eq!(detail.police_report_number, None, "blank is none");
    }

    #[test]
    fn nothing_to_report_has_no_events_and_events_need_one() {
        let (areas, catalog) = (fixture(), catalog());
        let intake = Intake { areas: &areas, catalog: &catalog, now: Utc::now() };
        let nothing =
            SubmissionInput { client_id: Some(Uuid::new_v4()), nothing_to_report: true, ..Default::default() };
        assert!(NewSubmission::parse(nothing.clone(), 1, None, &intake).unwrap().events.is_empty());
        let both = SubmissionInput { events: vec![event()], ..nothing };
        assert_eq!(NewSubmission::parse(both, 1, None, &intake).unwrap_err().issues("events"), [FieldIssue::Invalid]);
        let none = SubmissionInput { client_id: Some(Uuid::new_v4()), ..Default::default() };
        assert_eq!(NewSubmission::parse(none, 1, None, &intake).unwrap_err().issues("events"), [FieldIssue::Required]);
    }
}
