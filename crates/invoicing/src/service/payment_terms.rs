//! Payment terms: master data of when documents fall due, in installments, with an optional
//! early-payment discount.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{PaymentTermId, format_minor, parse_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{
    CREATED_AT, ListSpec, Page, PageParams, PageRequest, SortField, SortKind,
};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{HUNDRED_PERCENT, TermLine, TermLineKind};
use crate::errors;
use crate::events;
use crate::store::Removal;
use crate::store::payment_terms::{self as store, PaymentTerm};

pub(crate) const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};

static TERM_LIST: ListSpec = ListSpec {
    name: "accounting.payment_terms",
    sorts: &[CREATED_AT, NAME],
};

/// "30.0000" -> "30".
pub(crate) fn trim_percent(e4: i64) -> String {
    let text = format_minor(e4, 4);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn view(ctx: &Ctx, term: PaymentTerm) -> PaymentTermView {
    PaymentTermView {
        id: term.id,
        name: term.name,
        lines: term
            .lines
            .into_iter()
            .map(|line| PaymentTermLineView {
                kind: line.kind.as_str().to_owned(),
                value: line.value.map(|value| match line.kind {
                    TermLineKind::Fixed => format_minor(value, ctx.currency.exponent),
                    _ => trim_percent(value),
                }),
                days: i64::from(line.days),
                end_of_month: line.end_of_month,
            })
            .collect(),
        early_discount: term.discount.map(|(percent, days)| EarlyDiscount {
            percent: trim_percent(percent),
            days: i64::from(days),
        }),
        active: term.active,
        created_at: rfc3339(term.created_at),
        updated_at: rfc3339(term.updated_at),
    }
}

fn days(validation: &mut Validation, field: String, days: i64) -> i32 {
    match i32::try_from(days) {
        Ok(days) if (0..=3650).contains(&days) => days,
        _ => {
            validation.add(field, "must be a whole number of days from 0 to 3650");
            0
        }
    }
}

/// A percent with up to 4 decimals in ten-thousandths, within `(0, max]` (or `(0, max)`).
fn percent(validation: &mut Validation, field: String, text: &str, below_max: bool) -> i64 {
    match parse_minor(text, 4) {
        Ok(value)
            if value > 0 && (value < HUNDRED_PERCENT || !below_max && value == HUNDRED_PERCENT) =>
        {
            value
        }
        Ok(_) if below_max => {
            validation.add(field, "must be a percent above 0 and below 100");
            0
        }
        Ok(_) => {
            validation.add(field, "must be a percent above 0, at most 100");
            0
        }
        Err(error) => {
            validation.add(field, format!("{error} (4 decimals)"));
            0
        }
    }
}

/// Checks the lines: kinds, values and days field by field, then that they cover the total
/// (one `balance` line, last; or percents summing to 100).
fn lines(ctx: &Ctx, inputs: Vec<PaymentTermLineInput>) -> ApiResult<Vec<TermLine>> {
    let mut validation = Validation::new();
    if inputs.is_empty() || inputs.len() > 24 {
        validation.add("lines", "a payment term has 1 to 24 lines");
    }
    let mut lines = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let days = days(&mut validation, field("days"), input.days);
        let end_of_month = input.end_of_month.unwrap_or(false);
        let Some(kind) = TermLineKind::parse(&input.kind) else {
            validation.add(
                field("kind"),
                format!("must be one of: {}", TermLineKind::codes()),
            );
            continue;
        };
        let value = match (kind, input.value) {
            (TermLineKind::Balance, None) => None,
            (TermLineKind::Balance, Some(_)) => {
                validation.add(field("value"), "a balance line has no value");
                None
            }
            (_, None) => {
                validation.add(field("value"), "is required for a percent or fixed line");
                None
            }
            (TermLineKind::Percent, Some(text)) => {
                Some(percent(&mut validation, field("value"), &text.0, false))
            }
            (TermLineKind::Fixed, Some(text)) => {
                match fields::amount(&mut validation, &field("value"), &text.0, ctx.currency) {
                    Some(amount) if amount <= 0 => {
                        validation.add(field("value"), "must be greater than zero");
                        None
                    }
                    amount => amount,
                }
            }
        };
        lines.push(TermLine {
            kind,
            value,
            days,
            end_of_month,
        });
    }
    validation.finish()?;
    let balances = lines
        .iter()
        .filter(|line| line.kind == TermLineKind::Balance)
        .count();
    let last_is_balance = lines
        .last()
        .is_some_and(|line| line.kind == TermLineKind::Balance);
    if balances > 1 || (balances == 1 && !last_is_balance) {
        return Err(errors::payment_term_incomplete(
            "only the last line may be (and only one line is) the balance",
        ));
    }
    let percents: i64 = lines
        .iter()
        .filter(|line| line.kind == TermLineKind::Percent)
        .filter_map(|line| line.value)
        .sum();
    if percents > HUNDRED_PERCENT {
        return Err(errors::payment_term_incomplete(
            "the percent lines sum to more than 100",
        ));
    }
    if balances == 0 {
        let all_percent = lines.iter().all(|line| line.kind == TermLineKind::Percent);
        if !all_percent || percents != HUNDRED_PERCENT {
            return Err(errors::payment_term_incomplete(
                "end with a balance line, or give percent lines that sum to 100",
            ));
        }
    }
    Ok(lines)
}

