//! Cash roundings (master data: create, list, get, change, delete while unused), and what
//! invoices ask of them: whether a rounding a document names may be used, what it adds to a
//! total, and the account the posting books that on (the profit account when it is in the
//! company's favour, else the loss account).

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CashRoundingId, Currency, format_minor, parse_minor};
use arkan_ledger::books as ledger_store;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{
    CREATED_AT, ListSpec, Page, PageParams, PageRequest, SortField, SortKind,
};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::LockType;
use uuid::Uuid;

use crate::api::*;
use crate::domain::{self, InvoiceKind, RoundingMethod};
use crate::errors;
use crate::events;
use crate::store::Removal;
use crate::store::cash_roundings::{self as store, CashRounding};
use crate::store::invoices::Invoice;

static CASH_ROUNDING_LIST: ListSpec = ListSpec {
    name: "accounting.cash_roundings",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "name",
            column: "name",
            kind: SortKind::Text,
        },
    ],
};

/// The largest step: a million units of a 6-decimal amount.
const MAX_STEP_E6: i64 = 1_000_000_000_000;

fn view(rounding: CashRounding) -> CashRoundingView {
    let step = format_minor(rounding.step_e6, 6);
    let step = step.trim_end_matches('0').trim_end_matches('.').to_owned();
    CashRoundingView {
        id: rounding.id,
        name: rounding.name,
        step,
        method: rounding.method.as_str().to_owned(),
        profit_account_id: rounding.profit_account_id,
        loss_account_id: rounding.loss_account_id,
        active: rounding.active,
        created_at: rfc3339(rounding.created_at),
        updated_at: rfc3339(rounding.updated_at),
    }
}

fn name(validation: &mut Validation, text: &str) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    name
}

/// `step`: greater than zero, at most 6 decimals.
fn step(validation: &mut Validation, text: &str) -> i64 {
    match parse_minor(text, 6) {
        Ok(step) if step > 0 && step <= MAX_STEP_E6 => step,
        Ok(step) if step > 0 => {
            validation.add("step", "is too large");
            1
        }
        Ok(_) => {
            validation.add("step", "must be greater than zero");
            1
        }
        Err(error) => {
            validation.add("step", format!("{error} (6 decimals)"));
            1
        }
    }
}

fn method(validation: &mut Validation, text: &str) -> RoundingMethod {
    RoundingMethod::parse(text).unwrap_or_else(|| {
        validation.add(
            "method",
            format!("must be one of: {}", RoundingMethod::codes()),
        );
        RoundingMethod::HalfUp
    })
}

/// Both accounts are active accounts of this company.
async fn check_accounts(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    rounding: &CashRounding,
) -> ApiResult<()> {
    let ids = [rounding.profit_account_id, rounding.loss_account_id];
    let accounts = ledger_store::accounts_by_ids(db, ctx.company, &ids).await?;
    for (field, id) in [("profitAccountId", ids[0]), ("lossAccountId", ids[1])] {
        if !accounts
            .iter()
            .any(|account| account.id == id && account.active)
        {
            validation.add(field, "no such active account in this company");
        }
    }
    Ok(())
}

fn write_error(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field("profitAccountId", "no such account in this company")
    } else {
        error.into()
    }
}

pub async fn create_cash_rounding(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateCashRounding,
) -> ApiResult<CashRoundingView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let now = now_micros();
    let rounding = CashRounding {
        id: Uuid::now_v7(),
        name: name(&mut validation, &input.name),
        step_e6: step(&mut validation, &input.step.0),
        method: method(&mut validation, &input.method),
        profit_account_id: input.profit_account_id,
        loss_account_id: input.loss_account_id,
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = platform.db.write().await?;
    check_accounts(&*transaction, ctx, &mut validation, &rounding).await?;
    validation.finish()?;
    store::insert_cash_rounding(&*transaction, ctx.company, &rounding)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::CASH_ROUNDING_CREATED, rounding.id);
    transaction.commit().await?;
    Ok(view(rounding))
}

pub async fn list_cash_roundings(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<CashRoundingView>> {
    let page = PageRequest::parse(&params, &CASH_ROUNDING_LIST, "")?;
    let (rows, total) =
        store::list_cash_roundings(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |rounding| {
            let value = match page.sort.name {
                "name" => SortValue::Text(rounding.name.clone()),
                _ => SortValue::Integer(rounding.created_at),
            };
            (value, rounding.id)
        })
        .map(view))
}

async fn load(db: &impl ConnectionTrait, ctx: &Ctx, id: CashRoundingId) -> ApiResult<CashRounding> {
    store::cash_rounding_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("cash_rounding"))
}

pub async fn get_cash_rounding(
    platform: &Platform,
    ctx: &Ctx,
    id: CashRoundingId,
) -> ApiResult<CashRoundingView> {
    load(platform.db.connection(), ctx, id).await.map(view)
}

