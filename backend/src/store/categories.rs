//! Categories and their subtypes.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};

use super::entity::{category, category_subtype};
use crate::domain::category::{Catalog, Category, Subtype, DEFAULT_CATEGORIES};

/// Seeds the default categories into an empty table. Later edits are the coordinator's and are
/// left alone; a second instance seeding at the same moment loses the race harmlessly.
pub async fn ensure_defaults(db: &DatabaseConnection) -> Result<(), DbErr> {
    if category::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let txn = db.begin().await?;
    for (order, seed) in DEFAULT_CATEGORIES.iter().enumerate() {
        let inserted = category::ActiveModel {
            slug: Set(seed.slug.to_owned()),
            name_sv: Set(seed.name_sv.to_owned()),
            name_en: Set(seed.name_en.to_owned()),
            default_group: Set(seed.default_group.to_owned()),
            staff_only: Set(seed.staff_only),
            sort_order: Set(order as i32),
            active: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let inserted = match inserted {
            Ok(model) => model,
            Err(e) if super::is_unique_violation(&e) => return txn.rollback().await,
            Err(e) => return Err(e),
        };
        for (sub_order, sub) in seed.subtypes.iter().enumerate() {
            category_subtype::ActiveModel {
                category_id: Set(inserted.id),
                slug: Set(sub.slug.to_owned()),
                name_sv: Set(sub.name_sv.to_owned()),
                name_en: Set(sub.name_en.to_owned()),
                default_group: Set(sub.default_group.map(str::to_owned)),
                sort_order: Set(sub_order as i32),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await
}

/// The active categories with their subtypes, in display order.
pub async fn load_catalog(db: &DatabaseConnection) -> Result<Catalog, DbErr> {
    let categories = category::Entity::find()
        .filter(category::Column::Active.eq(true))
        .order_by_asc(category::Column::SortOrder)
        .all(db)
        .await?;
    let subtypes = category_subtype::Entity::find().order_by_asc(category_subtype::Column::SortOrder).all(db).await?;
    let categories = categories
        .into_iter()
        .map(|c| Category {
            subtypes: subtypes
                .iter()
                .filter(|s| s.category_id == c.id)
                .map(|s| Subtype {
                    id: s.id,
                    slug: s.slug.clone(),
                    name_sv: s.name_sv.clone(),
                    name_en: s.name_en.clone(),
                    default_group: s.default_group.clone(),
                })
                .collect(),
            id: c.id,
            slug: c.slug,
            name_sv: c.name_sv,
            name_en: c.name_en,
            default_group: c.default_group,
            staff_only: c.staff_only,
        })
        .collect();
    Ok(Catalog { categories })
}
