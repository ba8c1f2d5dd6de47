//! Error codes of sales, one file per area (each with its `CODES`), all listed in `ALL` for the
//! documentation check. Each code has one constructor holding its status and wording.

pub mod billing;
pub mod deliveries;
pub mod orders;
pub mod pricing;
pub mod quotes;

/// Every code of this module, by area, for the documentation check.
pub const ALL: &[&[&str]] = &[
    orders::CODES,
    quotes::CODES,
    pricing::CODES,
    deliveries::CODES,
    billing::CODES,
];
