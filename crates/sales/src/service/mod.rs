//! Use cases of sales, one file per area (referred to by path: `service::orders::...`).

pub mod billing;
pub mod checks;
pub mod deliveries;
pub mod discounts;
pub mod incoterms;
pub mod margin;
pub mod orders;
pub mod pricing;
pub mod quotes;
pub mod returns;
pub mod settings;
pub mod warnings;
