//! Results of a survey round: per-question distributions, the trygghetsindex and the
//! problemindex with 95 % intervals, broken down by a background question (area of residence,
//! age band, …) — with small groups hidden so that no one can be singled out.
//!
//! **Suppression rule** (`MIN_CELL` = 5). A results table is one question's counts per group of
//! the breakdown (a row per group, a column per answer; the respondents per group are a column
//! too, and the group sizes one more table). Every table is suppressed as a whole, once, and
//! each view shows cells of it — never a separately computed subset — so that no two views
//! differ by a hidden cell:
//! 1. *Primary*: a count from 1 to 4 is hidden ("för få svar"); so is every cell of a group
//!    with fewer than 5 respondents to the question, or fewer than 5 responses in all.
//! 2. *Complementary*: a row or a column of the table that has exactly one hidden cell gets a
//!    second one — its smallest visible non-zero cell — because the row's respondents or the
//!    column's total (shown in the results without breakdown) minus the visible cells would
//!    reveal it. This repeats until no row or column has a lone hidden cell.
//! 3. A share, a mean or an index is shown only where the counts it is made of are all shown
//!    and it rests on at least 5 answers; a lone hidden index in a column gets a second one too.
//!
//! Zeros are shown: "nobody in this group" does not point anyone out when the group has 5 or more.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::definition::{IndexKind, Question, QuestionType, SurveyDefinition, DONT_KNOW, NO, YES};

/// The fewest answers a shown figure may rest on.
pub const MIN_CELL: u64 = 5;
const Z95: f64 = 1.959_963_984_540_054;

/// Answers counted by the store: in `group` (a background answer; `None` when not given, or
/// every response when there is no breakdown), `count` answers to `question` were `value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub group: Option<String>,
    pub question: String,
    pub value: String,
    pub count: u64,
}

/// How many in `group` answered `question` at all (people, whatever they chose).
#[derive(Debug, Clone, PartialEq)]
pub struct Respondents {
    pub group: Option<String>,
    pub question: String,
    pub count: u64,
}

/// What the store counted for one round and one breakdown.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Responses per group.
    pub groups: Vec<(Option<String>, u64)>,
    pub tallies: Vec<Tally>,
    pub respondents: Vec<Respondents>,
}

/// A figure, or `null` when it rests on too few answers ("för få svar").
pub type Shown<T> = Option<T>;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ChoiceResult {
    pub code: String,
    #[schema(value_type = Option<u64>)]
    pub count: Shown<u64>,
    /// Of those in the group who answered the question, 0–1.
    #[schema(value_type = Option<f64>)]
    pub share: Shown<f64>,
}

