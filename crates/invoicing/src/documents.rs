//! What other modules may read of posted invoices, bills and credit notes: the VAT return's
//! listings find the document behind a journal entry here, bank reconciliation the documents
//! still to be paid.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
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
