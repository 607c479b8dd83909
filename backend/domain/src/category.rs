//! Report categories, two levels deep (category and subtype), as EST uses them (GLOSSARY.md).

use serde::Serialize;
use utoipa::ToSchema;

pub struct CategorySeed {
    pub slug: &'static str,
    pub name_sv: &'static str,
    pub name_en: &'static str,
    pub default_group: &'static str,
    pub staff_only: bool,
    pub subtypes: &'static [SubtypeSeed],
}

pub struct SubtypeSeed {
    pub slug: &'static str,
    pub name_sv: &'static str,
    pub name_en: &'static str,
    pub default_group: Option<&'static str>,
}

const fn category(slug: &'static str, name_sv: &'static str, name_en: &'static str) -> CategorySeed {
    CategorySeed { slug, name_sv, name_en, default_group: "est", staff_only: false, subtypes: &[] }
}

const fn subtype(slug: &'static str, name_sv: &'static str, name_en: &'static str) -> SubtypeSeed {
    SubtypeSeed { slug, name_sv, name_en, default_group: None }
}

/// The first set of categories; seeded into an empty database, then the coordinator's to edit.
pub const DEFAULT_CATEGORIES: &[CategorySeed] = &[
    CategorySeed {
        subtypes: &[
            subtype("lighting", "Dålig belysning", "Poor lighting"),
            subtype("overgrown", "Skymd eller igenvuxen", "Obscured or overgrown"),
            subtype("deserted", "Öde", "Deserted"),
            subtype("other", "Annat", "Other"),
        ],
        ..category("unsafe_place", "Otrygg plats", "Unsafe place")
    },
    category("vandalism", "Skadegörelse", "Vandalism"),
    category("graffiti", "Klotter", "Graffiti"),
    category("littering", "Nedskräpning", "Littering"),
    category("fire", "Brand, anlagd brand", "Fire, arson"),
    category("fireworks", "Fyrverkerier, smällare", "Fireworks"),
    category("disorder", "Ordningsstörning", "Public disorder"),
    CategorySeed {
        subtypes: &[SubtypeSeed { default_group: Some("sspf"), ..subtype("youth", "Unga", "Young people") }],
        ..category("gathering", "Samling som skapar otrygghet", "Gathering that creates unsafety")
    },
    category("intoxication", "Berusade personer, missbruk", "Intoxicated people, substance abuse"),
    category("drugs", "Misstänkt narkotikahandel", "Suspected drug dealing"),
    category("threat_violence", "Hot eller våld", "Threats or violence"),
    category("harassment", "Trakasserier", "Harassment"),
    category("theft_burglary", "Stöld, inbrott", "Theft, burglary"),
    category(
        "reckless_driving",
        "Störande eller farlig körning (bil, moped, A-traktor)",
        "Reckless or disruptive driving",
    ),
    CategorySeed { staff_only: true, ..category("staff_incident", "Händelse mot personal", "Incident against staff") },
    category("safe_place", "Trygg plats", "A place that feels safe"),
    category("other", "Annat", "Other"),
];

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Subtype {
    #[serde(skip)]
    pub id: i32,
    pub slug: String,
    pub name_sv: String,
    pub name_en: String,
    /// Where a report of this subtype is routed, when it differs from its category's group.
    pub default_group: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Category {
    #[serde(skip)]
    pub id: i32,
    pub slug: String,
    pub name_sv: String,
    pub name_en: String,
    /// The group (EST, SSPF, …) a report is routed to by default.
    pub default_group: String,
    /// Only staff may use it (inrapporter); residents do not see it.
    pub staff_only: bool,
    pub subtypes: Vec<Subtype>,
}

/// The active categories, in display order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub categories: Vec<Category>,
}

impl Catalog {
    pub fn by_slug(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    pub fn by_id(&self, id: i32) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

impl Category {
    pub fn subtype(&self, slug: &str) -> Option<&Subtype> {
        self.subtypes.iter().find(|s| s.slug == slug)
    }

    pub fn subtype_by_id(&self, id: i32) -> Option<&Subtype> {
        self.subtypes.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The default categories with ids, as a database would give them.
    pub(crate) fn catalog() -> Catalog {
        let mut next_subtype = 0;
        let categories = DEFAULT_CATEGORIES
            .iter()
            .enumerate()
            .map(|(i, c)| Category {
                id: i as i32 + 1,
                slug: c.slug.into(),
                name_sv: c.name_sv.into(),
                name_en: c.name_en.into(),
                default_group: c.default_group.into(),
                staff_only: c.staff_only,
                subtypes: c
                    .subtypes
                    .iter()
                    .map(|s| {
                        next_subtype += 1;
                        Subtype {
                            id: next_subtype,
                            slug: s.slug.into(),
                            name_sv: s.name_sv.into(),
                            name_en: s.name_en.into(),
                            default_group: s.default_group.map(str::to_owned),
                        }
                    })
                    .collect(),
            })
            .collect();
        Catalog { categories }
    }

    #[test]
    fn the_default_set_matches_the_glossary() {
        assert_eq!(DEFAULT_CATEGORIES.len(), 17);
        let slugs: std::collections::HashSet<_> = DEFAULT_CATEGORIES.iter().map(|c| c.slug).collect();
        assert_eq!(slugs.len(), 17, "slugs are unique");
        let gathering = DEFAULT_CATEGORIES.iter().find(|c| c.slug == "gathering").unwrap();
        assert_eq!(gathering.subtypes[0].default_group, Some("sspf"));
        assert!(DEFAULT_CATEGORIES.iter().find(|c| c.slug == "staff_incident").unwrap().staff_only);
    }
}
