//! Error codes of the ledger: the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

use arkan_kernel::{Currency, format_minor};
use arkan_platform::error::{ApiError, FieldError};
use arkan_platform::fields::format_date;
use chrono::NaiveDate;

use crate::domain::DocumentState;

pub const ACCOUNT_CODE_TAKEN: &str = "account_code_taken";
pub const ACCOUNT_HAS_POSTINGS: &str = "account_has_postings";
pub const ACCOUNT_MISSING: &str = "account_missing";
pub const CURRENCY_RATE_EXISTS: &str = "currency_rate_exists";
pub const FISCAL_YEAR_CLOSED: &str = "fiscal_year_closed";
pub const FISCAL_YEAR_HAS_DRAFTS: &str = "fiscal_year_has_drafts";
pub const FISCAL_YEAR_NAME_TAKEN: &str = "fiscal_year_name_taken";
pub const FISCAL_YEAR_NOT_CLOSED: &str = "fiscal_year_not_closed";
pub const FISCAL_YEAR_NOT_OPEN: &str = "fiscal_year_not_open";
pub const FISCAL_YEAR_OVERLAP: &str = "fiscal_year_overlap";
pub const JOURNAL_CODE_TAKEN: &str = "journal_code_taken";
pub const JOURNAL_ENTRY_ALREADY_REVERSED: &str = "journal_entry_already_reversed";
pub const JOURNAL_ENTRY_CHANGED: &str = "journal_entry_changed";
pub const JOURNAL_ENTRY_IS_REVERSAL: &str = "journal_entry_is_reversal";
pub const JOURNAL_ENTRY_IS_CLOSING: &str = "journal_entry_is_closing";
pub const JOURNAL_ENTRY_NOT_DRAFT: &str = "journal_entry_not_draft";
pub const JOURNAL_ENTRY_NOT_POSTED: &str = "journal_entry_not_posted";
pub const JOURNAL_ENTRY_UNBALANCED: &str = "journal_entry_unbalanced";
pub const JOURNAL_HAS_POSTINGS: &str = "journal_has_postings";
pub const LATER_YEAR_CLOSED: &str = "later_year_closed";
pub const PERIOD_LOCKED: &str = "period_locked";
pub const PREVIOUS_YEAR_OPEN: &str = "previous_year_open";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    ACCOUNT_CODE_TAKEN,
    ACCOUNT_HAS_POSTINGS,
    ACCOUNT_MISSING,
    CURRENCY_RATE_EXISTS,
    FISCAL_YEAR_CLOSED,
    FISCAL_YEAR_HAS_DRAFTS,
    FISCAL_YEAR_NAME_TAKEN,
    FISCAL_YEAR_NOT_CLOSED,
    FISCAL_YEAR_NOT_OPEN,
    FISCAL_YEAR_OVERLAP,
    JOURNAL_CODE_TAKEN,
    JOURNAL_ENTRY_ALREADY_REVERSED,
    JOURNAL_ENTRY_CHANGED,
    JOURNAL_ENTRY_IS_REVERSAL,
    JOURNAL_ENTRY_IS_CLOSING,
    JOURNAL_ENTRY_NOT_DRAFT,
    JOURNAL_ENTRY_NOT_POSTED,
    JOURNAL_ENTRY_UNBALANCED,
    JOURNAL_HAS_POSTINGS,
    LATER_YEAR_CLOSED,
    PERIOD_LOCKED,
    PREVIOUS_YEAR_OPEN,
];

// One constructor per code: the status and the wording of each error live here, and the
// services call these instead of building the error themselves.

/// 409 `account_code_taken`: creating or renaming an account to a code another account of the
/// company has.
pub fn account_code_taken() -> ApiError {
    ApiError::conflict(
        ACCOUNT_CODE_TAKEN,
        "Another account of this company has this code",
    )
}

/// 409 `account_has_postings`: changing the code or type of an account with posted lines.
pub fn account_has_postings() -> ApiError {
    ApiError::conflict(
        ACCOUNT_HAS_POSTINGS,
        "The code and type of an account with posted lines cannot change; archive it and open another",
    )
}

/// 409 `account_missing`: a posting needs the company's active account of `account_type`
/// (receivable, payable) and there is none.
pub fn account_missing(account_type: &str) -> ApiError {
    ApiError::conflict(
        ACCOUNT_MISSING,
        format!("The company has no active {account_type} account"),
    )
}

/// 409 `currency_rate_exists`: adding a second rate for a currency on the same date.
pub fn currency_rate_exists() -> ApiError {
    ApiError::conflict(
        CURRENCY_RATE_EXISTS,
        "This currency already has a rate on this date",
    )
}

/// 409 `fiscal_year_closed`: posting into the closed fiscal year named `year`.
pub fn fiscal_year_closed(year: &str) -> ApiError {
    ApiError::conflict(FISCAL_YEAR_CLOSED, format!("Fiscal year {year} is closed"))
}

/// 409 `fiscal_year_has_drafts`: closing a fiscal year with draft entries dated inside it (post
/// or delete them first).
pub fn fiscal_year_has_drafts(year: &str) -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_HAS_DRAFTS,
        format!("Fiscal year {year} has draft entries; post or delete them before closing it"),
    )
}

/// 409 `fiscal_year_not_closed`: reopening a fiscal year that is open.
pub fn fiscal_year_not_closed(year: &str) -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_NOT_CLOSED,
        format!("Fiscal year {year} is not closed"),
    )
}

