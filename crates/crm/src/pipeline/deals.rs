//! Deals: created, moved through the stages, closed as won or lost, reopened.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{DealId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::sea_query::LockType;

use super::api::*;
use super::domain::{Deal, Source, StageType, format_percent};
use super::service::{
    NAME, check_members, created_range, date, id_filter, notes, probability, revenue, source,
    unknown_reference,
};
use super::stages::stage_for;
use super::store::{self, DealFilter};
use crate::domain::{check_name, clean, clean_tags};
use crate::store as partner_store;
use crate::{errors, events};

const EXPECTED_REVENUE: SortField = SortField {
    name: "expectedRevenue",
    column: "expected_revenue_minor",
    kind: SortKind::Integer,
};

static DEAL_LIST: ListSpec = ListSpec {
    name: "crm.deals",
    sorts: &[CREATED_AT, NAME, EXPECTED_REVENUE],
};

pub(super) fn deal_view(ctx: &Ctx, deal: Deal) -> DealView {
    let exponent = arkan_kernel::Currency::from_code(&deal.currency)
        .map_or(ctx.currency.exponent, |currency| currency.exponent);
    DealView {
        id: deal.id,
        name: deal.name,
        partner_id: deal.partner_id,
        contact_id: deal.contact_id,
        stage_id: deal.stage_id,
        owner_id: deal.owner_id,
        expected_revenue: format_minor(deal.expected_revenue_minor, exponent),
        probability: format_percent(i64::from(deal.probability)),
        expected_close_date: deal.expected_close_date.map(fields::format_date),
        source: deal.source.map(|source| source.as_str().to_owned()),
        tags: deal.tags,
        notes: deal.notes,
        lost_reason: deal.lost_reason,
        state: deal.state.as_str().to_owned(),
        currency: deal.currency,
        weighted_revenue: format_minor(deal.weighted_revenue_minor, exponent),
        lead_id: deal.lead_id,
        quote_ids: Vec::new(),
        closed_at: deal.closed_at.map(rfc3339),
        created_at: rfc3339(deal.created_at),
        updated_at: rfc3339(deal.updated_at),
    }
}

fn lost_reason(validation: &mut Validation, text: Option<String>) -> Option<String> {
    let reason = clean(text);
    if reason
        .as_ref()
        .is_some_and(|reason| reason.chars().count() > 500)
    {
        validation.add("lostReason", "must be at most 500 characters");
    }
    reason
}

/// A deal in a lost stage has a reason.
fn require_lost_reason(validation: &mut Validation, deal: &Deal) {
    if deal.state == StageType::Lost && deal.lost_reason.is_none() {
        validation.add("lostReason", "is required to move a deal to a lost stage");
    }
}

/// Refuses any change to a won or lost deal.
fn require_open(deal: &Deal) -> ApiResult<()> {
    if deal.is_closed() {
        Err(errors::deal_closed(deal.state.as_str()))
    } else {
        Ok(())
    }
}

