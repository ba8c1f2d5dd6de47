//! Error codes of banking (bank details and payment files): the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

pub const NO_PAYROLL_RUN: &str = "no_payroll_run";
pub const NOTHING_TO_EXPORT: &str = "nothing_to_export";
pub const PAYMENTS_NOT_EXPORTABLE: &str = "payments_not_exportable";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[NO_PAYROLL_RUN, NOTHING_TO_EXPORT, PAYMENTS_NOT_EXPORTABLE];
