//! Valuation arithmetic: exact integers, rounded half away from zero, each share of a whole
//! taken so that the shares add up to it; landed costs' states and splits.

use arkan_kernel::codes;
use chrono::{Datelike, Days, Months, NaiveDate};

/// Kinds of valuation layers.
pub const LAYER_IN: &str = "in";
pub const LAYER_OUT: &str = "out";
pub const LAYER_REVALUATION: &str = "revaluation";
pub const LAYER_LANDED_COST: &str = "landed_cost";
/// The difference a receipt makes to what stock sent out short was valued at.
pub const LAYER_CORRECTION: &str = "correction";
pub const LAYER_KINDS: [&str; 5] = [
    LAYER_IN,
    LAYER_OUT,
    LAYER_REVALUATION,
    LAYER_LANDED_COST,
    LAYER_CORRECTION,
];

/// Decimals of unit costs: millionths of the currency.
pub const COST_EXPONENT: u8 = 6;

fn round_div(numerator: i128, denominator: i128) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let negative = (numerator < 0) != (denominator < 0);
    let (numerator, denominator) = (numerator.abs(), denominator.abs());
    let rounded = (numerator + denominator / 2) / denominator;
    let rounded = i64::try_from(rounded).unwrap_or(i64::MAX);
    if negative { -rounded } else { rounded }
}

/// `part` of `whole` of `value`: all of it when `part` is all of `whole`, else the rounded
/// proportion.
pub fn share(value: i64, part: i64, whole: i64) -> i64 {
    if part == whole {
        value
    } else {
        round_div(i128::from(value) * i128::from(part), i128::from(whole))
    }
}

/// Quantity (ten-thousandths) at a unit cost (millionths), in minor units of a currency of
/// `exponent` decimals.
pub fn value_of(quantity_e4: i64, cost_e6: i64, exponent: u8) -> i64 {
    let divisor = 10_i128.pow(u32::from(4 + COST_EXPONENT - exponent.min(COST_EXPONENT)));
    round_div(i128::from(quantity_e4) * i128::from(cost_e6), divisor)
}

/// The unit cost (millionths) of `value` minor units over `quantity_e4`; 0 for no quantity.
pub fn unit_cost_of(value: i64, quantity_e4: i64, exponent: u8) -> i64 {
    let scale = 10_i128.pow(u32::from(4 + COST_EXPONENT - exponent.min(COST_EXPONENT)));
    round_div(i128::from(value) * scale, i128::from(quantity_e4))
}

/// A cost per unit of one unit (`from_quantity` of it) as a cost per unit of another
/// (`to_quantity` of that for the same goods).
pub fn convert_cost(cost_e6: i64, from_quantity: i64, to_quantity: i64) -> i64 {
    round_div(
        i128::from(cost_e6) * i128::from(from_quantity),
        i128::from(to_quantity),
    )
}

codes! {
    /// Where a landed cost is: `draft -> posted`, or `cancelled` while a draft.
    pub enum LandedCostState {
        Draft = "draft",
        Posted = "posted",
        Cancelled = "cancelled",
    }
}

codes! {
    /// How a landed cost is spread over the received moves.
    pub enum SplitMethod {
        Equal = "equal",
        ByQuantity = "by_quantity",
        ByWeight = "by_weight",
        ByVolume = "by_volume",
        ByValue = "by_value",
    }
}

/// Landed cost numbers: `LC/2026/00001`.
pub const LANDED_COST_PREFIX: &str = "LC";

/// The month end a valuation as of `as_of` is best read from when `today` is the date now:
/// the end of its month or of the month before, whichever is nearer (a tie goes to the
/// earlier), if it is at least two days past and nearer than today, whose valuations are kept
/// anyway. A month end is kept two days after it at the earliest so that a layer dated before
/// today, on any clock a server may run, is carried into every month end it belongs to.
pub fn month_end_for(as_of: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let first = as_of.with_day(1)?;
    let previous = first.pred_opt()?;
    let this = first.checked_add_months(Months::new(1))?.pred_opt()?;
    let latest = today.checked_sub_days(Days::new(2))?;
    let from_today = (today - as_of).num_days();
    [previous, this]
        .into_iter()
        .filter(|end| *end <= latest)
        .map(|end| ((end - as_of).num_days().abs(), end))
        .filter(|(distance, _)| *distance < from_today)
        .min()
        .map(|(_, end)| end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_keeps_the_nearer_month_end_two_days_past_and_nearer_than_today() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let today = day(2026, 12, 6);
        // Nearer to the end of its month, or of the month before; a tie goes to the earlier.
        assert_eq!(
            month_end_for(day(2026, 3, 25), today),
            Some(day(2026, 3, 31))
        );
        assert_eq!(
            month_end_for(day(2026, 3, 5), today),
            Some(day(2026, 2, 28))
        );
        assert_eq!(
            month_end_for(day(2026, 2, 14), today),
            Some(day(2026, 1, 31))
        );
        // A month end not two days past is not kept: the one before it is, when nearer than
        // today.
        assert_eq!(month_end_for(day(2026, 11, 29), day(2026, 12, 1)), None);
        assert_eq!(
            month_end_for(day(2026, 11, 28), day(2026, 12, 2)),
            Some(day(2026, 11, 30))
        );
        assert_eq!(
            month_end_for(day(2026, 11, 5), day(2026, 12, 1)),
            Some(day(2026, 10, 31))
        );
        // Today's valuations are nearer: nothing to keep; nor for today or later.
        assert_eq!(month_end_for(day(2026, 11, 20), day(2026, 12, 1)), None);
        assert_eq!(month_end_for(day(2026, 12, 3), today), None);
        assert_eq!(month_end_for(today, today), None);
        assert_eq!(month_end_for(day(2027, 1, 15), today), None);
    }

    #[test]
    fn shares_add_up_to_the_whole() {
        // 100.00 over 3 units: 33.33 + 33.33 + the rest 33.34.
        let first = share(10_000, 1, 3);
        let second = share(10_000 - first, 1, 2);
        let last = share(10_000 - first - second, 1, 1);
        assert_eq!((first, second, last), (3_333, 3_334, 3_333));
        assert_eq!(first + second + last, 10_000);
        assert_eq!(share(-7, 1, 2), -4);
    }

    #[test]
    fn values_and_unit_costs_in_two_and_three_decimals() {
        // 2 units at 150.000000 = 300.00 (fils) or 300.000 (3 decimals).
        assert_eq!(value_of(20_000, 150_000_000, 2), 30_000);
        assert_eq!(value_of(20_000, 150_000_000, 3), 300_000);
        assert_eq!(value_of(10_000, 1_234_567, 3), 1_235);
        assert_eq!(unit_cost_of(60_000, 40_000, 2), 150_000_000);
        assert_eq!(unit_cost_of(1_000, 30_000, 3), 333_333);
        // 12 per dozen is 1 per unit.
        assert_eq!(convert_cost(12_000_000, 10_000, 120_000), 1_000_000);
    }
}
