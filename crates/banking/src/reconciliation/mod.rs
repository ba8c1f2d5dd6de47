//! Bank reconciliation (`/accounting/bank-reconciliation`): statements imported from CSV,
//! camt.053, MT940 or JSON for a bank journal, each line with its match state.

pub(crate) mod api;
mod domain;
mod formats;
pub(crate) mod http;
pub(crate) mod migrations;
mod service;
mod store;
