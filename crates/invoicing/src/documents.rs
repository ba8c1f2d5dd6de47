//! What other modules may read of posted invoices, bills and credit notes: the VAT return's
//! listings find the document behind a journal entry here, bank reconciliation the documents
//! still to be paid, fixed assets the bill line that bought an asset; and how purchasing makes a
//! vendor bill from a purchase order and reads what its orders' bills hold.

use std::collections::HashMap;

use arkan_kernel::{CompanyId, Currency, money};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

/// A posted document as a tax listing shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostedDocument {
    pub id: Uuid,
    pub entry_id: Uuid,
    /// `customer_invoice`, `vendor_bill`, `customer_credit_note` or `vendor_credit_note`.
    pub kind: &'static str,
    pub number: Option<String>,
    pub reference: Option<String>,
    pub partner_id: Uuid,
    /// The document's currency (ISO 4217).
    pub currency: String,
    /// The descriptions of its lines, in order.
    pub descriptions: Vec<String>,
}

/// The documents of this company posted as these journal entries, by entry id (entries that are
/// no document's are left out).
pub async fn by_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entries: &[Uuid],
) -> Result<HashMap<Uuid, PostedDocument>, DbErr> {
    let invoices = crate::store::invoices::invoices_by_entries(db, company, entries).await?;
    Ok(invoices
        .into_iter()
        .filter_map(|invoice| {
            let entry_id = invoice.journal_entry_id?;
            Some((
                entry_id,
                PostedDocument {
                    id: invoice.id,
                    entry_id,
                    kind: invoice.kind.as_str(),
                    number: invoice.number,
                    reference: invoice.reference,
                    partner_id: invoice.partner_id,
                    currency: invoice.currency,
                    descriptions: invoice
                        .lines
                        .into_iter()
                        .map(|line| line.description)
                        .collect(),
                },
            ))
        })
        .collect())
}

/// A posted document of the company currency not wholly paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenDocument {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub number: Option<String>,
    pub reference: Option<String>,
    pub date: chrono::NaiveDate,
    /// What is left to settle, positive when money comes in (an invoice, a vendor's credit
    /// note), negative when it goes out (a bill, a client's credit note).
    pub due: i64,
}

/// The posted documents in `currency` not wholly paid, oldest first.
pub async fn open(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
) -> Result<Vec<OpenDocument>, DbErr> {
    use crate::domain::InvoiceKind;
    Ok(
        crate::store::invoices::open_documents(db, company, currency)
            .await?
            .into_iter()
            .map(|row| {
                let inbound = matches!(
                    row.kind,
                    InvoiceKind::CustomerInvoice | InvoiceKind::VendorCreditNote
                );
                OpenDocument {
                    id: row.id,
                    partner_id: row.partner_id,
                    number: row.number,
                    reference: row.reference,
                    date: row.date,
                    due: if inbound {
                        row.due_minor
                    } else {
                        -row.due_minor
                    },
                }
            })
            .collect(),
    )
}

/// What a client owes in one currency: its posted customer invoices not wholly paid, less its
/// open credit notes, and of those invoices the ones past their due date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Receivables {
    /// Minor units of the currency.
    pub open: i64,
    pub overdue: i64,
    pub overdue_count: i64,
}

/// The client's open receivables in `currency`, overdue ones counted at `as_of`.
pub async fn open_receivables(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
    currency: &str,
    as_of: chrono::NaiveDate,
) -> Result<Receivables, DbErr> {
    let (open, overdue, overdue_count) =
        crate::store::invoices::partner_receivables(db, company, partner, currency, as_of).await?;
    Ok(Receivables {
        open,
        overdue,
        overdue_count,
    })
}

/// Whether `id` is a vendor bill of the company that is not cancelled (a landed cost names
/// the bill its costs were charged on).
pub async fn is_vendor_bill(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    use crate::domain::InvoiceKind;
    use arkan_ledger::books::DocumentState;
    Ok(crate::store::invoices::invoice_by_id(db, company, id)
        .await?
        .is_some_and(|bill| {
            bill.kind == InvoiceKind::VendorBill && bill.state != DocumentState::Cancelled
        }))
}

