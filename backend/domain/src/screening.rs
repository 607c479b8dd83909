//! Screening of free text for what must never be shown publicly: Swedish personal identity
//! numbers (personnummer, checked with the Luhn digit) and vehicle registration numbers.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningHit {
    PersonalIdentityNumber,
    VehicleRegistration,
}

impl ScreeningHit {
    pub fn as_str(self) -> &'static str {
        match self {
            ScreeningHit::PersonalIdentityNumber => "personal_identity_number",
            ScreeningHit::VehicleRegistration => "vehicle_registration",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [ScreeningHit::PersonalIdentityNumber, ScreeningHit::VehicleRegistration]
            .into_iter()
            .find(|h| h.as_str() == text)
    }
}

/// What `text` contains that must stay internal, each kind once.
pub fn screen(text: &str) -> Vec<ScreeningHit> {
    let mut hits = Vec::new();
    if contains_personal_identity_number(text) {
        hits.push(ScreeningHit::PersonalIdentityNumber);
    }
    if contains_vehicle_registration(text) {
        hits.push(ScreeningHit::VehicleRegistration);
    }
    hits
}

/// What any of `texts` contains, each kind once, in a stable order.
pub fn screen_all<'a>(texts: impl IntoIterator<Item = Option<&'a str>>) -> Vec<ScreeningHit> {
    let mut hits: Vec<ScreeningHit> = texts.into_iter().flatten().flat_map(screen).collect();
    hits.sort();
    hits.dedup();
    hits
}

/// `YYMMDD-NNNN`, `YYMMDD+NNNN`, `YYYYMMDD-NNNN`, `YYMMDDNNNN`, `YYYYMMDDNNNN` with a valid
/// date (day + 60 for samordningsnummer) and Luhn check digit.
fn contains_personal_identity_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let run_end = (i..n).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(n);
        let first: String = chars[i..run_end].iter().collect();
        let candidate = match first.len() {
            6 | 8 if run_end < n && matches!(chars[run_end], '-' | '+') => {
                let rest_end = (run_end + 1..n).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(n);
                let rest: String = chars[run_end + 1..rest_end].iter().collect();
                (rest.len() == 4 && !followed_by_alnum(&chars, rest_end)).then(|| format!("{first}{rest}"))
            }
            10 | 12 if !followed_by_alnum(&chars, run_end) => Some(first),
            _ => None,
        };
        if candidate.is_some_and(|digits| valid_personal_identity_number(&digits)) {
            return true;
        }
        i = run_end.max(i + 1);
    }
    false
}

fn followed_by_alnum(chars: &[char], at: usize) -> bool {
    chars.get(at).is_some_and(|c| c.is_ascii_alphanumeric())
}

fn valid_personal_identity_number(digits: &str) -> bool {
    let ten = &digits[digits.len() - 10..];
    let d: Vec<u32> = ten.chars().filter_map(|c| c.to_digit(10)).collect();
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    let day = if day > 60 { day - 60 } else { day };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let v = if i % 2 == 0 { x * 2 } else { x };
            v / 10 + v % 10
        })
        .sum();
    sum % 10 == 0
}

/// Swedish plates: three letters then three digits, or two digits and a letter (`ABC 123`,
/// `ABC12D`), standing alone. Letters I, Q, V and Å/Ä/Ö are not used on plates.
fn contains_vehicle_registration(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let plate_letter = |c: char| c.is_ascii_uppercase() && !matches!(c, 'I' | 'Q' | 'V');
    (0..chars.len()).any(|i| {
        if i > 0 && chars[i - 1].is_alphanumeric() {
            return false;
        }
        let letters = chars.get(i..i + 3).is_some_and(|s| s.iter().all(|&c| plate_letter(c)));
        if !letters {
            return false;
        }
        let start = if chars.get(i + 3) == Some(&' ') { i + 4 } else { i + 3 };
        let Some(tail) = chars.get(start..start + 3) else { return false };
        let tail_ok =
            tail[0].is_ascii_digit() && tail[1].is_ascii_digit() && (tail[2].is_ascii_digit() || plate_letter(tail[2]));
        tail_ok && !chars.get(start + 3).is_some_and(|c| c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_identity_numbers_are_found_in_their_usual_forms() {
        for text in
            ["Han heter 811218-9876 tror jag", "19811218-9876", "8112189876", "198112189876", "pnr: 811218+9876"]
        {
            assert_eq!(screen(text), vec![ScreeningHit::PersonalIdentityNumber], "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_personal_identity_numbers_pass() {
        for text in ["811218-9875", "ring 0701234567", "kl 20:30 den 2026-11-24", "ärende 123456-1234", "1234567890"] {
            assert!(!screen(text).contains(&ScreeningHit::PersonalIdentityNumber), "{text}");
        }
    }

    #[test]
    fn registration_numbers_are_found_but_ordinary_words_are_not() {
        for text in ["En bil ABC 123 körde fort", "mopeden MLB12F igen", "regnr XYZ789."] {
            assert_eq!(screen(text), vec![ScreeningHit::VehicleRegistration], "{text}");
        }
        for text in ["Det är MÖRKT här", "EST 2026", "abc 123", "ABCD 123", "ABC 1234", "Gatan 12"] {
            assert!(screen(text).is_empty(), "{text}");
        }
    }
}
