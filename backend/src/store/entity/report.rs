use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub client_id: Uuid,
    pub tracking_token: String,
    pub source: String,
    pub category_id: i32,
    pub subtype_id: Option<i32>,
    pub description: String,
    pub place_description: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: Option<f64>,
    pub area_id: Option<i32>,
    pub occurred_at: DateTimeUtc,
    pub time_of_day: Option<String>,
    pub recurring: Option<bool>,
    pub feeling: Option<i16>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_consent: bool,
    pub status: String,
    pub priority: Option<String>,
    pub received_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The inrapport submission this came in with (source `staff`).
    pub submission_id: Option<i64>,
    pub created_by_user_id: Option<i32>,
    pub organisation: Option<String>,
    pub assigned_group: Option<String>,
    pub assigned_user_id: Option<i32>,
    pub duplicate_of_id: Option<i64>,
    /// How many reports were marked duplicates of this one ("+1").
    pub duplicate_count: i32,
    pub public_visible: bool,
    /// The text shown publicly instead of the description, after redaction.
    pub public_description: Option<String>,
    /// Comma-separated screening hits in the free text, for the coordinator.
    pub screening_flags: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
