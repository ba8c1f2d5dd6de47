//! Error codes of the financial reports: one constant each, listed in `ALL` for the
//! documentation check, and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

pub const VAT_EMIRATE_NOT_SET: &str = "vat_emirate_not_set";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[VAT_EMIRATE_NOT_SET];

/// A standard-rated supply to a client without an emirate, and no `vatEmirate` setting to fall
/// back on: box 1 cannot be split.
pub fn vat_emirate_not_set() -> ApiError {
    ApiError::conflict(
        VAT_EMIRATE_NOT_SET,
        "A standard-rated supply goes to a client without an emirate: set the client's address \
         emirate or the accounting setting vatEmirate",
    )
}
