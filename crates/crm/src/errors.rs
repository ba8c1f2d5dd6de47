//! Error codes of the CRM. Its errors so far are the platform's (validation, not found,
//! conflicts on unique fields are `validation_failed`), so it declares none of its own.

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[];
