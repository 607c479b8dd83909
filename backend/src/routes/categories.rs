use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::category::Category;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct CategoryList<'a> {
    pub categories: &'a [Category],
}

/// The active report categories with their subtypes.
#[utoipa::path(get, path = "/api/v1/categories", operation_id = "list_categories", tag = "reports",
    responses((status = 200, body = CategoryList)))]
#[tracing::instrument(skip_all)]
pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(CategoryList { categories: &state.catalog.categories })
}
