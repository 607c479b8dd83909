//! What a survey asks: typed questions in Swedish and English, required flags, show-if
//! conditions on earlier answers, and the indexes a question feeds. A definition is checked as a
//! whole before it is stored, each problem named under the question it is in.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::{has_control_character, FieldErrors, FieldIssue};
use crate::lang::Lang;

pub const MAX_QUESTIONS: usize = 100;
pub const MAX_CHOICES: usize = 30;
const TITLE_MAX: usize = 200;
const INTRO_MAX: usize = 2000;
const QUESTION_TEXT_MAX: usize = 500;
const CHOICE_TEXT_MAX: usize = 200;
pub const FREE_TEXT_MAX: u32 = 2000;
pub const DEFAULT_FREE_TEXT: u32 = 1000;
pub const MAX_POINTS: i64 = 20;
pub const DEFAULT_POINTS: i64 = 10;
/// The answer "Vet ej" to a scale that allows it.
pub const DONT_KNOW: &str = "dont_know";
pub const YES: &str = "yes";
pub const NO: &str = "no";

/// A text in Swedish, and in English where given (Swedish is shown when it is empty). Where a
/// text is required (a title, a question, a choice) its Swedish must not be blank; an intro or a
/// help text may be empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[schema(max_length = 2000)]
    pub sv: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub en: String,
}

impl Text {
    pub fn new(sv: &str, en: &str) -> Self {
        Text { sv: sv.to_owned(), en: en.to_owned() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.sv,
        }
    }

    fn check(&self, field: &str, max: usize, required: bool, errors: &mut FieldErrors) {
        for (part, text) in [("sv", &self.sv), ("en", &self.en)] {
            let key = format!("{field}.{part}");
            if has_control_character(text) {
                errors.add(key, FieldIssue::ControlCharacter);
            } else if text.chars().count() > max {
                errors.add(key, FieldIssue::TooLong { max: max as u64 });
            } else if part == "sv" && required && text.trim().is_empty() {
                errors.add(key, FieldIssue::Required);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// One of `choices`.
    SingleChoice,
    /// Any of `choices`, at most `max` of them.
    MultipleChoice,
    /// One of the labelled steps in `choices`, in order; "vet ej" too when `dont_know`.
    Scale,
    /// `yes` or `no`.
    YesNo,
    /// A whole number from `min` to `max`.
    Number,
    /// Text of at most `max_length` characters, screened like a report's text.
    FreeText,
    /// One of the municipality's areas (a slug).
    Area,
    /// Places on a map, each with reasons from `choices` and a time of day; at most `max`.
    MapPoints,
}

crate::string_enum!(QuestionType {
    SingleChoice => "single_choice", MultipleChoice => "multiple_choice", Scale => "scale",
    YesNo => "yes_no", Number => "number", FreeText => "free_text", Area => "area", MapPoints => "map_points",
});

impl QuestionType {
    fn has_choices(self) -> bool {
        matches!(self, QuestionType::SingleChoice | QuestionType::MultipleChoice | QuestionType::Scale)
    }

    /// Whether a later question may be shown depending on this one's answer.
    fn can_condition(self) -> bool {
        self.has_choices() || matches!(self, QuestionType::YesNo | QuestionType::Area)
    }
}

/// How a question's answers become an index (each choice's `score` says how it counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// The share of answers scored 1 among those scored 0 or 1, with a Wilson 95 % interval
    /// (the trygghetsindex: "very or fairly safe" among the four feelings).
    Share,
    /// The mean score of the answers that have one, with a 95 % interval (the problemindex, 0–6).
    Mean,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stable within the question: answers and exports use it. `[a-z][a-z0-9_]*`.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,47}$")]
    pub code: String,
    pub text: Text,
    /// How the choice counts in the question's index; none: left out of it ("vet ej").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl Choice {
    pub fn new(code: &str, sv: &str, en: &str, score: Option<f64>) -> Self {
        Choice { code: code.to_owned(), text: Text::new(sv, en), score }
    }
}

/// Show a question only when the earlier question `question` was answered with one of `any_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub question: String,
    #[schema(min_items = 1)]
    pub any_of: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable across versions and rounds, so results compare: `[a-z][a-z0-9_]*`.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,47}$")]
    pub code: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default)]
    pub required: bool,
    /// Background (age band, gender, area of residence): stored apart from the other answers,
    /// left out of the raw export, used to break results down.
    #[serde(default)]
    pub background: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// The answers of a choice question or scale; the reasons of map points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 30)]
    pub choices: Vec<Choice>,
    /// A scale that also offers "vet ej" (answered as `dont_know`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dont_know: bool,
    /// A number's bounds; for multiple choice and map points `max` is how many may be given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Free text's longest answer in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 2000)]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<IndexKind>,
}

