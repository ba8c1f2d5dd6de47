//! SQL of invoicing, one file per resource. Every statement carries the caller's company.

pub mod invoices;
pub mod netting;
pub mod payments;