/// 409 `fiscal_year_not_open`: closing a fiscal year that is already closed.
pub fn fiscal_year_not_open(year: &str) -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_NOT_OPEN,
        format!("Fiscal year {year} is not open"),
    )
}

/// 409 `fiscal_year_name_taken`: creating a fiscal year with the name of another of the
/// company's.
pub fn fiscal_year_name_taken() -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_NAME_TAKEN,
        "Another fiscal year of this company has this name",
    )
}

/// 409 `fiscal_year_overlap`: creating a fiscal year whose dates overlap another of the
/// company's.
pub fn fiscal_year_overlap() -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_OVERLAP,
        "The dates overlap another fiscal year of this company",
    )
}

/// 409 `fiscal_year_overlap` when posting: no fiscal year holds `date`, and the year
/// `from..to` that posting would open on demand overlaps one set up by hand.
pub fn fiscal_year_overlap_on_posting(date: NaiveDate, from: NaiveDate, to: NaiveDate) -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_OVERLAP,
        format!(
            "No fiscal year holds {}, and opening {}..{} would overlap another; create the year first",
            format_date(date),
            format_date(from),
            format_date(to)
        ),
    )
}

/// 409 `fiscal_year_overlap` when posting: opening the entry's fiscal year on demand left no
/// year holding its date (another year stands in the way).
pub fn fiscal_year_overlap_after_opening() -> ApiError {
    ApiError::conflict(
        FISCAL_YEAR_OVERLAP,
        "The entry's date falls in no fiscal year, and a new one would overlap another",
    )
}

/// 409 `journal_code_taken`: creating or renaming a journal to a code another journal of the
/// company has.
pub fn journal_code_taken() -> ApiError {
    ApiError::conflict(
        JOURNAL_CODE_TAKEN,
        "Another journal of this company has this code",
    )
}

/// 409 `journal_entry_already_reversed`: reversing an entry that already has a reversal.
pub fn journal_entry_already_reversed() -> ApiError {
    ApiError::conflict(
        JOURNAL_ENTRY_ALREADY_REVERSED,
        "This entry was already reversed",
    )
}

/// 409 `journal_entry_changed`: the entry was changed by another request between the read and
/// the write.
pub fn journal_entry_changed() -> ApiError {
    ApiError::conflict(
        JOURNAL_ENTRY_CHANGED,
        "The entry changed while this request was handled; fetch it and try again",
    )
}

/// 409 `journal_entry_is_reversal`: reversing an entry that is itself a reversal.
pub fn journal_entry_is_reversal() -> ApiError {
    ApiError::conflict(
        JOURNAL_ENTRY_IS_REVERSAL,
        "A reversal cannot itself be reversed; post a new entry",
    )
}

/// 409 `journal_entry_is_closing`: reversing a year-end closing entry by hand (reopening the
/// fiscal year reverses it).
pub fn journal_entry_is_closing() -> ApiError {
    ApiError::conflict(
        JOURNAL_ENTRY_IS_CLOSING,
        "A year-end closing entry is reversed by reopening its fiscal year",
    )
}

/// 409 `journal_entry_not_draft`: changing, deleting or posting (`action`) an entry in `state`,
/// not a draft.
pub fn journal_entry_not_draft(action: &str, state: DocumentState) -> ApiError {
    ApiError::conflict(
        JOURNAL_ENTRY_NOT_DRAFT,
        format!("Only a draft entry can be {action}; this one is {state}"),
    )
}

/// 409 `journal_entry_not_posted`: reversing an entry that is not posted.
pub fn journal_entry_not_posted() -> ApiError {
    ApiError::conflict(
        JOURNAL_ENTRY_NOT_POSTED,
        "Only a posted entry can be reversed",
    )
}

/// 400 `journal_entry_unbalanced`, on the field `lines`: posting an entry whose debits minus
/// credits is `difference_minor` (in minor units of `currency`) instead of zero.
pub fn journal_entry_unbalanced(difference_minor: i64, currency: Currency) -> ApiError {
    let difference = format_minor(difference_minor, currency.exponent);
    ApiError {
        errors: vec![FieldError {
            field: "lines".into(),
            message: format!("debits exceed credits by {difference} {}", currency.code),
        }],
        ..ApiError::bad_request(
            JOURNAL_ENTRY_UNBALANCED,
            format!(
                "The entry does not balance: debits minus credits is {difference} {}",
                currency.code
            ),
        )
    }
}

/// 409 `journal_has_postings`: changing the code of a journal with posted entries (it is part
/// of their numbers).
pub fn journal_has_postings() -> ApiError {
    ApiError::conflict(
        JOURNAL_HAS_POSTINGS,
        "The code of a journal with posted entries is part of their numbers and cannot change",
    )
}

/// 409 `later_year_closed`: reopening a fiscal year while a later one is closed (reopen the
/// later one first).
pub fn later_year_closed(year: &str) -> ApiError {
    ApiError::conflict(
        LATER_YEAR_CLOSED,
        format!("A fiscal year after {year} is closed; reopen it first"),
    )
}

/// 409 `previous_year_open`: closing a fiscal year while an earlier one is open (close the
/// earlier one first).
pub fn previous_year_open(year: &str) -> ApiError {
    ApiError::conflict(
        PREVIOUS_YEAR_OPEN,
        format!("A fiscal year before {year} is still open; close it first"),
    )
}

/// 409 `period_locked`: posting an entry dated on or before the company's `lock_date`.
pub fn period_locked(lock_date: NaiveDate) -> ApiError {
    ApiError::conflict(
        PERIOD_LOCKED,
        format!("The books are locked up to {}", format_date(lock_date)),
    )
}
