//! Projects: create, list, read, change (including the state) and the figures they show.

use std::collections::HashMap;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, ProjectId, format_minor};
use arkan_platform::error::{
    ApiError, ApiResult, Validation, is_foreign_key_violation, is_unique_violation,
};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    budget_amount, hours_text, name, project_for_write, project_of, rate, require_members, words,
};
use crate::api::*;
use crate::domain::{BillingType, ProjectState, valid_code};
use crate::store::{self, Member, Project, ProjectFigures, ProjectFilter};
use crate::{errors, events};

const CODE: SortField = SortField {
    name: "code",
    column: "code",
    kind: SortKind::Text,
};
const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};

static PROJECT_LIST: ListSpec = ListSpec {
    name: "projects.projects",
    sorts: &[CREATED_AT, CODE, NAME],
};

/// The project's currency (the company's: no other is accepted yet).
pub(crate) fn currency_of(ctx: &Ctx, project: &Project) -> Currency {
    Currency::from_code(&project.currency).unwrap_or(ctx.currency)
}

pub(crate) fn view(ctx: &Ctx, project: Project, figures: ProjectFigures) -> ProjectView {
    let currency = currency_of(ctx, &project);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    ProjectView {
        id: project.id,
        name: project.name,
        code: project.code,
        partner_id: project.partner_id,
        manager_id: project.manager_id,
        description: project.description,
        start_date: project.start_date.map(fields::format_date),
        end_date: project.end_date.map(fields::format_date),
        billing_type: project
            .billing_type
            .map(|billing| billing.as_str().to_owned()),
        budget: project.budget_minor.map(money),
        currency: project.currency,
        hourly_rate: project.hourly_rate_minor.map(money),
        members: project
            .members
            .iter()
            .map(|member| MemberView {
                user_id: member.user_id,
                hourly_cost: member.hourly_cost_minor.map(money),
                hourly_rate: member.hourly_rate_minor.map(money),
            })
            .collect(),
        tags: project.tags,
        state: project.state.as_str().to_owned(),
        work_item_count: figures.work_items,
        open_work_item_count: figures.open_work_items,
        hours_estimated: hours_text(figures.hours_estimated_e2),
        hours_logged: hours_text(figures.hours_logged_e2),
        created_at: rfc3339(project.created_at),
        updated_at: rfc3339(project.updated_at),
    }
}

async fn view_one(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: Project,
) -> ApiResult<ProjectView> {
    let figures = store::project_figures(db, ctx.company, &[project.id])
        .await?
        .remove(&project.id)
        .unwrap_or_default();
    Ok(view(ctx, project, figures))
}

fn code(validation: &mut Validation, text: &str) -> String {
    let code = text.trim().to_owned();
    if !valid_code(&code) {
        validation.add(
            "code",
            "must be 2 to 10 upper-case letters and digits, starting with a letter",
        );
    }
    code
}

fn members(
    validation: &mut Validation,
    currency: Currency,
    inputs: Vec<MemberInput>,
) -> Vec<Member> {
    let mut members: Vec<Member> = Vec::new();
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("members[{index}].{name}");
        if members.iter().any(|member| member.user_id == input.user_id) {
            validation.add(field("userId"), "is listed twice");
        }
        members.push(Member {
            user_id: input.user_id,
            hourly_cost_minor: input
                .hourly_cost
                .and_then(|text| rate(validation, &field("hourlyCost"), &text.0, currency)),
            hourly_rate_minor: input
                .hourly_rate
                .and_then(|text| rate(validation, &field("hourlyRate"), &text.0, currency)),
        });
    }
    members
}

fn billing(validation: &mut Validation, text: &str) -> Option<BillingType> {
    let billing = BillingType::parse(text);
    if billing.is_none() {
        validation.add(
            "billingType",
            format!("must be one of: {}", BillingType::codes()),
        );
    }
    billing
}

fn optional_date(
    validation: &mut Validation,
    field: &str,
    text: Option<String>,
) -> Option<chrono::NaiveDate> {
    text.and_then(|text| fields::parse_date(validation, field, &text))
}

/// Which references a write sets: only those are checked (a member who has since left the
/// company does not make every later PATCH fail).
#[derive(Clone, Copy)]
struct Sent {
    partner: bool,
    manager: bool,
    members: bool,
}

impl Sent {
    const ALL: Sent = Sent {
        partner: true,
        manager: true,
        members: true,
    };
}

