//! Request and response shapes of warehouses, locations, stock moves and transfers.
//! Quantities are decimal strings with their unit's decimals (`"2.500"` kg, `"3"` units).

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    /// Moves may take more than is on hand (default false: 409 `insufficient_stock`).
    pub allow_negative_stock: bool,
    pub supplier_location_id: Uuid,
    pub customer_location_id: Uuid,
    pub inventory_location_id: Uuid,
    pub scrap_location_id: Uuid,
    pub transit_location_id: Uuid,
    pub production_location_id: Uuid,
    /// The journal valuation entries are posted in (seeded `STJ`); null: nothing is posted.
    pub stock_journal_id: Option<Uuid>,
    /// Debited for stock coming in, credited for stock going out (a category may name its
    /// own); seeded `120000 Inventory`.
    pub stock_valuation_account_id: Option<Uuid>,
    /// The counterpart of receipts from vendors (goods received not invoiced), seeded
    /// `203100`.
    pub stock_input_account_id: Option<Uuid>,
    /// The counterpart of adjustments, scrap and production, seeded `502000`.
    pub inventory_loss_account_id: Option<Uuid>,
    /// Where a receipt at a price other than the standard cost, and a standard cost change,
    /// post the difference; seeded `503000`.
    pub price_difference_account_id: Option<Uuid>,
    /// The counterpart of deliveries to customers unless the category names its expense
    /// account; seeded `501000`.
    pub cost_of_goods_sold_account_id: Option<Uuid>,
    /// Purchase orders above it (company currency) need approval; null: no threshold.
    pub purchase_approval_threshold: Option<String>,
    /// Each member's own limit: above it the member's orders need approval; a member whose
    /// limit covers an order may approve it.
    pub purchase_approval_limits: Vec<ApprovalLimitView>,
    /// How far past the ordered quantity a receipt may go (0-100).
    pub over_receipt_tolerance_percent: String,
    /// `received` (default) or `ordered`: what a bill from a purchase order may bill.
    pub bill_control: String,
    /// How far above the order's unit price a bill's price may go before it is a mismatch.
    pub bill_price_tolerance_percent: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalLimitView {
    pub user_id: Uuid,
    /// In the company currency.
    pub limit: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApprovalLimitInput {
    /// A member of the company.
    pub user_id: Uuid,
    /// In the company currency, 0 or more.
    pub limit: DecimalText,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSettings {
    pub allow_negative_stock: Option<bool>,
    /// A journal of the company; `null` stops posting.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub stock_journal_id: Option<Option<Uuid>>,
    /// An active account of the company (as each of the accounts below); `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub stock_valuation_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub stock_input_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub inventory_loss_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub price_difference_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub cost_of_goods_sold_account_id: Option<Option<Uuid>>,
    /// `null` removes the threshold.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub purchase_approval_threshold: Option<Option<DecimalText>>,
    /// Replaces every limit (one per member).
    pub purchase_approval_limits: Option<Vec<ApprovalLimitInput>>,
    pub over_receipt_tolerance_percent: Option<DecimalText>,
    pub bill_control: Option<String>,
    pub bill_price_tolerance_percent: Option<DecimalText>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWarehouse {
    pub name: String,
    /// Short code, unique in the company; prefixes its locations and document numbers.
    pub code: String,
    pub address: Option<String>,
    /// `one_step` (default), `two_steps` or `three_steps`.
    pub reception_steps: Option<String>,
    /// `ship_only` (default), `pick_ship` or `pick_pack_ship`.
    pub delivery_steps: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateWarehouse {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    pub reception_steps: Option<String>,
    pub delivery_steps: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WarehouseView {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub address: Option<String>,
    pub reception_steps: String,
    pub delivery_steps: String,
    pub view_location_id: Uuid,
    pub stock_location_id: Uuid,
    pub input_location_id: Uuid,
    pub quality_location_id: Uuid,
    pub pack_location_id: Uuid,
    pub output_location_id: Uuid,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarehouseListQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateLocation {
    pub name: String,
    /// The location it sits in (a warehouse's view or stock location, a shelf); it takes the
    /// parent's warehouse.
    pub parent_id: Option<Uuid>,
    /// `view`, `internal`, `supplier`, `customer`, `inventory`, `scrap`, `transit` or
    /// `production`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unique in the company (scanned by quick moves).
    pub barcode: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateLocation {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub barcode: Option<Option<String>>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocationView {
    pub id: Uuid,
    pub name: String,
    /// `WH/Stock/Shelf 1`.
    pub full_name: String,
    pub parent_id: Option<Uuid>,
    #[serde(rename = "type")]
    pub kind: String,
    pub barcode: Option<String>,
    pub warehouse_id: Option<Uuid>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocationListQuery {
    pub warehouse_id: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    pub parent_id: Option<String>,
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A lot (or serial number) and its quantity on a move.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LotQuantity {
    pub lot_number: String,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LotQuantityView {
    pub lot_number: String,
    pub quantity: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateMove {
    pub product_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
    /// A unit of the product's unit category (default the product's).
    pub uom: Option<String>,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    /// Default today.
    pub date: Option<String>,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub partner_id: Option<Uuid>,
    /// Per unit of the move, company currency (default the product's cost).
    #[schema(value_type = Option<String>)]
    pub unit_cost: Option<DecimalText>,
    /// For a product tracked by lot or serial number.
    pub lots: Option<Vec<LotQuantity>>,
    /// Confirm, reserve and do it at once (default false: a draft).
    pub validate: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DoneMove {
    /// Default the whole quantity; less leaves the rest in a backorder move.
    #[schema(value_type = Option<String>)]
    pub quantity: Option<DecimalText>,
    pub lots: Option<Vec<LotQuantity>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MoveView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub quantity: String,
    pub uom: String,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    pub date: String,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub partner_id: Option<Uuid>,
    pub lots: Vec<LotQuantityView>,
    /// `draft`, `confirmed`, `assigned`, `done` or `cancelled`.
    pub state: String,
    pub reserved_quantity: String,
    pub quantity_done: String,
    pub transfer_id: Option<Uuid>,
    pub backorder_id: Option<Uuid>,
    pub unit_cost: String,
    /// Quantity times unit cost, company currency.
    pub value: String,
    pub journal_entry_id: Option<Uuid>,
    pub done_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MoveListQuery {
    pub state: Option<String>,
    pub product_id: Option<String>,
    pub location_id: Option<String>,
    pub transfer_id: Option<String>,
    pub partner_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransferLineInput {
    pub product_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
    pub uom: Option<String>,
    pub lots: Option<Vec<LotQuantity>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTransfer {
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    /// The scheduled date (default today).
    pub date: Option<String>,
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub partner_id: Option<Uuid>,
    pub lines: Vec<TransferLineInput>,
    /// Do it at once (default true); false leaves it confirmed, reserved where stock allows.
    pub validate: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateLine {
    pub line_id: Uuid,
    #[schema(value_type = String)]
    pub quantity_done: DecimalText,
    pub lots: Option<Vec<LotQuantity>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateTransfer {
    /// What was done of each line (default every line in full; a line left out is not done).
    pub lines: Option<Vec<ValidateLine>>,
    /// What is not done goes to a backorder transfer (default true) or is cancelled.
    pub backorder: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransferLineView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub description: Option<String>,
    pub uom: String,
    pub quantity: String,
    pub quantity_reserved: String,
    pub quantity_done: String,
    pub lots: Vec<LotQuantityView>,
    pub move_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransferView {
    pub id: Uuid,
    /// `receipt`, `delivery`, `internal` or `return`.
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
    pub state: String,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub scheduled_date: String,
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub done_at: Option<String>,
    pub lines: Vec<TransferLineView>,
    pub backorder_id: Option<Uuid>,
    /// Between warehouses: the arrival from transit at the destination.
    pub arrival_transfer_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TransferListQuery {
    pub state: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    pub partner_id: Option<String>,
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StockQuery {
    pub warehouse_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LotOnHand {
    pub lot_number: String,
    pub on_hand: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocationStock {
    pub location_id: Uuid,
    pub location_name: String,
    pub warehouse_id: Option<Uuid>,
    pub on_hand: String,
    pub reserved: String,
    pub available: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lots: Option<Vec<LotOnHand>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StockTotals {
    pub on_hand: String,
    pub reserved: String,
    pub available: String,
    pub incoming: String,
    pub outgoing: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductStockView {
    pub product_id: Uuid,
    pub uom: String,
    pub locations: Vec<LocationStock>,
    pub totals: StockTotals,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdjustmentLineInput {
    pub product_id: Uuid,
    /// What is there, in `uom` (default the product's unit); booked in the product's unit.
    #[schema(value_type = String)]
    pub counted_quantity: DecimalText,
    pub uom: Option<String>,
    /// Required for a product tracked by lot or serial number: the lot counted.
    pub lot_number: Option<String>,
}

/// Counted quantities at one internal location: each difference from what the books hold is
/// moved from or to the inventory loss location, and the adjustment is done at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAdjustment {
    pub location_id: Uuid,
    /// Default today.
    pub date: Option<String>,
    /// Why the books were wrong (free text: "annual count", "damaged in storm").
    pub reason: Option<String>,
    pub lines: Vec<AdjustmentLineInput>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentLineView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub location_id: Uuid,
    pub lot_number: Option<String>,
    /// The product's unit: every quantity of the line is in it.
    pub uom: String,
    /// What the books held when the adjustment was done.
    pub theoretical_quantity: String,
    pub counted_quantity: String,
    /// Counted minus theoretical.
    pub difference: String,
    /// The move that booked the difference (none when there was none).
    pub move_id: Option<Uuid>,
    /// The difference at the product's cost, company currency.
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentView {
    pub id: Uuid,
    /// `WH/ADJ/00001`.
    pub number: String,
    /// Always `done`: an adjustment is booked when it is made.
    pub state: String,
    pub location_id: Uuid,
    pub date: String,
    pub reason: Option<String>,
    pub lines: Vec<AdjustmentLineView>,
    /// The sum of the lines' values.
    pub value: String,
    pub currency: String,
    /// Set once stock valuation posts adjustments (Order 12).
    pub journal_entry_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdjustmentListQuery {
    pub location_id: Option<String>,
    pub product_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A count of a warehouse, narrowed by locations (and the locations inside them), product
/// categories (and their sub-categories), products, or ABC class (by stock value in the
/// warehouse: A the first 80 %, B the next 15 %, C the rest).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCycleCount {
    pub warehouse_id: Uuid,
    pub location_ids: Option<Vec<Uuid>>,
    pub category_ids: Option<Vec<Uuid>>,
    pub product_ids: Option<Vec<Uuid>>,
    /// `A`, `B` or `C`.
    pub abc_class: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// Default the number.
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CycleCountLineView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub location_id: Uuid,
    pub lot_number: Option<String>,
    pub uom: String,
    /// What the books held when the line was made.
    pub expected_quantity: String,
    pub counted_quantity: Option<String>,
    /// Counted minus expected, once counted.
    pub difference: Option<String>,
    pub counted: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CycleCountView {
    pub id: Uuid,
    /// `WH/CC/00001`.
    pub number: String,
    pub name: String,
    /// `in_progress`, `done` or `cancelled`.
    pub state: String,
    pub warehouse_id: Uuid,
    pub abc_class: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub lines: Vec<CycleCountLineView>,
    /// The adjustment validation made of the counted lines.
    pub adjustment_id: Option<Uuid>,
    pub done_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One counted quantity: of a line, or of a product at a location of the warehouse (a line is
/// added when the session has none for it), in the product's unit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CountInput {
    pub line_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub lot_number: Option<String>,
    #[schema(value_type = String)]
    pub counted_quantity: DecimalText,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitCounts {
    pub counts: Vec<CountInput>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CycleCountListQuery {
    pub state: Option<String>,
    pub warehouse_id: Option<String>,
    pub assignee_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A stock move by scanned codes: the product's barcode (or SKU) and the two locations'
/// barcodes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuickMove {
    pub product_barcode: String,
    pub source_location_barcode: String,
    pub destination_location_barcode: String,
    /// Default 1 of the product's unit.
    #[schema(value_type = Option<String>)]
    pub quantity: Option<DecimalText>,
    /// For a product tracked by lot or serial number.
    pub lot_number: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateScrap {
    pub product_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
    pub uom: Option<String>,
    /// The internal location the goods are taken from.
    pub location_id: Uuid,
    /// A scrap reason's code (`GET /inventory/scrap/reasons`).
    pub reason: String,
    pub lot_number: Option<String>,
    pub notes: Option<String>,
    /// Default today.
    pub date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScrapView {
    pub id: Uuid,
    /// `WH/SP/00001`.
    pub number: String,
    /// Always `done`.
    pub state: String,
    pub product_id: Uuid,
    pub quantity: String,
    pub uom: String,
    pub location_id: Uuid,
    pub scrap_location_id: Uuid,
    pub reason: String,
    pub lot_number: Option<String>,
    pub notes: Option<String>,
    pub date: String,
    pub move_id: Uuid,
    /// At the product's cost, company currency.
    pub value: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScrapListQuery {
    pub product_id: Option<String>,
    pub location_id: Option<String>,
    pub reason: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateScrapReason {
    /// Lower-case letters, digits and `_`; unique with the standard codes.
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScrapReasonView {
    pub code: String,
    pub name: String,
    /// True for the standard reasons every company has.
    pub standard: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScrapReasonList {
    pub data: Vec<ScrapReasonView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LotView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub lot_number: String,
    pub expiry_date: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LotListQuery {
    pub product_id: Option<String>,
    /// Part of the lot number.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
// Putaway rules and routes.
mod rules;
pub use rules::*;

/// What may change of a cycle count in progress.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCycleCount {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
}

// Valuation reports.
mod valuation;
pub use valuation::*;

// Landed costs.
mod landed_costs;
pub use landed_costs::*;
// Turnover, ABC, aging, dead stock and forecast reports.
mod reports;
pub use reports::*;
