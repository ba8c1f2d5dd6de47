//! Request and response shapes of purchase agreements (tenders) and their bids.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::RequestLineInput;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAgreement {
    pub title: String,
    /// An instant (RFC 3339): bids are taken until then.
    pub deadline: String,
    /// Default the company's.
    pub currency: Option<String>,
    pub description: Option<String>,
    /// The vendors invited; none: any vendor may bid.
    pub partner_ids: Option<Vec<Uuid>>,
    pub lines: Vec<RequestLineInput>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAgreement {
    pub title: Option<String>,
    pub deadline: Option<String>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub partner_ids: Option<Vec<Uuid>>,
    /// Replaces every line.
    pub lines: Option<Vec<RequestLineInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitBid {
    pub partner_id: Uuid,
    pub valid_until: Option<String>,
    pub lead_time_days: Option<i32>,
    pub notes: Option<String>,
    pub lines: Vec<BidLineInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BidLineInput {
    /// A line of the tender.
    pub line_id: Uuid,
    pub unit_price: DecimalText,
    /// Default the tender line's.
    pub quantity: Option<DecimalText>,
}

/// The weights of `evaluate` (decimals of 0 or more, not all 0; normalised by their sum).
/// Without them: price 60, lead time 20, rating 20.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluateAgreement {
    pub weights: Option<WeightsInput>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeightsInput {
    pub price: Option<DecimalText>,
    pub lead_time: Option<DecimalText>,
    pub rating: Option<DecimalText>,
}

/// `{partnerId}` awards every line to one vendor; `{lines: [{lineId, partnerId}]}` line by
/// line.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwardAgreement {
    pub partner_id: Option<Uuid>,
    pub lines: Option<Vec<AwardLine>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwardLine {
    pub line_id: Uuid,
    pub partner_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgreementView {
    pub id: Uuid,
    /// Null while a draft: `TND/2026/00001` once opened.
    pub number: Option<String>,
    /// `draft`, `open`, `evaluation`, `awarded` or `cancelled`.
    pub state: String,
    pub title: String,
    pub deadline: String,
    pub currency: String,
    pub description: Option<String>,
    pub partner_ids: Vec<Uuid>,
    pub lines: Vec<AgreementLineView>,
    pub bid_count: i64,
    /// Empty while `open`: bids are sealed until the evaluation.
    pub bids: Vec<BidView>,
    /// The weights of the evaluation, once evaluated.
    pub weights: Option<WeightsView>,
    pub purchase_order_ids: Vec<Uuid>,
    pub opened_at: Option<String>,
    pub evaluated_at: Option<String>,
    pub awarded_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The weights an evaluation used, as given (decimals).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeightsView {
    pub price: String,
    pub lead_time: String,
    pub rating: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgreementLineView {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    pub uom: String,
    /// Once awarded: the vendor and the purchase order.
    pub awarded_partner_id: Option<Uuid>,
    pub purchase_order_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BidView {
    pub id: Uuid,
    pub agreement_id: Uuid,
    pub partner_id: Uuid,
    pub currency: String,
    pub amount_untaxed: String,
    pub valid_until: Option<String>,
    pub lead_time_days: Option<i32>,
    pub submitted_at: String,
    /// 0-100 once evaluated (formula in the crate README).
    pub score: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<BidLineView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BidLineView {
    pub line_id: Uuid,
    pub unit_price: String,
    pub quantity: String,
    pub subtotal: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementListQuery {
    /// `draft`, `open`, `evaluation`, `awarded` or `cancelled`.
    pub state: Option<String>,
    /// Tenders that invited this vendor.
    pub partner_id: Option<String>,
    /// On the creation day.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// In the number or the title.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