impl Question {
    /// A question of `kind` with its texts and nothing else set.
    pub fn new(code: &str, kind: QuestionType, sv: &str, en: &str) -> Self {
        Question {
            code: code.to_owned(),
            kind,
            text: Text::new(sv, en),
            help: None,
            required: false,
            background: false,
            show_if: None,
            choices: Vec::new(),
            dont_know: false,
            min: None,
            max: None,
            max_length: None,
            index: None,
        }
    }

    pub fn choice(&self, code: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.code == code)
    }

    /// Whether `code` is an answer this question takes (for conditions and choice answers).
    pub fn accepts(&self, code: &str) -> bool {
        match self.kind {
            QuestionType::YesNo => code == YES || code == NO,
            QuestionType::Scale if self.dont_know && code == DONT_KNOW => true,
            _ => self.choice(code).is_some(),
        }
    }

    /// How many points or choices may be given (multiple choice: all of them by default).
    pub fn max_items(&self) -> usize {
        match self.kind {
            QuestionType::MapPoints => self.max.unwrap_or(DEFAULT_POINTS) as usize,
            _ => self.max.map_or(self.choices.len(), |m| m as usize),
        }
    }

    pub fn free_text_max(&self) -> usize {
        self.max_length.unwrap_or(DEFAULT_FREE_TEXT) as usize
    }
}

/// A survey's content: what one version asks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyDefinition {
    pub title: Text,
    #[serde(default)]
    pub intro: Text,
    #[schema(min_items = 1, max_items = 100)]
    pub questions: Vec<Question>,
}

/// `[a-z][a-z0-9_]*`, at most 48 characters: question and choice codes.
pub fn is_code(code: &str) -> bool {
    let mut chars = code.chars();
    code.len() <= 48
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl SurveyDefinition {
    pub fn question(&self, code: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.code == code)
    }

    /// Every rule a definition obeys, each broken one named by where it is
    /// (`questions[3].choices`, `questions[5].show_if.question`).
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        self.title.check("title", TITLE_MAX, true, &mut errors);
        self.intro.check("intro", INTRO_MAX, false, &mut errors);
        match self.questions.len() {
            0 => errors.add("questions", FieldIssue::TooShort { min: 1 }),
            n if n > MAX_QUESTIONS => errors.add("questions", FieldIssue::TooLong { max: MAX_QUESTIONS as u64 }),
            _ => {}
        }
        let mut seen = HashSet::new();
        for (i, question) in self.questions.iter().enumerate() {
            let at = format!("questions[{i}]");
            if !is_code(&question.code) {
                errors.add(format!("{at}.code"), FieldIssue::Invalid);
            } else if !seen.insert(question.code.as_str()) {
                errors.add(format!("{at}.code"), FieldIssue::Duplicate);
            }
            question.text.check(&format!("{at}.text"), QUESTION_TEXT_MAX, true, &mut errors);
            if let Some(help) = &question.help {
                help.check(&format!("{at}.help"), QUESTION_TEXT_MAX, false, &mut errors);
            }
            check_options(question, &at, &mut errors);
            check_index(question, &at, &mut errors);
            if let Some(condition) = &question.show_if {
                check_condition(condition, &self.questions[..i], &self.questions[i..], &at, &mut errors);
            }
        }
        errors.into_result(())
    }
}

