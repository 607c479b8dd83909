//! Open311 GeoReport v2 in Trygg's terms: a service for each category residents may use and for
//! each subtype (`unsafe_place`, `unsafe_place__lighting`), the attributes a request may carry
//! (time of day, recurring, feeling), and the two statuses Open311 knows.

use serde::Serialize;

use crate::category::{Catalog, Category, Subtype};
use crate::lang::Lang;
use crate::report::ReportStatus;

/// Between a category's and a subtype's slug in a service code.
const SUBTYPE_SEPARATOR: &str = "__";

/// A service as `GET services` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

fn name(lang: Lang, sv: &str, en: &str) -> String {
    lang.pick(sv, en)
}

/// Every service: the categories residents may report in, then each one's subtypes.
pub fn services(catalog: &Catalog, lang: Lang) -> Vec<Service> {
    catalog
        .categories
        .iter()
        .filter(|c| !c.staff_only)
        .flat_map(|c| {
            let group = name(lang, &c.name_sv, &c.name_en);
            let own = Service {
                service_code: c.slug.clone(),
                service_name: group.clone(),
                description: group.clone(),
                metadata: true,
                kind: "realtime",
                keywords: c.slug.replace('_', " "),
                group: group.clone(),
            };
            let subtypes = c.subtypes.iter().map(move |s| Service {
                service_code: code(c, Some(s)),
                service_name: format!("{group}: {}", name(lang, &s.name_sv, &s.name_en).to_lowercase()),
                description: name(lang, &s.name_sv, &s.name_en),
                metadata: true,
                kind: "realtime",
                keywords: format!("{} {}", c.slug.replace('_', " "), s.slug.replace('_', " ")),
                group: group.clone(),
            });
            std::iter::once(own).chain(subtypes)
        })
        .collect()
}

/// A category's (and subtype's) service code.
pub fn code(category: &Category, subtype: Option<&Subtype>) -> String {
    match subtype {
        Some(s) => format!("{}{SUBTYPE_SEPARATOR}{}", category.slug, s.slug),
        None => category.slug.clone(),
    }
}

/// The category and subtype slugs a service code names (not checked against the catalogue).
pub fn split_code(code: &str) -> (&str, Option<&str>) {
    match code.split_once(SUBTYPE_SEPARATOR) {
        Some((category, subtype)) => (category, Some(subtype)),
        None => (code, None),
    }
}

/// `open` or `closed`, as Open311 says: whatever is no longer worked on is closed.
pub fn status(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::New | ReportStatus::Triaged | ReportStatus::InProgress | ReportStatus::Referred => "open",
        ReportStatus::Resolved | ReportStatus::Closed | ReportStatus::Rejected | ReportStatus::Duplicate => "closed",
    }
}

/// The statuses behind `open` or `closed`.
pub fn statuses(open311: &str) -> Option<Vec<ReportStatus>> {
    match open311 {
        "open" => Some(ReportStatus::ALL.iter().copied().filter(|s| status(*s) == "open").collect()),
        "closed" => Some(ReportStatus::ALL.iter().copied().filter(|s| status(*s) == "closed").collect()),
        _ => None,
    }
}

/// One attribute of a service definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub variable: bool,
    pub code: &'static str,
    pub datatype: &'static str,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

fn values(list: &[(&str, &str, &str)], lang: Lang) -> Vec<AttributeValue> {
    list.iter().map(|(key, sv, en)| AttributeValue { key: (*key).to_owned(), name: lang.pick(*sv, *en) }).collect()
}

/// What every service asks besides the place and the description.
pub fn attributes(lang: Lang) -> Vec<Attribute> {
    let single = |code, order, sv: &str, en: &str, list: &[(&str, &str, &str)]| Attribute {
        variable: true,
        code,
        datatype: "singlevaluelist",
        required: false,
        datatype_description: String::new(),
        order,
        description: lang.pick(sv, en),
        values: values(list, lang),
    };
    vec![
        single(
            "time_of_day",
            1,
            "När på dygnet?",
            "What time of day?",
            &[
                ("morning", "Morgon", "Morning"),
                ("day", "Dag", "Day"),
                ("evening", "Kväll", "Evening"),
                ("night", "Natt", "Night"),
            ],
        ),
        single(
            "recurring",
            2,
            "Händer det ofta här?",
            "Does it happen often here?",
            &[("true", "Ja", "Yes"), ("false", "Nej", "No")],
        ),
        single(
            "feeling",
            3,
            "Hur otryggt känns det? 1 är lite, 5 är så otryggt att man undviker platsen.",
            "How unsafe does it feel? 1 is a little, 5 is so unsafe people avoid the place.",
            &[("1", "1", "1"), ("2", "2", "2"), ("3", "3", "3"), ("4", "4", "4"), ("5", "5", "5")],
        ),
        single(
            "contact_consent",
            4,
            "Samtycker den som rapporterar till att kommunen sparar kontaktuppgifterna för att svara?",
            "Does the reporter consent to the municipality keeping the contact details to reply?",
            &[("true", "Ja", "Yes"), ("false", "Nej", "No")],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::tests::catalog;

    #[test]
    fn every_resident_category_and_subtype_is_a_service() {
        let list = services(&catalog(), Lang::Sv);
        assert!(list.iter().any(|s| s.service_code == "unsafe_place__lighting" && s.group == "Otrygg plats"));
        assert!(!list.iter().any(|s| s.service_code == "staff_incident"), "inrapporter only");
        assert_eq!(split_code("unsafe_place__lighting"), ("unsafe_place", Some("lighting")));
        assert_eq!(split_code("graffiti"), ("graffiti", None));
    }

    #[test]
    fn open311_knows_open_and_closed() {
        assert_eq!(status(ReportStatus::Referred), "open");
        assert_eq!(status(ReportStatus::Duplicate), "closed");
        assert_eq!(statuses("closed").unwrap().len(), 4);
        assert!(statuses("pending").is_none());
    }
}
