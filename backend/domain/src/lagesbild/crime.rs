//! Crime statistics from the police or Brå, imported for a period, an area (or the whole
//! municipality) and an offence group, and summed for a lägesbild's period.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::{has_control_character, FieldIssue};

/// One imported figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CrimeStatistic {
    pub period_start: NaiveDate,
    /// The last day included.
    pub period_end: NaiveDate,
    /// An area's slug; `None` for the whole municipality.
    pub area: Option<String>,
    pub offence_group: String,
    pub count: i64,
    pub source: String,
}

/// The columns of an import file, in order.
pub const COLUMNS: [&str; 6] = ["period_start", "period_end", "area", "offence_group", "count", "source"];

impl CrimeStatistic {
    /// One line's fields (`COLUMNS` order), or the column and what is wrong with it. `area` is
    /// a known area's slug, or empty / the municipality's slug for the whole municipality.
    pub fn parse(
        fields: &[&str],
        known_area: impl Fn(&str) -> bool,
        municipality: &str,
    ) -> Result<Self, (&'static str, FieldIssue)> {
        if fields.len() != COLUMNS.len() {
            return Err(("count", FieldIssue::Invalid));
        }
        if let Some(i) = fields.iter().position(|f| has_control_character(f)) {
            return Err((COLUMNS[i], FieldIssue::ControlCharacter));
        }
        let date = |i: usize| {
            NaiveDate::parse_from_str(fields[i].trim(), "%Y-%m-%d").map_err(|_| (COLUMNS[i], FieldIssue::WrongType))
        };
        let (start, end) = (date(0)?, date(1)?);
        if end < start {
            return Err(("period_end", FieldIssue::Invalid));
        }
        let area = match fields[2].trim() {
            "" => None,
            slug if slug == municipality => None,
            slug if known_area(slug) => Some(slug.to_owned()),
            _ => return Err(("area", FieldIssue::UnknownLocality)),
        };
        let text = |i: usize| match fields[i].trim() {
            "" => Err((COLUMNS[i], FieldIssue::Required)),
            t if t.chars().count() > 200 => Err((COLUMNS[i], FieldIssue::TooLong { max: 200 })),
            t => Ok(t.to_owned()),
        };
        let count = fields[4].trim().parse::<i64>().map_err(|_| ("count", FieldIssue::WrongType))?;
        if count < 0 {
            return Err(("count", FieldIssue::OutOfRange { min: 0.0, max: i64::MAX as f64 }));
        }
        Ok(CrimeStatistic {
            period_start: start,
            period_end: end,
            area,
            offence_group: text(3)?,
            count,
            source: text(5)?,
        })
    }
}

/// An offence group's count in a period and a year before (statistics overlapping each, whole).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CrimeLine {
    pub offence_group: String,
    /// `null` for the whole municipality.
    pub area: Option<String>,
    pub count: i64,
    pub year_ago: i64,
    pub sources: Vec<String>,
}

/// Sums the statistics whose periods overlap `[from, to]`, and those overlapping the same dates a
/// year earlier, by offence group and area.
pub fn summarise(stats: &[CrimeStatistic], from: NaiveDate, to: NaiveDate) -> Vec<CrimeLine> {
    let year = |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12)).unwrap_or(d);
    let overlaps = |s: &CrimeStatistic, from: NaiveDate, to: NaiveDate| s.period_start <= to && s.period_end >= from;
    let mut lines: BTreeMap<(String, Option<String>), CrimeLine> = BTreeMap::new();
    for s in stats {
        let (now, before) = (overlaps(s, from, to), overlaps(s, year(from), year(to)));
        if !now && !before {
            continue;
        }
        let line = lines.entry((s.offence_group.clone(), s.area.clone())).or_insert_with(|| CrimeLine {
            offence_group: s.offence_group.clone(),
            area: s.area.clone(),
            count: 0,
            year_ago: 0,
            sources: Vec::new(),
        });
        if now {
            line.count += s.count;
            if !line.sources.contains(&s.source) {
                line.sources.push(s.source.clone());
            }
        } else {
            line.year_ago += s.count;
        }
    }
    lines.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<CrimeStatistic, (&'static str, FieldIssue)> {
        let fields: Vec<&str> = line.split(';').collect();
        CrimeStatistic::parse(&fields, |slug| slug == "annelund", "herrljunga-kommun")
    }

    #[test]
    fn a_line_names_the_column_that_is_wrong() {
        let ok = parse("2026-11-01;2026-11-30;annelund;Skadegörelse;12;Polisen").unwrap();
        assert_eq!((ok.area.as_deref(), ok.count), (Some("annelund"), 12));
        assert_eq!(parse("2026-11-01;2026-11-30;;Stöld;3;Brå").unwrap().area, None, "the whole municipality");
        assert_eq!(parse("2026-11-31;2026-11-30;;Stöld;3;Brå").unwrap_err(), ("period_start", FieldIssue::WrongType));
        assert_eq!(parse("2026-11-01;2026-11-30;mars;Stöld;3;Brå").unwrap_err(), ("area", FieldIssue::UnknownLocality));
        assert_eq!(parse("2026-11-01;2026-11-30;;Stöld;-1;Brå").unwrap_err().0, "count");
        assert_eq!(parse("2026-11-01;2026-11-30;;;3;Brå").unwrap_err(), ("offence_group", FieldIssue::Required));
    }

    #[test]
    fn statistics_are_summed_for_the_period_and_a_year_before() {
        let stat = |start: &str, end: &str, count| CrimeStatistic {
            period_start: start.parse().unwrap(),
            period_end: end.parse().unwrap(),
            area: None,
            offence_group: "Skadegörelse".into(),
            count,
            source: "Polisen".into(),
        };
        let stats = [
            stat("2026-11-01", "2026-11-30", 12),
            stat("2025-11-01", "2025-11-30", 8),
            stat("2026-01-01", "2026-01-31", 99),
        ];
        let lines = summarise(&stats, "2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap());
        assert_eq!((lines[0].count, lines[0].year_ago), (12, 8));
    }
}