/// Choices, bounds and lengths: set where the type uses them, absent where it does not.
fn check_options(q: &Question, at: &str, errors: &mut FieldErrors) {
    let kind = q.kind;
    if kind.has_choices() || kind == QuestionType::MapPoints {
        let min = if kind == QuestionType::MapPoints { 0 } else { 2 };
        if q.choices.len() < min {
            errors.add(format!("{at}.choices"), FieldIssue::TooShort { min: min as u64 });
        } else if q.choices.len() > MAX_CHOICES {
            errors.add(format!("{at}.choices"), FieldIssue::TooLong { max: MAX_CHOICES as u64 });
        }
        let mut codes = HashSet::new();
        for (j, choice) in q.choices.iter().enumerate() {
            let key = format!("{at}.choices[{j}].code");
            if !is_code(&choice.code) {
                errors.add(key, FieldIssue::Invalid);
            } else if !codes.insert(choice.code.as_str()) || (q.dont_know && choice.code == DONT_KNOW) {
                errors.add(key, FieldIssue::Duplicate);
            }
            choice.text.check(&format!("{at}.choices[{j}].text"), CHOICE_TEXT_MAX, true, errors);
            if choice.score.is_some_and(|s| !s.is_finite() || !(-1000.0..=1000.0).contains(&s)) {
                errors.add(format!("{at}.choices[{j}].score"), FieldIssue::OutOfRange { min: -1000.0, max: 1000.0 });
            }
        }
    } else if !q.choices.is_empty() {
        errors.add(format!("{at}.choices"), FieldIssue::Invalid);
    }
    if q.dont_know && kind != QuestionType::Scale {
        errors.add(format!("{at}.dont_know"), FieldIssue::Invalid);
    }
    match kind {
        QuestionType::Number => match (q.min, q.max) {
            (Some(min), Some(max)) if min < max => {}
            (Some(_), Some(_)) => errors.add(format!("{at}.max"), FieldIssue::Invalid),
            _ => errors.add(format!("{at}.max"), FieldIssue::Required),
        },
        QuestionType::MultipleChoice | QuestionType::MapPoints => {
            let limit = if kind == QuestionType::MapPoints { MAX_POINTS } else { q.choices.len().max(1) as i64 };
            if q.min.is_some() {
                errors.add(format!("{at}.min"), FieldIssue::Invalid);
            }
            if q.max.is_some_and(|m| !(1..=limit).contains(&m)) {
                errors.add(format!("{at}.max"), FieldIssue::OutOfRange { min: 1.0, max: limit as f64 });
            }
        }
        _ => {
            for (name, set) in [("min", q.min.is_some()), ("max", q.max.is_some())] {
                if set {
                    errors.add(format!("{at}.{name}"), FieldIssue::Invalid);
                }
            }
        }
    }
    match (kind, q.max_length) {
        (QuestionType::FreeText, Some(n)) if !(1..=FREE_TEXT_MAX).contains(&n) => {
            errors.add(format!("{at}.max_length"), FieldIssue::OutOfRange { min: 1.0, max: f64::from(FREE_TEXT_MAX) })
        }
        (QuestionType::FreeText, _) | (_, None) => {}
        (_, Some(_)) => errors.add(format!("{at}.max_length"), FieldIssue::Invalid),
    }
    if q.background && matches!(kind, QuestionType::FreeText | QuestionType::MapPoints) {
        errors.add(format!("{at}.background"), FieldIssue::Invalid);
    }
}

/// An index needs a single choice or a scale whose choices are scored as the index counts.
fn check_index(q: &Question, at: &str, errors: &mut FieldErrors) {
    let Some(index) = q.index else { return };
    if !matches!(q.kind, QuestionType::SingleChoice | QuestionType::Scale) {
        errors.add(format!("{at}.index"), FieldIssue::Invalid);
        return;
    }
    let scores: Vec<f64> = q.choices.iter().filter_map(|c| c.score).collect();
    let usable = match index {
        IndexKind::Share => {
            scores.iter().all(|s| *s == 0.0 || *s == 1.0) && scores.contains(&0.0) && scores.contains(&1.0)
        }
        IndexKind::Mean => scores.len() >= 2,
    };
    if !usable {
        errors.add(format!("{at}.choices"), FieldIssue::Invalid);
    }
}