/// The references a project makes, checked against their owners: a client of the company, and
/// members of the company as manager and members.
async fn check_references(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    sent: Sent,
) -> ApiResult<()> {
    if let (Some(partner), true) = (project.partner_id, sent.partner) {
        match arkan_crm::partners::terms(db, ctx.company, PartnerId(partner)).await? {
            Some(terms) if terms.is_client => {}
            _ => {
                return Err(ApiError::invalid_field(
                    "partnerId",
                    "no such client in this company",
                ));
            }
        }
    }
    let mut users: Vec<(String, Uuid)> = Vec::new();
    if let (Some(manager), true) = (project.manager_id, sent.manager) {
        users.push(("managerId".to_owned(), manager));
    }
    if sent.members {
        for (index, member) in project.members.iter().enumerate() {
            users.push((format!("members[{index}].userId"), member.user_id));
        }
    }
    require_members(db, ctx, &users).await
}

fn check_dates(project: &Project) -> ApiResult<()> {
    match (project.start_date, project.end_date) {
        (Some(start), Some(end)) if end < start => Err(ApiError::invalid_field(
            "endDate",
            "must be on or after startDate",
        )),
        _ => Ok(()),
    }
}

fn write_error(error: sea_orm::DbErr) -> ApiError {
    if is_unique_violation(&error) {
        errors::project_code_taken()
    } else {
        error.into()
    }
}

pub async fn create_project(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateProject,
) -> ApiResult<ProjectView> {
    ctx.require_write(Area::Projects)?;
    let mut validation = Validation::new();
    let name = name(&mut validation, "name", &input.name, 200);
    let code = code(&mut validation, &input.code);
    let currency = match input.currency.as_deref() {
        None => Some(ctx.currency),
        Some(text) => fields::currency(&mut validation, "currency", text),
    };
    if currency.is_some_and(|currency| currency.code != ctx.currency.code) {
        validation.add(
            "currency",
            format!("must be the company currency, {}", ctx.currency.code),
        );
    }
    let currency = ctx.currency;
    let now = now_micros();
    let project = Project {
        id: Uuid::now_v7(),
        name,
        code,
        partner_id: input.partner_id,
        manager_id: input.manager_id,
        description: fields::clean(input.description),
        start_date: optional_date(&mut validation, "startDate", input.start_date),
        end_date: optional_date(&mut validation, "endDate", input.end_date),
        billing_type: input
            .billing_type
            .and_then(|text| billing(&mut validation, &text)),
        budget_minor: input
            .budget
            .and_then(|text| budget_amount(&mut validation, "budget", &text.0, currency)),
        currency: currency.code.to_owned(),
        hourly_rate_minor: input
            .hourly_rate
            .and_then(|text| rate(&mut validation, "hourlyRate", &text.0, currency)),
        tags: words(&mut validation, "tags", input.tags.unwrap_or_default()),
        state: ProjectState::Planned,
        created_at: now,
        updated_at: now,
        members: members(&mut validation, currency, input.members.unwrap_or_default()),
    };
    validation.finish()?;
    check_dates(&project)?;
    check_references(platform.db.connection(), ctx, &project, Sent::ALL).await?;
    let mut transaction = platform.db.write().await?;
    store::insert_project(&*transaction, ctx.company, &project)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::PROJECT_CREATED, project.id);
    transaction.commit().await?;
    Ok(view(ctx, project, ProjectFigures::default()))
}

pub async fn list_projects(
    platform: &Platform,
    ctx: &Ctx,
    query: ProjectListQuery,
) -> ApiResult<Page<ProjectView>> {
    let state = match query.state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(ProjectState::parse(text).ok_or_else(|| {
            ApiError::invalid_field(
                "state",
                format!("must be one of: {}", ProjectState::codes()),
            )
        })?),
    };
    let date_from = fields::optional_date("date_from", query.date_from.as_deref())?;
    let date_to = fields::optional_date("date_to", query.date_to.as_deref())?;
    if let (Some(from), Some(to)) = (date_from, date_to)
        && to < from
    {
        return Err(ApiError::invalid_field(
            "date_to",
            "must be on or after date_from",
        ));
    }
    let filter = ProjectFilter {
        starting: (date_from, date_to),
        q: fields::clean(query.q),
        state,
        partner: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        manager: fields::optional_uuid("manager_id", query.manager_id.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &PROJECT_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_projects(db, ctx.company, &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|project| project.id).collect();
    let mut figures: HashMap<Uuid, ProjectFigures> =
        store::project_figures(db, ctx.company, &ids).await?;
    Ok(page
        .page(rows, total, |project| {
            let value = match page.sort.name {
                "code" => SortValue::Text(project.code.clone()),
                "name" => SortValue::Text(project.name.clone()),
                _ => SortValue::Integer(project.created_at),
            };
            (value, project.id)
        })
        .map(|project| {
            let figures = figures.remove(&project.id).unwrap_or_default();
            view(ctx, project, figures)
        }))
}

pub async fn get_project(platform: &Platform, ctx: &Ctx, id: ProjectId) -> ApiResult<ProjectView> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, id).await?;
    view_one(db, ctx, project).await
}

