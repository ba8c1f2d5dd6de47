//! Shapes of taxes.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTax {
    pub name: String,
    /// `percent` or `fixed`.
    pub amount_type: String,
    /// The percent for `percent` (`"5"`; from -100 to 100, negative for a withholding tax),
    /// the amount in company currency for `fixed`.
    pub rate: DecimalText,
    /// `sale`, `purchase` or `none`.
    pub type_tax_use: String,
    pub price_include: Option<bool>,
    pub account_id: Uuid,
    /// VAT 201 box (`1a`, `9`, ...).
    pub vat_box: Option<String>,
    /// UAE reverse charge (purchases): booked on `accountId` (payable) and on
    /// `counterpartAccountId` (recoverable), not charged by the vendor.
    pub reverse_charge: Option<bool>,
    pub counterpart_account_id: Option<Uuid>,
    /// A line's taxes apply in ascending sequence (ties: the order of `taxIds`); default 10.
    pub sequence: Option<i64>,
    /// Its amount joins the base of the line's taxes of a higher sequence; default false.
    pub include_base_amount: Option<bool>,
    /// Purchase taxes: the percent the buyer may recover (0 to 100, default 100); the rest is
    /// booked on the line's expense account.
    pub recoverable_percent: Option<DecimalText>,
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTax {
    pub name: Option<String>,
    pub account_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub vat_box: Option<Option<String>>,
    pub sequence: Option<i64>,
    pub include_base_amount: Option<bool>,
    pub recoverable_percent: Option<DecimalText>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaxView {
    pub id: Uuid,
    pub name: String,
    pub amount_type: String,
    pub rate: String,
    pub type_tax_use: String,
    pub price_include: bool,
    pub account_id: Uuid,
    pub vat_box: Option<String>,
    pub reverse_charge: bool,
    pub counterpart_account_id: Option<Uuid>,
    pub sequence: i64,
    pub include_base_amount: bool,
    pub recoverable_percent: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}
