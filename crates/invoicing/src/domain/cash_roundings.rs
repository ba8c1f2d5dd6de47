//! Cash rounding, pure: a document's total brought to a multiple of the smallest coin (the
//! step), half up, up or down, and the difference that adds to the total.

arkan_kernel::codes! {
    /// How a total is brought to a multiple of the step.
    pub enum RoundingMethod {
        /// To the nearest multiple, a half away from zero.
        HalfUp = "half_up",
        /// To the next multiple away from zero.
        Up = "up",
        /// To the multiple below, towards zero.
        Down = "down",
    }
}

/// The step in minor units of a currency with `exponent` decimals, from its 6-decimal form
/// (`step_e6`); `None` when the currency cannot show it (0.001 on a 2-decimal currency) or it
/// is not positive.
pub fn step_minor(step_e6: i64, exponent: u8) -> Option<i64> {
    let exponent = u32::from(exponent.min(6));
    let divisor = 10_i64.pow(6 - exponent);
    (step_e6 > 0 && step_e6 % divisor == 0).then_some(step_e6 / divisor)
}

/// What rounding `total` (minor units) to a multiple of `step` (minor units, > 0) adds to it:
/// positive when the total goes up. `None` when it does not fit.
pub fn rounding(total: i64, step: i64, method: RoundingMethod) -> Option<i64> {
    if step <= 0 {
        return None;
    }
    let magnitude = i128::from(total).abs();
    let step = i128::from(step);
    let below = magnitude / step * step;
    let rest = magnitude - below;
    let rounded = match method {
        _ if rest == 0 => below,
        RoundingMethod::Down => below,
        RoundingMethod::Up => below + step,
        RoundingMethod::HalfUp if rest * 2 >= step => below + step,
        RoundingMethod::HalfUp => below,
    };
    let signed = if total < 0 { -rounded } else { rounded };
    i64::try_from(signed - i128::from(total)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_total_goes_to_the_quarter_by_each_method() {
        // 10.38 with 0.25 coins.
        assert_eq!(rounding(1038, 25, RoundingMethod::HalfUp), Some(12));
        assert_eq!(rounding(1038, 25, RoundingMethod::Up), Some(12));
        assert_eq!(rounding(1038, 25, RoundingMethod::Down), Some(-13));
        // 10.37 is nearer 10.25; 10.375 would be the half.
        assert_eq!(rounding(1037, 25, RoundingMethod::HalfUp), Some(-12));
        assert_eq!(rounding(1050, 25, RoundingMethod::Up), Some(0));
        assert_eq!(rounding(0, 25, RoundingMethod::Up), Some(0));
    }

    #[test]
    fn steps_convert_to_the_currency_or_are_refused() {
        assert_eq!(step_minor(250_000, 2), Some(25));
        assert_eq!(step_minor(50_000, 3), Some(50));
        assert_eq!(step_minor(1_000, 2), None);
        assert_eq!(step_minor(1_000_000, 0), Some(1));
        assert_eq!(step_minor(0, 2), None);
    }

    proptest! {
        #[test]
        fn the_rounded_total_is_a_multiple_of_the_step_within_one_step(
            total in 0_i64..1_000_000_000_000,
            step in 1_i64..100_000,
            method in 0_usize..3,
        ) {
            let method = RoundingMethod::ALL[method];
            let added = rounding(total, step, method).unwrap();
            prop_assert_eq!((total + added) % step, 0);
            prop_assert!(added.abs() < step);
            match method {
                RoundingMethod::Up => prop_assert!(added >= 0),
                RoundingMethod::Down => prop_assert!(added <= 0),
                RoundingMethod::HalfUp => prop_assert!(added.abs() * 2 <= step),
            }
        }
    }
}
