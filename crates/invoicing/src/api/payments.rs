//! Shapes of payments and their allocations.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePayment {
    /// `inbound` (from a client) or `outbound` (to a vendor).
    #[serde(rename = "type")]
    pub payment_type: String,
    pub partner_id: Uuid,
    /// In `currency` (the company currency when absent).
    pub amount: DecimalText,
    pub currency: Option<String>,
    pub date: String,
    /// A bank or cash journal.
    pub journal_id: Uuid,
    /// `bank_transfer`, `cash`, `cheque` or `card`.
    pub method: String,
    pub reference: Option<String>,
    pub cheque_number: Option<String>,
    pub value_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AllocationView {
    pub invoice_id: Uuid,
    /// In the payment's currency.
    pub amount: String,
    /// What the allocation wrote off to close the document (positive short, negative over);
    /// `"0.00"` without a write-off.
    pub write_off_amount: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub payment_type: String,
    pub partner_id: Uuid,
    pub amount: String,
    pub currency: String,
    pub date: String,
    pub journal_id: Uuid,
    pub method: String,
    pub reference: Option<String>,
    pub cheque_number: Option<String>,
    pub value_date: Option<String>,
    pub number: Option<String>,
    /// `draft`, `posted` or `cancelled`.
    pub state: String,
    pub journal_entry_id: Option<Uuid>,
    pub amount_allocated: String,
    pub amount_unallocated: String,
    pub allocations: Vec<AllocationView>,
    pub exported_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocationInput {
    pub invoice_id: Uuid,
    /// In the payment's currency.
    pub amount: DecimalText,
    /// Close the document: the rest of its amount due (or what is paid over it) is written
    /// off to this account, within the settings' `writeOffLimit`.
    pub write_off_account_id: Option<Uuid>,
    pub write_off_description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocatePayment {
    pub allocations: Vec<AllocationInput>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentListQuery {
    #[serde(rename = "type")]
    pub payment_type: Option<String>,
    pub state: Option<String>,
    pub partner_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
