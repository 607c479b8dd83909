//! A lägesbild as EST writes it: what kind, for which group and period, its text sections (the
//! cause analysis guided by the problem triangle), which parts are public, and whether it is a
//! draft or final. A final one never changes; a correction is a new version saying what changed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::{has_control_character, FieldErrors, FieldIssue};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LagesbildKind {
    /// EST's monthly one.
    Monthly,
    /// The styrgrupp's, over up to two years, at least every second year.
    InDepth,
    AdHoc,
    /// A calendar year for kommunstyrelsen's report to fullmäktige: the figures, and what was
    /// decided, done and achieved.
    Annual,
}

crate::string_enum!(LagesbildKind {
    Monthly => "monthly",
    InDepth => "in_depth",
    AdHoc => "ad_hoc",
    Annual => "annual",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LagesbildStatus {
    Draft,
    Final,
}

crate::string_enum!(LagesbildStatus { Draft => "draft", Final => "final" });

pub const SECTION_MAX: usize = 20_000;

/// The text EST adds to the figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Sections {
    /// Sammanfattning.
    #[schema(max_length = 20000)]
    pub summary: String,
    /// Lokalkännedom: what members know that the figures do not show.
    #[schema(max_length = 20000)]
    pub local_knowledge: String,
    /// Orsaksanalys by the problem triangle: the place …
    #[schema(max_length = 20000)]
    pub cause_place: String,
    /// … the offenders …
    #[schema(max_length = 20000)]
    pub cause_offender: String,
    /// … and the targets or victims.
    #[schema(max_length = 20000)]
    pub cause_victim: String,
    /// Prioriteringar.
    #[schema(max_length = 20000)]
    pub priorities: String,
    /// What the figures cannot carry: few reports, a changed way of reporting, missing data.
    #[schema(max_length = 20000)]
    pub caveats: String,
}

impl Sections {
    fn all(&self) -> [(&'static str, &str); 7] {
        [
            ("summary", &self.summary),
            ("local_knowledge", &self.local_knowledge),
            ("cause_place", &self.cause_place),
            ("cause_offender", &self.cause_offender),
            ("cause_victim", &self.cause_victim),
            ("priorities", &self.priorities),
            ("caveats", &self.caveats),
        ]
    }

    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        for (name, text) in self.all() {
            if has_control_character(text) {
                errors.add(format!("sections.{name}"), FieldIssue::ControlCharacter);
            } else if text.chars().count() > SECTION_MAX {
                errors.add(format!("sections.{name}"), FieldIssue::TooLong { max: SECTION_MAX as u64 });
            }
        }
        errors.into_result(())
    }

    /// The names of the sections that differ from `other`'s, for the audit log.
    pub fn changed_from(&self, other: &Sections) -> Vec<&'static str> {
        self.all().iter().zip(other.all()).filter(|(a, b)| a.1 != b.1).map(|(a, _)| a.0).collect()
    }
}

/// Which parts may be shown outside EST (the public page, the annual report); the rest is
/// "Arbetsmaterial".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Publicity {
    pub summary: bool,
    pub figures: bool,
    pub hotspots: bool,
    pub actions: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_checked_and_their_changes_named() {
        let before = Sections { summary: "Lugnt.".into(), ..Sections::default() };
        let after = Sections { summary: "Oroligt.".into(), cause_place: "Mörkt\u{0}".into(), ..Sections::default() };
        assert_eq!(after.changed_from(&before), ["summary", "cause_place"]);
        let errors = after.check().unwrap_err();
        assert_eq!(errors.issues("sections.cause_place"), [FieldIssue::ControlCharacter]);
    }
}
