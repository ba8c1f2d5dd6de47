//! The ledger: chart of accounts, journals, taxes, rates, entries, posting and reports.

mod entries;
mod post_many;
mod settings;
mod year_end;