/// A condition names an earlier question that has set answers, and answers it takes.
fn check_condition(c: &Condition, earlier: &[Question], rest: &[Question], at: &str, errors: &mut FieldErrors) {
    let key = format!("{at}.show_if.question");
    let Some(target) = earlier.iter().find(|q| q.code == c.question) else {
        let issue = if rest.iter().any(|q| q.code == c.question) {
            FieldIssue::LaterQuestion
        } else {
            FieldIssue::UnknownQuestion
        };
        errors.add(key, issue);
        return;
    };
    if !target.kind.can_condition() {
        errors.add(key, FieldIssue::Invalid);
    } else if c.any_of.is_empty() {
        errors.add(format!("{at}.show_if.any_of"), FieldIssue::TooShort { min: 1 });
    } else if target.kind != QuestionType::Area && c.any_of.iter().any(|code| !target.accepts(code)) {
        errors.add(format!("{at}.show_if.any_of"), FieldIssue::NotAChoice);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::template::standard;

    fn choice_question(code: &str) -> Question {
        Question {
            choices: vec![Choice::new("a", "A", "A", None), Choice::new("b", "B", "B", None)],
            ..Question::new(code, QuestionType::SingleChoice, "Fråga?", "Question?")
        }
    }

    fn survey(questions: Vec<Question>) -> SurveyDefinition {
        SurveyDefinition { title: Text::new("Enkät", "Survey"), intro: Text::default(), questions }
    }

    fn issues(definition: &SurveyDefinition) -> Vec<(String, String)> {
        let errors = definition.check().unwrap_err();
        errors.iter().flat_map(|(f, is)| is.iter().map(move |i| (f.to_owned(), i.code().to_owned()))).collect()
    }

    #[test]
    fn the_standard_template_is_a_valid_definition() {
        assert_eq!(standard().check(), Ok(()));
    }

    #[test]
    fn a_problem_is_named_by_the_question_it_is_in() {
        let mut later = choice_question("first");
        later.show_if = Some(Condition { question: "second".into(), any_of: vec!["a".into()] });
        let empty = Question { choices: vec![], ..choice_question("second") };
        let duplicate = choice_question("first");
        let found = issues(&survey(vec![later, empty, duplicate]));
        assert!(found.contains(&("questions[0].show_if.question".into(), "later_question".into())), "{found:?}");
        assert!(found.contains(&("questions[1].choices".into(), "too_short".into())), "{found:?}");
        assert!(found.contains(&("questions[2].code".into(), "duplicate".into())), "{found:?}");
    }

    #[test]
    fn conditions_need_an_earlier_question_and_its_answers() {
        let mut unknown = choice_question("two");
        unknown.show_if = Some(Condition { question: "nope".into(), any_of: vec!["a".into()] });
        let mut wrong_answer = choice_question("three");
        wrong_answer.show_if = Some(Condition { question: "one".into(), any_of: vec!["z".into()] });
        let found = issues(&survey(vec![choice_question("one"), unknown, wrong_answer]));
        assert_eq!(
            found,
            vec![
                ("questions[1].show_if.question".into(), "unknown_question".into()),
                ("questions[2].show_if.any_of".into(), "not_a_choice".into()),
            ]
        );
    }

    #[test]
    fn options_belong_to_the_types_that_use_them() {
        let number = Question::new("n", QuestionType::Number, "Hur många?", "");
        let text = Question { max_length: Some(5000), ..Question::new("t", QuestionType::FreeText, "Text", "") };
        let yes_no = Question { dont_know: true, ..Question::new("y", QuestionType::YesNo, "Ja?", "") };
        let bad_code = choice_question("Stor");
        let found = issues(&survey(vec![number, text, yes_no, bad_code]));
        assert_eq!(
            found,
            vec![
                ("questions[0].max".into(), "required".into()),
                ("questions[1].max_length".into(), "out_of_range".into()),
                ("questions[2].dont_know".into(), "invalid".into()),
                ("questions[3].code".into(), "invalid".into()),
            ]
        );
    }

    #[test]
    fn an_index_needs_scores_that_fit_it() {
        let share = Question { index: Some(IndexKind::Share), ..choice_question("s") };
        assert_eq!(issues(&survey(vec![share])), vec![("questions[0].choices".into(), "invalid".into())]);
        assert!(is_code("unsafe_evening") && !is_code("1st") && !is_code("a-b") && !is_code(""));
    }
}
