//! Computed percentages (`share`, `marginPercent`, `variancePercent`): 0-100, rounded half away
//! from zero to 2 decimals and trimmed (`"66.67"`, `"75"`), null when their base is 0.

/// `part / base × 100` as the reports show it; None when `base` is 0.
pub fn percent(part: i64, base: i64) -> Option<String> {
    if base == 0 {
        return None;
    }
    // Hundredths of a percent: part × 10,000 / base, rounded half away from zero.
    let numerator = i128::from(part) * 10_000;
    let denominator = i128::from(base);
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    let away = if remainder.abs() * 2 >= denominator.abs() {
        if (numerator < 0) == (denominator < 0) {
            1
        } else {
            -1
        }
    } else {
        0
    };
    let hundredths = quotient + away;
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.abs();
    let whole = magnitude / 100;
    let fraction = magnitude % 100;
    let text = if fraction == 0 {
        format!("{sign}{whole}")
    } else if fraction % 10 == 0 {
        format!("{sign}{whole}.{}", fraction / 10)
    } else {
        format!("{sign}{whole}.{fraction:02}")
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn rounds_half_away_from_zero_and_trims() {
        assert_eq!(percent(2, 3).as_deref(), Some("66.67"));
        assert_eq!(percent(3, 4).as_deref(), Some("75"));
        assert_eq!(percent(1, 8).as_deref(), Some("12.5"));
        assert_eq!(percent(-1, 8).as_deref(), Some("-12.5"));
        assert_eq!(percent(1, 20_000).as_deref(), Some("0.01"));
        assert_eq!(percent(-1, 20_000).as_deref(), Some("-0.01"));
        assert_eq!(percent(1, 30_000).as_deref(), Some("0"));
        assert_eq!(percent(5, -8).as_deref(), Some("-62.5"));
        assert_eq!(percent(0, 5).as_deref(), Some("0"));
        assert_eq!(percent(7, 0), None);
    }
}
