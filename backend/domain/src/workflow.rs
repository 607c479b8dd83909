//! The coordinator's work on a report: the status workflow and what each action means. `decide`
//! takes a report as it is, an action and the actor's role, and returns the decision — the new
//! state, the timeline events, who hears of it — or the refusal with what is allowed instead. The
//! store executes a decision in one transaction, with compare-and-set on the status.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::report::{PublicId, ReportStatus};
use crate::user::Role;

impl ReportStatus {
    /// Where a report may go from here with a plain status change. `duplicate` is reached only by
    /// marking a report a duplicate of another.
    pub fn allowed_next(self) -> &'static [ReportStatus] {
        use ReportStatus::*;
        match self {
            New => &[Triaged, Rejected],
            Triaged => &[InProgress, Referred, Rejected],
            InProgress => &[Referred, Resolved],
            Referred => &[InProgress, Resolved],
            Resolved => &[Closed, InProgress],
            Rejected => &[Triaged],
            Closed | Duplicate => &[],
        }
    }

    pub fn can_become_duplicate(self) -> bool {
        matches!(self, ReportStatus::New | ReportStatus::Triaged)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

string_enum!(Priority { Low => "low", Normal => "normal", High => "high", Urgent => "urgent" });

/// The groups a report can be routed to.
pub const GROUPS: &[&str] = &["est", "sspf", "steering", "rights_network", "violence_free"];

/// What happened on a report's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The report arrived.
    Received,
    StatusChanged,
    /// An internal note, never shown to the reporter.
    Note,
    PriorityChanged,
    Assigned,
    Categorised,
    /// A reply shown on the reporter's tracking page.
    PublicReply,
    /// This report was merged into another.
    MarkedDuplicate,
    /// Another report was merged into this one ("+1").
    DuplicateAdded,
    Moderated,
    PhotoAdded,
    PhotoHidden,
    PhotoShown,
    /// Rectangles of a photo were blurred; the unblurred version is gone.
    PhotoRedacted,
    /// A resident said "the same thing here" on the public report instead of reporting it again.
    PlusOne,
}

string_enum!(EventKind {
    Received => "received", StatusChanged => "status_changed", Note => "note",
    PriorityChanged => "priority_changed", Assigned => "assigned", Categorised => "categorised",
    PublicReply => "public_reply", MarkedDuplicate => "marked_duplicate",
    DuplicateAdded => "duplicate_added", Moderated => "moderated", PhotoAdded => "photo_added",
    PhotoHidden => "photo_hidden", PhotoShown => "photo_shown", PhotoRedacted => "photo_redacted",
    PlusOne => "plus_one",
});

/// What the workflow needs to know of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportState {
    pub id: i64,
    pub public_id: PublicId,
    pub status: ReportStatus,
    pub priority: Option<Priority>,
    pub category_id: i32,
    pub subtype_id: Option<i32>,
    pub public_visible: bool,
    /// The redacted text shown publicly instead of the description.
    pub public_description: Option<String>,
    /// Screening found personal data in its text.
    pub flagged: bool,
    pub duplicate_of: Option<i64>,
}

/// A change to one report, already parsed (texts checked, ids resolved).
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `reply` is shown to the reporter; rejecting needs one.
    Status {
        to: ReportStatus,
        comment: Option<String>,
        reply: Option<String>,
    },
    Priority(Priority),
    Assign {
        group: Option<String>,
        user_id: Option<i32>,
    },
    Categorise {
        category_id: i32,
        subtype_id: Option<i32>,
    },
    Note(String),
    PublicReply(String),
    Duplicate {
        original_id: i64,
    },
    /// `public_description`: `Some(None)` removes the redaction.
    Moderate {
        public_visible: Option<bool>,
        /// Shown at its exact place in public (the map, Open311) rather than in a grid cell.
        public_exact: Option<bool>,
        public_description: Option<Option<String>>,
        reason: String,
    },
}

