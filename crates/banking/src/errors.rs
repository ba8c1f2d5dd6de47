//! Error codes of banking (bank details and payment files): the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

use arkan_platform::error::{ApiError, FieldError};

pub const NO_PAYROLL_RUN: &str = "no_payroll_run";
pub const NOTHING_TO_EXPORT: &str = "nothing_to_export";
pub const PAYMENTS_NOT_EXPORTABLE: &str = "payments_not_exportable";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[NO_PAYROLL_RUN, NOTHING_TO_EXPORT, PAYMENTS_NOT_EXPORTABLE];

// One constructor per code: the status and the wording of each error live here, and the
// services call these instead of building the error themselves.

/// 400 `no_payroll_run`: asking for a WPS salary file, which needs a payroll run (none exist
/// yet).
pub fn no_payroll_run() -> ApiError {
    ApiError::bad_request(
        NO_PAYROLL_RUN,
        "There is no payroll run to export as a WPS salary file",
    )
}

/// 400 `nothing_to_export`: a bank file request that selects no payment.
pub fn nothing_to_export() -> ApiError {
    ApiError::bad_request(NOTHING_TO_EXPORT, "No payment to export")
}

/// 400 `payments_not_exportable`, listing why (`payments[i]` or `payments`): some selected
/// payments cannot go into the requested bank file.
pub fn payments_not_exportable(errors: Vec<FieldError>) -> ApiError {
    ApiError {
        errors,
        ..ApiError::bad_request(
            PAYMENTS_NOT_EXPORTABLE,
            "Some payments cannot go into a bank file",
        )
    }
}