/// An index with its 95 % interval and the number of answers it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndexValue {
    pub kind: IndexKind,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub n: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QuestionResult {
    pub code: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    #[schema(value_type = Option<u64>)]
    pub respondents: Shown<u64>,
    pub choices: Vec<ChoiceResult>,
    /// The question's index (trygghetsindex, problemindex), `null` when hidden or not one.
    pub index: Option<IndexValue>,
    /// A number question's mean answer.
    #[schema(value_type = Option<f64>)]
    pub mean: Shown<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GroupResult {
    /// The background answer (an area's slug, an age band's code); `null`: not given, or
    /// everyone when there is no breakdown.
    pub group: Option<String>,
    #[schema(value_type = Option<u64>)]
    pub responses: Shown<u64>,
    pub questions: Vec<QuestionResult>,
}

/// One table's cells and which of them are hidden: rows are groups, columns are answers.
struct Table {
    counts: Vec<Vec<u64>>,
    hidden: Vec<Vec<bool>>,
}

impl Table {
    fn new(counts: Vec<Vec<u64>>) -> Self {
        let hidden = counts.iter().map(|row| row.iter().map(|&c| (1..MIN_CELL).contains(&c)).collect()).collect();
        Table { counts, hidden }
    }

    fn hide_row(&mut self, row: usize) {
        self.hidden[row].iter_mut().for_each(|h| *h = true);
    }

    /// Gives every row and column with a lone hidden non-zero cell a second hidden cell.
    fn complement(&mut self) {
        let rows = self.counts.len();
        let cols = self.counts.first().map_or(0, Vec::len);
        loop {
            let mut changed = false;
            for r in 0..rows {
                let line: Vec<(usize, usize)> = (0..cols).map(|c| (r, c)).collect();
                changed |= self.second_cell(&line);
            }
            if rows > 1 {
                for c in 0..cols {
                    let line: Vec<(usize, usize)> = (0..rows).map(|r| (r, c)).collect();
                    changed |= self.second_cell(&line);
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// In one line of cells: if exactly one non-zero cell is hidden, hide the smallest visible
    /// non-zero one too.
    fn second_cell(&mut self, line: &[(usize, usize)]) -> bool {
        let hidden_nonzero = line.iter().filter(|&&(r, c)| self.hidden[r][c] && self.counts[r][c] > 0).count();
        if hidden_nonzero != 1 {
            return false;
        }
        let candidate = line
            .iter()
            .filter(|&&(r, c)| !self.hidden[r][c] && self.counts[r][c] > 0)
            .min_by_key(|&&(r, c)| self.counts[r][c]);
        match candidate {
            Some(&(r, c)) => {
                self.hidden[r][c] = true;
                true
            }
            None => false,
        }
    }

    fn shown(&self, r: usize, c: usize) -> Shown<u64> {
        (!self.hidden[r][c]).then_some(self.counts[r][c])
    }
}

/// The answers a question's results have a column for.
fn columns(q: &Question) -> Vec<String> {
    let mut codes: Vec<String> = match q.kind {
        QuestionType::YesNo => vec![YES.into(), NO.into()],
        _ => q.choices.iter().map(|c| c.code.clone()).collect(),
    };
    if q.dont_know {
        codes.push(DONT_KNOW.into());
    }
    codes
}

/// Whether results count a question's answers per value (numbers get a mean, text and map
/// points are read, not counted).
pub fn is_tallied(q: &Question) -> bool {
    !matches!(q.kind, QuestionType::FreeText | QuestionType::MapPoints | QuestionType::Number)
}

/// The results per group, suppressed as the module says. Groups come in `counts.groups` order;
/// for an area question the columns are the areas answered.
pub fn results(definition: &SurveyDefinition, counts: &Counts) -> Vec<GroupResult> {
    let groups: Vec<Option<String>> = counts.groups.iter().map(|(g, _)| g.clone()).collect();
    let tallies: HashMap<(&Option<String>, &str, &str), u64> =
        counts.tallies.iter().map(|t| ((&t.group, t.question.as_str(), t.value.as_str()), t.count)).collect();
    let respondents: HashMap<(&Option<String>, &str), u64> =
        counts.respondents.iter().map(|r| ((&r.group, r.question.as_str()), r.count)).collect();
    let mut sizes = Table::new(counts.groups.iter().map(|(_, n)| vec![*n]).collect());
    sizes.complement();
    let mut per_group: Vec<Vec<QuestionResult>> = vec![Vec::new(); groups.len()];
    for q in &definition.questions {
        let cols = match q.kind {
            QuestionType::Area => {
                let mut answered: Vec<String> =
                    counts.tallies.iter().filter(|t| t.question == q.code).map(|t| t.value.clone()).collect();
                answered.sort();
                answered.dedup();
                answered
            }
            _ => columns(q),
        };
        let answered: Vec<u64> =
            groups.iter().map(|g| respondents.get(&(g, q.code.as_str())).copied().unwrap_or(0)).collect();
        // One row per group: a column per answer, and last the group's respondents.
        let rows = groups
            .iter()
            .zip(&answered)
            .map(|(g, &n)| {
                let mut row: Vec<u64> =
                    cols.iter().map(|v| tallies.get(&(g, q.code.as_str(), v.as_str())).copied().unwrap_or(0)).collect();
                row.push(n);
                row
            })
            .collect();
        let mut table = Table::new(rows);
        for (r, &n) in answered.iter().enumerate() {
            if sizes.hidden[r][0] || (1..MIN_CELL).contains(&n) {
                table.hide_row(r);
            }
        }
        table.complement();
        let index_shown = index_rows(q, &table, cols.len());
        for (r, results) in per_group.iter_mut().enumerate() {
            results.push(question_result(q, &cols, &table, r, index_shown[r], counts, &groups[r]));
        }
    }
    groups
        .into_iter()
        .zip(per_group)
        .enumerate()
        .map(|(r, (group, questions))| GroupResult { group, responses: sizes.shown(r, 0), questions })
        .collect()
}

/// Which rows may show the question's index: every counted cell shown, at least 5 answers, and
/// never a lone hidden index among the groups.
fn index_rows(q: &Question, table: &Table, respondents_col: usize) -> Vec<bool> {
    let scored = |r: usize| -> u64 {
        table.counts[r][..respondents_col]
            .iter()
            .zip(columns(q).iter())
            .filter(|(_, code)| q.choice(code).and_then(|c| c.score).is_some())
            .map(|(n, _)| n)
            .sum()
    };
    let rows = table.counts.len();
    let mut index = Table::new((0..rows).map(|r| vec![scored(r)]).collect());
    for r in 0..rows {
        if table.hidden[r].iter().any(|h| *h) {
            index.hidden[r][0] = true;
        }
    }
    index.complement();
    (0..rows).map(|r| q.index.is_some() && !index.hidden[r][0] && index.counts[r][0] >= MIN_CELL).collect()
}

fn question_result(
    q: &Question,
    cols: &[String],
    table: &Table,
    r: usize,
    index_shown: bool,
    counts: &Counts,
    group: &Option<String>,
) -> QuestionResult {
    let respondents = table.shown(r, cols.len());
    let choices = cols
        .iter()
        .enumerate()
        .map(|(c, code)| {
            let count = table.shown(r, c);
            let share = count.zip(respondents).filter(|(_, n)| *n > 0).map(|(k, n)| k as f64 / n as f64);
            ChoiceResult { code: code.clone(), count, share }
        })
        .collect();
    let index = q.index.filter(|_| index_shown).and_then(|kind| {
        let scored: Vec<(f64, u64)> = cols
            .iter()
            .enumerate()
            .filter_map(|(c, code)| Some((q.choice(code)?.score?, table.counts[r][c])))
            .collect();
        index_value(kind, &scored)
    });
    let mean = (q.kind == QuestionType::Number)
        .then(|| number_mean(counts, group, &q.code))
        .flatten()
        .filter(|(_, n)| *n >= MIN_CELL)
        .map(|(mean, _)| mean);
    QuestionResult { code: q.code.clone(), kind: q.kind, respondents, choices, index, mean }
}

fn number_mean(counts: &Counts, group: &Option<String>, question: &str) -> Option<(f64, u64)> {
    let (sum, n) = counts
        .tallies
        .iter()
        .filter(|t| &t.group == group && t.question == question)
        .filter_map(|t| t.value.parse::<f64>().ok().map(|v| (v * t.count as f64, t.count)))
        .fold((0.0, 0), |(s, n), (v, k)| (s + v, n + k));
    (n > 0).then(|| (sum / n as f64, n))
}

/// The index of answers scored `(score, count)`.
pub fn index_value(kind: IndexKind, scored: &[(f64, u64)]) -> Option<IndexValue> {
    let n: u64 = scored.iter().map(|(_, k)| k).sum();
    if n == 0 {
        return None;
    }
    let (value, low, high) = match kind {
        IndexKind::Share => {
            let yes: u64 = scored.iter().filter(|(s, _)| *s == 1.0).map(|(_, k)| k).sum();
            let (low, high) = wilson(yes, n);
            (yes as f64 / n as f64, low, high)
        }
        IndexKind::Mean => {
            let mean = scored.iter().map(|(s, k)| s * *k as f64).sum::<f64>() / n as f64;
            let variance = if n > 1 {
                scored.iter().map(|(s, k)| (s - mean).powi(2) * *k as f64).sum::<f64>() / (n - 1) as f64
            } else {
                0.0
            };
            let half = Z95 * (variance / n as f64).sqrt();
            (mean, mean - half, mean + half)
        }
    };
    Some(IndexValue { kind, value, low, high, n })
}

/// The Wilson score 95 % interval of `yes` out of `n`: good for small samples and shares near 0 or 1.
pub fn wilson(yes: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (n, p) = (n as f64, yes as f64 / n as f64);
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// How an index moved between two rounds, and whether the move is more than chance: the two
/// 95 % intervals do not overlap (a cautious test; small real changes may not show).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IndexChange {
    pub code: String,
    pub now: IndexValue,
    pub before: IndexValue,
    pub change: f64,
    pub outside_intervals: bool,
}

/// Index changes for the questions both rounds have (by code), from their results without
/// breakdown.
pub fn compare(now: &GroupResult, before: &GroupResult) -> Vec<IndexChange> {
    let before: BTreeMap<&str, &IndexValue> =
        before.questions.iter().filter_map(|q| Some((q.code.as_str(), q.index.as_ref()?))).collect();
    now.questions
        .iter()
        .filter_map(|q| {
            let (now, before) = (q.index.as_ref()?, *before.get(q.code.as_str())?);
            Some(IndexChange {
                code: q.code.clone(),
                now: now.clone(),
                before: before.clone(),
                change: now.value - before.value,
                outside_intervals: now.low > before.high || now.high < before.low,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::definition::{Choice, Text};

    fn problem() -> Question {
        Question {
            choices: vec![
                Choice::new("big", "Stort", "Big", Some(6.0)),
                Choice::new("small", "Litet", "Small", Some(2.0)),
                Choice::new("none", "Inget", "None", Some(0.0)),
            ],
            dont_know: true,
            index: Some(IndexKind::Mean),
            ..Question::new("problem", QuestionType::Scale, "Problem?", "")
        }
    }

    fn definition() -> SurveyDefinition {
        SurveyDefinition { title: Text::new("T", ""), intro: Text::default(), questions: vec![problem()] }
    }

    /// Groups with their answers to `problem`: (group, [big, small, none, dont_know]).
    fn counts(rows: &[(&str, [u64; 4])]) -> Counts {
        let mut counts = Counts::default();
        for (group, row) in rows {
            let group = Some((*group).to_owned());
            counts.groups.push((group.clone(), row.iter().sum()));
            counts.respondents.push(Respondents {
                group: group.clone(),
                question: "problem".into(),
                count: row.iter().sum(),
            });
            for (value, count) in ["big", "small", "none", DONT_KNOW].iter().zip(row) {
                counts.tallies.push(Tally {
                    group: group.clone(),
                    question: "problem".into(),
                    value: (*value).into(),
                    count: *count,
                });
            }
        }
        counts
    }

    fn cells(result: &GroupResult) -> Vec<Option<u64>> {
        result.questions[0].choices.iter().map(|c| c.count).collect()
    }

    #[test]
    fn the_wilson_interval_matches_a_hand_computed_one() {
        // 8 of 10: p̂ = 0.8, z = 1.96 → (0.4902, 0.9433).
        let (low, high) = wilson(8, 10);
        assert!((low - 0.4902).abs() < 1e-4 && (high - 0.9433).abs() < 1e-4, "{low} {high}");
        let (low, high) = wilson(0, 5);
        assert!(low == 0.0 && (high - 0.4345).abs() < 1e-4, "{high}");
    }

    #[test]
    fn the_problem_index_weighs_six_four_two_nought_and_leaves_out_dont_know() {
        // 2 × 6 + 3 × 2 + 5 × 0 = 18 over 10 answers; "vet ej" not counted.
        let index = index_value(IndexKind::Mean, &[(6.0, 2), (2.0, 3), (0.0, 5)]).unwrap();
        assert_eq!(index.n, 10);
        assert!((index.value - 1.8).abs() < 1e-12);
        // Sample variance: (2×17.64 + 3×0.04 + 5×3.24) / 9 = 5.7333…; half-width 1.96 × √(0.5733) = 1.4841.
        assert!((index.high - index.value - 1.4841).abs() < 1e-3, "{index:?}");
    }

    #[test]
    fn a_small_count_is_hidden_with_a_second_cell_in_its_row() {
        let result = results(&definition(), &counts(&[("all", [3, 10, 20, 7])]));
        // 3 is hidden; alone it could be had as 40 − 10 − 20 − 7, so the smallest other (7) goes too.
        assert_eq!(cells(&result[0]), vec![None, Some(10), Some(20), None]);
        assert_eq!(result[0].questions[0].index, None, "an index on hidden counts is hidden");
        assert_eq!(result[0].questions[0].respondents, Some(40));
    }

    #[test]
    fn a_breakdown_hides_a_second_cell_in_each_column_so_totals_give_nothing_away() {
        let result = results(
            &definition(),
            &counts(&[("a", [2, 10, 10, 10]), ("b", [10, 10, 10, 10]), ("c", [12, 10, 10, 10])]),
        );
        // Column "big": a's 2 is hidden; the overall 24 − 10 − 12 would give it, so b's 10 goes too.
        assert_eq!(result[0].questions[0].choices[0].count, None);
        assert_eq!(result[1].questions[0].choices[0].count, None);
        assert_eq!(result[2].questions[0].choices[0].count, Some(12));
        // Every row and every column has no lone hidden cell.
        for r in &result {
            assert_ne!(cells(r).iter().filter(|c| c.is_none()).count(), 1, "{r:?}");
        }
    }

    #[test]
    fn a_group_of_four_is_hidden_whole_and_so_is_the_next_smallest() {
        let result =
            results(&definition(), &counts(&[("tiny", [1, 1, 1, 1]), ("small", [5, 5, 5, 5]), ("big", [9, 9, 9, 9])]));
        assert_eq!(result[0].responses, None);
        assert_eq!(result[0].questions[0].respondents, None);
        assert_eq!(result[1].responses, None, "the total minus the big group would give the tiny one");
        assert_eq!(result[2].responses, Some(36));
    }

    #[test]
    fn a_change_outside_both_intervals_is_told_apart_from_chance() {
        let index = |value: f64, low: f64, high: f64| IndexValue { kind: IndexKind::Share, value, low, high, n: 100 };
        let group = |i: IndexValue| GroupResult {
            group: None,
            responses: Some(100),
            questions: vec![QuestionResult {
                code: "unsafe_evening".into(),
                kind: QuestionType::Scale,
                respondents: Some(100),
                choices: vec![],
                index: Some(i),
                mean: None,
            }],
        };
        let changes = compare(&group(index(0.8, 0.71, 0.87)), &group(index(0.6, 0.50, 0.69)));
        assert!(changes[0].outside_intervals && (changes[0].change - 0.2).abs() < 1e-12);
        let changes = compare(&group(index(0.65, 0.55, 0.74)), &group(index(0.6, 0.50, 0.69)));
        assert!(!changes[0].outside_intervals);
    }
}
