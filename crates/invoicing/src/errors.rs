//! Error codes of invoicing: the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

use arkan_ledger::books::DocumentState;
use arkan_platform::error::{ApiError, FieldError};

pub const ALLOCATION_CHANGED: &str = "allocation_changed";
pub const ALLOCATION_EXCEEDS_DUE: &str = "allocation_exceeds_due";
pub const ALLOCATION_HAS_EXCHANGE_DIFFERENCE: &str = "allocation_has_exchange_difference";
pub const ALLOCATION_WRONG_DIRECTION: &str = "allocation_wrong_direction";
pub const CASH_ROUNDING_IN_USE: &str = "cash_rounding_in_use";
pub const COMPANY_TRN_REQUIRED: &str = "company_trn_required";
pub const DISCOUNT_ACCOUNT_MISSING: &str = "discount_account_missing";
pub const EXCHANGE_ACCOUNTS_MISSING: &str = "exchange_accounts_missing";
pub const FISCAL_POSITION_IN_USE: &str = "fiscal_position_in_use";
pub const INVOICE_CHANGED: &str = "invoice_changed";
pub const INVOICE_NOT_CANCELLABLE: &str = "invoice_not_cancellable";
pub const INVOICE_NOT_CREDITABLE: &str = "invoice_not_creditable";
pub const INVOICE_NOT_DRAFT: &str = "invoice_not_draft";
pub const INVOICE_NOT_POSTED: &str = "invoice_not_posted";
pub const INVOICE_PAID: &str = "invoice_paid";
pub const INVOICE_TOTAL_NEGATIVE: &str = "invoice_total_negative";
pub const JOURNAL_MISSING: &str = "journal_missing";
pub const PAYMENT_CHANGED: &str = "payment_changed";
pub const PAYMENT_NOT_DRAFT: &str = "payment_not_draft";
pub const PAYMENT_NOT_POSTED: &str = "payment_not_posted";
pub const PAYMENT_OVER_ALLOCATED: &str = "payment_over_allocated";
pub const PAYMENT_TERM_INCOMPLETE: &str = "payment_term_incomplete";
pub const PAYMENT_TERM_IN_USE: &str = "payment_term_in_use";
pub const WRITE_OFF_ABOVE_LIMIT: &str = "write_off_above_limit";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    ALLOCATION_CHANGED,
    ALLOCATION_EXCEEDS_DUE,
    ALLOCATION_HAS_EXCHANGE_DIFFERENCE,
    ALLOCATION_WRONG_DIRECTION,
    CASH_ROUNDING_IN_USE,
    COMPANY_TRN_REQUIRED,
    DISCOUNT_ACCOUNT_MISSING,
    EXCHANGE_ACCOUNTS_MISSING,
    FISCAL_POSITION_IN_USE,
    INVOICE_CHANGED,
    INVOICE_NOT_CANCELLABLE,
    INVOICE_NOT_CREDITABLE,
    INVOICE_NOT_DRAFT,
    INVOICE_NOT_POSTED,
    INVOICE_PAID,
    INVOICE_TOTAL_NEGATIVE,
    JOURNAL_MISSING,
    PAYMENT_CHANGED,
    PAYMENT_NOT_DRAFT,
    PAYMENT_NOT_POSTED,
    PAYMENT_OVER_ALLOCATED,
    PAYMENT_TERM_INCOMPLETE,
    PAYMENT_TERM_IN_USE,
    WRITE_OFF_ABOVE_LIMIT,
];

// One constructor per code: the status and the wording of each error live here, and the
// services call these instead of building the error themselves.

/// 409 `allocation_changed`: undoing an allocation while its payment or invoice was changed by
/// another request.
pub fn allocation_changed() -> ApiError {
    ApiError::conflict(
        ALLOCATION_CHANGED,
        "The payment or invoice changed; fetch them and try again",
    )
}

/// 400 `allocation_exceeds_due`: a credit note set against a document for more than is due on
/// either of them. `field` is the allocation's `amount`.
pub fn allocation_exceeds_due(field: String, message: String) -> ApiError {
    let mut error = ApiError::bad_request(
        ALLOCATION_EXCEEDS_DUE,
        "The allocation is above what is due on the credit note or on the document",
    );
    error.errors.push(FieldError { field, message });
    error
}

