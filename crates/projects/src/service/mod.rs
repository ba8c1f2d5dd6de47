//! Use cases of projects: each checks the role, validates into domain values, opens at most
//! one write transaction and names what it changed before the commit.

pub mod profitability;
pub mod projects;
pub mod sprints;
pub mod time_entries;
pub mod work_items;

use arkan_kernel::{Currency, ProjectId, UserId, format_minor, parse_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::{Ctx, fields};
use sea_orm::ConnectionTrait;

use crate::store::{self, Project};

/// The caller's project, or a 404 (also for another company's).
async fn project_of(db: &impl ConnectionTrait, ctx: &Ctx, id: ProjectId) -> ApiResult<Project> {
    store::project_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("project"))
}

/// The caller's project read `FOR UPDATE`, or a 404: the first read of every write to the
/// project's sprints, work items and time entries, so that concurrent writes to one project
/// run one after the other on PostgreSQL as they do on SQLite.
async fn project_for_write(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: ProjectId,
) -> ApiResult<Project> {
    store::project_by_id_for_update(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("project"))
}

/// Hours with up to 2 decimals, in hundredths, within `(0, max]`.
fn hours(validation: &mut Validation, field: &str, text: &str, max_e2: i64) -> i64 {
    match parse_minor(text, 2) {
        Ok(value) if value > 0 && value <= max_e2 => value,
        Ok(_) => {
            validation.add(
                field,
                format!(
                    "must be more than 0 and at most {}",
                    format_minor(max_e2, 2)
                ),
            );
            0
        }
        Err(error) => {
            validation.add(field, format!("{error} (hours, 2 decimals)"));
            0
        }
    }
}

/// "7.50".
fn hours_text(hours_e2: i64) -> String {
    format_minor(hours_e2, 2)
}

/// The most an hourly cost or rate may be, in minor units: hours times it, and the sums of
/// those, stay far inside an i64.
const MAX_RATE_MINOR: i64 = 1_000_000_000_000;
/// The most a budget may be, in minor units.
const MAX_BUDGET_MINOR: i64 = 1_000_000_000_000_000;

/// A non-negative hourly cost or rate of `currency`, at most [`MAX_RATE_MINOR`].
fn rate(validation: &mut Validation, field: &str, text: &str, currency: Currency) -> Option<i64> {
    capped(validation, field, text, currency, MAX_RATE_MINOR)
}

/// A non-negative budget of `currency`, at most [`MAX_BUDGET_MINOR`].
fn budget_amount(
    validation: &mut Validation,
    field: &str,
    text: &str,
    currency: Currency,
) -> Option<i64> {
    capped(validation, field, text, currency, MAX_BUDGET_MINOR)
}

fn capped(
    validation: &mut Validation,
    field: &str,
    text: &str,
    currency: Currency,
    max: i64,
) -> Option<i64> {
    match fields::amount(validation, field, text, currency) {
        Some(amount) if amount < 0 => {
            validation.add(field, "must not be negative");
            None
        }
        Some(amount) if amount > max => {
            validation.add(
                field,
                format!("must be at most {}", format_minor(max, currency.exponent)),
            );
            None
        }
        amount => amount,
    }
}

fn name(validation: &mut Validation, field: &str, text: &str, max: usize) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > max {
        validation.add(field, format!("must be 1 to {max} characters"));
    }
    name
}

/// Tags or labels: trimmed, non-empty, at most 50 of 1 to 50 characters, duplicates dropped.
fn words(validation: &mut Validation, field: &str, values: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    if values.len() > 50 {
        validation.add(field, "at most 50");
    }
    for (index, value) in values.into_iter().enumerate() {
        let value = value.trim().to_owned();
        if value.is_empty() || value.chars().count() > 50 {
            validation.add(format!("{field}[{index}]"), "must be 1 to 50 characters");
        } else if !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept
}

/// 400 naming `field` unless each user is a member of the company.
async fn require_members(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    users: &[(String, uuid::Uuid)],
) -> ApiResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let ids: Vec<UserId> = users.iter().map(|(_, id)| UserId(*id)).collect();
    let known = arkan_identity::companies::member_names(db, ctx.company, &ids).await?;
    let mut validation = Validation::new();
    for (field, id) in users {
        if !known.contains_key(&UserId(*id)) {
            validation.add(field.clone(), "is not a member of this company");
        }
    }
    validation.finish()
}
