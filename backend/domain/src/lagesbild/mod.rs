//! The lägesbild: a period's figures generated from reports and inrapporter (counts, change,
//! hotspots), imported crime statistics, the text EST writes, the åtgärdsplan's actions, the
//! year's outcome for the annual summary, and the groups' meeting calendar.

pub mod action;
pub mod calendar;
pub mod content;
pub mod crime;
pub mod document;
pub mod figures;
pub mod hotspots;
pub mod outcome;
pub mod period;
