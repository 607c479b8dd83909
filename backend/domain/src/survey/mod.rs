//! Trygghetsenkäter: what a survey asks, how one person's answers are checked against the
//! version they answered, the standard template, and results with small groups hidden.

pub mod answer;
pub mod definition;
pub mod results;
pub mod state;
pub mod template;
