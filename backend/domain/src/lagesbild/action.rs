//! The åtgärdsplan: actions EST decides from a lägesbild — the problem and its cause, the
//! measure, who answers for it and by when, how its effect is judged — followed up until done.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::{has_control_character, FieldErrors, FieldIssue};
use crate::user::normalize_email;

/// Situational (the place: light, clearing, guards) or social (the people: youth work, parents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Prevention {
    Situational,
    Social,
}

crate::string_enum!(Prevention { Situational => "situational", Social => "social" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    Short,
    Long,
}

crate::string_enum!(Term { Short => "short", Long => "long" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Planned,
    Ongoing,
    Done,
    Cancelled,
}

crate::string_enum!(ActionStatus { Planned => "planned", Ongoing => "ongoing", Done => "done", Cancelled => "cancelled" });

impl ActionStatus {
    /// Still to be done: followed up in the next lägesbild, reminded of when overdue.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::Ongoing)
    }
}

/// What a follow-up judges: whether the measure was carried out (process) or what it achieved
/// (effect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpKind {
    Process,
    Effect,
}

crate::string_enum!(FollowUpKind { Process => "process", Effect => "effect" });

const SHORT_TEXT: usize = 200;
const LONG_TEXT: usize = 4000;

/// An action as sent, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub problem: Option<String>,
    pub cause: Option<String>,
    pub measure: Option<String>,
    pub prevention: Option<Prevention>,
    pub term: Option<Term>,
    pub goal: Option<String>,
    pub indicator: Option<String>,
    pub responsible_organisation: Option<String>,
    /// A user, or a named person with an e-mail address.
    pub owner_user_id: Option<i32>,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub partners: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub status: Option<ActionStatus>,
    /// The hotspot (by rank in its lägesbild) the action answers, if any.
    pub hotspot: Option<i32>,
}

/// A checked action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub problem: String,
    pub cause: Option<String>,
    pub measure: String,
    pub prevention: Prevention,
    pub term: Term,
    pub goal: Option<String>,
    pub indicator: Option<String>,
    pub responsible_organisation: String,
    pub owner_user_id: Option<i32>,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub partners: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    pub hotspot: Option<i32>,
}

/// Trimmed text of at most `max` characters; blank is none.
fn text(field: &str, value: &Option<String>, max: usize, errors: &mut FieldErrors) -> Option<String> {
    let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    if has_control_character(value) {
        errors.add(field, FieldIssue::ControlCharacter);
    } else if value.chars().count() > max {
        errors.add(field, FieldIssue::TooLong { max: max as u64 });
    }
    Some(value.to_owned())
}

fn required<T>(field: &str, value: Option<T>, errors: &mut FieldErrors) -> Option<T> {
    if value.is_none() {
        errors.add(field, FieldIssue::Required);
    }
    value
}

impl Action {
    /// Every rule an action obeys: a problem, a measure, a responsible organisation, an owner
    /// (a user, or a name with an e-mail address to remind), a due date not before its start.
    pub fn parse(input: ActionInput) -> Result<Action, FieldErrors> {
        let mut e = FieldErrors::default();
        let problem = required("problem", text("problem", &input.problem, LONG_TEXT, &mut e), &mut e);
        let cause = text("cause", &input.cause, LONG_TEXT, &mut e);
        let measure = required("measure", text("measure", &input.measure, LONG_TEXT, &mut e), &mut e);
        let responsible = text("responsible_organisation", &input.responsible_organisation, SHORT_TEXT, &mut e);
        let responsible = required("responsible_organisation", responsible, &mut e);
        let owner_name = text("owner_name", &input.owner_name, SHORT_TEXT, &mut e);
        let owner_email = match text("owner_email", &input.owner_email, 320, &mut e).map(|m| normalize_email(&m)) {
            Some(Ok(email)) => Some(email),
            Some(Err(issue)) => {
                e.add("owner_email", issue);
                None
            }
            None => None,
        };
        if input.owner_user_id.is_none() && (owner_name.is_none() || owner_email.is_none()) {
            e.add("owner_user_id", FieldIssue::Required);
        }
        let due_date = required("due_date", input.due_date, &mut e);
        if let (Some(start), Some(due)) = (input.start_date, due_date) {
            if due < start {
                e.add("due_date", FieldIssue::Invalid);
            }
        }
        let goal = text("goal", &input.goal, LONG_TEXT, &mut e);
        let indicator = text("indicator", &input.indicator, LONG_TEXT, &mut e);
        let partners = text("partners", &input.partners, LONG_TEXT, &mut e);
        let prevention = required("prevention", input.prevention, &mut e);
        let term = required("term", input.term, &mut e);
        if !e.is_empty() {
            return Err(e);
        }
        let missing = "checked above";
        Ok(Action {
            problem: problem.expect(missing),
            cause,
            measure: measure.expect(missing),
            prevention: prevention.expect(missing),
            term: term.expect(missing),
            goal,
            indicator,
            responsible_organisation: responsible.expect(missing),
            owner_user_id: input.owner_user_id,
            owner_name,
            owner_email,
            partners,
            start_date: input.start_date,
            due_date: due_date.expect(missing),
            status: input.status.unwrap_or(ActionStatus::Planned),
            hotspot: input.hotspot,
        })
    }
}

/// Whether an action is past its due date and still open on `today`.
pub fn is_overdue(status: ActionStatus, due: NaiveDate, today: NaiveDate) -> bool {
    status.is_open() && due < today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lighting() -> ActionInput {
        ActionInput {
            problem: Some("Mörk gångtunnel vid stationen, många rapporter kvällstid.".into()),
            measure: Some("Byt armaturer och klipp buskage.".into()),
            prevention: Some(Prevention::Situational),
            term: Some(Term::Short),
            responsible_organisation: Some("Samhällsbyggnad".into()),
            owner_name: Some("Olle Ägare".into()),
            owner_email: Some(" Olle@Herrljunga.se ".into()),
            due_date: NaiveDate::from_ymd_opt(2027, 1, 31),
            ..ActionInput::default()
        }
    }

    #[test]
    fn an_action_needs_a_problem_a_measure_an_owner_and_a_due_date() {
        let action = Action::parse(lighting()).unwrap();
        assert_eq!((action.status, action.owner_email.as_deref()), (ActionStatus::Planned, Some("olle@herrljunga.se")));
        let codes = |input| {
            let errors = Action::parse(input).unwrap_err();
            errors.iter().map(|(f, i)| format!("{f}:{}", i[0].code())).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(ActionInput::default()),
            [
                "due_date:required",
                "measure:required",
                "owner_user_id:required",
                "prevention:required",
                "problem:required",
                "responsible_organisation:required",
                "term:required"
            ]
        );
        let early = ActionInput { start_date: NaiveDate::from_ymd_opt(2027, 2, 1), ..lighting() };
        assert_eq!(codes(early), ["due_date:invalid"]);
    }

    #[test]
    fn only_open_actions_are_overdue() {
        let due = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(is_overdue(ActionStatus::Ongoing, due, today));
        assert!(!is_overdue(ActionStatus::Done, due, today));
        assert!(!is_overdue(ActionStatus::Planned, today, today), "due today is not overdue yet");
    }
}
