//! Stages: the company's pipeline steps, each with a default probability and a type.

use arkan_kernel::StageId;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::sea_query::LockType;
use uuid::Uuid;

use super::api::*;
use super::domain::{Stage, StageType, format_percent};
use super::service::{NAME, bool_filter, probability};
use super::store;
use crate::domain::check_name;
use crate::{errors, events};

const SEQUENCE: SortField = SortField {
    name: "sequence",
    column: "sequence",
    kind: SortKind::Integer,
};

static STAGE_LIST: ListSpec = ListSpec {
    name: "crm.stages",
    sorts: &[CREATED_AT, SEQUENCE, NAME],
};

fn stage_view(stage: Stage) -> StageView {
    StageView {
        id: stage.id,
        name: stage.name,
        sequence: i64::from(stage.sequence),
        probability: format_percent(i64::from(stage.probability)),
        kind: stage.kind.as_str().to_owned(),
        active: stage.active,
        created_at: rfc3339(stage.created_at),
        updated_at: rfc3339(stage.updated_at),
    }
}

fn sequence(validation: &mut Validation, value: i64) -> i32 {
    match i32::try_from(value) {
        Ok(sequence) if (0..=1_000_000).contains(&sequence) => sequence,
        _ => {
            validation.add("sequence", "must be a whole number from 0 to 1000000");
            0
        }
    }
}

fn stage_type(validation: &mut Validation, text: &str) -> StageType {
    StageType::parse(text).unwrap_or_else(|| {
        validation.add("type", format!("must be one of: {}", StageType::codes()));
        StageType::Open
    })
}

pub async fn create_stage(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateStage,
) -> ApiResult<StageView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let name = input.name.trim().to_owned();
    check_name(&mut validation, "name", &name);
    let now = now_micros();
    let stage = Stage {
        id: StageId::new().0,
        name,
        sequence: sequence(&mut validation, input.sequence),
        probability: probability(&mut validation, "probability", &input.probability.0).unwrap_or(0),
        kind: input
            .kind
            .as_deref()
            .map_or(StageType::Open, |text| stage_type(&mut validation, text)),
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    store::insert_stage(&*transaction, ctx.company, &stage).await?;
    transaction.emit(ctx.company, events::STAGE_CREATED, stage.id);
    transaction.commit().await?;
    Ok(stage_view(stage))
}

pub async fn list_stages(
    platform: &Platform,
    ctx: &Ctx,
    query: StageListQuery,
) -> ApiResult<Page<StageView>> {
    let active = bool_filter("active", query.active.as_deref())?;
    // A pipeline reads in its order: by sequence, first stage first, unless asked otherwise.
    let mut params = query.page;
    if params.sort.as_deref().is_none_or(str::is_empty) {
        params.sort = Some("sequence".to_owned());
        if params.order.as_deref().is_none_or(str::is_empty) {
            params.order = Some("asc".to_owned());
        }
    }
    let page = PageRequest::parse(&params, &STAGE_LIST, &format!("active={active:?}"))?;
    let filtered = store::stages(ctx.company, active);
    let (rows, total) = store::list_stages(platform.db.connection(), &filtered, &page).await?;
    let sort = page.sort.name;
    Ok(page
        .page(rows, total, |stage| {
            let value = match sort {
                "name" => SortValue::Text(stage.name.clone()),
                "sequence" => SortValue::Integer(i64::from(stage.sequence)),
                _ => SortValue::Integer(stage.created_at),
            };
            (value, stage.id)
        })
        .map(stage_view))
}

pub async fn get_stage(platform: &Platform, ctx: &Ctx, id: StageId) -> ApiResult<StageView> {
    store::stage_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(stage_view)
        .ok_or_else(|| ApiError::not_found("stage"))
}

pub async fn update_stage(
    platform: &Platform,
    ctx: &Ctx,
    id: StageId,
    patch: UpdateStage,
) -> ApiResult<StageView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let mut stage = store::stage_held(&*transaction, ctx.company, id.0, LockType::Update)
        .await?
        .ok_or_else(|| ApiError::not_found("stage"))?;
    let mut validation = Validation::new();
    if let Some(name) = patch.name {
        stage.name = name.trim().to_owned();
        check_name(&mut validation, "name", &stage.name);
    }
    if let Some(value) = patch.sequence {
        stage.sequence = sequence(&mut validation, value);
    }
    if let Some(text) = patch.probability {
        stage.probability = probability(&mut validation, "probability", &text.0).unwrap_or(0);
    }
    let kind = patch
        .kind
        .as_deref()
        .map(|text| stage_type(&mut validation, text));
    if let Some(active) = patch.active {
        stage.active = active;
    }
    validation.finish()?;
    if let Some(kind) = kind
        && kind != stage.kind
    {
        // A deal's state is its stage's type: the deals in it would change state unseen.
        if store::stage_has_deals(&*transaction, ctx.company, stage.id).await? {
            return Err(errors::stage_in_use("its type cannot change"));
        }
        stage.kind = kind;
    }
    stage.updated_at = now_micros();
    store::update_stage(&*transaction, ctx.company, &stage).await?;
    transaction.emit(ctx.company, events::STAGE_UPDATED, stage.id);
    transaction.commit().await?;
    Ok(stage_view(stage))
}

/// The stage a deal enters: the one named (active, in this company: else 400 on `field`), or
/// the first active open stage.
pub(super) async fn stage_for(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    field: &str,
    stage: Option<Uuid>,
) -> ApiResult<Stage> {
    match stage {
        Some(id) => store::stage_held(db, ctx.company, id, LockType::Share)
            .await?
            .filter(|stage| stage.active)
            .ok_or_else(|| ApiError::invalid_field(field, "no such active stage in this company")),
        None => store::all_stages(db, ctx.company)
            .await?
            .into_iter()
            .find(|stage| stage.active && stage.kind == StageType::Open)
            .ok_or_else(errors::stage_missing),
    }
}

/// Deletes a stage no deal is in (409 `stage_in_use`: archive it with `active: false`).
pub async fn delete_stage(platform: &Platform, ctx: &Ctx, id: StageId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    if store::stage_held(&*transaction, ctx.company, id.0, LockType::Update)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found("stage"));
    }
    if store::stage_has_deals(&*transaction, ctx.company, id.0).await? {
        return Err(errors::stage_in_use(
            "it cannot be deleted (archive it with active: false)",
        ));
    }
    match store::delete_stage(&*transaction, ctx.company, id.0).await {
        Ok(true) => {}
        Ok(false) => return Err(ApiError::not_found("stage")),
        Err(error) if is_foreign_key_violation(&error) => {
            return Err(errors::stage_in_use(
                "it cannot be deleted (archive it with active: false)",
            ));
        }
        Err(error) => return Err(error.into()),
    }
    transaction.emit(ctx.company, events::STAGE_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}