pub async fn create_deal(platform: &Platform, ctx: &Ctx, input: CreateDeal) -> ApiResult<DealView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let name = input.name.trim().to_owned();
    check_name(&mut validation, "name", &name);
    let expected = input
        .expected_revenue
        .and_then(|text| revenue(ctx, &mut validation, "expectedRevenue", &text.0));
    let chance = input
        .probability
        .and_then(|text| probability(&mut validation, "probability", &text.0));
    let expected_close_date = date(
        &mut validation,
        "expectedCloseDate",
        input.expected_close_date,
    );
    let source = source(&mut validation, "source", input.source);
    let tags = clean_tags(&mut validation, input.tags.unwrap_or_default());
    let notes = notes(&mut validation, input.notes);
    let reason = lost_reason(&mut validation, input.lost_reason);
    check_members(
        platform,
        ctx,
        &mut validation,
        &[("ownerId", input.owner_id)],
    )
    .await?;
    // The stage is read (and held) in the write transaction: its type cannot change between
    // the check and the insert.
    let mut transaction = platform.db.write().await?;
    let stage = stage_for(&*transaction, ctx, "stageId", input.stage_id).await;
    let stage = match stage {
        Ok(stage) => Some(stage),
        Err(error) if error.errors.len() == 1 => {
            validation.add("stageId", "no such active stage in this company");
            None
        }
        Err(error) => return Err(error),
    };
    validation.finish()?;
    let Some(stage) = stage else {
        return Err(errors::stage_missing());
    };
    let now = now_micros();
    let mut deal = Deal {
        id: DealId::new().0,
        name,
        partner_id: input.partner_id,
        contact_id: input.contact_id,
        stage_id: stage.id,
        state: stage.kind,
        owner_id: input.owner_id,
        expected_revenue_minor: expected.unwrap_or(0),
        currency: ctx.currency.code.to_owned(),
        probability: 0,
        weighted_revenue_minor: 0,
        expected_close_date,
        source,
        tags,
        notes,
        lost_reason: reason,
        lead_id: None,
        closed_at: None,
        created_at: now,
        updated_at: now,
    };
    let reason = deal.lost_reason.clone();
    deal.enter(&stage, chance, now);
    deal.lost_reason = reason.filter(|_| deal.state == StageType::Lost);
    let mut validation = Validation::new();
    require_lost_reason(&mut validation, &deal);
    check_contact(&*transaction, ctx, &mut validation, &deal).await?;
    validation.finish()?;
    store::insert_deal(&*transaction, ctx.company, &deal)
        .await
        .map_err(|error| unknown_reference(error, &deal_references(&deal)))?;
    transaction.emit(ctx.company, events::DEAL_CREATED, deal.id);
    transaction.commit().await?;
    Ok(deal_view(ctx, deal))
}

/// A deal's contact works for its client: with both set, the contact must be the partner's
/// (the database checks each is the company's).
async fn check_contact(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    deal: &Deal,
) -> ApiResult<()> {
    if let (Some(partner), Some(contact)) = (deal.partner_id, deal.contact_id)
        && let Some(contact) = partner_store::contact_by_id(db, ctx.company, contact).await?
        && contact.partner_id != Some(partner)
    {
        validation.add("contactId", "is not a contact of this partnerId");
    }
    Ok(())
}

/// The references of a deal the database checks (for a foreign-key refusal).
fn deal_references(deal: &Deal) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if deal.partner_id.is_some() {
        fields.push("partnerId");
    }
    if deal.contact_id.is_some() {
        fields.push("contactId");
    }
    if fields.is_empty() {
        fields.push("stageId");
    }
    fields
}

pub async fn list_deals(
    platform: &Platform,
    ctx: &Ctx,
    query: DealListQuery,
) -> ApiResult<Page<DealView>> {
    let state = match query.state.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(StageType::parse(text).ok_or_else(|| {
            ApiError::invalid_field("state", format!("must be one of: {}", StageType::codes()))
        })?),
    };
    let source = match query.source.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(Source::parse(text).ok_or_else(|| {
            ApiError::invalid_field("source", format!("must be one of: {}", Source::codes()))
        })?),
    };
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let filter = DealFilter {
        created: created_range(query.date_from.as_deref(), query.date_to.as_deref())?,
        state,
        stage: id_filter("stage_id", query.stage_id.as_deref())?,
        owner: id_filter("owner_id", query.owner_id.as_deref())?,
        partner: id_filter("partner_id", query.partner_id.as_deref())?,
        source,
        q,
    };
    let page = PageRequest::parse(
        &query.page,
        &DEAL_LIST,
        &format!(
            "state={state:?}&stage={:?}&owner={:?}&partner={:?}&source={source:?}&q={q:?}&created={:?}",
            filter.stage, filter.owner, filter.partner, filter.created
        ),
    )?;
    let filtered = store::deals(ctx.company, &filter);
    let (rows, total) = store::list_deals(platform.db.connection(), &filtered, &page).await?;
    let sort = page.sort.name;
    Ok(page
        .page(rows, total, |deal| {
            let value = match sort {
                "name" => SortValue::Text(deal.name.clone()),
                "expectedRevenue" => SortValue::Integer(deal.expected_revenue_minor),
                _ => SortValue::Integer(deal.created_at),
            };
            (value, deal.id)
        })
        .map(|deal| deal_view(ctx, deal)))
}

pub async fn get_deal(platform: &Platform, ctx: &Ctx, id: DealId) -> ApiResult<DealView> {
    store::deal_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(|deal| deal_view(ctx, deal))
        .ok_or_else(|| ApiError::not_found("deal"))
}

