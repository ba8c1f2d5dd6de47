//! Bank reconciliation (`/accounting/bank-reconciliation`): statements imported from CSV,
//! camt.053, MT940 or JSON for a bank journal, each line with its match state; lines matched
//! to payments or booked to an account, the rest written off, un-matched until the lock date.

pub(crate) mod api;
mod domain;
mod formats;
pub(crate) mod http;
mod matching;
pub(crate) mod migrations;
mod report;
mod scoring;
mod service;
mod store;
mod suggestions;
