//! Netting: a posted credit note set against posted open documents of the same partner, side
//! and currency (a customer credit note against customer invoices, a vendor credit note against
//! vendor bills), without a payment. Both documents' paid amounts move by the amount. Both sit
//! on the same receivable or payable with the same partner, so nothing is posted unless the two
//! rates differ: then the exchange difference left on that account is booked to the exchange
//! gain or loss account, as for a payment, and reversed when the setting is taken back.

use std::collections::HashMap;

use arkan_kernel::time::now_micros;
use arkan_kernel::{Currency, InvoiceId, format_minor, money};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::api::*;
use crate::domain::{InvoiceKind, PaymentStatus};
use crate::errors;
use crate::events;
use crate::store::invoices::{self as invoice_store, Invoice};
use crate::store::netting as store;
use crate::store::payments::move_paid;
use arkan_ledger::books::DocumentState;

/// The settings of each of `credit_notes`, as (document, amount in minor units).
pub(crate) async fn allocations_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    credit_notes: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<(Uuid, i64)>>> {
    Ok(store::of(db, ctx.company, credit_notes).await?)
}

/// `view` with its credit note's settings (taken out of `nettings`), formatted in its currency.
pub(crate) fn with_allocations(
    mut view: InvoiceView,
    nettings: &mut HashMap<Uuid, Vec<(Uuid, i64)>>,
) -> InvoiceView {
    let exponent = Currency::from_code(&view.currency).map_or(2, |currency| currency.exponent);
    view.allocations = nettings
        .remove(&view.id)
        .unwrap_or_default()
        .into_iter()
        .map(|(invoice_id, amount)| NettingView {
            invoice_id,
            amount: format_minor(amount, exponent),
        })
        .collect();
    view
}

/// What is still due on a posted document (nothing on a reversed one).
fn due(invoice: &Invoice) -> i64 {
    if invoice.payment_state == PaymentStatus::Reversed {
        return 0;
    }
    invoice.amount_total_minor - invoice.amount_paid_minor
}

fn require_posted(invoice: &Invoice) -> ApiResult<()> {
    if invoice.state == DocumentState::Posted {
        return Ok(());
    }
    Err(errors::invoice_not_posted(invoice.state))
}

/// The kind of document a credit note of `kind` is set against.
fn settles(kind: InvoiceKind) -> Option<InvoiceKind> {
    match kind {
        InvoiceKind::CustomerCreditNote => Some(InvoiceKind::CustomerInvoice),
        InvoiceKind::VendorCreditNote => Some(InvoiceKind::VendorBill),
        _ => None,
    }
}

/// The company-currency difference left on the partner's account when `amount` of `document`
/// (booked at its rate) is set against `amount` of `note` (at the credit note's): the
/// document's value less the credit note's. 0 in the company currency or at equal rates.
pub(crate) fn exchange_difference(
    ctx: &Ctx,
    note: &Invoice,
    document: &Invoice,
    amount: i64,
) -> i64 {
    let Some(currency) = Currency::from_code(&note.currency) else {
        return 0;
    };
    if currency.code == ctx.currency.code || note.rate_e10 == document.rate_e10 {
        return 0;
    }
    let at_document = money::convert(amount, currency, document.rate_e10, ctx.currency);
    let at_note = money::convert(amount, currency, note.rate_e10, ctx.currency);
    match (at_document, at_note) {
        (Some(at_document), Some(at_note)) => at_document - at_note,
        _ => 0,
    }
}

/// Posts (or, `reversing`, takes back) the exchange difference of a setting: a customer
/// invoice worth more than its credit note leaves a debit on the receivable (a loss), a vendor
/// bill worth more than its credit note a credit on the payable (a gain).
pub(crate) async fn post_exchange_difference(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    note: &Invoice,
    date: NaiveDate,
    difference: i64,
    reversing: bool,
) -> ApiResult<()> {
    let customer = note.kind.is_customer();
    super::exchange::book(
        writer,
        ctx,
        super::exchange::Difference {
            partner: note.partner_id,
            receivable: customer,
            // The partner's line clears what is left on it: a credit on the receivable when
            // the invoice was worth more, a debit on the payable when the bill was.
            gain: (difference > 0) != customer,
            amount: difference,
            reversing,
            date,
            reference: note.number.clone(),
            description: if reversing {
                "Exchange difference of a credit note's setting, reversed"
            } else {
                "Exchange difference of a credit note's setting"
            },
        },
    )
    .await
}

