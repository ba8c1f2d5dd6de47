//! Money as `i64` minor units of its currency. Parsing and formatting go through strings only,
//! never through floating point, so "0.10" is exactly 10 fils.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("must be a decimal number")]
    NotANumber,
    #[error("must have at most {0} decimals")]
    TooManyDecimals(u8),
    #[error("is too large")]
    Overflow,
}

/// The largest amount one line or limit may carry, in minor units (10^13 of a 2-decimal
/// currency): far above any real document, and far enough below i64 that sums cannot overflow.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// Parses a decimal string ("1250", "1250.5", "-3.250") into minor units of a currency with the
/// given exponent. More decimals than the currency has is an error, not a rounding.
pub fn parse_minor(text: &str, exponent: u8) -> Result<i64, MoneyError> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (digits, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::NotANumber);
    }
    if digits.contains('.') && fraction.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    // Trailing zeros beyond the exponent carry no value ("1.500" is a valid AED amount).
    let significant = fraction.trim_end_matches('0');
    if significant.len() > usize::from(exponent) {
        return Err(MoneyError::TooManyDecimals(exponent));
    }
    let scale = 10_i64
        .checked_pow(u32::from(exponent))
        .ok_or(MoneyError::Overflow)?;
    let whole_value = if whole.is_empty() {
        0
    } else {
        whole.parse::<i64>().map_err(|_| MoneyError::Overflow)?
    };
    let mut fraction_value: i64 = 0;
    for position in 0..usize::from(exponent) {
        let digit = significant
            .as_bytes()
            .get(position)
            .map_or(0, |b| i64::from(b - b'0'));
        fraction_value = fraction_value * 10 + digit;
    }
    let magnitude = whole_value
        .checked_mul(scale)
        .and_then(|value| value.checked_add(fraction_value))
        .ok_or(MoneyError::Overflow)?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// As [`format_minor`] without the trailing zeros of the fraction, as unit prices and rates are
/// written: 12_500_000 at 6 decimals -> "12.5", 3_000_000 -> "3".
pub fn format_trimmed(minor: i64, exponent: u8) -> String {
    Written::trimmed(minor, exponent).to_string()
}

/// Formats minor units with exactly the currency's decimals: 1250 AED -> "12.50", KWD -> "1.250".
pub fn format_minor(minor: i64, exponent: u8) -> String {
    Written::exact(minor, exponent).to_string()
}

/// Minor units as their decimal text, written where it is displayed or serialized rather than
/// kept as a `String` first: a report of 100,000 rows writes three a row straight into its
/// JSON. [`format_minor`] and [`format_trimmed`] are its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    minor: i64,
    exponent: u8,
    trimmed: bool,
}

impl Written {
    /// With exactly `exponent` decimals: 1250 at 2 -> "12.50".
    pub fn exact(minor: i64, exponent: u8) -> Written {
        Written {
            minor,
            exponent,
            trimmed: false,
        }
    }

    /// Without the fraction's trailing zeros: 12_500_000 at 6 -> "12.5".
    pub fn trimmed(minor: i64, exponent: u8) -> Written {
        Written {
            minor,
            exponent,
            trimmed: true,
        }
    }
}

impl std::fmt::Display for Written {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Right to left into the end of a buffer: the fraction's digits, the point, then at
        // least one whole digit, then the sign. 19 digits, 255 decimals at most, a point, a sign.
        let mut buffer = [0_u8; 280];
        let places = usize::from(self.exponent);
        let mut magnitude = self.minor.unsigned_abs();
        let mut start = buffer.len();
        let mut position = 0;
        // Trailing zeros of the fraction are skipped while nothing else has been written.
        let mut skipping = self.trimmed && places > 0;
        while position <= places || magnitude > 0 {
            if position == places && places > 0 && !skipping {
                start -= 1;
                buffer[start] = b'.';
            }
            let digit = (magnitude % 10) as u8;
            skipping = skipping && position < places && digit == 0;
            if !skipping {
                start -= 1;
                buffer[start] = b'0' + digit;
            }
            magnitude /= 10;
            position += 1;
        }
        if self.minor < 0 {
            start -= 1;
            buffer[start] = b'-';
        }
        formatter.pad(std::str::from_utf8(&buffer[start..]).unwrap_or_default())
    }
}