/// A line of a posted vendor bill, as an asset bought with it takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillLine {
    pub id: Uuid,
    pub bill_id: Uuid,
    pub partner_id: Uuid,
    /// The bill's date.
    pub date: chrono::NaiveDate,
    pub description: String,
    /// The account the line's cost was booked to.
    pub account_id: Uuid,
    pub project_id: Option<Uuid>,
    /// The line before tax in the company currency, at the bill's rate (as its posting booked
    /// it).
    pub amount: i64,
}

/// The company's line `line` when it belongs to a posted vendor bill; None otherwise.
pub async fn posted_bill_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    company_currency: Currency,
    line: Uuid,
) -> Result<Option<BillLine>, DbErr> {
    use crate::domain::InvoiceKind;
    use arkan_ledger::books::DocumentState;
    let Some(bill_id) = crate::store::invoices::invoice_of_line(db, company, line).await? else {
        return Ok(None);
    };
    let Some(bill) = crate::store::invoices::invoice_by_id(db, company, bill_id).await? else {
        return Ok(None);
    };
    if bill.kind != InvoiceKind::VendorBill || bill.state != DocumentState::Posted {
        return Ok(None);
    }
    let Some(found) = bill.lines.into_iter().find(|found| found.id == line) else {
        return Ok(None);
    };
    let amount = if bill.currency == company_currency.code {
        Some(found.subtotal_minor)
    } else {
        Currency::from_code(&bill.currency).and_then(|currency| {
            money::convert(
                found.subtotal_minor,
                currency,
                bill.rate_e10,
                company_currency,
            )
        })
    };
    let amount = amount.ok_or_else(|| DbErr::Custom("a bill line amount out of range".into()))?;
    Ok(Some(BillLine {
        id: found.id,
        bill_id,
        partner_id: bill.partner_id,
        date: bill.invoice_date,
        description: found.description,
        account_id: found.account_id,
        project_id: found.project_id,
        amount,
    }))
}

pub use crate::api::{CreateInvoice, InvoiceLineInput, InvoiceLineView, InvoiceView};

/// Creates a draft vendor bill made from `purchase_order` inside the caller's transaction: the
/// checks and arithmetic of `POST /accounting/invoices` (`kind` must be `vendor_bill`); its lines
/// may name the order lines they bill. Names it `invoice.created`. The caller checks its own
/// permission and that the order lines are the order's.
pub async fn create_bill_from_order(
    transaction: &mut arkan_platform::db::WriteTransaction,
    platform: &arkan_platform::Platform,
    ctx: &arkan_platform::Ctx,
    purchase_order: Uuid,
    input: CreateInvoice,
) -> arkan_platform::ApiResult<InvoiceView> {
    crate::service::invoices::create_bill_from_order(
        transaction,
        platform,
        ctx,
        purchase_order,
        input,
    )
    .await
}

/// A document as its `GET` shows it (404 when it is not the company's).
pub async fn view(
    db: &impl ConnectionTrait,
    ctx: &arkan_platform::Ctx,
    id: Uuid,
) -> arkan_platform::ApiResult<InvoiceView> {
    crate::service::invoices::invoice_view(db, ctx, arkan_kernel::InvoiceId(id)).await
}

/// Per purchase order line, the quantity (ten-thousandths) on the company's posted vendor
/// bills, `except` one (partial credit notes do not take it back; a cancelled bill no longer
/// counts).
pub async fn billed_quantities(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order_lines: &[Uuid],
    except: Option<Uuid>,
) -> Result<HashMap<Uuid, i64>, DbErr> {
    crate::store::invoices::billed_quantities(db, company, order_lines, except).await
}

/// A customer invoice sales makes from a sales order: the checks and arithmetic of `POST
/// /accounting/invoices` for `input` (`kind` must be `customer_invoice`), remembering the order,
/// its salesperson, whether it is a down payment and, per line of `input` in order, the order
/// line it invoices and the down-payment line it deducts.
#[derive(Debug, Clone)]
pub struct SalesInvoiceDraft {
    pub order_id: Uuid,
    pub salesperson_id: Option<Uuid>,
    pub is_down_payment: bool,
    pub input: CreateInvoice,
    /// `(order_line_id, down_payment_line_id)` per line of `input`.
    pub links: Vec<(Option<Uuid>, Option<Uuid>)>,
}

