//! One way into the report store: what a resident's report, a staff member's inrapport event and
//! (later) a survey's map point or an Open311 request have in common — what, where and when — is
//! parsed here, once, with the same rules and the same field names for every bad value.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::area::AreaIndex;
use crate::category::Catalog;
use crate::field::{FieldErrors, FieldIssue};
use crate::lang::Lang;
use crate::report::{
    parse_occurred_at, Contact, Description, NewReport, Position, PositionError, Source, StaffOrigin, TimeOfDay,
};
use crate::screening::screen_all;

/// What a report is checked against: the areas, the categories and the time now.
#[derive(Clone, Copy)]
pub struct Intake<'a> {
    pub areas: &'a AreaIndex,
    pub catalog: &'a Catalog,
    pub now: DateTime<Utc>,
}

/// The fields every report has, as sent. Give `lat` and `lon`, or `locality` (an area slug) with
/// `place_description`.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub category: Option<String>,
    pub subtype: Option<String>,
    pub description: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub accuracy_m: Option<f64>,
    pub locality: Option<String>,
    pub place_description: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub time_of_day: Option<TimeOfDay>,
    pub recurring: Option<bool>,
    pub feeling: Option<i16>,
}

/// Contact details as sent with a resident's report.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    /// The language the report was made in, and so the one to write back in.
    pub language: Lang,
}

/// Who is reporting, which decides what they may report and what else comes with it.
#[derive(Debug, Clone)]
pub enum Reporter {
    /// A resident, anonymous unless they leave contact details; `client_id` makes a retry idempotent.
    Resident { source: Source, client_id: Option<Uuid>, contact: Option<ContactInput> },
    /// Staff filing an inrapport event: staff-only categories allowed.
    Staff(StaffOrigin),
}

impl NewReport {
    /// Every rule a report obeys, each broken one named under its field.
    pub fn parse(input: ReportInput, reporter: Reporter, intake: &Intake<'_>) -> Result<NewReport, FieldErrors> {
        let staff = matches!(reporter, Reporter::Staff(_));

        let category = match input.category.as_deref().map(|slug| intake.catalog.by_slug(slug)) {
            None => Err(FieldIssue::Required),
            Some(None) => Err(FieldIssue::UnknownCategory),
            Some(Some(c)) if c.staff_only && !staff => Err(FieldIssue::StaffOnlyCategory),
            Some(Some(c)) => Ok(c),
        };
        let subtype = match (&category, input.subtype.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
            (Ok(category), Some(slug)) => category.subtype(slug).map(|s| Some(s.id)).ok_or(FieldIssue::UnknownSubtype),
            _ => Ok(None),
        };
        let description = input.description.as_deref().map_or(Err(FieldIssue::Required), Description::parse);
        let place_description = input.place_description.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let place = parse_place(&input, intake.areas);
        let occurred_at = input.occurred_at.map_or(Err(FieldIssue::Required), |at| parse_occurred_at(at, intake.now));
        let (contact, source, client_id) = match reporter {
            Reporter::Resident { source, client_id, contact } => {
                let contact = contact.map_or(Ok(None), |c| {
                    Contact::parse(c.name.as_deref(), c.email.as_deref(), c.phone.as_deref(), c.consent)
                        .map(|parsed| parsed.map(|p| Contact { language: c.language, ..p }))
                });
                (contact.map(|c| (c, None)), source, client_id.ok_or(FieldIssue::Required))
            }
            Reporter::Staff(origin) => (Ok((None, Some(origin))), Source::Staff, Ok(Uuid::new_v4())),
        };

        let mut errors = FieldErrors::default();
        note(&mut errors, "client_id", &client_id);
        note(&mut errors, "category", &category);
        note(&mut errors, "subtype", &subtype);
        note(&mut errors, "description", &description);
        if let Err(place_errors) = &place {
            errors.merge(place_errors.clone());
        }
        note(&mut errors, "occurred_at", &occurred_at);
        note(&mut errors, "contact.consent", &contact);
        let (
            Ok(client_id),
            Ok(category),
            Ok(subtype_id),
            Ok(description),
            Ok((position, accuracy_m)),
            Ok(occurred_at),
            Ok((contact, staff)),
        ) = (client_id, category, subtype, description, place, occurred_at, contact)
        else {
            return Err(errors);
        };
        let screening = screen_all([Some(description.as_str()), place_description]);
        Ok(NewReport {
            client_id,
            source,
            category_id: category.id,
            subtype_id,
            place_description: place_description.map(str::to_owned),
            description,
            position,
            accuracy_m,
            occurred_at,
            time_of_day: input.time_of_day,
            recurring: input.recurring,
            feeling: input.feeling,
            contact,
            staff,
            screening,
        })
    }
}

