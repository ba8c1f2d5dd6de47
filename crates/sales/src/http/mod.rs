//! Thin handlers of sales, one file per area, each with its `routes()` (merged in `lib.rs`).

pub(crate) mod billing;
pub(crate) mod deliveries;
pub(crate) mod discounts;
pub(crate) mod incoterms;
pub(crate) mod margin;
pub(crate) mod orders;
pub(crate) mod pricing;
pub(crate) mod quotes;
pub(crate) mod returns;
pub(crate) mod settings;
pub(crate) mod warnings;
