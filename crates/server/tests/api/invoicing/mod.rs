//! Invoicing (invoices, bills, credit notes, payments, allocations, aging) and the bank files
//! built from its payments.

mod conformance;
mod documents;
mod tax_figures;