impl serde::Serialize for Written {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Splits `total` minor units in proportion to `weights`, so that the parts always add up to
/// exactly `total`: each part is rounded down, and the units left over go one each to the parts
/// with the largest remainders (the earlier part on a tie). `None` when the weights are empty,
/// negative or all zero.
pub fn allocate(total: i64, weights: &[i64]) -> Option<Vec<i64>> {
    if weights.iter().any(|weight| *weight < 0) {
        return None;
    }
    let sum: i128 = weights.iter().map(|weight| i128::from(*weight)).sum();
    if sum == 0 {
        return None;
    }
    let magnitude = i128::from(total).abs();
    let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (index, weight) in weights.iter().enumerate() {
        let exact = magnitude * i128::from(*weight);
        parts.push(exact / sum);
        remainders.push((exact % sum, index));
    }
    let mut left = magnitude - parts.iter().sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders {
        if left == 0 {
            break;
        }
        parts[index] += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|part| i64::try_from(if total < 0 { -part } else { part }).ok())
        .collect()
}

/// A rate as stored: units of company currency per unit of foreign currency, times 10^10.
pub const RATE_SCALE_DIGITS: u8 = 10;
/// The rate of the company currency to itself.
pub const RATE_ONE: i64 = 10_000_000_000;

/// Converts a foreign amount into company minor units at `rate_e10`, rounding half away from
/// zero once, at the end.
pub fn convert(
    amount_minor: i64,
    from: crate::Currency,
    rate_e10: i64,
    to: crate::Currency,
) -> Option<i64> {
    let numerator = i128::from(amount_minor)
        .checked_mul(i128::from(rate_e10))?
        .checked_mul(10_i128.checked_pow(u32::from(to.exponent))?)?;
    let denominator =
        10_i128.checked_pow(u32::from(RATE_SCALE_DIGITS) + u32::from(from.exponent))?;
    divide_rounded(numerator, denominator)
}

/// `numerator / denominator` rounded half away from zero; None when the denominator is not
/// positive or the result does not fit.
pub fn divide_rounded(numerator: i128, denominator: i128) -> Option<i64> {
    if denominator <= 0 {
        return None;
    }
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    let rounded = if remainder.abs() * 2 >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    };
    i64::try_from(rounded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_by_exponent() {
        assert_eq!(parse_minor("12.50", 2), Ok(1250));
        assert_eq!(parse_minor("12.5", 2), Ok(1250));
        assert_eq!(parse_minor("12", 2), Ok(1200));
        assert_eq!(parse_minor("0.10", 2), Ok(10));
        assert_eq!(parse_minor("1.250", 3), Ok(1250));
        assert_eq!(parse_minor("-3.25", 2), Ok(-325));
        assert_eq!(parse_minor(".5", 2), Ok(50));
        assert_eq!(parse_minor("1.500", 2), Ok(150));
        assert_eq!(parse_minor("7", 0), Ok(7));
    }

    #[test]
    fn refuses_what_is_not_exact() {
        assert_eq!(
            parse_minor("12.505", 2),
            Err(MoneyError::TooManyDecimals(2))
        );
        assert_eq!(parse_minor("1.5", 0), Err(MoneyError::TooManyDecimals(0)));
        assert_eq!(parse_minor("1e3", 2), Err(MoneyError::NotANumber));
        assert_eq!(parse_minor("", 2), Err(MoneyError::NotANumber));
        assert_eq!(parse_minor("1.", 2), Err(MoneyError::NotANumber));
        assert_eq!(parse_minor("1,000.00", 2), Err(MoneyError::NotANumber));
        assert_eq!(
            parse_minor("99999999999999999999", 2),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn allocation_spreads_the_remainder() {
        assert_eq!(allocate(100, &[1, 1, 1]), Some(vec![34, 33, 33]));
        assert_eq!(allocate(-100, &[1, 1, 1]), Some(vec![-34, -33, -33]));
        assert_eq!(allocate(5, &[0, 3]), Some(vec![0, 5]));
        assert_eq!(allocate(5, &[0, 0]), None);
        assert_eq!(allocate(5, &[-1, 2]), None);
    }

    proptest::proptest! {
        #[test]
        fn allocation_always_sums_to_the_whole(
            total in -1_000_000_000_000_i64..1_000_000_000_000,
            weights in proptest::collection::vec(0_i64..1_000_000_000, 1..20),
        ) {
            proptest::prop_assume!(weights.iter().any(|weight| *weight > 0));
            let parts = allocate(total, &weights).unwrap();
            proptest::prop_assert_eq!(parts.iter().sum::<i64>(), total);
            let sum: i128 = weights.iter().map(|weight| i128::from(*weight)).sum();
            for (part, weight) in parts.iter().zip(&weights) {
                // Each part is within one unit of its exact share.
                let exact = i128::from(total) * i128::from(*weight);
                let difference = (i128::from(*part) * sum - exact).abs();
                proptest::prop_assert!(difference < sum);
            }
        }

        #[test]
        fn formatting_and_parsing_round_trip(minor in proptest::num::i64::ANY, exponent in 0_u8..4) {
            proptest::prop_assume!(minor != i64::MIN);
            proptest::prop_assert_eq!(parse_minor(&format_minor(minor, exponent), exponent), Ok(minor));
        }

        #[test]
        fn formatting_writes_what_the_standard_formatter_writes(minor in proptest::num::i64::ANY, exponent in 0_u8..10) {
            let scale = 10_u64.pow(u32::from(exponent));
            let magnitude = minor.unsigned_abs();
            let sign = if minor < 0 { "-" } else { "" };
            let expected = if exponent == 0 {
                minor.to_string()
            } else {
                format!("{sign}{}.{:0width$}", magnitude / scale, magnitude % scale, width = usize::from(exponent))
            };
            proptest::prop_assert_eq!(format_minor(minor, exponent), expected);
        }

        #[test]
        fn trimmed_is_the_exact_text_without_its_fraction_s_trailing_zeros(minor in proptest::num::i64::ANY, exponent in 0_u8..10) {
            let exact = format_minor(minor, exponent);
            let expected = if exponent == 0 {
                exact.as_str()
            } else {
                exact.trim_end_matches('0').trim_end_matches('.')
            };
            proptest::prop_assert_eq!(format_trimmed(minor, exponent), expected);
        }

        #[test]
        fn written_serializes_as_its_text(minor in proptest::num::i64::ANY, exponent in 0_u8..7) {
            proptest::prop_assert_eq!(
                serde_json::to_string(&Written::exact(minor, exponent)).ok(),
                Some(format!("\"{}\"", format_minor(minor, exponent)))
            );
        }
    }

    #[test]
    fn formats_with_the_currency_decimals() {
        assert_eq!(format_minor(1250, 2), "12.50");
        assert_eq!(format_minor(5, 2), "0.05");
        assert_eq!(format_minor(-5, 2), "-0.05");
        assert_eq!(format_minor(1250, 3), "1.250");
        assert_eq!(format_minor(42, 0), "42");
        assert_eq!(format_minor(i64::MIN, 2), "-92233720368547758.08");
        assert_eq!(format_minor(0, 2), "0.00");
        assert_eq!(format_minor(0, 0), "0");
        assert_eq!(format_trimmed(12_500_000, 6), "12.5");
        assert_eq!(format_trimmed(3_000_000, 6), "3");
        assert_eq!(format_trimmed(0, 6), "0");
        assert_eq!(format_trimmed(-1, 6), "-0.000001");
        assert_eq!(format_trimmed(1200, 0), "1200");
        assert_eq!(
            format!(
                "{:>7}|{:<5}|",
                Written::exact(150, 2),
                Written::trimmed(10, 1)
            ),
            "   1.50|1    |"
        );
        // "0." and 255 decimals, the sign too at the most.
        assert_eq!(format_minor(i64::MAX, 255).len(), 257);
        assert_eq!(format_minor(i64::MIN, 255).len(), 258);
    }
}
