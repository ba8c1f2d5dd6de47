//! Error codes of direct messages. Its errors so far are the platform's (validation, not
//! found), so it declares none of its own.

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[];
