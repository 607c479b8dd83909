//! The coordinator's work on a report: the status workflow and the actions that move it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::report::ReportStatus;

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

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

/// The groups a report can be routed to.
pub const GROUPS: &[&str] = &["est", "sspf", "steering", "rights_network", "violence_free"];

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;

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
}
