//! Shapes of invoices, bills and credit notes.

use super::*;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InvoiceLineInput {
    pub description: String,
    pub product_id: Option<Uuid>,
    /// Up to 4 decimals.
    pub quantity: DecimalText,
    /// In the invoice currency, up to 6 decimals.
    pub unit_price: DecimalText,
    /// Percent, up to 4 decimals.
    pub discount_percent: Option<DecimalText>,
    pub tax_ids: Option<Vec<Uuid>>,
    /// Revenue or expense account; the journal's default when absent.
    pub account_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    /// The purchase order line a bill line bills: only on a bill made from a purchase order
    /// (`POST /inventory/purchase-orders/{id}/bill`), which keeps it when its lines are replaced.
    pub purchase_order_line_id: Option<Uuid>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateInvoice {
    /// `customer_invoice`, `vendor_bill`, `customer_credit_note` or `vendor_credit_note`.
    pub kind: String,
    pub partner_id: Uuid,
    pub invoice_date: String,
    /// Defaults to the invoice date plus the partner's payment terms.
    pub due_date: Option<String>,
    /// Defaults to the company currency; another currency uses its rate on the invoice date.
    pub currency: Option<String>,
    pub reference: Option<String>,
    pub lines: Vec<InvoiceLineInput>,
    /// Installments and an early-payment discount; default the partner's term (unless a
    /// `dueDate` is given), `null` for none.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub payment_term_id: Option<Option<Uuid>>,
    /// Maps the lines' taxes and accounts; default the partner's, `null` for none.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub fiscal_position_id: Option<Option<Uuid>>,
    /// A cash rounding of this company: `amountTotal` is brought to a multiple of its step.
    pub cash_rounding_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateInvoice {
    pub invoice_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub reference: Option<Option<String>>,
    /// Replaces every line.
    pub lines: Option<Vec<InvoiceLineInput>>,
    /// A new term recomputes the installments; `null` removes it (one installment on
    /// `dueDate`).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub payment_term_id: Option<Option<Uuid>>,
    /// A new position maps the lines again (those sent, else the draft's).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub fiscal_position_id: Option<Option<Uuid>>,
    /// `null` removes the cash rounding.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub cash_rounding_id: Option<Option<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLineView {
    pub id: Uuid,
    pub description: String,
    pub product_id: Option<Uuid>,
    pub quantity: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_ids: Vec<Uuid>,
    pub account_id: Uuid,
    pub project_id: Option<Uuid>,
    /// On bills made from a purchase order: the order line it bills.
    pub purchase_order_line_id: Option<Uuid>,
    /// On invoices made from a sales order: the order line it invoices.
    pub order_line_id: Option<Uuid>,
    /// On a final invoice made from a sales order: the down-payment line it deducts.
    pub down_payment_line_id: Option<Uuid>,
    pub subtotal: String,
    pub tax_amount: String,
    pub total: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceView {
    pub id: Uuid,
    pub kind: String,
    pub partner_id: Uuid,
    pub invoice_date: String,
    pub due_date: String,
    pub currency: String,
    pub reference: Option<String>,
    pub number: Option<String>,
    /// `draft`, `posted` or `cancelled`.
    pub state: String,
    pub amount_untaxed: String,
    pub amount_tax: String,
    pub amount_total: String,
    pub amount_paid: String,
    pub amount_due: String,
    /// `not_paid`, `partial`, `paid` or `reversed`.
    pub payment_state: String,
    pub journal_entry_id: Option<Uuid>,
    pub credit_note_ids: Vec<Uuid>,
    /// A credit note's settings against documents of its partner (netting), oldest first.
    pub allocations: Vec<NettingView>,
    pub origin_invoice_id: Option<Uuid>,
    pub lines: Vec<InvoiceLineView>,
    pub payment_term_id: Option<Uuid>,
    /// When each part falls due, in the invoice currency, by due date; without a term one
    /// installment on `dueDate`. Their `amountDue` sum to the invoice's.
    pub installments: Vec<InstallmentView>,
    /// The last day the early-payment discount may be taken; null without one.
    pub discount_date: Option<String>,
    /// What settles the invoice in full by `discountDate` while nothing is paid.
    pub amount_due_discounted: Option<String>,
    pub fiscal_position_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
    pub cash_rounding_id: Option<Uuid>,
    /// What the cash rounding added to the total (signed; `"0.00"` without one):
    /// `amountTotal` = `amountUntaxed` + `amountTax` + `amountRounding`.
    pub amount_rounding: String,
    /// A vendor bill made from a purchase order: that order (and its credit notes carry it).
    pub purchase_order_id: Option<Uuid>,
    /// A customer invoice made from a sales order: that order (and its credit notes carry it).
    pub order_id: Option<Uuid>,
    /// A down-payment invoice of a sales order.
    pub is_down_payment: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceListQuery {
    pub kind: Option<String>,
    pub state: Option<String>,
    pub partner_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A credit note for part of an invoice: give `lines` (what is credited) or `amount` (the
/// invoice's lines scaled to it, VAT included); with neither (or no body at all), the whole
/// open amount is credited.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreditNoteRequest {
    pub lines: Option<Vec<InvoiceLineInput>>,
    pub amount: Option<DecimalText>,
    pub reference: Option<String>,
    /// The credit note's `invoiceDate`, on or after the invoice's; its rate is that date's.
    /// Default: the invoice's date and rate.
    pub date: Option<String>,
}

/// Posting a draft; the body is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PostInvoice {
    /// Posts a bill made from a purchase order whose three-way match failed (owner, admin or
    /// accountant only).
    pub override_match: Option<bool>,
}

/// Cancelling a posted invoice or bill; the body is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelInvoice {
    /// The credit note's `invoiceDate`, on or after the invoice's; its rate is that date's.
    /// Default: the invoice's date and rate.
    pub date: Option<String>,
    /// Why it is cancelled: the credit note's `reference` (and so its journal entry's); without
    /// a reason the reference is the invoice's number.
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NettingView {
    pub invoice_id: Uuid,
    /// In the documents' currency.
    pub amount: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NettingInput {
    /// A posted open document of the credit note's partner, side and currency.
    pub invoice_id: Uuid,
    pub amount: DecimalText,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocateCreditNote {
    pub allocations: Vec<NettingInput>,
}
