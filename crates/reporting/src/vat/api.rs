//! Shapes of the VAT return (VAT 201), its drill-down lines and the FTA audit file.

use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaxReportQuery {
    /// First day (default: the start of the fiscal year `date_to` falls in).
    pub date_from: Option<String>,
    /// Last day (default: today).
    pub date_to: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

/// One box of the return. Cells the form leaves blank are null.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VatBox {
    /// `1a` … `1g`, `2` … `14`.
    #[serde(rename = "box")]
    pub box_id: String,
    pub label: String,
    /// Net value (AED).
    pub amount: Option<String>,
    /// The VAT (outputs), the recoverable VAT (inputs), or the box's figure (12 to 14).
    pub vat_amount: Option<String>,
    pub adjustment: Option<String>,
}

/// The UAE VAT return (form VAT 201) of a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaxReport {
    pub date_from: String,
    pub date_to: String,
    /// Always `AED`.
    pub currency: String,
    /// The company's tax registration number.
    pub trn: Option<String>,
    pub boxes: Vec<VatBox>,
    /// Box 14: box 12 less box 13 (negative: a refund may be claimed).
    pub net_vat_due: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaxLinesQuery {
    /// The box whose lines to list: `1a` … `1g`, `2` … `7`, `9`, `10`.
    #[serde(rename = "box")]
    #[param(rename = "box")]
    pub box_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// One entry's part of a box: per tax and partner, its base and its VAT (the recoverable VAT in
/// the input boxes 9 and 10), signed as the return shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaxLineView {
    pub journal_entry_id: Uuid,
    /// The invoice, bill or credit note posted as the entry, if any.
    pub invoice_id: Option<Uuid>,
    /// The entry's number (a document's number is its entry's).
    pub number: Option<String>,
    pub date: String,
    pub partner_id: Option<Uuid>,
    pub tax_id: Uuid,
    pub base: String,
    pub tax: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFileQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}
