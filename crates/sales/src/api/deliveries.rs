//! Request and response shapes of sales' deliveries and available-to-promise.

use arkan_platform::extract::DecimalText;
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// What to deliver of an order line (in the line's unit).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliveryLineInput {
    pub line_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
}

/// A draft delivery of what no delivery covers yet (all the order's goods lines, or these).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliveryFromOrder {
    pub lines: Option<Vec<DeliveryLineInput>>,
    /// Default the order's commitment date, else today.
    pub scheduled_date: Option<String>,
    /// Default the order's warehouse.
    pub warehouse_id: Option<Uuid>,
    pub shipping_address: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub notes: Option<String>,
}

/// A lot or serial number delivered and its quantity.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliveredLot {
    pub lot_number: String,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
}

/// What was delivered of a delivery line.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliverLine {
    /// A line of the delivery.
    pub line_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
    /// The lot or serial numbers of a tracked product.
    pub lots: Option<Vec<DeliveredLot>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliverDelivery {
    /// Default today.
    pub date: Option<String>,
    /// Default every line in full; a line left out is not delivered now.
    pub lines: Option<Vec<DeliverLine>>,
    /// What is not delivered goes to a backorder delivery (default true), else is dropped.
    pub backorder: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryLineView {
    pub id: Uuid,
    pub order_line_id: Uuid,
    pub product_id: Uuid,
    pub description: String,
    pub uom: String,
    pub quantity: String,
    pub quantity_reserved: String,
    pub quantity_delivered: String,
    pub move_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub id: Uuid,
    pub order_id: Uuid,
    pub partner_id: Uuid,
    pub warehouse_id: Uuid,
    /// The transfer's number once confirmed (`WH/OUT/00001`).
    pub number: Option<String>,
    /// `draft`, `confirmed`, `assigned` (all reserved), `done` or `cancelled`.
    pub state: String,
    pub scheduled_date: String,
    pub shipping_address: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<DeliveryLineView>,
    pub done_at: Option<String>,
    pub backorder_id: Option<Uuid>,
    /// The inventory transfer once confirmed.
    pub transfer_id: Option<Uuid>,
    pub move_ids: Vec<Uuid>,
    /// The cost of goods sold posted when it was done (valued goods only).
    pub cogs_entry_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryListQuery {
    pub order_id: Option<String>,
    /// `draft`, `confirmed`, `done` or `cancelled`.
    pub state: Option<String>,
    pub partner_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtpQuery {
    /// Default the company's first warehouse.
    pub warehouse_id: Option<String>,
    /// Default today.
    pub date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AtpPointView {
    pub date: String,
    pub incoming: String,
    pub outgoing: String,
    pub atp: String,
}

/// Available-to-promise, in the product's unit: atp = onHand + incoming − outgoing up to
/// `date` (open moves by their date; reserved goods are part of outgoing).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AtpView {
    pub product_id: Uuid,
    pub warehouse_id: Uuid,
    pub date: String,
    pub uom: String,
    pub on_hand: String,
    pub reserved: String,
    pub incoming: String,
    pub outgoing: String,
    pub atp: String,
    pub timeline: Vec<AtpPointView>,
}