impl Action {
    /// The other report this action needs to know about: the original of a duplicate.
    pub fn original_id(&self) -> Option<i64> {
        match self {
            Action::Duplicate { original_id } => Some(*original_id),
            _ => None,
        }
    }
}

/// Why an action is not taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("the actor's role may not triage")]
    Forbidden,
    #[error("status {current} allows only {allowed:?}")]
    Conflict { current: ReportStatus, allowed: Vec<ReportStatus> },
    #[error("the original is not a report that can take duplicates")]
    BadOriginal,
    #[error("screened text must be redacted before the report is made public")]
    NeedsRedaction,
    #[error("a rejection needs a public reason")]
    ReasonRequired,
}

/// Columns of the report the decision sets; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportChanges {
    pub priority: Option<Priority>,
    /// (group, user)
    pub assignment: Option<(Option<String>, Option<i32>)>,
    /// (category, subtype)
    pub category: Option<(i32, Option<i32>)>,
    pub public_visible: Option<bool>,
    pub public_exact: Option<bool>,
    pub public_description: Option<Option<String>>,
    pub duplicate_of: Option<i64>,
}

/// One event to append to a timeline (this report's, or the original's).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub report_id: i64,
    pub kind: EventKind,
    pub status: Option<ReportStatus>,
    /// Shown on the reporter's tracking page.
    pub public: bool,
    pub body: Option<String>,
    pub data: Option<Value>,
}

impl NewEvent {
    fn on(report_id: i64, kind: EventKind, public: bool) -> Self {
        NewEvent { report_id, kind, status: None, public, body: None, data: None }
    }

    /// A reporter who left an address (with consent) hears of the public events on their own
    /// report after its receipt.
    pub fn tells_reporter(&self) -> bool {
        self.public && self.kind != EventKind::Received
    }
}

/// What an action does, for the store to execute all or nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Move the status (from, to), only if no one moved it since it was read.
    pub status: Option<(ReportStatus, ReportStatus)>,
    pub changes: ReportChanges,
    pub events: Vec<NewEvent>,
    /// The report whose "+1" count goes up: the original of a new duplicate.
    pub plus_one: Option<i64>,
}

impl Decision {
    fn new(events: Vec<NewEvent>) -> Self {
        Decision { status: None, changes: ReportChanges::default(), events, plus_one: None }
    }
}