/// 409 `allocation_has_exchange_difference`: undoing an allocation made across two rates before
/// exchange differences were recorded.
pub fn allocation_has_exchange_difference() -> ApiError {
    ApiError::conflict(
        ALLOCATION_HAS_EXCHANGE_DIFFERENCE,
        "This allocation realised an exchange difference before differences were recorded; reverse it by hand",
    )
}

/// 400 `allocation_wrong_direction`: a payment allocated to a document of the other direction
/// (money in settles customer invoices and vendor credit notes, money out vendor bills and
/// customer credit notes). `field` is the allocation's `invoiceId`.
pub fn allocation_wrong_direction(field: String, message: String) -> ApiError {
    let mut error = ApiError::bad_request(
        ALLOCATION_WRONG_DIRECTION,
        "A payment settles only documents of its direction",
    );
    error.errors.push(FieldError { field, message });
    error
}

/// 409 `cash_rounding_in_use`: deleting a cash rounding that an invoice, bill or credit note
/// names (deactivate it instead).
pub fn cash_rounding_in_use() -> ApiError {
    ApiError::conflict(
        CASH_ROUNDING_IN_USE,
        "This cash rounding is used by an invoice; set it inactive instead of deleting it",
    )
}

/// 409 `company_trn_required`: posting a taxed customer invoice while the company has no TRN.
pub fn company_trn_required() -> ApiError {
    ApiError::conflict(
        COMPANY_TRN_REQUIRED,
        "A UAE tax invoice must show the supplier's TRN: set the company's trn first",
    )
}

/// 409 `exchange_accounts_missing`: an allocation realises an exchange difference and the
/// company has no account `code` (409100 gains, 609100 losses) to post it to.
pub fn exchange_accounts_missing(code: &str) -> ApiError {
    ApiError::conflict(
        EXCHANGE_ACCOUNTS_MISSING,
        format!(
            "Realised exchange differences post to account {code}, which this company does not have"
        ),
    )
}

/// 409 `invoice_changed`: the invoice was changed by another request between the read and the
/// write.
pub fn invoice_changed() -> ApiError {
    ApiError::conflict(
        INVOICE_CHANGED,
        "The invoice changed while this request was handled; fetch it and try again",
    )
}

/// 409 `invoice_not_cancellable`: cancelling a document that is not a posted invoice or bill.
pub fn invoice_not_cancellable() -> ApiError {
    ApiError::conflict(
        INVOICE_NOT_CANCELLABLE,
        "Only a posted invoice or bill can be cancelled",
    )
}

/// 409 `invoice_not_creditable`: crediting a document that is not a posted invoice or bill.
pub fn invoice_not_creditable() -> ApiError {
    ApiError::conflict(
        INVOICE_NOT_CREDITABLE,
        "Only a posted invoice or bill can be credited",
    )
}

/// 409 `invoice_not_draft`: changing, deleting or posting (`action`) a document in `state`,
/// not a draft.
pub fn invoice_not_draft(action: &str, state: DocumentState) -> ApiError {
    ApiError::conflict(
        INVOICE_NOT_DRAFT,
        format!("Only a draft invoice can be {action}; this one is {state}"),
    )
}

/// 409 `invoice_not_posted`: netting a credit note or a document that is a draft or cancelled.
pub fn invoice_not_posted(state: DocumentState) -> ApiError {
    ApiError::conflict(
        INVOICE_NOT_POSTED,
        format!("Only posted documents are set against each other; this one is {state}"),
    )
}

/// 409 `invoice_paid` on cancelling: the invoice is fully paid (it takes a credit note and a
/// refund instead).
pub fn invoice_paid_on_cancel() -> ApiError {
    ApiError::conflict(
        INVOICE_PAID,
        "A fully paid invoice is corrected with a credit note and a refund, not cancelled",
    )
}

/// 409 `invoice_paid` on crediting the open amount: nothing of the invoice is open.
pub fn invoice_paid_on_credit() -> ApiError {
    ApiError::conflict(
        INVOICE_PAID,
        "Nothing of this invoice is open: there is nothing left to credit",
    )
}

