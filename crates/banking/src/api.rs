//! Request and response shapes of partner bank details and payment files.

use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutBankDetails {
    /// Spaces allowed; checked with mod-97 and, for the UAE, its 23-character structure.
    pub iban: String,
    pub bank_name: String,
    /// 8 or 11 characters.
    pub bic: Option<String>,
    /// UAE 9-digit routing code; its digits 2-4 must be the IBAN's bank code.
    pub routing_code: Option<String>,
    pub account_holder_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BankDetailsView {
    pub partner_id: Uuid,
    pub iban: String,
    /// The 3-digit bank code of a UAE IBAN.
    pub bank_code: Option<String>,
    pub bank_name: String,
    pub bic: Option<String>,
    pub routing_code: Option<String>,
    pub account_holder_name: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportPayments {
    /// Posted outbound payments to put in the file; without it, every exportable one in the
    /// date range.
    pub payment_ids: Option<Vec<Uuid>>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Requested value date (default: today).
    pub value_date: Option<String>,
    /// Include payments already exported.
    pub reexport: Option<bool>,
    /// CBUAE purpose code (default `GDS`, goods bought or sold).
    pub purpose_code: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportableQuery {
    /// Payments dated on or after (`YYYY-MM-DD`).
    pub date_from: Option<String>,
    /// Payments dated on or before (`YYYY-MM-DD`).
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportablePayment {
    pub payment_id: Uuid,
    pub number: Option<String>,
    pub partner_id: Uuid,
    pub amount: String,
    pub currency: String,
    pub date: String,
    /// What stops the payment from going into a file (empty when it can).
    pub problems: Vec<String>,
}
