//! Error codes of inventory: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::domain::{CycleCountState, LandedCostState, MoveState};

pub const INSUFFICIENT_STOCK: &str = "insufficient_stock";
pub const STOCK_MOVE_NOT_OPEN: &str = "stock_move_not_open";
pub const STOCK_MOVE_NOT_DRAFT: &str = "stock_move_not_draft";
pub const STOCK_TRANSFER_NOT_OPEN: &str = "stock_transfer_not_open";
pub const SERIAL_IN_STOCK: &str = "serial_in_stock";
pub const WAREHOUSE_CODE_TAKEN: &str = "warehouse_code_taken";
pub const WAREHOUSE_IN_USE: &str = "warehouse_in_use";
pub const LOCATION_BARCODE_TAKEN: &str = "location_barcode_taken";
pub const LOCATION_IN_USE: &str = "location_in_use";
pub const CYCLE_COUNT_NOT_IN_PROGRESS: &str = "cycle_count_not_in_progress";
pub const SCRAP_REASON_CODE_TAKEN: &str = "scrap_reason_code_taken";
pub const STOCK_ADJUSTMENT_NOT_DRAFT: &str = "stock_adjustment_not_draft";
pub const SCRAP_NOT_DRAFT: &str = "scrap_not_draft";
pub const STOCK_ACCOUNT_MISSING: &str = "stock_account_missing";
pub const LANDED_COST_NOT_DRAFT: &str = "landed_cost_not_draft";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    INSUFFICIENT_STOCK,
    STOCK_MOVE_NOT_OPEN,
    STOCK_MOVE_NOT_DRAFT,
    STOCK_TRANSFER_NOT_OPEN,
    SERIAL_IN_STOCK,
    WAREHOUSE_CODE_TAKEN,
    WAREHOUSE_IN_USE,
    LOCATION_BARCODE_TAKEN,
    LOCATION_IN_USE,
    CYCLE_COUNT_NOT_IN_PROGRESS,
    SCRAP_REASON_CODE_TAKEN,
    STOCK_ADJUSTMENT_NOT_DRAFT,
    SCRAP_NOT_DRAFT,
    STOCK_ACCOUNT_MISSING,
    LANDED_COST_NOT_DRAFT,
];

/// 409 `landed_cost_not_draft`: editing, deleting, posting or cancelling a landed cost that is
/// posted or cancelled (a posted one stays: its entry is in the books).
pub fn landed_cost_not_draft(state: LandedCostState) -> ApiError {
    ApiError::conflict(
        LANDED_COST_NOT_DRAFT,
        format!("The landed cost is {}, not a draft", state.as_str()),
    )
}

/// 409 `stock_account_missing`: a move to value while the inventory settings name the stock
/// journal but not an account its entry needs.
pub fn stock_account_missing() -> ApiError {
    ApiError::conflict(
        STOCK_ACCOUNT_MISSING,
        "The inventory settings name the stock journal but not every account a valuation entry \
         needs (stock valuation, stock input, cost of goods sold, inventory loss, price \
         difference): choose them, or clear the journal to keep stock unposted",
    )
}

/// 409 `insufficient_stock`: a move would take more than is on hand and not reserved by
/// others at its source (`what` names the product or lot and the location), while the
/// company does not allow negative stock.
pub fn insufficient_stock(what: &str) -> ApiError {
    ApiError::conflict(
        INSUFFICIENT_STOCK,
        format!("Not enough stock: {what} has less available than the move takes"),
    )
}

/// 409 `stock_move_not_open`: a transition of a move that is done or cancelled.
pub fn stock_move_not_open(state: MoveState) -> ApiError {
    ApiError::conflict(
        STOCK_MOVE_NOT_OPEN,
        format!("The move is {}: it cannot change", state.as_str()),
    )
}

/// 409 `stock_move_not_draft`: confirming a move that is not a draft.
pub fn stock_move_not_draft(state: MoveState) -> ApiError {
    ApiError::conflict(
        STOCK_MOVE_NOT_DRAFT,
        format!("The move is {}, not a draft", state.as_str()),
    )
}

/// 409 `stock_transfer_not_open`: confirming, validating or cancelling a transfer that is
/// done or cancelled.
pub fn stock_transfer_not_open(state: MoveState) -> ApiError {
    ApiError::conflict(
        STOCK_TRANSFER_NOT_OPEN,
        format!("The transfer is {}: it cannot change", state.as_str()),
    )
}

/// 409 `serial_in_stock`: a serial number brought into the company's stock while it is
/// already there (a serial is one unit).
pub fn serial_in_stock(number: &str) -> ApiError {
    ApiError::conflict(
        SERIAL_IN_STOCK,
        format!("Serial number {number} is already in stock"),
    )
}

/// 409 `warehouse_code_taken`: another warehouse of the company has this code.
pub fn warehouse_code_taken() -> ApiError {
    ApiError::conflict(
        WAREHOUSE_CODE_TAKEN,
        "Another warehouse of the company has this code",
    )
}

/// 409 `warehouse_in_use`: deleting a warehouse whose locations stock moves name (archive it
/// with `active: false`).
pub fn warehouse_in_use() -> ApiError {
    ApiError::conflict(
        WAREHOUSE_IN_USE,
        "Stock has moved through this warehouse: archive it with active false",
    )
}

/// 409 `location_barcode_taken`: another location of the company has this barcode.
pub fn location_barcode_taken() -> ApiError {
    ApiError::conflict(
        LOCATION_BARCODE_TAKEN,
        "Another location of the company has this barcode",
    )
}

/// 409 `location_in_use`: deleting a location that has sub-locations, a warehouse or moves
/// (archive it with `active: false`).
pub fn location_in_use() -> ApiError {
    ApiError::conflict(
        LOCATION_IN_USE,
        "The location is in use: archive it with active false",
    )
}

/// 409 `cycle_count_not_in_progress`: counting, validating or cancelling a session that is
/// done or cancelled.
pub fn cycle_count_not_in_progress(state: CycleCountState) -> ApiError {
    ApiError::conflict(
        CYCLE_COUNT_NOT_IN_PROGRESS,
        format!("The cycle count is {}: it cannot change", state.as_str()),
    )
}

/// 409 `scrap_reason_code_taken`: a standard or another custom scrap reason has this code.
pub fn scrap_reason_code_taken() -> ApiError {
    ApiError::conflict(
        SCRAP_REASON_CODE_TAKEN,
        "A scrap reason with this code exists",
    )
}

/// 409 `stock_adjustment_not_draft`: editing or deleting an adjustment, which is booked when it
/// is made (a later adjustment corrects it).
pub fn stock_adjustment_not_draft() -> ApiError {
    ApiError::conflict(
        STOCK_ADJUSTMENT_NOT_DRAFT,
        "The adjustment is done: book another adjustment to correct it",
    )
}

/// 409 `scrap_not_draft`: editing or deleting a scrap order, which is done when it is made.
pub fn scrap_not_draft() -> ApiError {
    ApiError::conflict(
        SCRAP_NOT_DRAFT,
        "The scrap order is done: move the goods back from scrap to undo it",
    )
}