fn discount(validation: &mut Validation, input: EarlyDiscountInput) -> (i64, i32) {
    let percent = percent(
        validation,
        "earlyDiscount.percent".to_owned(),
        &input.percent.0,
        true,
    );
    let days = days(validation, "earlyDiscount.days".to_owned(), input.days);
    (percent, days)
}

fn name(validation: &mut Validation, text: &str) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    name
}

pub async fn create_payment_term(
    platform: &Platform,
    ctx: &Ctx,
    input: CreatePaymentTerm,
) -> ApiResult<PaymentTermView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let name = name(&mut validation, &input.name);
    let discount = input
        .early_discount
        .map(|early| discount(&mut validation, early));
    validation.finish()?;
    let lines = lines(ctx, input.lines)?;
    let now = now_micros();
    let term = PaymentTerm {
        id: Uuid::now_v7(),
        name,
        discount,
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
        lines,
    };
    let mut transaction = platform.db.write().await?;
    store::insert_term(&*transaction, ctx.company, &term).await?;
    transaction.emit(ctx.company, events::PAYMENT_TERM_CREATED, term.id);
    transaction.commit().await?;
    Ok(view(ctx, term))
}

pub async fn list_payment_terms(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<PaymentTermView>> {
    let page = PageRequest::parse(&params, &TERM_LIST, "")?;
    let (rows, total) = store::list_terms(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |term| {
            let value = if page.sort.name == "name" {
                SortValue::Text(term.name.clone())
            } else {
                SortValue::Integer(term.created_at)
            };
            (value, term.id)
        })
        .map(|term| view(ctx, term)))
}

pub async fn get_payment_term(
    platform: &Platform,
    ctx: &Ctx,
    id: PaymentTermId,
) -> ApiResult<PaymentTermView> {
    store::term_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(|term| view(ctx, term))
        .ok_or_else(|| ApiError::not_found("payment_term"))
}

/// Changes a term. Invoices keep the installments they were given; drafts get the new ones
/// when their term or date is next changed.
pub async fn update_payment_term(
    platform: &Platform,
    ctx: &Ctx,
    id: PaymentTermId,
    patch: UpdatePaymentTerm,
) -> ApiResult<PaymentTermView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut term = store::term_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("payment_term"))?;
    let mut validation = Validation::new();
    if let Some(text) = patch.name {
        term.name = name(&mut validation, &text);
    }
    if let Some(early) = patch.early_discount {
        term.discount = early.map(|early| discount(&mut validation, early));
    }
    if let Some(active) = patch.active {
        term.active = active;
    }
    validation.finish()?;
    if let Some(inputs) = patch.lines {
        term.lines = lines(ctx, inputs)?;
    }
    term.updated_at = now_micros().max(term.updated_at + 1);
    store::update_term(&*transaction, ctx.company, &term).await?;
    transaction.emit(ctx.company, events::PAYMENT_TERM_UPDATED, term.id);
    transaction.commit().await?;
    Ok(view(ctx, term))
}

/// Deletes a term nobody uses: a partner's term is a foreign key, an invoice's is checked here
/// in the same transaction.
pub async fn delete_payment_term(
    platform: &Platform,
    ctx: &Ctx,
    id: PaymentTermId,
) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    match crate::store::delete_unused(
        &*transaction,
        ctx.company,
        "payment_terms",
        "payment_term_id",
        id.0,
    )
    .await?
    {
        Removal::Missing => return Err(ApiError::not_found("payment_term")),
        Removal::InUse => return Err(errors::payment_term_in_use()),
        Removal::Removed => {}
    }
    transaction.emit(ctx.company, events::PAYMENT_TERM_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// A term of this company that new documents may take (active), for an invoice draft.
pub(crate) async fn term_for_document(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    id: Uuid,
    field: &str,
) -> ApiResult<PaymentTerm> {
    match store::term_by_id(db, ctx.company, id).await? {
        Some(term) if term.active => Ok(term),
        Some(_) => Err(ApiError::invalid_field(
            field,
            "the payment term is archived",
        )),
        None => Err(ApiError::invalid_field(
            field,
            "no such payment term in this company",
        )),
    }
}
