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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
