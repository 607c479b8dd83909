//! The vocabulary of refused input: why one field was refused, in words for each language, and
//! the refusals of one request by field name.

use std::collections::BTreeMap;

use crate::lang::Lang;

/// Why one field was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldIssue {
    Required,
    WrongType,
    TooShort {
        min: u64,
    },
    TooLong {
        max: u64,
    },
    OutOfRange {
        min: f64,
        max: f64,
    },
    InvalidEmail,
    InvalidPhone,
    InFuture,
    TooOld,
    OutsideMunicipality,
    UnknownCategory,
    UnknownSubtype,
    UnknownLocality,
    StaffOnlyCategory,
    ConsentRequired,
    PositionOrLocality,
    PersonalData,
    NeedsRedaction,
    UnknownReport,
    UnknownGroup,
    UnknownUser,
    /// More items than allowed (photos on a report).
    TooMany {
        max: u64,
    },
    /// A picture larger in pixels than allowed.
    TooLargeImage,
    /// A picture that cannot be decoded: broken, truncated or not what it claims.
    UnreadableImage,
    /// The same code twice where codes must differ (survey questions and choices).
    Duplicate,
    /// A survey condition on a question that comes later (or on itself).
    LaterQuestion,
    /// No survey question has this code.
    UnknownQuestion,
    /// Not one of the answers the question offers.
    NotAChoice,
    /// An answer to a question that the earlier answers hide.
    NotShown,
    /// Too easy to guess: a common password, a repetition, the user's own name.
    WeakPassword,
    /// NUL or another control character (other than newline and tab), which no text needs.
    ControlCharacter,
    Invalid,
}

impl FieldIssue {
    pub fn code(&self) -> &'static str {
        match self {
            FieldIssue::Required => "required",
            FieldIssue::WrongType => "wrong_type",
            FieldIssue::TooShort { .. } => "too_short",
            FieldIssue::TooLong { .. } => "too_long",
            FieldIssue::OutOfRange { .. } => "out_of_range",
            FieldIssue::InvalidEmail => "invalid_email",
            FieldIssue::InvalidPhone => "invalid_phone",
            FieldIssue::InFuture => "in_future",
            FieldIssue::TooOld => "too_old",
            FieldIssue::OutsideMunicipality => "outside_municipality",
            FieldIssue::UnknownCategory => "unknown_category",
            FieldIssue::UnknownSubtype => "unknown_subtype",
            FieldIssue::UnknownLocality => "unknown_locality",
            FieldIssue::StaffOnlyCategory => "staff_only_category",
            FieldIssue::ConsentRequired => "consent_required",
            FieldIssue::PositionOrLocality => "position_or_locality",
            FieldIssue::PersonalData => "personal_data",
            FieldIssue::NeedsRedaction => "needs_redaction",
            FieldIssue::UnknownReport => "unknown_report",
            FieldIssue::UnknownGroup => "unknown_group",
            FieldIssue::UnknownUser => "unknown_user",
            FieldIssue::TooMany { .. } => "too_many",
            FieldIssue::TooLargeImage => "too_large_image",
            FieldIssue::UnreadableImage => "unreadable_image",
            FieldIssue::Duplicate => "duplicate",
            FieldIssue::LaterQuestion => "later_question",
            FieldIssue::UnknownQuestion => "unknown_question",
            FieldIssue::NotAChoice => "not_a_choice",
            FieldIssue::NotShown => "not_shown",
            FieldIssue::WeakPassword => "weak_password",
            FieldIssue::ControlCharacter => "control_character",
            FieldIssue::Invalid => "invalid",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            FieldIssue::Required => lang.pick("Fältet måste fyllas i.", "This field is required."),
            FieldIssue::WrongType => lang.pick("Fel sorts värde.", "Wrong kind of value."),
            FieldIssue::TooShort { min } => {
                lang.pick(format!("Minst {min} tecken."), format!("At least {min} characters."))
            }
            FieldIssue::TooLong { max } => {
                lang.pick(format!("Högst {max} tecken."), format!("At most {max} characters."))
            }
            FieldIssue::OutOfRange { min, max } => {
                lang.pick(format!("Måste vara mellan {min} och {max}."), format!("Must be between {min} and {max}."))
            }
            FieldIssue::InvalidEmail => lang.pick("Ogiltig e-postadress.", "Not a valid email address."),
            FieldIssue::InvalidPhone => lang.pick(
                "Ogiltigt telefonnummer (siffror, mellanslag, + och -).",
                "Not a valid phone number (digits, spaces, + and -).",
            ),
            FieldIssue::InFuture => {
                lang.pick("Tidpunkten kan inte ligga i framtiden.", "The time cannot be in the future.")
            }
            FieldIssue::TooOld => {
                lang.pick("Tidpunkten får vara högst ett år tillbaka.", "The time can be at most a year ago.")
            }
            FieldIssue::OutsideMunicipality => {
                lang.pick("Platsen ligger utanför kommunen.", "The place is outside the municipality.")
            }
            FieldIssue::UnknownCategory => lang.pick("Okänd kategori.", "Unknown category."),
            FieldIssue::UnknownSubtype => {
                lang.pick("Okänd underkategori för kategorin.", "Unknown subtype for the category.")
            }
            FieldIssue::UnknownLocality => lang.pick("Okänd ort.", "Unknown locality."),
            FieldIssue::StaffOnlyCategory => lang.pick(
                "Kategorin används bara i personalens inrapporter.",
                "This category is only for staff incident reports.",
            ),
            FieldIssue::ConsentRequired => lang
                .pick("Kryssa i samtycke om du lämnar kontaktuppgifter.", "Tick consent if you leave contact details."),
            FieldIssue::PositionOrLocality => lang.pick(
                "Ange antingen en position (lat och lon) eller en ort.",
                "Give either a position (lat and lon) or a locality.",
            ),
            FieldIssue::PersonalData => lang.pick(
                "Texten innehåller personnummer eller registreringsnummer och kan inte visas offentligt.",
                "The text contains a personal identity or vehicle registration number and cannot be shown publicly.",
            ),
            FieldIssue::NeedsRedaction => lang.pick(
                "Rapporten innehåller personuppgifter: maska texten innan den visas offentligt.",
                "The report contains personal data: redact the text before showing it publicly.",
            ),
            FieldIssue::UnknownReport => lang.pick("Okänd rapport.", "Unknown report."),
            FieldIssue::UnknownGroup => lang.pick("Okänd grupp.", "Unknown group."),
            FieldIssue::UnknownUser => lang.pick("Okänd eller inaktiv användare.", "Unknown or inactive user."),
            FieldIssue::TooMany { max } => lang.pick(format!("Högst {max} stycken."), format!("At most {max}.")),
            FieldIssue::TooLargeImage => lang.pick(
                "Bilden är för stor (högst 8192 bildpunkter på längden och 40 megapixel).",
                "The picture is too large (at most 8192 pixels a side and 40 megapixels).",
            ),
            FieldIssue::UnreadableImage => lang.pick(
                "Bilden går inte att läsa. Ta eller välj en ny bild.",
                "The picture cannot be read. Take or choose another one.",
            ),
            FieldIssue::Duplicate => lang.pick("Koden används redan.", "The code is already used."),
            FieldIssue::LaterQuestion => lang.pick(
                "Villkoret kan bara gälla en fråga som kommer före.",
                "A condition can only be on an earlier question.",
            ),
            FieldIssue::UnknownQuestion => lang.pick("Ingen fråga har den koden.", "No question has that code."),
            FieldIssue::NotAChoice => lang.pick("Inte ett av svarsalternativen.", "Not one of the answers offered."),
            FieldIssue::NotShown => lang.pick(
                "Frågan visas inte med de svar du gett tidigare.",
                "The question is not shown with the answers given before.",
            ),
            FieldIssue::WeakPassword => lang.pick(
                "Lösenordet är för lätt att gissa. Välj en längre fras av ord som inte hör ihop.",
                "The password is too easy to guess. Choose a longer phrase of unrelated words.",
            ),
            FieldIssue::ControlCharacter => lang.pick(
                "Texten innehåller tecken som inte är tillåtna (styrtecken).",
                "The text contains characters that are not allowed (control characters).",
            ),
            FieldIssue::Invalid => lang.pick("Ogiltigt värde.", "Invalid value."),
        }
    }
}