/// Creates a draft customer invoice made from a sales order inside the caller's transaction;
/// names it `invoice.created`. The caller checks its own permission, the order and its lines.
pub async fn create_invoice_from_order(
    transaction: &mut arkan_platform::db::WriteTransaction,
    platform: &arkan_platform::Platform,
    ctx: &arkan_platform::Ctx,
    draft: SalesInvoiceDraft,
) -> arkan_platform::ApiResult<InvoiceView> {
    crate::service::invoices::create_invoice_from_order(transaction, platform, ctx, draft).await
}

/// A line of a document made from a sales order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesDocumentLine {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    /// Ten-thousandths (negative on a deduction line).
    pub quantity_e4: i64,
    /// Millionths of the document's currency.
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub tax_ids: Vec<Uuid>,
    pub account_id: Uuid,
    pub order_line_id: Option<Uuid>,
    pub down_payment_line_id: Option<Uuid>,
    /// Before tax, in the document's currency.
    pub subtotal: i64,
}

/// A customer invoice or credit note made from a sales order, as sales reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesDocument {
    pub id: Uuid,
    /// `customer_invoice` or `customer_credit_note` (or another kind for a document not made
    /// from an order, read by id).
    pub kind: &'static str,
    pub number: Option<String>,
    /// `draft`, `posted` or `cancelled`.
    pub state: &'static str,
    pub partner_id: Uuid,
    pub invoice_date: chrono::NaiveDate,
    pub currency: String,
    /// Company units per document unit, times 10^10.
    pub rate_e10: i64,
    pub order_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub is_down_payment: bool,
    pub origin_invoice_id: Option<Uuid>,
    /// In the document's currency.
    pub amount_untaxed: i64,
    pub amount_total: i64,
    pub amount_paid: i64,
    pub amount_due: i64,
    /// `not_paid`, `partial`, `paid` or `reversed`.
    pub payment_state: &'static str,
    pub lines: Vec<SalesDocumentLine>,
}

fn sales_document(invoice: crate::store::invoices::Invoice) -> SalesDocument {
    let amount_due = crate::service::invoices::amount_due(&invoice);
    SalesDocument {
        id: invoice.id,
        kind: invoice.kind.as_str(),
        number: invoice.number,
        state: invoice.state.as_str(),
        partner_id: invoice.partner_id,
        invoice_date: invoice.invoice_date,
        currency: invoice.currency,
        rate_e10: invoice.rate_e10,
        order_id: invoice.order_id,
        salesperson_id: invoice.salesperson_id,
        is_down_payment: invoice.is_down_payment,
        origin_invoice_id: invoice.origin_invoice_id,
        amount_untaxed: invoice.amount_untaxed_minor,
        amount_total: invoice.amount_total_minor,
        amount_paid: invoice.amount_paid_minor,
        amount_due,
        payment_state: invoice.payment_state.as_str(),
        lines: invoice
            .lines
            .into_iter()
            .map(|line| SalesDocumentLine {
                id: line.id,
                product_id: line.product_id,
                description: line.description,
                quantity_e4: line.quantity_e4,
                unit_price_e6: line.unit_price_e6,
                discount_ppm: line.discount_ppm,
                tax_ids: line.tax_ids,
                account_id: line.account_id,
                order_line_id: line.order_line_id,
                down_payment_line_id: line.down_payment_line_id,
                subtotal: line.subtotal_minor,
            })
            .collect(),
    }
}

/// The company's documents made from these sales orders (invoices, down payments and their
/// credit notes, in every state), by order, oldest first.
pub async fn of_sales_orders(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<SalesDocument>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<SalesDocument>> = HashMap::new();
    for invoice in crate::store::invoices::invoices_of_sales_orders(db, company, orders).await? {
        if let Some(order) = invoice.order_id {
            found
                .entry(order)
                .or_default()
                .push(sales_document(invoice));
        }
    }
    Ok(found)
}

