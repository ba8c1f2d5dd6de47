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

/// The receipt state of goods lines given as (ordered, received net of returns) quantities:
/// nothing received, everything received, or in between. `closed`: the rest is no longer
/// expected (a receipt without backorder), so anything received makes it `received`.
pub fn receipt_state(lines: &[(i64, i64)], closed: bool) -> ReceiptState {
    if lines.iter().all(|(_, received)| *received <= 0) {
        ReceiptState::Nothing
    } else if closed
        || lines
            .iter()
            .all(|(ordered, received)| *received >= *ordered)
    {
        ReceiptState::Received
    } else {
        ReceiptState::Partial
    }
}

/// The most of a line that may be received in all: the ordered quantity plus the tolerance
/// (parts per million of it), rounded down to the ten-thousandth.
pub fn receivable_limit(ordered_e4: i64, tolerance_ppm: i64) -> i64 {
    let extra = i128::from(ordered_e4) * i128::from(tolerance_ppm) / 1_000_000;
    ordered_e4.saturating_add(i64::try_from(extra).unwrap_or(i64::MAX))
}

/// The value of one unit of a line (its untaxed subtotal over its quantity, so discounts and
/// taxes included in the price are out), millionths of the company currency: what a receipt
/// values its goods at.
pub fn unit_cost_in_company(
    subtotal_minor: i64,
    quantity_e4: i64,
    document_exponent: u8,
    rate_e10: i64,
) -> Option<i64> {
    let scale = 10_i128.checked_pow(6_u32.checked_sub(u32::from(document_exponent))?)?;
    divide_rounded(
        i128::from(subtotal_minor)
            .checked_mul(scale)?
            .checked_mul(10_000)?
            .checked_mul(i128::from(rate_e10))?,
        i128::from(quantity_e4).checked_mul(10_000_000_000)?,
    )
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
    fn receipt_state_follows_the_lines() {
        assert_eq!(
            receipt_state(&[(10, 0), (5, 0)], false),
            ReceiptState::Nothing
        );
        assert_eq!(
            receipt_state(&[(10, 4), (5, 0)], false),
            ReceiptState::Partial
        );
        assert_eq!(
            receipt_state(&[(10, 10), (5, 6)], false),
            ReceiptState::Received
        );
        assert_eq!(
            receipt_state(&[(10, 4), (5, 0)], true),
            ReceiptState::Received
        );
    }

    #[test]
    fn tolerance_widens_the_limit() {
        assert_eq!(receivable_limit(100_000, 0), 100_000);
        assert_eq!(receivable_limit(100_000, 50_000), 105_000);
    }

    #[test]
    fn a_unit_costs_its_subtotal_over_its_quantity_in_company_currency() {
        // 7 units for 2.10 AED: 0.3 AED each.
        assert_eq!(
            unit_cost_in_company(210, 70_000, 2, 10_000_000_000),
            Some(300_000)
        );
        // 4 units for 10.00 USD at 3.6725: 9.18125 AED each.
        assert_eq!(
            unit_cost_in_company(1_000, 40_000, 2, 36_725_000_000),
            Some(9_181_250)
        );
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
