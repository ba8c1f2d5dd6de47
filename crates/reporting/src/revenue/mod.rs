//! Revenue by client and by project: untaxed revenue (posted lines on `income` accounts, credit
//! minus debit, so credit notes net off), closing entries left out, read from the ledger through
//! `books::income_by_partner` and `books::income_and_cost_by_project`.

pub(crate) mod api;
pub(crate) mod http;
mod service;
