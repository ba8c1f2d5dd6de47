//! Error codes of sales' quotes.

use arkan_platform::error::ApiError;
use arkan_platform::fields::format_date;
use chrono::NaiveDate;

use crate::domain::quotes::QuoteState;

pub const QUOTE_NOT_DRAFT: &str = "quote_not_draft";
pub const QUOTE_NOT_SENT: &str = "quote_not_sent";
pub const QUOTE_EXPIRED: &str = "quote_expired";
pub const QUOTE_NOT_CONVERTIBLE: &str = "quote_not_convertible";
pub const QUOTE_NOT_CANCELLABLE: &str = "quote_not_cancellable";
pub const QUOTE_PDF_MISSING: &str = "quote_pdf_missing";

/// The codes of this area.
pub const CODES: &[&str] = &[
    QUOTE_NOT_DRAFT,
    QUOTE_NOT_SENT,
    QUOTE_EXPIRED,
    QUOTE_NOT_CONVERTIBLE,
    QUOTE_NOT_CANCELLABLE,
    QUOTE_PDF_MISSING,
];

/// 409 `quote_not_draft`: editing, deleting or sending a quote that has left draft.
pub fn quote_not_draft(state: QuoteState) -> ApiError {
    ApiError::conflict(
        QUOTE_NOT_DRAFT,
        format!("The quote is {state}, not a draft"),
    )
}

/// 409 `quote_not_sent`: accepting or declining a quote that is not sent.
pub fn quote_not_sent(state: QuoteState) -> ApiError {
    ApiError::conflict(QUOTE_NOT_SENT, format!("The quote is {state}, not sent"))
}

/// 409 `quote_expired`: accepting or converting a sent quote past its validity.
pub fn quote_expired(valid_until: NaiveDate) -> ApiError {
    ApiError::conflict(
        QUOTE_EXPIRED,
        format!(
            "The quote expired: it was valid until {}",
            format_date(valid_until)
        ),
    )
}

/// 409 `quote_not_convertible`: converting a quote that is declined, converted or cancelled.
pub fn quote_not_convertible(state: QuoteState) -> ApiError {
    ApiError::conflict(
        QUOTE_NOT_CONVERTIBLE,
        format!("The quote is {state} and cannot be converted into an order"),
    )
}

/// 409 `quote_not_cancellable`: cancelling a quote that is declined, converted or cancelled.
pub fn quote_not_cancellable(state: QuoteState) -> ApiError {
    ApiError::conflict(
        QUOTE_NOT_CANCELLABLE,
        format!("The quote is {state} and cannot be cancelled"),
    )
}

/// 409 `quote_pdf_missing`: the PDF of a quote that was never sent.
pub fn quote_pdf_missing() -> ApiError {
    ApiError::conflict(QUOTE_PDF_MISSING, "The quote has no PDF until it is sent")
}
