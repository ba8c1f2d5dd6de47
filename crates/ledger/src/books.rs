//! What other modules may read of the ledger: journals, accounts, taxes, rates and the ledger
//! settings, as plain values. Writes go through [`crate::posting`] only.

pub use crate::domain::{DocumentState, RATE_ONE, needs_partner};
pub use crate::service::entries::balances_match_lines;
pub use crate::service::{document_rate, partner_account};
pub use crate::store::{
    Account, Journal, ProjectTotals, Tax, account_by_code, accounts_by_ids, discount_accounts,
    journal_by_code, journal_by_id, project_named, project_totals, rate_on, tax_rounding,
    taxes_by_ids, write_off_limit,
};
