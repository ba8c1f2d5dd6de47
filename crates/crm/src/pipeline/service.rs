//! Use cases of the pipeline shared by leads and deals, and those of stages, deals and
//! activities: permission, validation, transaction, store, event.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ActivityId, DealId, LeadId, StageId, UserId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use uuid::Uuid;

use super::api::*;
use super::domain::{
    Activity, ActivityType, Deal, MAX_REVENUE_MINOR, Source, Stage, StageType, format_percent,
    parse_probability,
};
use super::store::{self, DealFilter};
use crate::domain::{check_name, clean, clean_tags};
use crate::{errors, events};

pub(super) const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};
const SEQUENCE: SortField = SortField {
    name: "sequence",
    column: "sequence",
    kind: SortKind::Integer,
};
const EXPECTED_REVENUE: SortField = SortField {
    name: "expectedRevenue",
    column: "expected_revenue_minor",
    kind: SortKind::Integer,
};

static STAGE_LIST: ListSpec = ListSpec {
    name: "crm.stages",
    sorts: &[CREATED_AT, SEQUENCE, NAME],
};
static DEAL_LIST: ListSpec = ListSpec {
    name: "crm.deals",
    sorts: &[CREATED_AT, NAME, EXPECTED_REVENUE],
};
static ACTIVITY_LIST: ListSpec = ListSpec {
    name: "crm.activities",
    sorts: &[CREATED_AT],
};

// Shared checks.

/// Records an error for each given user id that is not a member of the company. Membership is
/// identity's: it is read through the platform's `Directory` hook, never identity's tables.
pub(super) async fn check_members(
    platform: &Platform,
    ctx: &Ctx,
    validation: &mut Validation,
    users: &[(&str, Option<Uuid>)],
) -> ApiResult<()> {
    for (field, user) in users {
        let Some(user) = user else { continue };
        let membership =
            (platform.directory.membership)(platform.db.connection(), UserId(*user), ctx.company)
                .await?;
        if membership.is_none_or(|membership| membership.role.is_none()) {
            validation.add(*field, "must be a member of this company");
        }
    }
    Ok(())
}

/// An expected revenue in the company currency: 0 or more.
pub(super) fn revenue(
    ctx: &Ctx,
    validation: &mut Validation,
    field: &str,
    text: &str,
) -> Option<i64> {
    match fields::amount(validation, field, text, ctx.currency) {
        Some(minor) if minor < 0 => {
            validation.add(field, "must not be negative");
            None
        }
        Some(minor) if minor > MAX_REVENUE_MINOR => {
            validation.add(field, "is too large");
            None
        }
        amount => amount,
    }
}

pub(super) fn probability(validation: &mut Validation, field: &str, text: &str) -> Option<i32> {
    validation.check(field, parse_probability(text))
}

pub(super) fn source(
    validation: &mut Validation,
    field: &str,
    text: Option<String>,
) -> Option<Source> {
    let text = clean(text)?;
    let source = Source::parse(&text);
    if source.is_none() {
        validation.add(field, format!("must be one of: {}", Source::codes()));
    }
    source
}

pub(super) fn date(
    validation: &mut Validation,
    field: &str,
    text: Option<String>,
) -> Option<NaiveDate> {
    fields::parse_date(validation, field, &clean(text)?)
}

pub(super) fn notes(validation: &mut Validation, text: Option<String>) -> Option<String> {
    let notes = clean(text);
    if notes
        .as_ref()
        .is_some_and(|notes| notes.chars().count() > 10_000)
    {
        validation.add("notes", "must be at most 10000 characters");
    }
    notes
}

/// A filter parameter holding an id (`owner_id=...`).
pub(super) fn id_filter(field: &str, text: Option<&str>) -> ApiResult<Option<Uuid>> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => Uuid::parse_str(text)
            .map(Some)
            .map_err(|_| ApiError::invalid_field(field, "must be a UUID")),
    }
}

pub(super) fn bool_filter(field: &str, text: Option<&str>) -> ApiResult<Option<bool>> {
    match text {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ApiError::invalid_field(field, "must be true or false")),
    }
}

