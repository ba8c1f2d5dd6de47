//! Pure rules of invoicing: the invoice arithmetic, cash rounding and the kinds and states of documents and
//! payments. No SQL, no HTTP.

mod cash_roundings;
mod invoices;
mod payments;
mod terms;

pub use cash_roundings::*;
pub use invoices::*;
pub use payments::*;
pub use terms::*;
