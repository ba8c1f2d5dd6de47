//! What other modules may read and mark of payments: banking puts posted vendor payments into
//! bank files and records when each was exported, and settles a document from a bank statement
//! line.

use arkan_kernel::{CompanyId, InvoiceId, JournalId, PaymentId, format_minor};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::extract::DecimalText;
use arkan_platform::list::PageRequest;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

pub use crate::domain::PaymentDirection;
pub use crate::service::payments::{SORTS, sort_key};
pub use crate::store::payments::Payment;

/// A page of the posted outbound payments not yet exported, dated from `from` to `to` (when
/// given), with their allocations, and the size of that whole set: what may go into a bank file.
/// `page` is parsed against a list whose sorts are [`SORTS`]; [`sort_key`] gives each row's
/// cursor value.
pub async fn exportable(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page: &PageRequest,
) -> Result<(Vec<Payment>, i64), DbErr> {
    let filtered = crate::store::payments::exportable(company, from, to);
    crate::store::payments::list_payments(db, company, &filtered, page).await
}

/// A payment of this company with its allocations; None when there is no such payment.
pub async fn by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: PaymentId,
) -> Result<Option<Payment>, DbErr> {
    crate::store::payments::payment_by_id(db, company, id.0).await
}

/// Posted outbound payments as (id, date, exported at), oldest first.
pub async fn posted_outbound(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(PaymentId, NaiveDate, Option<i64>)>, DbErr> {
    Ok(crate::store::payments::posted_outbound(db, company)
        .await?
        .into_iter()
        .map(|(id, date, exported)| (PaymentId(id), date, exported))
        .collect())
}

/// Records that these payments went into a bank file at `at` (microseconds), inside the
/// caller's transaction; each is named `payment.exported` on it.
pub async fn mark_exported(
    transaction: &mut WriteTransaction,
    company: CompanyId,
    ids: &[PaymentId],
    at: i64,
) -> Result<(), DbErr> {
    let uuids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
    crate::store::payments::mark_exported(&**transaction, company, &uuids, at).await?;
    for id in uuids {
        transaction.emit(company, crate::events::PAYMENT_EXPORTED, id);
    }
    Ok(())
}

/// Receives (a client's invoice, a vendor's credit note) or pays (a vendor's bill, a client's
/// credit note) `amount` of the document, in company minor units, through the bank or cash
/// `journal` on `date` by `method` (`bank_transfer`, `cash`, `cheque` or `card`), inside the
/// caller's transaction: a payment created, posted and allocated to the document with every
/// check of the payment endpoints. The posted payment; the caller commits.
#[expect(
    clippy::too_many_arguments,
    reason = "the fields of the one payment it makes"
)]
pub async fn settle_document(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    invoice: InvoiceId,
    journal: JournalId,
    date: NaiveDate,
    amount: i64,
    method: &str,
    reference: Option<String>,
) -> ApiResult<Payment> {
    use crate::domain::InvoiceKind;
    let document = crate::store::invoices::invoice_by_id(&**transaction, ctx.company, invoice.0)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    if document.currency != ctx.currency.code {
        return Err(ApiError::invalid_field(
            "invoiceId",
            "is in another currency than the company's",
        ));
    }
    let direction = match document.kind {
        InvoiceKind::CustomerInvoice | InvoiceKind::VendorCreditNote => PaymentDirection::Inbound,
        InvoiceKind::VendorBill | InvoiceKind::CustomerCreditNote => PaymentDirection::Outbound,
    };
    let amount = DecimalText(format_minor(amount, ctx.currency.exponent));
    let created = crate::service::payments::create_in(
        transaction,
        ctx,
        crate::api::CreatePayment {
            payment_type: direction.as_str().to_owned(),
            partner_id: document.partner_id,
            amount: amount.clone(),
            currency: None,
            date: date.to_string(),
            journal_id: journal.0,
            method: method.to_owned(),
            reference,
            cheque_number: None,
            value_date: None,
        },
    )
    .await?;
    let id = PaymentId(created.id);
    crate::service::payments::post_in(transaction, ctx, id).await?;
    crate::service::payments::allocate_in(
        transaction,
        ctx,
        id,
        crate::api::AllocatePayment {
            allocations: vec![crate::api::AllocationInput {
                invoice_id: invoice.0,
                amount,
                write_off_account_id: None,
                write_off_description: None,
            }],
        },
    )
    .await
}