/// A reference the database refused: the field the client named that points nowhere.
pub(super) fn unknown_reference(error: sea_orm::DbErr, fields: &[&str]) -> ApiError {
    if !is_foreign_key_violation(&error) {
        return error.into();
    }
    let mut validation = Validation::new();
    for field in fields {
        validation.add(*field, "no such record in this company");
    }
    validation
        .finish()
        .err()
        .unwrap_or_else(|| ApiError::internal(error))
}

// Stages.

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
    let page = PageRequest::parse(&query.page, &STAGE_LIST, &format!("active={active:?}"))?;
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
    let mut stage = store::stage_by_id(&*transaction, ctx.company, id.0)
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
            return Err(errors::stage_in_use());
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
        Some(id) => store::stage_by_id(db, ctx.company, id)
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

// Deals.

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
    let stage = stage_for(platform.db.connection(), ctx, "stageId", input.stage_id).await;
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
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    store::insert_deal(&*transaction, ctx.company, &deal)
        .await
        .map_err(|error| unknown_reference(error, &deal_references(&deal)))?;
    transaction.emit(ctx.company, events::DEAL_CREATED, deal.id);
    transaction.commit().await?;
    Ok(deal_view(ctx, deal))
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
            "state={state:?}&stage={:?}&owner={:?}&partner={:?}&source={source:?}&q={q:?}",
            filter.stage, filter.owner, filter.partner
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
        Some(stage) => match store::stage_by_id(&*transaction, ctx.company, stage).await? {
            Some(stage) if stage.active => Some(stage),
            _ => {
                validation.add("stageId", "no such active stage in this company");
                None
            }
        },
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

// Activities.

fn activity_view(activity: Activity) -> ActivityView {
    ActivityView {
        id: activity.id,
        kind: activity.kind.as_str().to_owned(),
        summary: activity.summary,
        due_date: activity.due_date.map(fields::format_date),
        assignee_id: activity.assignee_id,
        notes: activity.notes,
        done: activity.done,
        lead_id: activity.lead_id,
        deal_id: activity.deal_id,
        done_at: activity.done_at.map(rfc3339),
        created_at: rfc3339(activity.created_at),
        updated_at: rfc3339(activity.updated_at),
    }
}

fn activity_type(validation: &mut Validation, text: &str) -> ActivityType {
    ActivityType::parse(text).unwrap_or_else(|| {
        validation.add("type", format!("must be one of: {}", ActivityType::codes()));
        ActivityType::Task
    })
}

fn summary(validation: &mut Validation, text: &str) -> String {
    let summary = text.trim().to_owned();
    if summary.is_empty() || summary.chars().count() > 500 {
        validation.add("summary", "must be 1 to 500 characters");
    }
    summary
}

/// What an activity belongs to.
#[derive(Clone, Copy, Debug)]
pub enum Parent {
    Lead(LeadId),
    Deal(DealId),
}

impl Parent {
    fn column(self) -> &'static str {
        match self {
            Parent::Lead(_) => "lead_id",
            Parent::Deal(_) => "deal_id",
        }
    }

    fn id(self) -> Uuid {
        match self {
            Parent::Lead(id) => id.0,
            Parent::Deal(id) => id.0,
        }
    }

    /// 404 unless the lead or deal is the company's.
    async fn require(self, db: &impl sea_orm::ConnectionTrait, ctx: &Ctx) -> ApiResult<()> {
        match self {
            Parent::Lead(id) => store::lead_by_id(db, ctx.company, id.0)
                .await?
                .map(|_| ())
                .ok_or_else(|| ApiError::not_found("lead")),
            Parent::Deal(id) => store::deal_by_id(db, ctx.company, id.0)
                .await?
                .map(|_| ())
                .ok_or_else(|| ApiError::not_found("deal")),
        }
    }
}

