//! Shapes of payment terms.

use super::*;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentTermLineInput {
    /// `percent`, `fixed` or `balance`.
    pub kind: String,
    /// `percent`: the percent of the invoice total (`"30"`); `fixed`: an amount of company
    /// currency; absent for `balance`.
    pub value: Option<DecimalText>,
    /// Days from the invoice date (or from the end of its month), 0 or more.
    pub days: i64,
    /// Count the days from the last day of the invoice's month.
    pub end_of_month: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EarlyDiscountInput {
    /// Percent of the invoice total, above 0 and below 100 (`"2"`).
    pub percent: DecimalText,
    /// Days from the invoice date within which the discount may be taken.
    pub days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EarlyDiscount {
    pub percent: String,
    pub days: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePaymentTerm {
    pub name: String,
    pub lines: Vec<PaymentTermLineInput>,
    pub early_discount: Option<EarlyDiscountInput>,
    pub active: Option<bool>,
}

/// Only the fields sent change; `lines` replaces every line; `earlyDiscount: null` removes it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePaymentTerm {
    pub name: Option<String>,
    pub lines: Option<Vec<PaymentTermLineInput>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<EarlyDiscountInput>)]
    pub early_discount: Option<Option<EarlyDiscountInput>>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentTermLineView {
    pub kind: String,
    /// Percent (`"30"`) or company-currency amount; null for `balance`.
    pub value: Option<String>,
    pub days: i64,
    pub end_of_month: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentTermView {
    pub id: Uuid,
    pub name: String,
    pub lines: Vec<PaymentTermLineView>,
    pub early_discount: Option<EarlyDiscount>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// One installment of an invoice, in its currency.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstallmentView {
    pub due_date: String,
    pub amount: String,
    /// What is still due on it: settlements take the oldest due date first.
    pub amount_due: String,
}
