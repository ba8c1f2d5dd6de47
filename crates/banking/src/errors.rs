//! Error codes of banking (bank details, payment files and bank reconciliation): the `code` of
//! its error bodies, one constant each, so a code is written once and the docs can list them all (`docs/api-conventions.md`).

use arkan_platform::error::{ApiError, FieldError};
use serde_json::json;

pub const NO_PAYROLL_RUN: &str = "no_payroll_run";
pub const NOTHING_TO_EXPORT: &str = "nothing_to_export";
pub const PAYMENTS_NOT_EXPORTABLE: &str = "payments_not_exportable";
pub const STATEMENT_DUPLICATE: &str = "statement_duplicate";
pub const STATEMENT_LINE_MATCHED: &str = "statement_line_matched";
pub const STATEMENT_LINE_UNMATCHED: &str = "statement_line_unmatched";
pub const STATEMENT_MALFORMED: &str = "statement_malformed";
pub const STATEMENT_UNBALANCED: &str = "statement_unbalanced";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    NO_PAYROLL_RUN,
    NOTHING_TO_EXPORT,
    PAYMENTS_NOT_EXPORTABLE,
    STATEMENT_DUPLICATE,
    STATEMENT_LINE_MATCHED,
    STATEMENT_LINE_UNMATCHED,
    STATEMENT_MALFORMED,
    STATEMENT_UNBALANCED,
];

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

/// 409 `statement_duplicate`, with `statementId`: the journal already has this statement (the
/// same bank statement id, or the same balances, days and amounts).
pub fn statement_duplicate(existing: uuid::Uuid, name: &str) -> ApiError {
    ApiError::conflict(
        STATEMENT_DUPLICATE,
        format!("This statement was imported before as {name:?}"),
    )
    .with_detail("statementId", json!(existing))
}

/// 400 `statement_malformed`, with `line`: a statement file that cannot be read (truncated XML,
/// an unknown MT940 tag, a CSV date in another format); nothing is imported.
pub fn statement_malformed(line: usize, problem: &str) -> ApiError {
    ApiError {
        errors: vec![FieldError {
            field: "content".to_owned(),
            message: format!("line {line}: {problem}"),
        }],
        ..ApiError::bad_request(
            STATEMENT_MALFORMED,
            format!("The statement file cannot be read at line {line}: {problem}"),
        )
    }
    .with_detail("line", json!(line))
}

/// 400 `statement_unbalanced`, with `difference`: the opening balance plus the movements is not
/// the closing balance (or a line's running balance), by `difference`.
pub fn statement_unbalanced(message: String, difference: String) -> ApiError {
    ApiError::bad_request(STATEMENT_UNBALANCED, message)
        .with_detail("difference", json!(difference))
}

/// 409 `statement_line_matched`: matching or writing off a line that is matched already.
pub fn statement_line_matched() -> ApiError {
    ApiError::conflict(
        STATEMENT_LINE_MATCHED,
        "The statement line is matched already; un-match it first",
    )
}

/// 409 `statement_line_unmatched`: un-matching a line that has no match.
pub fn statement_line_unmatched() -> ApiError {
    ApiError::conflict(STATEMENT_LINE_UNMATCHED, "The statement line has no match")
}
