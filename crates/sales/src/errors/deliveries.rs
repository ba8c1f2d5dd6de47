//! Error codes of sales' deliveries.

/// The codes of this area.
pub const CODES: &[&str] = &[];
