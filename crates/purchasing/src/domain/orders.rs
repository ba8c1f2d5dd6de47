//! Purchase order rules, pure: the states and their transitions, document numbers, receipt
//! progress.

use arkan_kernel::codes;
use arkan_kernel::money::divide_rounded;

codes! {
    /// Where a purchase order is: `draft -> to_approve -> approved -> confirmed`, or
    /// `cancelled` before anything was received or billed.
    pub enum OrderState {
        Draft = "draft",
        ToApprove = "to_approve",
        Approved = "approved",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
    }
}

codes! {
    /// How much of the order has arrived.
    pub enum ReceiptState {
        Nothing = "nothing",
        Partial = "partial",
        Received = "received",
    }
}

codes! {
    /// How much of the order the vendor has billed (set by vendor bills from the order).
    pub enum BillingState {
        Nothing = "nothing",
        ToBill = "to_bill",
        Billed = "billed",
    }
}

/// The prefix of purchase order numbers: `PO/2026/00001`.
pub const ORDER_PREFIX: &str = "PO";

/// The number of a purchasing document: `PO/2026/00001`.
pub fn document_number(prefix: &str, year: i32, sequence: i64) -> String {
    format!("{prefix}/{year}/{sequence:05}")
}

/// A price per unit of ratio `from_ratio_e6` as the price per unit of ratio `to_ratio_e6`
/// (ratios in reference units per unit, millionths: a dozen is 12 units), rounded half away
/// from zero.
pub fn price_per_unit(price_e6: i64, from_ratio_e6: i64, to_ratio_e6: i64) -> Option<i64> {
    divide_rounded(
        i128::from(price_e6).checked_mul(i128::from(to_ratio_e6))?,
        i128::from(from_ratio_e6),
    )
}

/// A price in the company currency as a price in a document currency booked at `rate_e10`
/// (company units per document unit, times 10^10).
pub fn price_in_document(price_e6: i64, rate_e10: i64) -> Option<i64> {
    divide_rounded(
        i128::from(price_e6).checked_mul(10_000_000_000)?,
        i128::from(rate_e10),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_five_digits() {
        assert_eq!(document_number("PO", 2026, 1), "PO/2026/00001");
        assert_eq!(document_number("PO", 2026, 123_456), "PO/2026/123456");
    }

    #[test]
    fn prices_convert_between_units_and_currencies() {
        // 2.50 a unit is 30 a dozen; 30 a dozen is 2.5 a unit.
        assert_eq!(
            price_per_unit(2_500_000, 1_000_000, 12_000_000),
            Some(30_000_000)
        );
        assert_eq!(
            price_per_unit(30_000_000, 12_000_000, 1_000_000),
            Some(2_500_000)
        );
        // 36.725 AED at 3.6725 AED per USD is 10 USD.
        assert_eq!(
            price_in_document(36_725_000, 36_725_000_000),
            Some(10_000_000)
        );
    }
}
