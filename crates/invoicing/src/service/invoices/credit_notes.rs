//! What a credit note issued from an invoice (cancellation or partial credit) takes besides its
//! lines: its own date and that date's rate, the reason it is given, and the exchange
//! difference realised when it settles the invoice at another rate.

use arkan_ledger::books::RATE_ONE;
use chrono::NaiveDate;

use super::*;

/// The date and rate of a credit note of `invoice`: `date` (field `date`), on or after the
/// invoice's date, at that date's rate; without one, the invoice's date and rate.
pub(super) async fn dated(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
    date: Option<&str>,
) -> ApiResult<(NaiveDate, i64)> {
    let Some(text) = date else {
        return Ok((invoice.invoice_date, invoice.rate_e10));
    };
    let date = fields::date(text).map_err(|message| ApiError::invalid_field("date", message))?;
    if date < invoice.invoice_date {
        return Err(ApiError::invalid_field(
            "date",
            format!(
                "must be on or after the invoice date {}",
                fields::format_date(invoice.invoice_date)
            ),
        ));
    }
    let currency = invoice_currency(ctx, invoice);
    if date == invoice.invoice_date {
        return Ok((date, invoice.rate_e10));
    }
    if currency.code == ctx.currency.code {
        return Ok((date, RATE_ONE));
    }
    let rate = ledger_store::rate_on(db, ctx.company, currency.code, date)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "date",
                format!(
                    "no {} rate on or before {}",
                    currency.code,
                    fields::format_date(date)
                ),
            )
        })?;
    Ok((date, rate))
}

/// The reason of a cancellation, kept as its credit note's reference: one line of 1 to 500
/// characters (blank counts as none).
pub(super) fn reason(text: Option<String>) -> ApiResult<Option<String>> {
    let Some(reason) = text
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
    else {
        return Ok(None);
    };
    if reason.chars().count() > 500 {
        return Err(ApiError::invalid_field(
            "reason",
            "must be at most 500 characters",
        ));
    }
    Ok(Some(reason))
}

/// `credit_note` settles `amount` of `invoice`: when their rates differ, the company-currency
/// difference left on the receivable or payable goes to the exchange gain or loss account, as
/// a credit note's setting against a document does (netting), dated the credit note's date.
pub(super) async fn settle_across_rates(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    credit_note: &Invoice,
    invoice: &Invoice,
    amount: i64,
) -> ApiResult<()> {
    let whole = amount == invoice.amount_total_minor && amount == credit_note.amount_total_minor;
    let difference = if whole && credit_note.rate_e10 != invoice.rate_e10 {
        // The whole invoice against the whole credit note: what each booked on the partner's
        // account, line by line, so not a fils stays behind on it.
        let transaction: &DatabaseTransaction = writer;
        posting::partner_value(transaction, ctx, invoice).await?
            - posting::partner_value(transaction, ctx, credit_note).await?
    } else {
        super::super::netting::exchange_difference(ctx, credit_note, invoice, amount)
    };
    if difference == 0 {
        return Ok(());
    }
    super::super::netting::post_exchange_difference(
        writer,
        ctx,
        credit_note,
        credit_note.invoice_date,
        difference,
        false,
    )
    .await
}
