//! Error codes of fixed assets: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::domain::AssetState;

pub const ASSET_NOT_RUNNING: &str = "asset_not_running";
pub const ASSET_ALREADY_DISPOSED: &str = "asset_already_disposed";
pub const ASSET_NOT_PAUSED: &str = "asset_not_paused";
pub const BILL_LINE_HAS_ASSET: &str = "bill_line_has_asset";
pub const ASSET_CATEGORY_IN_USE: &str = "asset_category_in_use";
pub const ASSET_HAS_POSTINGS: &str = "asset_has_postings";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    ASSET_NOT_RUNNING,
    ASSET_ALREADY_DISPOSED,
    ASSET_NOT_PAUSED,
    BILL_LINE_HAS_ASSET,
    ASSET_CATEGORY_IN_USE,
    ASSET_HAS_POSTINGS,
];

/// 409 `asset_category_in_use`: deleting a category an asset names.
pub fn asset_category_in_use() -> ApiError {
    ApiError::conflict(
        ASSET_CATEGORY_IN_USE,
        "An asset names this category: it cannot be deleted",
    )
}

/// 409 `asset_has_postings`: deleting an asset with depreciation posted or disposed of.
pub fn asset_has_postings() -> ApiError {
    ApiError::conflict(
        ASSET_HAS_POSTINGS,
        "The asset has entries in the books: dispose of it instead",
    )
}

/// 409 `bill_line_has_asset`: a second asset from one vendor bill line.
pub fn bill_line_has_asset() -> ApiError {
    ApiError::conflict(
        BILL_LINE_HAS_ASSET,
        "An asset was already created from this vendor bill line",
    )
}

/// 409 `asset_not_paused`: resuming an asset that is not paused.
pub fn asset_not_paused(state: AssetState) -> ApiError {
    ApiError::conflict(
        ASSET_NOT_PAUSED,
        format!("The asset is {state}: only a paused asset is resumed"),
    )
}

/// 409 `asset_already_disposed`: disposing of an asset a second time.
pub fn asset_already_disposed() -> ApiError {
    ApiError::conflict(ASSET_ALREADY_DISPOSED, "The asset is already disposed of")
}

/// 409 `asset_not_running`: depreciating an asset that is paused or disposed, or pausing one
/// that is not running.
pub fn asset_not_running(state: AssetState) -> ApiError {
    ApiError::conflict(
        ASSET_NOT_RUNNING,
        format!("The asset is {state}: only a running asset is depreciated or paused"),
    )
}
