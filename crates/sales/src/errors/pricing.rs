//! Error codes of sales' pricing.

/// The codes of this area.
pub const CODES: &[&str] = &[];
