//! Error codes of the ledger: the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

pub const ACCOUNT_CODE_TAKEN: &str = "account_code_taken";
pub const ACCOUNT_HAS_POSTINGS: &str = "account_has_postings";
pub const ACCOUNT_MISSING: &str = "account_missing";
pub const CURRENCY_RATE_EXISTS: &str = "currency_rate_exists";
pub const FISCAL_YEAR_CLOSED: &str = "fiscal_year_closed";
pub const FISCAL_YEAR_NAME_TAKEN: &str = "fiscal_year_name_taken";
pub const FISCAL_YEAR_OVERLAP: &str = "fiscal_year_overlap";
pub const JOURNAL_CODE_TAKEN: &str = "journal_code_taken";
pub const JOURNAL_ENTRY_ALREADY_REVERSED: &str = "journal_entry_already_reversed";
pub const JOURNAL_ENTRY_CHANGED: &str = "journal_entry_changed";
pub const JOURNAL_ENTRY_IS_REVERSAL: &str = "journal_entry_is_reversal";
pub const JOURNAL_ENTRY_NOT_DRAFT: &str = "journal_entry_not_draft";
pub const JOURNAL_ENTRY_NOT_POSTED: &str = "journal_entry_not_posted";
pub const JOURNAL_ENTRY_UNBALANCED: &str = "journal_entry_unbalanced";
pub const JOURNAL_HAS_POSTINGS: &str = "journal_has_postings";
pub const PERIOD_LOCKED: &str = "period_locked";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    ACCOUNT_CODE_TAKEN,
    ACCOUNT_HAS_POSTINGS,
    ACCOUNT_MISSING,
    CURRENCY_RATE_EXISTS,
    FISCAL_YEAR_CLOSED,
    FISCAL_YEAR_NAME_TAKEN,
    FISCAL_YEAR_OVERLAP,
    JOURNAL_CODE_TAKEN,
    JOURNAL_ENTRY_ALREADY_REVERSED,
    JOURNAL_ENTRY_CHANGED,
    JOURNAL_ENTRY_IS_REVERSAL,
    JOURNAL_ENTRY_NOT_DRAFT,
    JOURNAL_ENTRY_NOT_POSTED,
    JOURNAL_ENTRY_UNBALANCED,
    JOURNAL_HAS_POSTINGS,
    PERIOD_LOCKED,
];
