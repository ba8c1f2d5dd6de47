//! Error codes of fixed assets: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::domain::AssetState;

pub const ASSET_NOT_RUNNING: &str = "asset_not_running";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[ASSET_NOT_RUNNING];

/// 409 `asset_not_running`: depreciating an asset that is paused or disposed.
pub fn asset_not_running(state: AssetState) -> ApiError {
    ApiError::conflict(
        ASSET_NOT_RUNNING,
        format!("The asset is {state}: only a running asset is depreciated"),
    )
}
