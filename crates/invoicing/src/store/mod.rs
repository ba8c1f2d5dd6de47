//! SQL of invoicing, one file per resource. Every statement carries the caller's company.

pub mod cash_roundings;
pub mod fiscal_positions;
pub mod invoices;
pub mod netting;
pub mod payment_terms;
pub mod payments;
