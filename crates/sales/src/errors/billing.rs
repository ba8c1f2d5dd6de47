//! Error codes of sales' billing.

/// The codes of this area.
pub const CODES: &[&str] = &[];
