//! When a document falls due: its payment term's installments and early-payment discount, and
//! which term and fiscal position a draft takes (given, else the partner's).

use super::*;
use crate::domain::{Installment, percent_of};
use crate::service::fiscal_positions::position_for_document;
use crate::service::payment_terms::term_for_document;
use crate::store::fiscal_positions::FiscalPosition;
use crate::store::payment_terms::{self as terms_store, PaymentTerm};
use sea_orm::sea_query::LockType;

/// A term's fixed amount (company currency) in the document's currency at its rate, rounded
/// half away from zero.
fn fixed_in_document(ctx: &Ctx, currency: Currency, rate_e10: i64, minor: i64) -> Option<i64> {
    if currency.code == ctx.currency.code {
        return Some(minor);
    }
    let nano = domain::fixed_in_document(
        minor,
        ctx.currency.exponent,
        currency.exponent,
        Some(rate_e10),
    )?;
    let whole = 1_000_000_000_i128;
    i64::try_from((nano.abs() + whole / 2) / whole * nano.signum()).ok()
}

/// Sets a draft's installments, due date and early-payment discount from `term` (None: one
/// installment on the due date it has, no discount).
pub(super) fn schedule(
    ctx: &Ctx,
    invoice: &mut Invoice,
    term: Option<&PaymentTerm>,
) -> ApiResult<()> {
    invoice.payment_term_id = term.map(|term| term.id);
    let Some(term) = term else {
        invoice.installments.clear();
        invoice.discount = None;
        return Ok(());
    };
    let currency = invoice_currency(ctx, invoice);
    let rate = invoice.rate_e10;
    let installments = domain::installments(
        &term.lines,
        invoice.invoice_date,
        invoice.amount_total_minor,
        |minor| fixed_in_document(ctx, currency, rate, minor),
    )
    .ok_or_else(|| ApiError::invalid_field("paymentTermId", "a fixed amount does not convert"))?;
    if let Some(last) = installments
        .iter()
        .map(|installment| installment.due_date)
        .max()
    {
        invoice.due_date = last;
    }
    invoice.installments = installments;
    invoice.discount = term.discount.and_then(|(percent, days)| {
        let date = invoice
            .invoice_date
            .checked_add_days(Days::new(u64::try_from(days).unwrap_or(0)))?;
        Some((date, percent_of(invoice.amount_total_minor, percent)))
    });
    Ok(())
}

/// The installments as shown: the term's, or one on the due date; each with what is left of
/// it once the document's settled amount is taken oldest due date first.
pub(super) fn installment_views(ctx: &Ctx, invoice: &Invoice) -> Vec<InstallmentView> {
    let currency = invoice_currency(ctx, invoice);
    let single = [Installment {
        due_date: invoice.due_date,
        amount: invoice.amount_total_minor,
    }];
    let installments: &[Installment] = if invoice.installments.is_empty() {
        &single
    } else {
        &invoice.installments
    };
    // What no longer is due: everything on a cancelled or reversed document.
    let settled = invoice.amount_total_minor - amount_due(invoice);
    installments
        .iter()
        .zip(domain::amounts_due(installments, settled))
        .map(|(installment, due)| InstallmentView {
            due_date: fields::format_date(installment.due_date),
            amount: format_minor(installment.amount, currency.exponent),
            amount_due: format_minor(due, currency.exponent),
        })
        .collect()
}

/// The term a new draft takes: the one given (active), none for `null`, else the partner's
/// unless the caller set the due date itself (`own_due_date`; also a credit note, which is
/// settled against what it credits, not paid in installments).
pub(super) async fn term_of_draft(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    given: Option<Option<Uuid>>,
    partner_default: Option<Uuid>,
    own_due_date: bool,
) -> ApiResult<Option<PaymentTerm>> {
    match given {
        Some(Some(id)) => {
            if own_due_date {
                return Err(ApiError::invalid_field(
                    "dueDate",
                    "comes from the payment term: give one or the other (a credit note has no term)",
                ));
            }
            term_for_document(db, ctx, id, "paymentTermId")
                .await
                .map(Some)
        }
        Some(None) => Ok(None),
        None if own_due_date => Ok(None),
        // The partner's own term, even archived: it is what the partner was promised.
        None => match partner_default {
            Some(id) => Ok(terms_store::term_by_id(db, ctx.company, id).await?),
            None => Ok(None),
        },
    }
}

/// Holds the draft's term and fiscal position against a concurrent delete until its write
/// transaction ends; 400 on the field if either went meanwhile.
pub(super) async fn hold_references(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<()> {
    if let Some(term) = invoice.payment_term_id
        && !crate::store::hold(db, ctx.company, "payment_terms", term, LockType::Share).await?
    {
        return Err(ApiError::invalid_field(
            "paymentTermId",
            "no such payment term in this company",
        ));
    }
    if let Some(position) = invoice.fiscal_position_id
        && !crate::store::hold(
            db,
            ctx.company,
            "fiscal_positions",
            position,
            LockType::Share,
        )
        .await?
    {
        return Err(ApiError::invalid_field(
            "fiscalPositionId",
            "no such fiscal position in this company",
        ));
    }
    Ok(())
}

/// The term a draft has now (to recompute its installments after a change).
pub(super) async fn current_term(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<Option<PaymentTerm>> {
    match invoice.payment_term_id {
        Some(id) => Ok(terms_store::term_by_id(db, ctx.company, id).await?),
        None => Ok(None),
    }
}

/// The fiscal position a draft takes: the one given (active), none for `null`, else the
/// partner's (even archived: it is how the partner is taxed).
pub(super) async fn position_of_draft(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    given: Option<Option<Uuid>>,
    partner_default: Option<Uuid>,
) -> ApiResult<Option<FiscalPosition>> {
    match given {
        Some(Some(id)) => {
            let position = position_for_document(db, ctx, id).await?;
            if !position.active {
                return Err(ApiError::invalid_field(
                    "fiscalPositionId",
                    "the fiscal position is archived",
                ));
            }
            Ok(Some(position))
        }
        Some(None) => Ok(None),
        None => match partner_default {
            Some(id) => position_for_document(db, ctx, id).await.map(Some),
            None => Ok(None),
        },
    }
}

/// The taxes a posted document booked on their own accounts, in its currency: per tax
/// account, what was recoverable (reverse charge, which is not part of the total, left out).
/// An early-payment discount gives each its share back.
pub(crate) async fn recoverable_taxes(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<Vec<(Uuid, i64)>> {
    let (taxes, totals) = posting::document_totals(db, ctx, invoice).await?;
    Ok(totals
        .per_tax
        .iter()
        .filter_map(|(key, amount)| {
            let tax = taxes.get(*key)?;
            (!tax.reverse_charge).then(|| {
                (
                    tax.account_id,
                    *amount - posting::blocked_part(*amount, tax.recoverable_ppm),
                )
            })
        })
        .collect())
}