/// Deletes a project nothing names yet: no work items, sprints or time entries, no invoice or
/// journal line (409 `project_in_use`: cancel it instead). The documents are asked through
/// invoicing's and the ledger's facades, in the write transaction.
pub async fn delete_project(platform: &Platform, ctx: &Ctx, id: ProjectId) -> ApiResult<()> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, id).await?;
    if store::project_has_work(&*transaction, ctx.company, project.id).await?
        || arkan_invoicing::projects::names_project(&*transaction, ctx.company, id).await?
        || arkan_ledger::books::project_named(&*transaction, ctx.company, id).await?
    {
        return Err(errors::project_in_use());
    }
    match store::delete_project(&*transaction, ctx.company, project.id).await {
        Ok(true) => {}
        Ok(false) => return Err(ApiError::not_found("project")),
        // PostgreSQL's keys from the lines (a line written meanwhile).
        Err(error) if is_foreign_key_violation(&error) => return Err(errors::project_in_use()),
        Err(error) => return Err(error.into()),
    }
    transaction.emit(ctx.company, events::PROJECT_DELETED, project.id);
    transaction.commit().await?;
    Ok(())
}

pub async fn update_project(
    platform: &Platform,
    ctx: &Ctx,
    id: ProjectId,
    patch: UpdateProject,
) -> ApiResult<ProjectView> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let mut project = project_for_write(&*transaction, ctx, id).await?;
    let currency = currency_of(ctx, &project);
    let mut validation = Validation::new();
    if let Some(text) = patch.name {
        project.name = name(&mut validation, "name", &text, 200);
    }
    if let Some(text) = patch.code {
        project.code = code(&mut validation, &text);
    }
    let sent = Sent {
        partner: patch.partner_id.is_some(),
        manager: patch.manager_id.is_some(),
        members: patch.members.is_some(),
    };
    if let Some(partner) = patch.partner_id {
        project.partner_id = partner;
    }
    if let Some(manager) = patch.manager_id {
        project.manager_id = manager;
    }
    if let Some(description) = patch.description {
        project.description = fields::clean(description);
    }
    if let Some(date) = patch.start_date {
        project.start_date = optional_date(&mut validation, "startDate", date);
    }
    if let Some(date) = patch.end_date {
        project.end_date = optional_date(&mut validation, "endDate", date);
    }
    if let Some(text) = patch.billing_type {
        project.billing_type = text.and_then(|text| billing(&mut validation, &text));
    }
    if let Some(budget) = patch.budget {
        project.budget_minor =
            budget.and_then(|text| budget_amount(&mut validation, "budget", &text.0, currency));
    }
    if let Some(hourly) = patch.hourly_rate {
        project.hourly_rate_minor =
            hourly.and_then(|text| rate(&mut validation, "hourlyRate", &text.0, currency));
    }
    if let Some(inputs) = patch.members {
        project.members = members(&mut validation, currency, inputs);
    }
    if let Some(tags) = patch.tags {
        project.tags = words(&mut validation, "tags", tags);
    }
    let to = match patch.state.as_deref() {
        None => None,
        Some(text) => {
            let state = ProjectState::parse(text);
            if state.is_none() {
                validation.add(
                    "state",
                    format!("must be one of: {}", ProjectState::codes()),
                );
            }
            state
        }
    };
    validation.finish()?;
    check_dates(&project)?;
    if let Some(to) = to {
        project.state = project.state.transition(to)?;
    }
    check_references(&*transaction, ctx, &project, sent).await?;
    project.updated_at = now_micros().max(project.updated_at + 1);
    store::update_project(&*transaction, ctx.company, &project)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::PROJECT_UPDATED, project.id);
    let view = view_one(&*transaction, ctx, project).await?;
    transaction.commit().await?;
    Ok(view)
}
