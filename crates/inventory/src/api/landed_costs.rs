//! Request and response shapes of landed costs.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateLandedCost {
    /// The day the costs are posted (default today).
    pub date: Option<String>,
    /// Done receipts (transfers that brought goods in from vendors) the costs are spread over.
    pub transfer_ids: Vec<Uuid>,
    /// The vendor bill the costs were charged on, if any.
    pub vendor_bill_id: Option<Uuid>,
    pub costs: Vec<LandedCostInput>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LandedCostInput {
    /// Freight, customs duty, insurance...
    pub description: String,
    /// In the company currency, more than 0.
    pub amount: DecimalText,
    /// `equal`, `by_quantity`, `by_weight`, `by_volume` or `by_value`.
    pub split_method: String,
    /// The account credited (default the settings' stock input account: the bill clears it).
    pub account_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateLandedCost {
    pub date: Option<String>,
    pub transfer_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub vendor_bill_id: Option<Option<Uuid>>,
    pub costs: Option<Vec<LandedCostInput>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelLandedCost {
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LandedCostView {
    pub id: Uuid,
    /// Null while a draft: `LC/2026/00001` once posted.
    pub number: Option<String>,
    /// `draft`, `posted` or `cancelled`.
    pub state: String,
    pub date: String,
    pub transfer_ids: Vec<Uuid>,
    pub vendor_bill_id: Option<Uuid>,
    pub currency: String,
    pub amount_total: String,
    pub costs: Vec<LandedCostLineView>,
    /// What each received move takes (computed while a draft, fixed when posted).
    pub allocations: Vec<AllocationView>,
    pub journal_entry_id: Option<Uuid>,
    pub notes: Option<String>,
    pub cancel_reason: Option<String>,
    pub posted_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LandedCostLineView {
    pub description: String,
    pub amount: String,
    pub split_method: String,
    pub account_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AllocationView {
    pub transfer_id: Uuid,
    pub move_id: Uuid,
    pub product_id: Uuid,
    /// In the move's unit.
    pub quantity: String,
    pub additional_cost: String,
    /// Per unit of the move, before and after the costs.
    pub former_unit_cost: String,
    pub new_unit_cost: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LandedCostListQuery {
    pub state: Option<String>,
    pub vendor_bill_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
