//! Use cases of invoicing: permission, validation, one transaction per change, store calls,
//! postings through the ledger's public API.

pub mod aging;
pub mod cash_roundings;
mod exchange;
pub mod fiscal_positions;
pub mod invoices;
pub mod netting;
pub mod payment_terms;
pub mod payments;