/// 400 `invoice_total_negative`: discount or return lines (a negative `quantity` or
/// `unitPrice`) bring the document's total below zero; `total` is that total. A credit note is
/// the document for money owed back.
pub fn invoice_total_negative(total: &str) -> ApiError {
    let mut error = ApiError::bad_request(
        INVOICE_TOTAL_NEGATIVE,
        format!("The document's total {total} is negative: issue a credit note instead"),
    );
    error.errors.push(FieldError {
        field: "lines".to_owned(),
        message: format!("the lines total {total}; a document's total may not be negative"),
    });
    error
}

/// 409 `journal_missing`: a document posts to the journal `code` (SALES, PURCH, their
/// credit-note journals, MISC) and the company has none.
pub fn journal_missing(code: &str) -> ApiError {
    ApiError::conflict(
        JOURNAL_MISSING,
        format!("The company has no {code} journal"),
    )
}

/// 409 `payment_changed`: the payment was changed by another request while it was being
/// posted.
pub fn payment_changed() -> ApiError {
    ApiError::conflict(
        PAYMENT_CHANGED,
        "The payment changed while it was being posted",
    )
}

/// 409 `payment_not_draft`: posting a payment in `state`, not a draft.
pub fn payment_not_draft(state: DocumentState) -> ApiError {
    ApiError::conflict(
        PAYMENT_NOT_DRAFT,
        format!("Only a draft payment can be posted; this one is {state}"),
    )
}

/// 409 `payment_not_posted`: allocating a payment (or undoing an allocation) that is not
/// posted.
pub fn payment_not_posted() -> ApiError {
    ApiError::conflict(PAYMENT_NOT_POSTED, "Only a posted payment can be allocated")
}

/// 400 `write_off_above_limit`: an allocation would write off more (in company currency) than
/// the accounting settings' `writeOffLimit` allows.
pub fn write_off_above_limit(field: String, difference: &str, limit: &str) -> ApiError {
    let mut error = ApiError::bad_request(
        WRITE_OFF_ABOVE_LIMIT,
        format!(
            "The write-off of {difference} is above the limit of {limit} (accounting settings writeOffLimit)"
        ),
    );
    error.errors.push(FieldError {
        field,
        message: format!("writes off {difference}, above the limit of {limit}"),
    });
    error
}

/// 409 `payment_over_allocated`: allocations that exceed what is left of the payment or of an
/// invoice.
pub fn payment_over_allocated() -> ApiError {
    ApiError::conflict(
        PAYMENT_OVER_ALLOCATED,
        "The allocations exceed what is left of the payment or of an invoice",
    )
}

/// 409 `discount_account_missing`: an early-payment discount taken while the accounting
/// settings name no account for it.
pub fn discount_account_missing(setting: &str) -> ApiError {
    ApiError::conflict(
        DISCOUNT_ACCOUNT_MISSING,
        format!(
            "The early-payment discount has no account: set {setting} in the accounting settings"
        ),
    )
}

/// 409 `fiscal_position_in_use`: deleting a fiscal position a partner or an invoice has.
pub fn fiscal_position_in_use() -> ApiError {
    ApiError::conflict(
        FISCAL_POSITION_IN_USE,
        "A client, vendor or invoice has this fiscal position: archive it with active: false",
    )
}

/// 400 `payment_term_incomplete`: lines that do not cover the whole total.
pub fn payment_term_incomplete(message: &str) -> ApiError {
    let mut error = ApiError::bad_request(
        PAYMENT_TERM_INCOMPLETE,
        "The lines of a payment term must cover the whole total",
    );
    error.errors.push(FieldError {
        field: "lines".to_owned(),
        message: message.to_owned(),
    });
    error
}

/// 409 `payment_term_in_use`: deleting a payment term a partner or an invoice has.
pub fn payment_term_in_use() -> ApiError {
    ApiError::conflict(
        PAYMENT_TERM_IN_USE,
        "A client, vendor or invoice has this payment term: archive it with active: false",
    )
}
