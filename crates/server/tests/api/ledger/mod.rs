//! The ledger: chart of accounts, journals, taxes, rates, entries, posting and reports.

mod entries;
mod settings;
mod year_end;
