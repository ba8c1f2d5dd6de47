//! What the pipeline's use cases share: checks of owners, amounts, probabilities, sources,
//! dates, notes and filters. The use cases are in `leads`, `deals`, `stages`, `activities`.

use arkan_kernel::UserId;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::fields;
use arkan_platform::list::{SortField, SortKind};
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use uuid::Uuid;

use super::domain::{MAX_REVENUE_MINOR, Source, parse_probability};
use crate::domain::clean;

pub(super) const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
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
        if !platform.is_member(UserId(*user), ctx.company).await? {
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

/// A list's `date_from` / `date_to` (days, UTC, both included) as a range of creation instants
/// `[from, to)` in microseconds; 400 on a bad day or a `date_to` before `date_from`.
pub(super) fn created_range(
    date_from: Option<&str>,
    date_to: Option<&str>,
) -> ApiResult<(Option<i64>, Option<i64>)> {
    let from = fields::optional_date("date_from", date_from)?;
    let to = fields::optional_date("date_to", date_to)?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(ApiError::invalid_field(
            "date_to",
            "must be on or after date_from",
        ));
    }
    let start = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .map(|instant| instant.and_utc().timestamp_micros())
    };
    Ok((
        from.and_then(start),
        to.and_then(|day| day.succ_opt()).and_then(start),
    ))
}
