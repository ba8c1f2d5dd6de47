//! Error codes of sales' quotes.

/// The codes of this area.
pub const CODES: &[&str] = &[];
