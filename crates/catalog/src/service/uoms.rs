//! Units of measure: the seeded ones and those a company adds.
use std::collections::HashMap;

use arkan_kernel::time::now_micros;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_unique_violation};
use arkan_platform::list::{Page, PageMeta};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::{name_of, parse_e6, price_text, refused_as};
use crate::api::*;
use crate::domain::{MAX_DECIMALS, Uom, is_code};
use crate::errors;
use crate::events;
use crate::store::{self};

fn uom_view(unit: Uom) -> UomView {
    UomView {
        id: unit.id,
        ratio: price_text(unit.ratio_e6),
        code: unit.code,
        name: unit.name,
        category: unit.category,
        decimals: unit.decimals,
    }
}

/// The company's units, all of them (a small vocabulary): one page.
pub async fn list_uoms(platform: &Platform, ctx: &Ctx) -> ApiResult<Page<UomView>> {
    let units = store::all_uoms(platform.db.connection(), ctx.company).await?;
    let count = units.len();
    Ok(Page {
        data: units.into_iter().map(uom_view).collect(),
        meta: PageMeta {
            total: i64::try_from(count).unwrap_or(i64::MAX),
            limit: u64::try_from(count).unwrap_or(u64::MAX),
            cursor: None,
            has_more: false,
        },
    })
}

pub async fn get_uom(platform: &Platform, ctx: &Ctx, code: &str) -> ApiResult<UomView> {
    store::uom_by_code(platform.db.connection(), ctx.company, code)
        .await?
        .map(uom_view)
        .ok_or_else(|| ApiError::not_found("uom"))
}

pub async fn create_uom(platform: &Platform, ctx: &Ctx, input: CreateUom) -> ApiResult<UomView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let code = input.code.trim().to_owned();
    if !is_code(&code) {
        validation.add("code", "must be 1 to 16 lowercase letters, digits or _");
    }
    let name = name_of(&mut validation, "name", &input.name);
    let category = input.category.trim().to_owned();
    if !is_code(&category) {
        validation.add("category", "must be 1 to 16 lowercase letters, digits or _");
    }
    let ratio = parse_e6(&mut validation, "ratio", &input.ratio);
    if ratio == Some(0) {
        validation.add("ratio", "must be more than 0");
    }
    if !(0..=i64::from(MAX_DECIMALS)).contains(&input.decimals) {
        validation.add("decimals", "must be 0 to 4");
    }
    validation.finish()?;
    let unit = Uom {
        id: Uuid::now_v7(),
        code,
        name,
        category,
        ratio_e6: ratio.unwrap_or(1),
        decimals: u8::try_from(input.decimals).unwrap_or(MAX_DECIMALS),
    };
    let mut transaction = platform.db.write().await?;
    store::insert_uom(&*transaction, ctx.company, &unit, now_micros())
        .await
        .map_err(refused_as(is_unique_violation, errors::uom_code_taken))?;
    transaction.emit(ctx.company, events::UOM_CREATED, unit.id);
    transaction.commit().await?;
    Ok(uom_view(unit))
}

pub(super) async fn uoms_by_code(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
) -> Result<HashMap<String, Uom>, DbErr> {
    Ok(store::all_uoms(db, ctx.company)
        .await?
        .into_iter()
        .map(|unit| (unit.code.clone(), unit))
        .collect())
}
