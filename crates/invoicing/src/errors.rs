//! Error codes of invoicing: the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

pub const ALLOCATION_CHANGED: &str = "allocation_changed";
pub const ALLOCATION_HAS_EXCHANGE_DIFFERENCE: &str = "allocation_has_exchange_difference";
pub const COMPANY_TRN_REQUIRED: &str = "company_trn_required";
pub const EXCHANGE_ACCOUNTS_MISSING: &str = "exchange_accounts_missing";
pub const INVOICE_CHANGED: &str = "invoice_changed";
pub const INVOICE_NOT_CANCELLABLE: &str = "invoice_not_cancellable";
pub const INVOICE_NOT_CREDITABLE: &str = "invoice_not_creditable";
pub const INVOICE_NOT_DRAFT: &str = "invoice_not_draft";
pub const INVOICE_PAID: &str = "invoice_paid";
pub const JOURNAL_MISSING: &str = "journal_missing";
pub const PAYMENT_CHANGED: &str = "payment_changed";
pub const PAYMENT_NOT_DRAFT: &str = "payment_not_draft";
pub const PAYMENT_NOT_POSTED: &str = "payment_not_posted";
pub const PAYMENT_OVER_ALLOCATED: &str = "payment_over_allocated";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    ALLOCATION_CHANGED,
    ALLOCATION_HAS_EXCHANGE_DIFFERENCE,
    COMPANY_TRN_REQUIRED,
    EXCHANGE_ACCOUNTS_MISSING,
    INVOICE_CHANGED,
    INVOICE_NOT_CANCELLABLE,
    INVOICE_NOT_CREDITABLE,
    INVOICE_NOT_DRAFT,
    INVOICE_PAID,
    JOURNAL_MISSING,
    PAYMENT_CHANGED,
    PAYMENT_NOT_DRAFT,
    PAYMENT_NOT_POSTED,
    PAYMENT_OVER_ALLOCATED,
];
