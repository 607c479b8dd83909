//! Areas: stored as GeoJSON geometry text, matched in Rust (no PostGIS, so both databases agree).

use std::collections::HashMap;

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::entity::{area, report};
use crate::domain::area::{Area, AreaDefinition, AreaIndex};

/// What an import changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub areas: usize,
    pub removed: usize,
    pub reports_reassigned: u64,
}

/// Replaces the stored areas with `definitions` (matched by slug, so ids stay stable) and
/// recomputes the area of every report, all in one transaction.
pub async fn replace_all(db: &DatabaseConnection, definitions: &[AreaDefinition]) -> anyhow::Result<ImportSummary> {
    let txn = db.begin().await?;
    let existing: HashMap<String, area::Model> =
        area::Entity::find().all(&txn).await?.into_iter().map(|a| (a.slug.clone(), a)).collect();
    let mut stored = Vec::with_capacity(definitions.len());
    for (order, definition) in definitions.iter().enumerate() {
        let geometry = geojson::Geometry::from(&definition.geometry).to_string();
        let mut model = match existing.get(&definition.slug) {
            Some(old) => area::ActiveModel::from(old.clone()),
            None => area::ActiveModel { slug: Set(definition.slug.clone()), ..Default::default() },
        };
        model.name = Set(definition.name.clone());
        model.kind = Set(definition.kind.clone());
        model.geometry = Set(geometry);
        model.lat = Set(definition.lat);
        model.lon = Set(definition.lon);
        model.sort_order = Set(order as i32);
        let saved = model.save(&txn).await?;
        let id = saved.id.unwrap();
        stored.push(Area::new(id, definition.clone()));
    }
    let kept: Vec<&str> = definitions.iter().map(|d| d.slug.as_str()).collect();
    let removed: Vec<i32> = existing.values().filter(|a| !kept.contains(&a.slug.as_str())).map(|a| a.id).collect();
    if !removed.is_empty() {
        report::Entity::update_many()
            .col_expr(report::Column::AreaId, Expr::value(Option::<i32>::None))
            .filter(report::Column::AreaId.is_in(removed.clone()))
            .exec(&txn)
            .await?;
        area::Entity::delete_many().filter(area::Column::Id.is_in(removed.clone())).exec(&txn).await?;
    }
    let index = AreaIndex::new(stored).context("the areas have no municipality")?;
    let mut reports_reassigned = 0;
    let mut pages = report::Entity::find()
        .select_only()
        .columns([report::Column::Id, report::Column::Lat, report::Column::Lon, report::Column::AreaId])
        .order_by_asc(report::Column::Id)
        .into_tuple::<(i64, f64, f64, Option<i32>)>()
        .paginate(&txn, 1000);
    let mut changes: Vec<(i64, Option<i32>)> = Vec::new();
    while let Some(page) = pages.fetch_and_next().await? {
        for (id, lat, lon, area_id) in page {
            let now_in = index.locate(lat, lon).map(|a| a.id);
            if now_in != area_id {
                changes.push((id, now_in));
            }
        }
    }
    for (id, area_id) in changes {
        report::Entity::update_many()
            .col_expr(report::Column::AreaId, Expr::value(area_id))
            .filter(report::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        reports_reassigned += 1;
    }
    txn.commit().await?;
    Ok(ImportSummary { areas: definitions.len(), removed: removed.len(), reports_reassigned })
}

/// The stored areas as a lookup index; `None` when none are stored yet.
pub async fn load_index(db: &DatabaseConnection) -> anyhow::Result<Option<AreaIndex>> {
    let rows = area::Entity::find().order_by_asc(area::Column::SortOrder).all(db).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut areas = Vec::with_capacity(rows.len());
    for row in rows {
        let geometry: geojson::Geometry =
            row.geometry.parse().with_context(|| format!("stored geometry of area {} is not GeoJSON", row.slug))?;
        let geometry = geo::MultiPolygon::<f64>::try_from(geometry.value)
            .with_context(|| format!("stored geometry of area {} is not a (Multi)Polygon", row.slug))?;
        let definition =
            AreaDefinition { slug: row.slug, name: row.name, kind: row.kind, geometry, lat: row.lat, lon: row.lon };
        areas.push(Area::new(row.id, definition));
    }
    AreaIndex::new(areas).context("the stored areas have no municipality; import an areas file").map(Some)
}
