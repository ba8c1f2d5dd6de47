//! The three-way match, pure: a bill line against its order line (ordered, received and billed
//! quantities, the order's net unit price) under the company's bill control and price tolerance.

pub use arkan_inventory::purchase_settings::BillControl;

use super::BillingState;

/// One bill line's figures: quantities in ten-thousandths of the order line's unit, prices in
/// millionths of the order's currency per unit, discounts in parts per million.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchInput {
    pub ordered_e4: i64,
    /// Received less returned to the vendor.
    pub received_e4: i64,
    /// On every bill of the order line that is not cancelled, this one included.
    pub billed_e4: i64,
    pub order_price_e6: i64,
    pub order_discount_ppm: i64,
    pub bill_price_e6: i64,
    pub bill_discount_ppm: i64,
}

/// Whether a bill line's quantity and price agree with its order line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchOutcome {
    pub quantity_ok: bool,
    pub price_ok: bool,
}

/// A price net of its discount, in millionths times 10^6 (exact: no rounding before comparing).
fn net_price(price_e6: i64, discount_ppm: i64) -> i128 {
    i128::from(price_e6) * (1_000_000 - i128::from(discount_ppm))
}

/// The quantity is within what `control` allows (received or ordered); the net price is at most
/// the order's net price raised by `tolerance_ppm` (parts per million: 2 % = 20,000). A lower
/// price always matches.
pub fn match_line(input: MatchInput, control: BillControl, tolerance_ppm: i64) -> MatchOutcome {
    let allowed = match control {
        BillControl::Received => input.received_e4,
        BillControl::Ordered => input.ordered_e4,
    };
    let bill = net_price(input.bill_price_e6, input.bill_discount_ppm) * 1_000_000;
    let ceiling = net_price(input.order_price_e6, input.order_discount_ppm)
        * (1_000_000 + i128::from(tolerance_ppm.max(0)));
    MatchOutcome {
        quantity_ok: input.billed_e4 <= allowed,
        price_ok: bill <= ceiling,
    }
}

/// One order line's quantities, ten-thousandths of its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineProgress {
    pub ordered_e4: i64,
    pub received_e4: i64,
    pub returned_e4: i64,
    /// On posted bills.
    pub billed_e4: i64,
    /// Goods are received; services and lines without a product are not, and are billed as
    /// ordered whatever the control.
    pub goods: bool,
}

impl LineProgress {
    /// What the vendor may bill under `control`: received less returned, or ordered.
    pub fn billable(self, control: BillControl) -> i64 {
        match control {
            BillControl::Received if self.goods => self.received_e4 - self.returned_e4,
            _ => self.ordered_e4,
        }
    }

    /// What the bills hold once the line is wholly billed: what was ordered less returns, or,
    /// once the order's receipts are closed, what came less returns.
    fn complete(self, receipts_closed: bool) -> i64 {
        if !self.goods {
            self.ordered_e4
        } else if receipts_closed {
            self.received_e4 - self.returned_e4
        } else {
            self.ordered_e4 - self.returned_e4
        }
    }
}

/// `to_bill` while a line has more billable than billed; `billed` once every line's bills hold
/// all of it (`LineProgress::complete`); else `nothing`.
pub fn billing_state(
    lines: &[LineProgress],
    control: BillControl,
    receipts_closed: bool,
) -> BillingState {
    if lines
        .iter()
        .any(|line| line.billable(control) > line.billed_e4)
    {
        BillingState::ToBill
    } else if !lines.is_empty()
        && lines
            .iter()
            .all(|line| line.billed_e4 >= line.complete(receipts_closed))
    {
        BillingState::Billed
    } else {
        BillingState::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(received: i64, billed: i64, price: i64) -> MatchInput {
        MatchInput {
            ordered_e4: 100_000,
            received_e4: received,
            billed_e4: billed,
            order_price_e6: 20_000_000,
            order_discount_ppm: 0,
            bill_price_e6: price,
            bill_discount_ppm: 0,
        }
    }

    #[test]
    fn quantities_follow_the_bill_control() {
        // 10 ordered, 6 received, 8 billed at the order's price.
        let partly = line(60_000, 80_000, 20_000_000);
        let received = match_line(partly, BillControl::Received, 0);
        assert_eq!(
            received,
            MatchOutcome {
                quantity_ok: false,
                price_ok: true
            }
        );
        let ordered = match_line(partly, BillControl::Ordered, 0);
        assert!(ordered.quantity_ok);
        assert!(
            !match_line(line(100_000, 110_000, 20_000_000), BillControl::Ordered, 0).quantity_ok
        );
    }

    #[test]
    fn a_price_within_the_tolerance_matches() {
        // 20.00 ordered: 20.40 is 2 % above.
        let within = line(100_000, 100_000, 20_400_000);
        assert!(match_line(within, BillControl::Received, 20_000).price_ok);
        assert!(!match_line(within, BillControl::Received, 19_999).price_ok);
        assert!(match_line(line(100_000, 100_000, 15_000_000), BillControl::Received, 0).price_ok);
    }

    #[test]
    fn billing_follows_receipts_and_bills() {
        let line = |received, returned, billed| LineProgress {
            ordered_e4: 100_000,
            received_e4: received,
            returned_e4: returned,
            billed_e4: billed,
            goods: true,
        };
        let received = BillControl::Received;
        let state = |lines: &[LineProgress]| billing_state(lines, received, false);
        assert_eq!(state(&[line(0, 0, 0)]), BillingState::Nothing);
        assert_eq!(state(&[line(60_000, 0, 0)]), BillingState::ToBill);
        // What arrived is billed, the rest is still to come.
        assert_eq!(state(&[line(60_000, 0, 60_000)]), BillingState::Nothing);
        assert_eq!(state(&[line(100_000, 0, 100_000)]), BillingState::Billed);
        // Two returned: eight billed is everything.
        assert_eq!(
            state(&[line(100_000, 20_000, 80_000)]),
            BillingState::Billed
        );
        // Receipts closed at eight: eight billed is everything.
        assert_eq!(
            billing_state(&[line(80_000, 0, 80_000)], received, true),
            BillingState::Billed
        );
        assert_eq!(
            billing_state(&[line(0, 0, 0)], BillControl::Ordered, false),
            BillingState::ToBill
        );
        // A service is billed as ordered, received or not.
        let service = LineProgress {
            goods: false,
            ..line(0, 0, 0)
        };
        assert_eq!(service.billable(received), 100_000);
        assert_eq!(state(&[service]), BillingState::ToBill);
    }

    #[test]
    fn discounts_compare_net_prices() {
        // 22.00 less 10 % is 19.80: under the order's 20.00.
        let mut input = line(100_000, 100_000, 22_000_000);
        input.bill_discount_ppm = 100_000;
        assert!(match_line(input, BillControl::Received, 0).price_ok);
        input.order_discount_ppm = 100_000;
        input.bill_discount_ppm = 0;
        // 18.00 net ordered against 22.00 billed.
        assert!(!match_line(input, BillControl::Received, 0).price_ok);
    }
}