/// Sets a posted credit note against posted open documents of its partner, side and currency,
/// in one transaction: every setting or none. Answers the credit note with its settings.
pub async fn allocate_credit_note(
    platform: &Platform,
    ctx: &Ctx,
    id: InvoiceId,
    input: AllocateCreditNote,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let note = invoice_store::invoice_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    require_posted(&note)?;
    let Some(settles) = settles(note.kind) else {
        return Err(ApiError::invalid_field(
            "id",
            "only a credit note is set against documents",
        ));
    };
    if input.allocations.is_empty() || input.allocations.len() > 100 {
        return Err(ApiError::invalid_field(
            "allocations",
            "1 to 100 allocations",
        ));
    }
    let currency = Currency::from_code(&note.currency).unwrap_or(ctx.currency);
    let mut validation = Validation::new();
    let mut planned: Vec<(Invoice, i64)> = Vec::with_capacity(input.allocations.len());
    for (index, allocation) in input.allocations.iter().enumerate() {
        let amount_field = format!("allocations[{index}].amount");
        let amount = fields::amount(
            &mut validation,
            &amount_field,
            &allocation.amount.0,
            currency,
        );
        if amount.is_some_and(|amount| amount <= 0) {
            validation.add(&amount_field, "must be greater than zero");
        }
        let field = format!("allocations[{index}].invoiceId");
        let document =
            match invoice_store::invoice_by_id(&*transaction, ctx.company, allocation.invoice_id)
                .await?
            {
                None => {
                    validation.add(field, "no such invoice in this company");
                    continue;
                }
                Some(document) => document,
            };
        require_posted(&document)?;
        if document.kind != settles {
            validation.add(
                field,
                format!(
                    "a {} is set against a {}",
                    note.kind.words(),
                    settles.words()
                ),
            );
        } else if document.partner_id != note.partner_id {
            validation.add(field, "the document is another partner's");
        } else if document.currency != note.currency {
            validation.add(
                field,
                format!(
                    "the document is in {}, the credit note in {}",
                    document.currency, note.currency
                ),
            );
        } else if let Some(amount) = amount {
            planned.push((document, amount));
        }
    }
    validation.finish()?;
    // What each would have left, with the settings before it in this request.
    let mut note_due = due(&note);
    let mut documents_due: HashMap<Uuid, i64> = HashMap::new();
    for (index, (document, amount)) in planned.iter().enumerate() {
        let document_due = documents_due
            .entry(document.id)
            .or_insert_with(|| due(document));
        let exponent = currency.exponent;
        if *amount > *document_due || *amount > note_due {
            return Err(errors::allocation_exceeds_due(
                format!("allocations[{index}].amount"),
                format!(
                    "{} is above what is due: {} on the document, {} on the credit note",
                    format_minor(*amount, exponent),
                    format_minor(*document_due, exponent),
                    format_minor(note_due, exponent)
                ),
            ));
        }
        *document_due -= amount;
        note_due -= amount;
    }
    let now = now_micros();
    let mut settled: Vec<Uuid> = Vec::with_capacity(planned.len());
    for (document, amount) in planned {
        if !move_paid(&*transaction, ctx.company, note.id, amount, now).await?
            || !move_paid(&*transaction, ctx.company, document.id, amount, now).await?
        {
            return Err(errors::allocation_exceeds_due(
                "allocations".to_owned(),
                "the documents changed meanwhile; fetch them and try again".to_owned(),
            ));
        }
        let difference = exchange_difference(ctx, &note, &document, amount);
        store::add(
            &*transaction,
            ctx.company,
            note.id,
            document.id,
            amount,
            difference,
            now,
        )
        .await?;
        if difference != 0 {
            let date = note.invoice_date.max(document.invoice_date);
            post_exchange_difference(&mut transaction, ctx, &note, date, difference, false).await?;
        }
        if !settled.contains(&document.id) {
            settled.push(document.id);
        }
    }
    transaction.emit(ctx.company, events::INVOICE_ALLOCATED, note.id);
    for document in settled {
        transaction.emit(ctx.company, events::INVOICE_UPDATED, document);
    }
    let answer = super::invoices::invoice_view(&*transaction, ctx, id).await?;
    transaction.commit().await?;
    Ok(answer)
}

/// Takes a setting back: both documents are open again for its amount, and an exchange
/// difference it realised is reversed on the same accounts.
pub async fn unallocate_credit_note(
    platform: &Platform,
    ctx: &Ctx,
    id: InvoiceId,
    invoice: InvoiceId,
) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let note = invoice_store::invoice_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    let (amount, difference) = store::remove(&*transaction, ctx.company, id.0, invoice.0)
        .await?
        .ok_or_else(|| ApiError::not_found("allocation"))?;
    let document = invoice_store::invoice_by_id(&*transaction, ctx.company, invoice.0)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    if difference != 0 {
        let date = note.invoice_date.max(document.invoice_date);
        post_exchange_difference(&mut transaction, ctx, &note, date, difference, true).await?;
    }
    let now = now_micros();
    if !move_paid(&*transaction, ctx.company, note.id, -amount, now).await?
        || !move_paid(&*transaction, ctx.company, document.id, -amount, now).await?
    {
        return Err(errors::allocation_changed());
    }
    transaction.emit(ctx.company, events::INVOICE_UNALLOCATED, note.id);
    transaction.emit(ctx.company, events::INVOICE_UPDATED, document.id);
    transaction.commit().await?;
    Ok(())
}
