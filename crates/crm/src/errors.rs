//! Error codes of the CRM. The partner directory's errors are the platform's (validation, not
//! found); the pipeline adds its state rules.

use arkan_platform::error::ApiError;
use serde_json::Value;

pub const DEAL_CLOSED: &str = "deal_closed";
pub const DEAL_NOT_CLOSED: &str = "deal_not_closed";
pub const LEAD_CONVERTED: &str = "lead_converted";
pub const LEAD_POSSIBLE_DUPLICATES: &str = "lead_possible_duplicates";
pub const STAGE_IN_USE: &str = "stage_in_use";
pub const STAGE_MISSING: &str = "stage_missing";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    DEAL_CLOSED,
    DEAL_NOT_CLOSED,
    LEAD_CONVERTED,
    LEAD_POSSIBLE_DUPLICATES,
    STAGE_IN_USE,
    STAGE_MISSING,
];

/// 409 `deal_closed`: changing a won or lost deal; reopen it first.
pub fn deal_closed(state: &str) -> ApiError {
    ApiError::conflict(
        DEAL_CLOSED,
        format!("The deal is {state}: reopen it before changing it"),
    )
}

/// 409 `deal_not_closed`: reopening a deal that is open.
pub fn deal_not_closed() -> ApiError {
    ApiError::conflict(DEAL_NOT_CLOSED, "Only a won or lost deal can be reopened")
}

/// 409 `lead_converted`: converting or changing a lead that was converted.
pub fn lead_converted() -> ApiError {
    ApiError::conflict(
        LEAD_CONVERTED,
        "The lead was converted: work on its deal instead",
    )
}

/// 409 `lead_possible_duplicates`: converting with `clientAction: auto` when the lead may be
/// one of several clients, or matches one by name only. The body adds `candidates:
/// [{partnerId, name, matchedOn}]`; convert again with `link` (and a `partnerId`) or `create`.
pub fn lead_possible_duplicates(candidates: Value) -> ApiError {
    ApiError::conflict(
        LEAD_POSSIBLE_DUPLICATES,
        "The lead may be an existing client: convert with clientAction link or create",
    )
    .with_detail("candidates", candidates)
}

/// 409 `stage_in_use`: changing the type of, or deleting, a stage that holds deals (`what`:
/// what cannot happen).
pub fn stage_in_use(what: &str) -> ApiError {
    ApiError::conflict(STAGE_IN_USE, format!("Deals are in this stage: {what}"))
}

/// 409 `stage_missing`: the company has no active open stage for a new or reopened deal.
pub fn stage_missing() -> ApiError {
    ApiError::conflict(
        STAGE_MISSING,
        "The pipeline has no active open stage: add one under /crm/stages",
    )
}
