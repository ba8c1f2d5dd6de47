//! Error codes of the financial reports: one constant each, listed in `ALL` for the
//! documentation check, and one constructor per code holding its status and wording.

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[];
