//! What residents' reports and staff's inrapport events share: what, where and when. Parsed in
//! one place so both obey the same rules and name bad fields the same way.

use chrono::{DateTime, Utc};

use crate::domain::report::{parse_occurred_at, Description, Position};
use crate::error::{FieldErrors, FieldIssue};
use crate::startup::AppState;

/// The shared fields, as sent.
pub struct CoreInput<'a> {
    pub category: Option<&'a str>,
    pub subtype: Option<&'a str>,
    pub description: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub accuracy_m: Option<f64>,
    pub locality: Option<&'a str>,
    pub place_description: Option<&'a str>,
    pub occurred_at: Option<DateTime<Utc>>,
}

/// The shared fields, parsed.
pub struct CoreParts {
    pub category_id: i32,
    pub subtype_id: Option<i32>,
    pub description: Description,
    pub place_description: Option<String>,
    pub position: Position,
    pub accuracy_m: Option<f64>,
    pub occurred_at: DateTime<Utc>,
}

/// Checks the shared fields, adding what is wrong to `errors` under `prefix` (e.g. `events[0].`).
/// `None` when anything was wrong. Staff may use staff-only categories; residents may not.
pub fn parse_core(
    input: CoreInput<'_>,
    state: &AppState,
    now: DateTime<Utc>,
    staff: bool,
    prefix: &str,
    errors: &mut FieldErrors,
) -> Option<CoreParts> {
    let field = |name: &str| format!("{prefix}{name}");
    // A latitude of 91° is already named; asking whether it is inside the municipality adds noise.
    let coordinates_in_range = errors.issues(&field("lat")).is_empty() && errors.issues(&field("lon")).is_empty();
    let mut failed = false;
    let mut check = |name: &str, result: Result<(), FieldIssue>| {
        if let Err(issue) = result {
            errors.add(field(name), issue);
            failed = true;
        }
    };

    let category = input.category.and_then(|slug| {
        let found = state.catalog.by_slug(slug);
        check(
            "category",
            match found {
                None => Err(FieldIssue::UnknownCategory),
                Some(c) if c.staff_only && !staff => Err(FieldIssue::StaffOnlyCategory),
                Some(_) => Ok(()),
            },
        );
        found.filter(|c| staff || !c.staff_only)
    });
    if input.category.is_none() {
        check("category", Err(FieldIssue::Required));
    }
    let subtype_id = match (category, input.subtype.map(str::trim).filter(|s| !s.is_empty())) {
        (Some(category), Some(slug)) => {
            let subtype = category.subtype(slug);
            check("subtype", subtype.map(|_| ()).ok_or(FieldIssue::UnknownSubtype));
            subtype.map(|s| s.id)
        }
        _ => None,
    };
    let description = match input.description.map(Description::parse) {
        Some(Ok(description)) => Some(description),
        Some(Err(issue)) => {
            check("description", Err(issue));
            None
        }
        None => {
            check("description", Err(FieldIssue::Required));
            None
        }
    };

    let locality = input.locality.map(str::trim).filter(|s| !s.is_empty());
    let (position, accuracy_m) = match (input.lat, input.lon, locality) {
        (Some(_), Some(_), None) if !coordinates_in_range => (None, None),
        (Some(lat), Some(lon), None) => match Position::parse(lat, lon, &state.areas) {
            Ok(position) => (Some(position), input.accuracy_m),
            Err(issue) => {
                check("lat", Err(issue.clone()));
                check("lon", Err(issue));
                (None, None)
            }
        },
        (None, None, Some(slug)) => match state.areas.by_slug(slug) {
            Some(area) => (Some(Position::of_area(area)), Some(area.reach_m().round())),
            None => {
                check("locality", Err(FieldIssue::UnknownLocality));
                (None, None)
            }
        },
        (lat, lon, None) => {
            for (name, value) in [("lat", lat), ("lon", lon)] {
                if value.is_none() {
                    check(name, Err(FieldIssue::Required));
                }
            }
            (None, None)
        }
        (_, _, Some(_)) => {
            check("locality", Err(FieldIssue::PositionOrLocality));
            (None, None)
        }
    };
    let occurred_at = match input.occurred_at.map(|at| parse_occurred_at(at, now)) {
        Some(Ok(at)) => Some(at),
        Some(Err(issue)) => {
            check("occurred_at", Err(issue));
            None
        }
        None => {
            check("occurred_at", Err(FieldIssue::Required));
            None
        }
    };
    let place_description = input.place_description.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    if failed {
        return None;
    }
    Some(CoreParts {
        category_id: category?.id,
        subtype_id,
        description: description?,
        place_description,
        position: position?,
        accuracy_m,
        occurred_at: occurred_at?,
    })
}