/// Changes a rounding. Documents already posted keep the amounts they were posted with; drafts
/// take the new step or method when they are next changed or posted.
pub async fn update_cash_rounding(
    platform: &Platform,
    ctx: &Ctx,
    id: CashRoundingId,
    patch: UpdateCashRounding,
) -> ApiResult<CashRoundingView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut rounding = load(&*transaction, ctx, id).await?;
    let mut validation = Validation::new();
    if let Some(text) = &patch.name {
        rounding.name = name(&mut validation, text);
    }
    if let Some(text) = &patch.step {
        rounding.step_e6 = step(&mut validation, &text.0);
    }
    if let Some(text) = &patch.method {
        rounding.method = method(&mut validation, text);
    }
    if let Some(account) = patch.profit_account_id {
        rounding.profit_account_id = account;
    }
    if let Some(account) = patch.loss_account_id {
        rounding.loss_account_id = account;
    }
    if let Some(active) = patch.active {
        rounding.active = active;
    }
    if patch.profit_account_id.is_some() || patch.loss_account_id.is_some() {
        check_accounts(&*transaction, ctx, &mut validation, &rounding).await?;
    }
    validation.finish()?;
    rounding.updated_at = now_micros().max(rounding.updated_at + 1);
    store::update_cash_rounding(&*transaction, ctx.company, &rounding)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::CASH_ROUNDING_UPDATED, rounding.id);
    transaction.commit().await?;
    Ok(view(rounding))
}

/// Deletes a rounding no invoice, bill or credit note names (409 `cash_rounding_in_use`). The
/// row is locked first, so an invoice naming it meanwhile either committed before the check or
/// finds it gone.
pub async fn delete_cash_rounding(
    platform: &Platform,
    ctx: &Ctx,
    id: CashRoundingId,
) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    match crate::store::delete_unused(
        &*transaction,
        ctx.company,
        "cash_roundings",
        "cash_rounding_id",
        id.0,
    )
    .await?
    {
        Removal::Missing => return Err(ApiError::not_found("cash_rounding")),
        Removal::InUse => return Err(errors::cash_rounding_in_use()),
        Removal::Removed => {}
    }
    transaction.emit(ctx.company, events::CASH_ROUNDING_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// A rounding a document's input names (`cashRoundingId`): an active one of this company, held
/// against a concurrent delete until `db`'s transaction ends.
pub(crate) async fn usable(db: &impl ConnectionTrait, ctx: &Ctx, id: Uuid) -> ApiResult<()> {
    match store::cash_rounding_held(db, ctx.company, id, LockType::Share).await? {
        Some(rounding) if rounding.active => Ok(()),
        Some(rounding) => Err(ApiError::invalid_field(
            "cashRoundingId",
            format!("the cash rounding {} is inactive", rounding.name),
        )),
        None => Err(ApiError::invalid_field(
            "cashRoundingId",
            "no such cash rounding in this company",
        )),
    }
}

/// What the rounding `id` (none: nothing) adds to a document `total` in `currency`: 400 on
/// `cashRoundingId` when the currency cannot show the step.
pub(crate) async fn added(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Option<Uuid>,
    currency: Currency,
    total: i64,
) -> ApiResult<i64> {
    let Some(id) = id else {
        return Ok(0);
    };
    let rounding = store::cash_rounding_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field("cashRoundingId", "no such cash rounding in this company")
        })?;
    added_by(&rounding, currency, total)
}

fn added_by(rounding: &CashRounding, currency: Currency, total: i64) -> ApiResult<i64> {
    let step = domain::step_minor(rounding.step_e6, currency.exponent).ok_or_else(|| {
        ApiError::invalid_field(
            "cashRoundingId",
            format!(
                "the step {} of {} has more decimals than {} shows",
                view(rounding.clone()).step,
                rounding.name,
                currency.code
            ),
        )
    })?;
    domain::rounding(total, step, rounding.method)
        .ok_or_else(|| ApiError::invalid_field("lines", "the amounts are too large"))
}

/// Whether a rounding that `added` to a document of `kind` is in the company's favour: it
/// receives more or pays less (a customer invoice or a vendor credit note rounded up, a bill or
/// a customer credit note rounded down).
fn in_favour(kind: InvoiceKind, added: i64) -> bool {
    let partner_owes = kind.is_customer() != kind.is_credit_note();
    (added > 0) == partner_owes
}

/// The rounding line of `invoice`'s journal entry at document `total` (untaxed plus tax): the
/// account (profit or loss) and the amount it adds (positive: on the side opposite the
/// partner's). `None` without a rounding or when it adds nothing.
pub(crate) async fn posting_line(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
    currency: Currency,
    total: i64,
) -> ApiResult<Option<(Uuid, i64)>> {
    let Some(id) = invoice.cash_rounding_id else {
        return Ok(None);
    };
    let rounding = store::cash_rounding_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field("cashRoundingId", "no such cash rounding in this company")
        })?;
    let added = added_by(&rounding, currency, total)?;
    if added == 0 {
        return Ok(None);
    }
    let account = if in_favour(invoice.kind, added) {
        rounding.profit_account_id
    } else {
        rounding.loss_account_id
    };
    Ok(Some((account, added)))
}

/// The account a posted `invoice` booked its rounding on, for a credit note that gives it back
/// on the same account; `None` when it has none.
pub(crate) async fn booked_account(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<Option<Uuid>> {
    let (Some(id), added) = (invoice.cash_rounding_id, invoice.amount_rounding_minor) else {
        return Ok(None);
    };
    if added == 0 {
        return Ok(None);
    }
    Ok(store::cash_rounding_by_id(db, ctx.company, id)
        .await?
        .map(|rounding| {
            if in_favour(invoice.kind, added) {
                rounding.profit_account_id
            } else {
                rounding.loss_account_id
            }
        }))
}
