//! Delivery rules, pure: states, what is left to deliver, available-to-promise.

use arkan_kernel::codes;
use chrono::NaiveDate;

codes! {
    /// Where a delivery is: `draft -> confirmed|assigned -> done`, or `cancelled` while open
    /// (`assigned` when every open move is reserved; stored as `confirmed`).
    pub enum DeliveryStatus {
        Draft = "draft",
        Confirmed = "confirmed",
        Assigned = "assigned",
        Done = "done",
        Cancelled = "cancelled",
    }
}

impl DeliveryStatus {
    /// Draft or confirmed: it may still be confirmed, delivered or cancelled.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DeliveryStatus::Draft | DeliveryStatus::Confirmed | DeliveryStatus::Assigned
        )
    }
}

/// What is left to deliver of a line: ordered less what deliveries that are not cancelled
/// cover, never below zero.
pub fn left_to_deliver(ordered_e4: i64, covered_e4: i64) -> i64 {
    (ordered_e4 - covered_e4).max(0)
}

/// A point of the available-to-promise timeline: what comes in and goes out on `date`, and
/// what is available once it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AtpPoint {
    pub date: NaiveDate,
    pub incoming: i64,
    pub outgoing: i64,
    pub atp: i64,
}

/// The timeline from on hand and the open flows by date (oldest first), and the totals up to
/// `until`: (incoming, outgoing, atp) where atp = on hand + incoming − outgoing.
pub fn available_to_promise(
    on_hand: i64,
    flows: &[(NaiveDate, i64, i64)],
    until: NaiveDate,
) -> (Vec<AtpPoint>, (i64, i64, i64)) {
    let mut atp = on_hand;
    let (mut incoming, mut outgoing) = (0, 0);
    let mut timeline = Vec::with_capacity(flows.len());
    for &(date, inflow, outflow) in flows {
        atp += inflow - outflow;
        if date <= until {
            incoming += inflow;
            outgoing += outflow;
        }
        timeline.push(AtpPoint {
            date,
            incoming: inflow,
            outgoing: outflow,
            atp,
        });
    }
    (
        timeline,
        (incoming, outgoing, on_hand + incoming - outgoing),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atp_counts_the_flows_up_to_the_date() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).expect("a date");
        let flows = [(day(1), 0, 20_000), (day(5), 50_000, 0)];
        let (timeline, totals) = available_to_promise(30_000, &flows, day(3));
        assert_eq!(totals, (0, 20_000, 10_000));
        assert_eq!(timeline[1].atp, 60_000);
        assert_eq!(left_to_deliver(50_000, 60_000), 0);
    }
}
