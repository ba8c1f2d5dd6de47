//! Shapes of the accounting settings.

use super::*;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountingSettings {
    /// `line`: each line's tax is rounded, then added up (default). `document`: each tax is
    /// added up unrounded over the document and rounded once.
    pub tax_rounding: String,
    /// The largest write-off an allocation may book (`writeOffAccountId`), in the company
    /// currency; `"0.00"` (the default) allows none.
    pub write_off_limit: String,
    /// Where early-payment discounts taken by clients are booked (customer documents).
    pub discount_allowed_account_id: Option<Uuid>,
    /// Where early-payment discounts taken from vendors are booked (vendor documents).
    pub discount_received_account_id: Option<Uuid>,
    /// The equity account the year-end close moves profit and loss into (the close's
    /// `retainedEarningsAccountId` wins over it).
    pub retained_earnings_account_id: Option<Uuid>,
    /// The emirate of supplies to clients whose address names none (VAT return, box 1): `Abu
    /// Dhabi`, `Dubai`, `Sharjah`, `Ajman`, `Umm Al Quwain`, `Ras Al Khaimah` or `Fujairah`.
    pub vat_emirate: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAccountingSettings {
    pub tax_rounding: Option<String>,
    /// Company currency, zero or more.
    pub write_off_limit: Option<DecimalText>,
    /// An active account of the company; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub discount_allowed_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub discount_received_account_id: Option<Option<Uuid>>,
    /// An active `equity` account of the company; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub retained_earnings_account_id: Option<Option<Uuid>>,
    /// One of the seven emirates; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub vat_emirate: Option<Option<String>>,
}
