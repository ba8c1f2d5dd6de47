//! Sales order rules, pure: states, numbers, delivery progress, prices across units and
//! currencies.

use arkan_kernel::codes;
use arkan_kernel::money::divide_rounded;

codes! {
    /// Where a sales order is: `draft -> confirmed`, or `cancelled` before anything was
    /// delivered or invoiced.
    pub enum OrderState {
        Draft = "draft",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
    }
}

codes! {
    /// How much of the order's goods has left for the client.
    pub enum DeliveryState {
        Nothing = "nothing",
        Partial = "partial",
        Delivered = "delivered",
    }
}

codes! {
    /// How much of the order is invoiced.
    pub enum InvoiceState {
        Nothing = "nothing",
        ToInvoice = "to_invoice",
        Partial = "partial",
        Invoiced = "invoiced",
    }
}

codes! {
    /// What confirming an order does when the client's open receivables plus the order pass
    /// its credit limit.
    pub enum CreditLimitPolicy {
        None = "none",
        Warn = "warn",
        Block = "block",
    }
}

/// The prefix of sales order numbers: `SO/2026/00001`.
pub const ORDER_PREFIX: &str = "SO";

/// The number of a sales document: `SO/2026/00001`.
pub fn document_number(prefix: &str, year: i32, sequence: i64) -> String {
    format!("{prefix}/{year}/{sequence:05}")
}

/// The delivery state of goods lines given as (ordered, delivered net of returns) quantities.
pub fn delivery_state(lines: &[(i64, i64)]) -> DeliveryState {
    if lines.iter().all(|(_, delivered)| *delivered <= 0) {
        DeliveryState::Nothing
    } else if lines
        .iter()
        .all(|(ordered, delivered)| *delivered >= *ordered)
    {
        DeliveryState::Delivered
    } else {
        DeliveryState::Partial
    }
}

/// The invoice state of lines given as (ordered, to invoice by the line's policy, invoiced)
/// quantities: `invoiced` once every line is invoiced as ordered, `partial` when some is,
/// `to_invoice` when something may be invoiced and nothing is yet, else `nothing`.
pub fn invoice_state(lines: &[(i64, i64, i64)]) -> InvoiceState {
    let invoiced_any = lines.iter().any(|(_, _, invoiced)| *invoiced > 0);
    if invoiced_any
        && lines
            .iter()
            .all(|(ordered, _, invoiced)| *invoiced >= *ordered)
    {
        InvoiceState::Invoiced
    } else if invoiced_any {
        InvoiceState::Partial
    } else if lines.iter().any(|(_, base, _)| *base > 0) {
        InvoiceState::ToInvoice
    } else {
        InvoiceState::Nothing
    }
}

/// A price per unit of ratio `from_ratio_e6` as the price per unit of ratio `to_ratio_e6`
/// (reference units per unit, millionths: a dozen is 12 units), rounded half away from zero.
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
        assert_eq!(document_number("SO", 2026, 7), "SO/2026/00007");
    }

    #[test]
    fn delivery_state_follows_the_goods_lines() {
        assert_eq!(delivery_state(&[(10, 0)]), DeliveryState::Nothing);
        assert_eq!(delivery_state(&[(10, 4), (5, 5)]), DeliveryState::Partial);
        assert_eq!(
            delivery_state(&[(10, 10), (5, 6)]),
            DeliveryState::Delivered
        );
        assert_eq!(delivery_state(&[]), DeliveryState::Nothing);
    }

    #[test]
    fn invoice_state_follows_what_is_invoiced() {
        assert_eq!(invoice_state(&[(10, 0, 0)]), InvoiceState::Nothing);
        assert_eq!(invoice_state(&[(10, 4, 0)]), InvoiceState::ToInvoice);
        assert_eq!(invoice_state(&[(10, 10, 4)]), InvoiceState::Partial);
        assert_eq!(
            invoice_state(&[(10, 10, 10), (2, 2, 2)]),
            InvoiceState::Invoiced
        );
    }

    #[test]
    fn prices_convert_between_units_and_currencies() {
        assert_eq!(
            price_per_unit(2_500_000, 1_000_000, 12_000_000),
            Some(30_000_000)
        );
        assert_eq!(
            price_in_document(36_725_000, 36_725_000_000),
            Some(10_000_000)
        );
    }
}