fn note<T>(errors: &mut FieldErrors, field: &str, result: &Result<T, FieldIssue>) {
    if let Err(issue) = result {
        errors.add(field, issue.clone());
    }
}

/// Where: a point inside the municipality, or a named locality (its representative point, with an
/// accuracy as large as the locality). Errors name `lat`, `lon` or `locality`.
fn parse_place(input: &ReportInput, areas: &AreaIndex) -> Result<(Position, Option<f64>), FieldErrors> {
    let locality = input.locality.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match (input.lat, input.lon, locality) {
        (Some(lat), Some(lon), None) => match Position::parse(lat, lon, areas) {
            Ok(position) => Ok((position, input.accuracy_m)),
            // A latitude of 91° is named as such; whether it is in the municipality adds noise.
            Err(PositionError::Lat(issue)) => Err(FieldErrors::single("lat", issue)),
            Err(PositionError::Lon(issue)) => Err(FieldErrors::single("lon", issue)),
            Err(PositionError::Both(issue)) => {
                let mut errors = FieldErrors::single("lat", issue.clone());
                errors.add("lon", issue);
                Err(errors)
            }
        },
        (None, None, Some(slug)) => match areas.by_slug(slug) {
            Some(area) => Ok((Position::of_area(area), Some(area.reach_m().round()))),
            None => Err(FieldErrors::single("locality", FieldIssue::UnknownLocality)),
        },
        (lat, lon, None) => {
            let mut errors = FieldErrors::default();
            for (field, value) in [("lat", lat), ("lon", lon)] {
                if value.is_none() {
                    errors.add(field, FieldIssue::Required);
                }
            }
            Err(errors)
        }
        (_, _, Some(_)) => Err(FieldErrors::single("locality", FieldIssue::PositionOrLocality)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::area::tests::fixture;
    use crate::category::tests::catalog;

    fn intake<'a>(areas: &'a AreaIndex, catalog: &'a Catalog) -> Intake<'a> {
        Intake { areas, catalog, now: Utc::now() }
    }

    fn station() -> ReportInput {
        ReportInput {
            category: Some("unsafe_place".into()),
            subtype: Some("lighting".into()),
            description: Some("  Mörk gångtunnel  ".into()),
            lat: Some(58.0795),
            lon: Some(13.024),
            occurred_at: Some(Utc::now()),
            ..Default::default()
        }
    }

    fn resident() -> Reporter {
        Reporter::Resident { source: Source::Pwa, client_id: Some(Uuid::new_v4()), contact: None }
    }

    fn codes(errors: &FieldErrors) -> Vec<(String, &'static str)> {
        errors.iter().flat_map(|(f, issues)| issues.iter().map(move |i| (f.to_owned(), i.code()))).collect()
    }

    #[test]
    fn a_valid_report_is_parsed_with_its_area_and_trimmed_text() {
        let (areas, catalog) = (fixture(), catalog());
        let report = NewReport::parse(station(), resident(), &intake(&areas, &catalog)).unwrap();
        assert_eq!(report.description.as_str(), "Mörk gångtunnel");
        assert_eq!(areas.by_id(report.position.area_id).unwrap().definition.slug, "herrljunga");
        assert!(report.subtype_id.is_some() && report.screening.is_empty());
    }

    #[test]
    fn every_broken_rule_is_named_at_once() {
        let (areas, catalog) = (fixture(), catalog());
        let input = ReportInput {
            category: Some("aliens".into()),
            description: Some(" ".into()),
            lat: Some(91.0),
            lon: Some(13.0),
            ..Default::default()
        };
        let reporter = Reporter::Resident { source: Source::Pwa, client_id: None, contact: None };
        let errors = NewReport::parse(input, reporter, &intake(&areas, &catalog)).unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("category".to_owned(), "unknown_category"),
                ("client_id".to_owned(), "required"),
                ("description".to_owned(), "too_short"),
                ("lat".to_owned(), "out_of_range"),
                ("occurred_at".to_owned(), "required"),
            ]
        );
    }

    #[test]
    fn outside_the_municipality_names_both_coordinates() {
        let (areas, catalog) = (fixture(), catalog());
        let input = ReportInput { lat: Some(59.33), lon: Some(18.07), ..station() };
        let errors = NewReport::parse(input, resident(), &intake(&areas, &catalog)).unwrap_err();
        assert_eq!(errors.issues("lat"), [FieldIssue::OutsideMunicipality]);
        assert_eq!(errors.issues("lon"), [FieldIssue::OutsideMunicipality]);
    }

    #[test]
    fn a_locality_stands_in_for_a_pin_but_not_beside_one() {
        let (areas, catalog) = (fixture(), catalog());
        let words = ReportInput { lat: None, lon: None, locality: Some("ljung".into()), ..station() };
        let report = NewReport::parse(words.clone(), resident(), &intake(&areas, &catalog)).unwrap();
        assert!(report.accuracy_m.is_some_and(|m| m > 100.0));
        let both = ReportInput { lat: Some(58.0795), lon: Some(13.024), ..words };
        let errors = NewReport::parse(both, resident(), &intake(&areas, &catalog)).unwrap_err();
        assert_eq!(errors.issues("locality"), [FieldIssue::PositionOrLocality]);
    }

    #[test]
    fn only_staff_may_use_staff_only_categories() {
        let (areas, catalog) = (fixture(), catalog());
        let input = ReportInput { category: Some("staff_incident".into()), subtype: None, ..station() };
        let errors = NewReport::parse(input.clone(), resident(), &intake(&areas, &catalog)).unwrap_err();
        assert_eq!(errors.issues("category"), [FieldIssue::StaffOnlyCategory]);
        let staff = Reporter::Staff(StaffOrigin { user_id: 1, organisation: None });
        assert_eq!(NewReport::parse(input, staff, &intake(&areas, &catalog)).unwrap().source, Source::Staff);
    }

    #[test]
    fn contact_details_need_consent_and_keep_the_reporters_language() {
        let (areas, catalog) = (fixture(), catalog());
        let contact = |consent| ContactInput {
            email: Some("asa@example.se".into()),
            consent,
            language: Lang::En,
            ..Default::default()
        };
        let with = |c| Reporter::Resident { source: Source::Pwa, client_id: Some(Uuid::new_v4()), contact: Some(c) };
        let errors = NewReport::parse(station(), with(contact(false)), &intake(&areas, &catalog)).unwrap_err();
        assert_eq!(errors.issues("contact.consent"), [FieldIssue::ConsentRequired]);
        let report = NewReport::parse(station(), with(contact(true)), &intake(&areas, &catalog)).unwrap();
        assert_eq!(report.contact.unwrap().language, Lang::En);
    }

    #[test]
    fn personal_data_in_the_text_is_screened_on_the_way_in() {
        let (areas, catalog) = (fixture(), catalog());
        let input = ReportInput { place_description: Some("Bilen ABC 123 står här".into()), ..station() };
        let report = NewReport::parse(input, resident(), &intake(&areas, &catalog)).unwrap();
        assert_eq!(report.screening.len(), 1);
    }
}
