//! Invoicing (invoices, bills, credit notes, payments, allocations, aging) and the bank files
//! built from its payments.

mod cash_rounding;
mod conformance;
mod credit_notes;
mod documents;
mod fiscal_positions;
mod payment_terms;
mod settlement;
mod tax_figures;
mod taxes_on_taxes;
