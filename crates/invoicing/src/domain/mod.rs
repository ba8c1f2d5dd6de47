//! Pure rules of invoicing: the invoice arithmetic and the kinds and states of documents and
//! payments. No SQL, no HTTP.

mod invoices;
mod payments;
mod terms;

pub use invoices::*;
pub use payments::*;
pub use terms::*;
