//! The crime statistics file: CSV (`;` or `,`, UTF-8, a byte-order mark allowed) with the header
//! `period_start;period_end;area;offence_group;count;source` — dates `YYYY-MM-DD` (the end day
//! included), `area` an area's slug or empty for the whole municipality, `count` a whole number.
//! Every bad line is reported with its number and column; nothing is imported from a file with one.

use crate::domain::area::AreaIndex;
use crate::domain::field::FieldIssue;
use crate::domain::lagesbild::crime::{CrimeStatistic, COLUMNS};
use crate::domain::lang::Lang;

/// A refused line: its number in the file (the header is line 1), the column and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub column: &'static str,
    pub issue: FieldIssue,
}

impl LineError {
    pub fn describe(&self, lang: Lang) -> String {
        let (line, column) = (self.line, self.column);
        lang.pick(
            format!("rad {line}, {column}: {}", self.issue.message(lang)),
            format!("line {line}, {column}: {}", self.issue.message(lang)),
        )
    }
}

/// The statistics in `text`, or every line that is wrong.
pub fn parse(text: &str, areas: &AreaIndex) -> Result<Vec<CrimeStatistic>, Vec<LineError>> {
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or_default();
    let separator = if header.contains(';') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(separator).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let names: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|n| n.to_lowercase()).collect(),
        Err(_) => return Err(vec![LineError { line: 1, column: "period_start", issue: FieldIssue::Invalid }]),
    };
    if names != COLUMNS {
        return Err(vec![LineError { line: 1, column: "period_start", issue: FieldIssue::Invalid }]);
    }
    let municipality = areas.municipality().definition.slug.clone();
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(LineError { line, column: "period_start", issue: FieldIssue::Invalid });
                continue;
            }
        };
        let fields: Vec<&str> = record.iter().collect();
        match CrimeStatistic::parse(&fields, |slug| areas.by_slug(slug).is_some(), &municipality) {
            Ok(row) => rows.push(row),
            Err((column, issue)) => errors.push(LineError { line, column, issue }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}