/// Per sales order line, the quantity (ten-thousandths) invoiced: on the customer invoices
/// made from their orders that are not cancelled (drafts included, so nothing is invoiced
/// twice), less what credit notes of invoices still standing give back of those lines.
pub fn invoiced_quantities(documents: &[SalesDocument]) -> HashMap<Uuid, i64> {
    use crate::domain::InvoiceKind;
    let cancelled: Vec<Uuid> = documents
        .iter()
        .filter(|document| document.state == "cancelled")
        .map(|document| document.id)
        .collect();
    let mut invoiced: HashMap<Uuid, i64> = HashMap::new();
    for document in documents {
        let sign = if document.kind == InvoiceKind::CustomerInvoice.as_str() {
            if document.state == "cancelled" {
                continue;
            }
            1
        } else if document.kind == InvoiceKind::CustomerCreditNote.as_str() {
            // The credit note that cancelled an invoice is already counted by its state.
            let standing = document
                .origin_invoice_id
                .is_some_and(|origin| !cancelled.contains(&origin));
            if document.state != "posted" || !standing {
                continue;
            }
            -1
        } else {
            continue;
        };
        for line in &document.lines {
            if let Some(order_line) = line.order_line_id {
                *invoiced.entry(order_line).or_default() += sign * line.quantity_e4;
            }
        }
    }
    invoiced
}

/// The company's document `id` as sales reads it (None when it has none).
pub async fn sales_document_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<SalesDocument>, DbErr> {
    Ok(crate::store::invoices::invoice_by_id(db, company, id)
        .await?
        .map(sales_document))
}

/// Issues the credit note of a refund inside the caller's transaction: the lines of the posted
/// customer invoice `invoice` given back for these quantities (`(invoice line, ten-thousandths)`),
/// at their invoiced price, discount, taxes and account, each naming the order line it gives
/// back. It is posted and settles what is still open of the invoice; the rest stays due on it,
/// to be paid out (`payments::settle_document`). Needs accounting rights; the caller checks that
/// the lines are the invoice's and commits.
pub async fn refund_credit_note(
    transaction: &mut arkan_platform::db::WriteTransaction,
    platform: &arkan_platform::Platform,
    ctx: &arkan_platform::Ctx,
    invoice: Uuid,
    lines: &[(Uuid, i64)],
    date: Option<String>,
    reference: Option<String>,
) -> arkan_platform::ApiResult<SalesDocument> {
    use arkan_platform::extract::DecimalText;
    let found = crate::store::invoices::invoice_by_id(&**transaction, ctx.company, invoice)
        .await?
        .ok_or_else(|| arkan_platform::ApiError::not_found("invoice"))?;
    let mut inputs = Vec::with_capacity(lines.len());
    let mut order_lines = Vec::with_capacity(lines.len());
    for (line_id, quantity_e4) in lines {
        let line = found
            .lines
            .iter()
            .find(|line| line.id == *line_id)
            .ok_or_else(|| arkan_platform::ApiError::not_found("invoice line"))?;
        inputs.push(InvoiceLineInput {
            description: line.description.clone(),
            product_id: line.product_id,
            quantity: DecimalText(money::format_minor(*quantity_e4, 4)),
            unit_price: DecimalText(money::format_minor(line.unit_price_e6, 6)),
            discount_percent: Some(DecimalText(money::format_minor(line.discount_ppm, 4))),
            tax_ids: Some(line.tax_ids.clone()),
            account_id: Some(line.account_id),
            project_id: line.project_id,
            purchase_order_line_id: None,
        });
        order_lines.push(line.order_line_id);
    }
    let credit_note = crate::service::invoices::refund_credit_note(
        transaction,
        platform,
        ctx,
        arkan_kernel::InvoiceId(invoice),
        crate::api::CreditNoteRequest {
            lines: Some(inputs),
            amount: None,
            reference,
            date,
        },
        order_lines,
    )
    .await?;
    Ok(sales_document(credit_note))
}
