//! Shapes of taxes.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTax {
    pub name: String,
    /// `percent` or `fixed`.
    pub amount_type: String,
    /// The percent for `percent` (`"5"`), the amount in company currency for `fixed`.
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
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}