/// Whether `text` holds a control character no text field takes: C0 (NUL included) and DEL,
/// except newline, carriage return and tab.
pub fn has_control_character(text: &str) -> bool {
    text.chars().any(|c| (c <= '\u{1f}' && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{7f}')
}

/// Field name (dotted for nested fields, e.g. `contact.email`) → what is wrong with it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(BTreeMap<String, Vec<FieldIssue>>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, issue: FieldIssue) {
        self.0.entry(field.into()).or_default().push(issue);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every field with its issues, by field name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[FieldIssue])> {
        self.0.iter().map(|(field, issues)| (field.as_str(), issues.as_slice()))
    }

    pub fn issues(&self, field: &str) -> &[FieldIssue] {
        self.0.get(field).map_or(&[], Vec::as_slice)
    }

    pub fn merge(&mut self, other: FieldErrors) {
        for (field, issues) in other.0 {
            self.0.entry(field).or_default().extend(issues);
        }
    }

    /// Adds `other`'s errors with `prefix` before each field name (`events[0].` + `lat`).
    pub fn merge_under(&mut self, prefix: &str, other: FieldErrors) {
        for (field, issues) in other.0 {
            self.0.entry(format!("{prefix}{field}")).or_default().extend(issues);
        }
    }

    /// The errors of a parse after shape checks (`self`): `Ok` only when neither found any.
    pub fn and<T>(mut self, parsed: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
        match parsed {
            Ok(value) if self.is_empty() => Ok(value),
            Ok(_) => Err(self),
            Err(more) => {
                self.merge(more);
                Err(self)
            }
        }
    }

    /// `Ok(value)` when nothing was added, the collected errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    pub fn single(field: impl Into<String>, issue: FieldIssue) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, issue);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_control_characters_are_found_but_newlines_and_tabs_are_text() {
        assert!(has_control_character("a\u{0}b"));
        assert!(has_control_character("bell\u{7}"));
        assert!(has_control_character("del\u{7f}"));
        assert!(!has_control_character("Rad ett\nrad två\r\n\tindrag, åäö 🌑"));
    }
}
