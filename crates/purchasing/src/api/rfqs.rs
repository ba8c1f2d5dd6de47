//! Request and response shapes of RFQs, vendor quotes and their comparison.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRfq {
    /// The vendors asked for a quote (at least one, each once).
    pub partner_ids: Vec<Uuid>,
    /// An instant (RFC 3339): when the quotes are due.
    pub deadline: Option<String>,
    pub expected_date: Option<String>,
    /// Default the company's.
    pub currency: Option<String>,
    pub warehouse_id: Option<Uuid>,
    pub notes: Option<String>,
    pub lines: Vec<RequestLineInput>,
}

/// A line of an RFQ or tender: a product or a description (default the product's name), a
/// quantity in `uom` (default the product's purchase unit, else `unit`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestLineInput {
    pub product_id: Option<Uuid>,
    pub description: Option<String>,
    pub quantity: DecimalText,
    pub uom: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateRfq {
    pub partner_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub deadline: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub expected_date: Option<Option<String>>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub warehouse_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    /// Replaces every line.
    pub lines: Option<Vec<RequestLineInput>>,
}

/// The body of `cancel` (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelDocument {
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RfqView {
    pub id: Uuid,
    /// Null while a draft: `RFQ/2026/00001` once sent.
    pub number: Option<String>,
    /// `draft`, `sent`, `closed` or `cancelled`.
    pub state: String,
    pub partner_ids: Vec<Uuid>,
    pub deadline: Option<String>,
    pub expected_date: Option<String>,
    pub currency: String,
    pub warehouse_id: Option<Uuid>,
    pub notes: Option<String>,
    pub lines: Vec<RequestLineView>,
    pub quotes: Vec<QuoteView>,
    pub purchase_order_ids: Vec<Uuid>,
    pub sent_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestLineView {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    pub uom: String,
    /// The purchase order the line went to, once awarded.
    pub purchase_order_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitQuote {
    /// One of the vendors the RFQ asked.
    pub partner_id: Uuid,
    pub valid_until: Option<String>,
    pub lead_time_days: Option<i32>,
    /// Default (and only) the RFQ's.
    pub currency: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<QuoteLineInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuoteLineInput {
    /// A line of the RFQ.
    pub line_id: Uuid,
    pub unit_price: DecimalText,
    /// Default the RFQ line's.
    pub quantity: Option<DecimalText>,
    pub discount_percent: Option<DecimalText>,
    pub lead_time_days: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    pub id: Uuid,
    pub rfq_id: Uuid,
    pub partner_id: Uuid,
    pub currency: String,
    pub amount_untaxed: String,
    pub valid_until: Option<String>,
    pub lead_time_days: Option<i32>,
    pub submitted_at: String,
    /// `staff` or `portal`.
    pub source: String,
    pub notes: Option<String>,
    pub lines: Vec<QuoteLineView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLineView {
    pub line_id: Uuid,
    pub unit_price: String,
    pub quantity: String,
    pub discount_percent: String,
    pub lead_time_days: Option<i32>,
    pub subtotal: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwardQuote {
    pub quote_id: Uuid,
    /// The RFQ lines to order (default every line the quote prices that is not awarded yet).
    pub line_ids: Option<Vec<Uuid>>,
}

/// The comparison of an RFQ's quotes (or a tender's bids, `bidId` for `quoteId`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rfq_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement_id: Option<Uuid>,
    pub currency: String,
    pub vendors: Vec<ComparedVendor>,
    pub lines: Vec<ComparedLine>,
    pub best_price_partner_id: Option<Uuid>,
    pub fastest_partner_id: Option<Uuid>,
    pub best_rated_partner_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparedVendor {
    pub partner_id: Uuid,
    pub partner_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bid_id: Option<Uuid>,
    pub amount_untaxed: String,
    pub lead_time_days: Option<i32>,
    pub valid_until: Option<String>,
    /// 0-100 (see the crate README); null when nothing can be scored.
    pub score: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparedLine {
    pub line_id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    pub offers: Vec<ComparedOffer>,
    pub best_price_partner_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparedOffer {
    pub partner_id: Uuid,
    pub unit_price: String,
    pub subtotal: String,
    pub lead_time_days: Option<i32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RfqListQuery {
    /// `draft`, `sent`, `closed` or `cancelled`.
    pub state: Option<String>,
    /// RFQs that asked this vendor.
    pub partner_id: Option<String>,
    pub warehouse_id: Option<String>,
    /// On the creation day.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// In the number or the notes.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