/// Decides `action` on `report` by an actor with `role`. `original` is the report named by
/// [`Action::original_id`], if it exists. One arm per action, so what each one means reads in one
/// place; that makes the function long, not complicated.
pub fn decide(
    report: &ReportState,
    action: Action,
    role: Role,
    original: Option<&ReportState>,
) -> Result<Decision, Refusal> {
    if !role.can_triage() {
        return Err(Refusal::Forbidden);
    }
    let id = report.id;
    let conflict = || Refusal::Conflict { current: report.status, allowed: report.status.allowed_next().to_vec() };
    Ok(match action {
        Action::Status { to, comment, reply } => {
            if !report.status.allowed_next().contains(&to) {
                return Err(conflict());
            }
            if to == ReportStatus::Rejected && reply.is_none() {
                return Err(Refusal::ReasonRequired);
            }
            let mut events = vec![NewEvent {
                status: Some(to),
                data: Some(json!({ "from": report.status.as_str(), "to": to.as_str() })),
                ..NewEvent::on(id, EventKind::StatusChanged, true)
            }];
            if let Some(reply) = reply {
                events.push(NewEvent { body: Some(reply), ..NewEvent::on(id, EventKind::PublicReply, true) });
            }
            if let Some(comment) = comment {
                events.push(NewEvent { body: Some(comment), ..NewEvent::on(id, EventKind::Note, false) });
            }
            Decision { status: Some((report.status, to)), ..Decision::new(events) }
        }
        Action::Priority(priority) => {
            let event = NewEvent {
                data: Some(json!({ "from": report.priority.map(Priority::as_str), "to": priority.as_str() })),
                ..NewEvent::on(id, EventKind::PriorityChanged, false)
            };
            let changes = ReportChanges { priority: Some(priority), ..Default::default() };
            Decision { changes, ..Decision::new(vec![event]) }
        }
        Action::Assign { group, user_id } => {
            let event = NewEvent {
                data: Some(json!({ "group": group, "user_id": user_id })),
                ..NewEvent::on(id, EventKind::Assigned, false)
            };
            let changes = ReportChanges { assignment: Some((group, user_id)), ..Default::default() };
            Decision { changes, ..Decision::new(vec![event]) }
        }
        Action::Categorise { category_id, subtype_id } => {
            let event = NewEvent {
                data: Some(json!({
                    "from": { "category_id": report.category_id, "subtype_id": report.subtype_id },
                    "to": { "category_id": category_id, "subtype_id": subtype_id },
                })),
                ..NewEvent::on(id, EventKind::Categorised, false)
            };
            let changes = ReportChanges { category: Some((category_id, subtype_id)), ..Default::default() };
            Decision { changes, ..Decision::new(vec![event]) }
        }
        Action::Note(text) => {
            Decision::new(vec![NewEvent { body: Some(text), ..NewEvent::on(id, EventKind::Note, false) }])
        }
        Action::PublicReply(text) => {
            Decision::new(vec![NewEvent { body: Some(text), ..NewEvent::on(id, EventKind::PublicReply, true) }])
        }
        Action::Duplicate { .. } => {
            if !report.status.can_become_duplicate() {
                return Err(conflict());
            }
            let original = original.filter(|o| o.id != id && o.duplicate_of.is_none()).ok_or(Refusal::BadOriginal)?;
            let events = vec![
                NewEvent {
                    status: Some(ReportStatus::Duplicate),
                    data: Some(json!({ "original": original.public_id.to_string(), "from": report.status.as_str() })),
                    ..NewEvent::on(id, EventKind::MarkedDuplicate, true)
                },
                NewEvent {
                    data: Some(json!({ "duplicate": report.public_id.to_string() })),
                    ..NewEvent::on(original.id, EventKind::DuplicateAdded, false)
                },
            ];
            Decision {
                status: Some((report.status, ReportStatus::Duplicate)),
                changes: ReportChanges { duplicate_of: Some(original.id), ..Default::default() },
                events,
                plus_one: Some(original.id),
            }
        }
        Action::Moderate { public_visible, public_exact, public_description, reason } => {
            let redacted = public_description.clone().unwrap_or(report.public_description.clone());
            if public_visible.unwrap_or(report.public_visible) && report.flagged && redacted.is_none() {
                return Err(Refusal::NeedsRedaction);
            }
            let event = NewEvent {
                body: Some(reason),
                data: Some(json!({
                    "public_visible": public_visible,
                    "public_exact": public_exact,
                    "redacted": public_description.as_ref().map(Option::is_some),
                })),
                ..NewEvent::on(id, EventKind::Moderated, false)
            };
            let changes = ReportChanges { public_visible, public_exact, public_description, ..Default::default() };
            Decision { changes, ..Decision::new(vec![event]) }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;

    fn report(id: i64, status: ReportStatus) -> ReportState {
        ReportState {
            id,
            public_id: PublicId { year: 2026, id },
            status,
            priority: None,
            category_id: 1,
            subtype_id: None,
            public_visible: false,
            public_description: None,
            flagged: false,
            duplicate_of: None,
        }
    }

    fn status(to: ReportStatus) -> Action {
        Action::Status { to, comment: None, reply: None }
    }

    #[test]
    fn the_workflow_runs_from_new_to_closed() {
        let path = [New, Triaged, InProgress, Resolved, Closed];
        for pair in path.windows(2) {
            assert!(pair[0].allowed_next().contains(&pair[1]), "{:?} → {:?}", pair[0], pair[1]);
        }
        assert!(Closed.allowed_next().is_empty());
        assert!(!New.allowed_next().contains(&Resolved), "no skipping triage");
        assert!(!New.allowed_next().contains(&Duplicate), "duplicates need an original");
        assert!(New.can_become_duplicate() && !Resolved.can_become_duplicate());
    }

    #[test]
    fn a_status_change_is_compare_and_set_public_and_tells_the_reporter() {
        let decision = decide(&report(1, New), status(Triaged), Role::Coordinator, None).unwrap();
        assert_eq!(decision.status, Some((New, Triaged)));
        let [event] = decision.events.as_slice() else { panic!("{:?}", decision.events) };
        assert_eq!((event.kind, event.status, event.public), (EventKind::StatusChanged, Some(Triaged), true));
        assert!(event.tells_reporter());
    }

    #[test]
    fn a_change_the_workflow_does_not_allow_is_refused_with_what_is_allowed() {
        let refusal = decide(&report(1, New), status(Resolved), Role::Coordinator, None).unwrap_err();
        assert_eq!(refusal, Refusal::Conflict { current: New, allowed: vec![Triaged, Rejected] });
    }

    #[test]
    fn a_rejection_tells_the_reporter_why() {
        assert_eq!(decide(&report(1, New), status(Rejected), Role::Coordinator, None), Err(Refusal::ReasonRequired));
        let reason = Action::Status { to: Rejected, comment: None, reply: Some("Kontakta Trafikverket.".into()) };
        let decision = decide(&report(1, New), reason, Role::Coordinator, None).unwrap();
        let kinds: Vec<_> = decision.events.iter().map(|e| (e.kind, e.tells_reporter())).collect();
        assert_eq!(kinds, [(EventKind::StatusChanged, true), (EventKind::PublicReply, true)]);
    }

    #[test]
    fn only_roles_that_triage_may_act() {
        for role in [Role::Staff, Role::EstMember, Role::Admin] {
            assert_eq!(decide(&report(1, New), status(Triaged), role, None), Err(Refusal::Forbidden));
        }
        assert!(decide(&report(1, New), status(Triaged), Role::Coordinator, None).is_ok());
    }

    #[test]
    fn a_duplicate_needs_an_original_that_is_not_itself_merged() {
        let duplicate = Action::Duplicate { original_id: 2 };
        let original = report(2, Triaged);
        let decision = decide(&report(1, New), duplicate.clone(), Role::Coordinator, Some(&original)).unwrap();
        assert_eq!(decision.plus_one, Some(2));
        assert_eq!(decision.status, Some((New, Duplicate)));
        let kinds: Vec<_> = decision.events.iter().map(|e| (e.report_id, e.kind, e.tells_reporter())).collect();
        assert_eq!(kinds, [(1, EventKind::MarkedDuplicate, true), (2, EventKind::DuplicateAdded, false)]);
        let merged = ReportState { duplicate_of: Some(3), ..original };
        assert_eq!(
            decide(&report(1, New), duplicate.clone(), Role::Coordinator, Some(&merged)),
            Err(Refusal::BadOriginal)
        );
        assert_eq!(decide(&report(1, New), duplicate, Role::Coordinator, None), Err(Refusal::BadOriginal));
    }

    #[test]
    fn a_flagged_report_is_made_public_only_with_a_redacted_text() {
        let flagged = ReportState { flagged: true, ..report(1, Triaged) };
        let publish = |text: Option<Option<String>>| Action::Moderate {
            public_visible: Some(true),
            public_exact: None,
            public_description: text,
            reason: "Visas på kartan".into(),
        };
        assert_eq!(decide(&flagged, publish(None), Role::Coordinator, None), Err(Refusal::NeedsRedaction));
        assert!(decide(&flagged, publish(Some(Some("Mörk tunnel".into()))), Role::Coordinator, None).is_ok());
    }

    #[test]
    fn internal_events_tell_no_reporter() {
        let decision = decide(&report(1, New), Action::Note("Ringde fastighetsägaren".into()), Role::Coordinator, None);
        assert!(!decision.unwrap().events[0].tells_reporter());
    }
}
