//! Journal kinds.

pub const JOURNAL_TYPES: &[&str] = &["sale", "purchase", "bank", "cash", "general"];
