//! sea-orm entities, one per table; mechanical mirrors of the migrations.

pub mod area;
pub mod category;
pub mod category_subtype;
pub mod report;
pub mod report_event;
