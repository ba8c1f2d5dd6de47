//! Where entries, invoices, payments and fiscal years stand, and the transitions they allow.

use super::*;

arkan_kernel::codes! {
    /// Where a posted document (journal entry, invoice, payment) stands.
    pub enum DocumentState {
        Draft = "draft",
        Posted = "posted",
        Cancelled = "cancelled",
    }
}

arkan_kernel::codes! {
    /// Whether a fiscal year still takes postings.
    pub enum FiscalYearState {
        Open = "open",
        Closed = "closed",
    }
}

impl FiscalYearState {
    /// Posting into a year: only an open one takes it (409 `fiscal_year_closed`).
    pub fn require_open(self, year: &str) -> ApiResult<()> {
        match self {
            FiscalYearState::Open => Ok(()),
            FiscalYearState::Closed => Err(errors::fiscal_year_closed(year)),
        }
    }
}

impl DocumentState {
    /// Changing, deleting or posting an entry: only a draft (409 `journal_entry_not_draft`).
    pub fn require_draft_entry(self, action: &str) -> ApiResult<()> {
        if self == DocumentState::Draft {
            return Ok(());
        }
        Err(errors::journal_entry_not_draft(action, self))
    }

    /// Reversing an entry: only a posted one (409 `journal_entry_not_posted`).
    pub fn require_posted_entry(self) -> ApiResult<()> {
        if self == DocumentState::Posted {
            return Ok(());
        }
        Err(errors::journal_entry_not_posted())
    }
    /// The `state` filter of a document list: draft, posted or cancelled (400 otherwise).
    pub fn filter(text: Option<&str>) -> ApiResult<Option<DocumentState>> {
        match text {
            None | Some("") => Ok(None),
            Some(text) => DocumentState::parse(text).map(Some).ok_or_else(|| {
                ApiError::invalid_field("state", "must be draft, posted or cancelled")
            }),
        }
    }
}
