//! Error codes of the financial reports: one constant each, listed in `ALL` for the
//! documentation check, and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::budgets::BudgetState;

pub const BUDGET_NOT_DRAFT: &str = "budget_not_draft";
pub const BUDGET_ALREADY_CANCELLED: &str = "budget_already_cancelled";
pub const VAT_EMIRATE_NOT_SET: &str = "vat_emirate_not_set";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    BUDGET_NOT_DRAFT,
    BUDGET_ALREADY_CANCELLED,
    VAT_EMIRATE_NOT_SET,
];

/// 409 `budget_not_draft`: a budget changed, deleted or approved after it left `draft`.
pub fn budget_not_draft(state: BudgetState) -> ApiError {
    ApiError::conflict(
        BUDGET_NOT_DRAFT,
        format!("The budget is {state}: only a draft budget can be changed, deleted or approved"),
    )
}

/// 409 `budget_already_cancelled`: cancelling a budget that is already cancelled.
pub fn budget_already_cancelled() -> ApiError {
    ApiError::conflict(BUDGET_ALREADY_CANCELLED, "The budget is already cancelled")
}
/// A standard-rated supply to a client without an emirate, and no `vatEmirate` setting to fall
/// back on: box 1 cannot be split.
pub fn vat_emirate_not_set() -> ApiError {
    ApiError::conflict(
        VAT_EMIRATE_NOT_SET,
        "A standard-rated supply goes to a client without an emirate: set the client's address \
         emirate or the accounting setting vatEmirate",
    )
}
