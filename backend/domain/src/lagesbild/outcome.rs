//! The year in actions, for kommunstyrelsen's annual report to fullmäktige: how many lägesbilder
//! the groups finalised, which actions they decided, what became of them, and what their effect
//! follow-ups say they achieved. What was reported is the lägesbild's own figures.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::action::{is_overdue, ActionStatus, Prevention, Term};
use super::period::Period;

/// An action as the summary counts it.
#[derive(Debug, Clone)]
pub struct ActionFacts {
    pub id: i64,
    pub group: String,
    pub problem: String,
    pub measure: String,
    pub prevention: Prevention,
    pub term: Term,
    pub status: ActionStatus,
    pub due_date: NaiveDate,
    pub decided_at: DateTime<Utc>,
}

/// An effect follow-up: what an action achieved, in the words of whoever followed it up.
#[derive(Debug, Clone)]
pub struct EffectNote {
    pub action_id: i64,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupCount {
    pub group: String,
    pub count: u64,
}

/// How the actions decided in the period stand now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActionCounts {
    pub decided: u64,
    pub situational: u64,
    pub social: u64,
    pub short_term: u64,
    pub long_term: u64,
    pub planned: u64,
    pub ongoing: u64,
    pub done: u64,
    pub cancelled: u64,
    /// Planned or ongoing, and past the due date.
    pub overdue: u64,
}

/// An action with what its effect follow-ups in the period say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Achievement {
    pub action_id: i64,
    pub group: String,
    pub problem: String,
    pub measure: String,
    pub status: ActionStatus,
    /// The effect notes, oldest first.
    pub effects: Vec<String>,
}

/// The annual summary's part beyond the figures: decided, done, achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Outcome {
    /// Lägesbilder finalised in the period, per group.
    pub lagesbilder: Vec<GroupCount>,
    /// The actions decided in the period, all groups together.
    pub actions: ActionCounts,
    /// Per group, in the order groups first decided something.
    pub actions_by_group: Vec<GroupCount>,
    /// Actions with an effect follow-up in the period, in the order they were decided.
    pub achieved: Vec<Achievement>,
}

/// Counts the actions decided in `period` as they stand on `today`, and gathers the effect notes
/// written in `period`, whichever year their action was decided. `actions` holds both kinds;
/// `finalised_groups` names the group of each lägesbild finalised in `period`.
pub fn outcome(
    period: &Period,
    finalised_groups: &[String],
    actions: &[ActionFacts],
    effects: &[EffectNote],
    today: NaiveDate,
) -> Outcome {
    let mut counts = ActionCounts::default();
    let mut by_group: Vec<GroupCount> = Vec::new();
    for a in actions.iter().filter(|a| period.contains(a.decided_at)) {
        counts.decided += 1;
        *match a.prevention {
            Prevention::Situational => &mut counts.situational,
            Prevention::Social => &mut counts.social,
        } += 1;
        *match a.term {
            Term::Short => &mut counts.short_term,
            Term::Long => &mut counts.long_term,
        } += 1;
        *match a.status {
            ActionStatus::Planned => &mut counts.planned,
            ActionStatus::Ongoing => &mut counts.ongoing,
            ActionStatus::Done => &mut counts.done,
            ActionStatus::Cancelled => &mut counts.cancelled,
        } += 1;
        if is_overdue(a.status, a.due_date, today) {
            counts.overdue += 1;
        }
        add(&mut by_group, &a.group);
    }
    let mut lagesbilder = Vec::new();
    for group in finalised_groups {
        add(&mut lagesbilder, group);
    }
    let mut in_order: Vec<&ActionFacts> = actions.iter().collect();
    in_order.sort_by_key(|a| (a.decided_at, a.id));
    let achieved = in_order
        .into_iter()
        .filter_map(|a| {
            let notes: Vec<String> = effects
                .iter()
                .filter(|e| e.action_id == a.id && period.contains(e.at))
                .map(|e| e.note.clone())
                .collect();
            (!notes.is_empty()).then(|| Achievement {
                action_id: a.id,
                group: a.group.clone(),
                problem: a.problem.clone(),
                measure: a.measure.clone(),
                status: a.status,
                effects: notes,
            })
        })
        .collect();
    Outcome { lagesbilder, actions: counts, actions_by_group: by_group, achieved }
}

fn add(counts: &mut Vec<GroupCount>, group: &str) {
    match counts.iter_mut().find(|c| c.group == group) {
        Some(c) => c.count += 1,
        None => counts.push(GroupCount { group: group.to_owned(), count: 1 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn action(id: i64, group: &str, status: ActionStatus, due: NaiveDate, decided_at: DateTime<Utc>) -> ActionFacts {
        ActionFacts {
            id,
            group: group.into(),
            problem: format!("problem {id}"),
            measure: format!("measure {id}"),
            prevention: if id % 2 == 0 { Prevention::Social } else { Prevention::Situational },
            term: Term::Short,
            status,
            due_date: due,
            decided_at,
        }
    }

    #[test]
    fn the_year_counts_what_was_decided_in_it_and_what_effect_notes_in_it_say() {
        let year = Period { from: at(2026, 1, 1), to: at(2027, 1, 1) };
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let last_year = action(1, "est", ActionStatus::Done, day(2, 1), at(2025, 11, 3));
        let actions = [
            last_year,
            action(2, "est", ActionStatus::Done, day(5, 1), at(2026, 3, 2)),
            action(3, "est", ActionStatus::Ongoing, day(6, 1), at(2026, 4, 2)),
            action(4, "sspf", ActionStatus::Cancelled, day(9, 1), at(2026, 5, 2)),
            action(5, "est", ActionStatus::Planned, day(12, 31), at(2026, 11, 2)),
        ];
        let effects = [
            EffectNote { action_id: 2, note: "Färre rapporter om mörker.".into(), at: at(2026, 8, 1) },
            EffectNote { action_id: 1, note: "Inget klotter sedan mars.".into(), at: at(2026, 4, 1) },
            EffectNote { action_id: 1, note: "Skrivet förra året.".into(), at: at(2025, 12, 1) },
        ];
        let groups = ["est".to_owned(), "est".to_owned(), "sspf".to_owned()];
        let o = outcome(&year, &groups, &actions, &effects, day(12, 7));

        assert_eq!(
            o.actions,
            ActionCounts {
                decided: 4,
                situational: 2,
                social: 2,
                short_term: 4,
                long_term: 0,
                planned: 1,
                ongoing: 1,
                done: 1,
                cancelled: 1,
                overdue: 1,
            }
        );
        let count = |g: &str, n| GroupCount { group: g.into(), count: n };
        assert_eq!(o.actions_by_group, vec![count("est", 3), count("sspf", 1)]);
        assert_eq!(o.lagesbilder, vec![count("est", 2), count("sspf", 1)]);
        let achieved: Vec<(i64, Vec<String>)> = o.achieved.iter().map(|a| (a.action_id, a.effects.clone())).collect();
        assert_eq!(
            achieved,
            vec![(1, vec!["Inget klotter sedan mars.".to_owned()]), (2, vec!["Färre rapporter om mörker.".to_owned()]),],
            "last year's action by its note this year, in the order decided; last year's note left out"
        );
    }
}