pub async fn create_activity(
    platform: &Platform,
    ctx: &Ctx,
    parent: Parent,
    input: CreateActivity,
) -> ApiResult<ActivityView> {
    ctx.require_write(Area::Sales)?;
    parent.require(platform.db.connection(), ctx).await?;
    let mut validation = Validation::new();
    let now = now_micros();
    let mut activity = Activity {
        id: ActivityId::new().0,
        kind: activity_type(&mut validation, &input.kind),
        summary: summary(&mut validation, &input.summary),
        due_date: date(&mut validation, "dueDate", input.due_date),
        assignee_id: input.assignee_id,
        notes: notes(&mut validation, input.notes),
        done: false,
        done_at: None,
        lead_id: None,
        deal_id: None,
        created_at: now,
        updated_at: now,
    };
    match parent {
        Parent::Lead(id) => activity.lead_id = Some(id.0),
        Parent::Deal(id) => activity.deal_id = Some(id.0),
    }
    activity.set_done(input.done.unwrap_or(false), now);
    check_members(
        platform,
        ctx,
        &mut validation,
        &[("assigneeId", input.assignee_id)],
    )
    .await?;
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    store::insert_activity(&*transaction, ctx.company, &activity)
        .await
        .map_err(|error| {
            if is_foreign_key_violation(&error) {
                ApiError::not_found(match parent {
                    Parent::Lead(_) => "lead",
                    Parent::Deal(_) => "deal",
                })
            } else {
                error.into()
            }
        })?;
    transaction.emit(ctx.company, events::ACTIVITY_CREATED, activity.id);
    transaction.commit().await?;
    Ok(activity_view(activity))
}

pub async fn list_activities(
    platform: &Platform,
    ctx: &Ctx,
    parent: Parent,
    query: ActivityListQuery,
) -> ApiResult<Page<ActivityView>> {
    let done = bool_filter("done", query.done.as_deref())?;
    parent.require(platform.db.connection(), ctx).await?;
    let page = PageRequest::parse(
        &query.page,
        &ACTIVITY_LIST,
        &format!("parent={}&done={done:?}", parent.id()),
    )?;
    let filtered = store::activities(ctx.company, parent.column(), parent.id(), done);
    let (rows, total) = store::list_activities(platform.db.connection(), &filtered, &page).await?;
    Ok(page
        .page(rows, total, |activity| {
            (SortValue::Integer(activity.created_at), activity.id)
        })
        .map(activity_view))
}

pub async fn get_activity(
    platform: &Platform,
    ctx: &Ctx,
    id: ActivityId,
) -> ApiResult<ActivityView> {
    store::activity_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(activity_view)
        .ok_or_else(|| ApiError::not_found("activity"))
}

pub async fn update_activity(
    platform: &Platform,
    ctx: &Ctx,
    id: ActivityId,
    patch: UpdateActivity,
) -> ApiResult<ActivityView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    if let Some(Some(assignee)) = patch.assignee_id {
        check_members(
            platform,
            ctx,
            &mut validation,
            &[("assigneeId", Some(assignee))],
        )
        .await?;
    }
    let mut transaction = platform.db.write().await?;
    let mut activity = store::activity_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("activity"))?;
    let now = now_micros();
    if let Some(text) = patch.kind {
        activity.kind = activity_type(&mut validation, &text);
    }
    if let Some(text) = patch.summary {
        activity.summary = summary(&mut validation, &text);
    }
    if let Some(text) = patch.due_date {
        activity.due_date = date(&mut validation, "dueDate", text);
    }
    if let Some(assignee) = patch.assignee_id {
        activity.assignee_id = assignee;
    }
    if let Some(text) = patch.notes {
        activity.notes = notes(&mut validation, text);
    }
    if let Some(done) = patch.done {
        activity.set_done(done, now);
    }
    validation.finish()?;
    activity.updated_at = now;
    store::update_activity(&*transaction, ctx.company, &activity).await?;
    transaction.emit(ctx.company, events::ACTIVITY_UPDATED, activity.id);
    transaction.commit().await?;
    Ok(activity_view(activity))
}

pub async fn delete_activity(platform: &Platform, ctx: &Ctx, id: ActivityId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    if !store::delete_activity(&*transaction, ctx.company, id.0).await? {
        return Err(ApiError::not_found("activity"));
    }
    transaction.emit(ctx.company, events::ACTIVITY_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}
