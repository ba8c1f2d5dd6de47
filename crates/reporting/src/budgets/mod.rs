//! Budgets (`/accounting/budgets`) and the budget against actual report: planned amounts per
//! account (and project) and month of a fiscal year, `draft -> approved`, or `cancelled`.

pub(crate) mod api;
mod domain;
pub(crate) mod http;
mod report;
mod service;
mod store;

pub use domain::BudgetState;