/// Deletes an open deal and its activities (a won or lost one is history: 409 `deal_closed`);
/// the lead it came from stays converted, without a deal.
pub async fn delete_deal(platform: &Platform, ctx: &Ctx, id: DealId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let deal = store::deal_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("deal"))?;
    require_open(&deal)?;
    if !store::delete_deal(&*transaction, ctx.company, id.0).await? {
        return Err(ApiError::not_found("deal"));
    }
    transaction.emit(ctx.company, events::DEAL_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

pub async fn update_deal(
    platform: &Platform,
    ctx: &Ctx,
    id: DealId,
    patch: UpdateDeal,
) -> ApiResult<DealView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    if let Some(Some(owner)) = patch.owner_id {
        check_members(platform, ctx, &mut validation, &[("ownerId", Some(owner))]).await?;
    }
    let mut transaction = platform.db.write().await?;
    let mut deal = store::deal_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("deal"))?;
    require_open(&deal)?;
    let now = now_micros();
    if let Some(name) = patch.name {
        deal.name = name.trim().to_owned();
        check_name(&mut validation, "name", &deal.name);
    }
    if let Some(partner) = patch.partner_id {
        deal.partner_id = partner;
    }
    if let Some(contact) = patch.contact_id {
        deal.contact_id = contact;
    }
    if let Some(owner) = patch.owner_id {
        deal.owner_id = owner;
    }
    if let Some(text) = patch.expected_revenue
        && let Some(minor) = revenue(ctx, &mut validation, "expectedRevenue", &text.0)
    {
        deal.expected_revenue_minor = minor;
    }
    let chance = patch
        .probability
        .and_then(|text| probability(&mut validation, "probability", &text.0));
    if let Some(text) = patch.expected_close_date {
        deal.expected_close_date = date(&mut validation, "expectedCloseDate", text);
    }
    if let Some(text) = patch.source {
        deal.source = source(&mut validation, "source", text);
    }
    if let Some(tags) = patch.tags {
        deal.tags = clean_tags(&mut validation, tags);
    }
    if let Some(text) = patch.notes {
        deal.notes = notes(&mut validation, text);
    }
    let reason = lost_reason(&mut validation, patch.lost_reason);
    let stage = match patch.stage_id {
        Some(stage) => {
            match store::stage_held(&*transaction, ctx.company, stage, LockType::Share).await? {
                Some(stage) if stage.active => Some(stage),
                _ => {
                    validation.add("stageId", "no such active stage in this company");
                    None
                }
            }
        }
        None => None,
    };
    validation.finish()?;
    match stage {
        Some(stage) if stage.id != deal.stage_id => deal.enter(&stage, chance, now),
        _ => {
            if let Some(chance) = chance {
                deal.probability = chance;
            }
            deal.reweigh();
        }
    }
    if deal.state == StageType::Lost && reason.is_some() {
        deal.lost_reason = reason;
    }
    let mut validation = Validation::new();
    require_lost_reason(&mut validation, &deal);
    check_contact(&*transaction, ctx, &mut validation, &deal).await?;
    validation.finish()?;
    deal.updated_at = now;
    store::update_deal(&*transaction, ctx.company, &deal)
        .await
        .map_err(|error| unknown_reference(error, &deal_references(&deal)))?;
    transaction.emit(ctx.company, events::DEAL_UPDATED, deal.id);
    transaction.commit().await?;
    Ok(deal_view(ctx, deal))
}

pub async fn reopen_deal(
    platform: &Platform,
    ctx: &Ctx,
    id: DealId,
    input: ReopenDeal,
) -> ApiResult<DealView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let mut deal = store::deal_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("deal"))?;
    if !deal.is_closed() {
        return Err(errors::deal_not_closed());
    }
    let stage = stage_for(&*transaction, ctx, "stageId", input.stage_id).await?;
    if stage.kind != StageType::Open {
        return Err(ApiError::invalid_field(
            "stageId",
            "a reopened deal goes to an open stage",
        ));
    }
    let now = now_micros();
    deal.enter(&stage, None, now);
    deal.updated_at = now;
    store::update_deal(&*transaction, ctx.company, &deal).await?;
    transaction.emit(ctx.company, events::DEAL_REOPENED, deal.id);
    transaction.commit().await?;
    Ok(deal_view(ctx, deal))
}
