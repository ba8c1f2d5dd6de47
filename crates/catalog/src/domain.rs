//! Pure rules of the catalog: the codes, quantities in ten-thousandths, conversions between
//! units, the seeded units and the check digit of numeric barcodes.

use arkan_kernel::codes;
use arkan_kernel::money::Written;
use uuid::Uuid;

codes! {
    /// What a product is, for stock: `storable` products are counted, `consumable` ones move
    /// without a valuation that matters, `service` ones are never stocked.
    pub enum ProductType {
        Storable = "storable",
        Consumable = "consumable",
        Service = "service",
    }
}

codes! {
    /// How a product's units are told apart in stock.
    pub enum Tracking {
        None = "none",
        Lot = "lot",
        Serial = "serial",
    }
}

codes! {
    /// How a category's products are valued: a fixed `standard` cost, a running `average`, or
    /// first in first out.
    pub enum CostingMethod {
        Standard = "standard",
        Average = "average",
        Fifo = "fifo",
    }
}

codes! {
    /// What a product is invoiced on: the quantity ordered or the quantity delivered.
    pub enum InvoicePolicy {
        Ordered = "ordered",
        Delivered = "delivered",
    }
}

/// A unit of measure of a company. `ratio_e6` is how many reference units of its category one
/// unit is, in millionths (`dozen` is 12 `unit`: 12_000_000).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uom {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub category: String,
    pub ratio_e6: i64,
    pub decimals: u8,
}

/// The most decimals a unit's quantities carry (quantities are ten-thousandths).
pub const MAX_DECIMALS: u8 = 4;

/// The largest quantity accepted, in ten-thousandths (10^12 units).
pub const MAX_QUANTITY_E4: i64 = 10_000_000_000_000_000;

/// (code, name, category, ratio in millionths, decimals): every company's units.
pub const SEEDED_UOMS: &[(&str, &str, &str, i64, u8)] = &[
    ("unit", "Unit", "unit", 1_000_000, 0),
    ("dozen", "Dozen", "unit", 12_000_000, 0),
    ("kg", "Kilogram", "weight", 1_000_000, 3),
    ("g", "Gram", "weight", 1_000, 2),
    ("t", "Tonne", "weight", 1_000_000_000, 3),
    ("l", "Litre", "volume", 1_000_000, 3),
    ("ml", "Millilitre", "volume", 1_000, 0),
    ("m3", "Cubic metre", "volume", 1_000_000_000, 3),
    ("m", "Metre", "length", 1_000_000, 2),
    ("cm", "Centimetre", "length", 10_000, 0),
    ("m2", "Square metre", "area", 1_000_000, 2),
    ("hour", "Hour", "time", 1_000_000, 2),
    ("day", "Day (8 hours)", "time", 8_000_000, 2),
];

/// Ten-thousandths in one step of `decimals` (1 for 4 decimals, 10_000 for none).
fn step(decimals: u8) -> i64 {
    10_i64.pow(u32::from(MAX_DECIMALS - decimals.min(MAX_DECIMALS)))
}

/// `numerator / denominator` rounded half away from zero; the denominator is positive.
fn divide_rounded(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        (numerator - half) / denominator
    }
}

/// A quantity of `from` in `to`, rounded half away from zero to `to`'s decimals; None when the
/// units measure different things or the result does not fit.
pub fn convert(quantity_e4: i64, from: &Uom, to: &Uom) -> Option<i64> {
    if from.category != to.category || from.ratio_e6 <= 0 || to.ratio_e6 <= 0 {
        return None;
    }
    let step = i128::from(step(to.decimals));
    let numerator = i128::from(quantity_e4).checked_mul(i128::from(from.ratio_e6))?;
    let steps = divide_rounded(numerator, i128::from(to.ratio_e6).checked_mul(step)?);
    i64::try_from(steps.checked_mul(step)?).ok()
}

/// A quantity rounded half away from zero to `decimals`.
pub fn round_to(quantity_e4: i64, decimals: u8) -> i64 {
    let step = i128::from(step(decimals));
    let rounded = divide_rounded(i128::from(quantity_e4), step) * step;
    i64::try_from(rounded).unwrap_or(quantity_e4)
}

/// Parses a quantity that may be negative, with at most `decimals` decimals (trailing zeros
/// beyond them are fine), into ten-thousandths.
pub fn parse_signed_quantity(text: &str, decimals: u8) -> Result<i64, String> {
    let decimals = decimals.min(MAX_DECIMALS);
    let scaled = arkan_kernel::parse_minor(text, decimals).map_err(|error| error.to_string())?;
    let quantity = scaled
        .checked_mul(step(decimals))
        .filter(|quantity| quantity.abs() <= MAX_QUANTITY_E4)
        .ok_or_else(|| "is too large".to_owned())?;
    Ok(quantity)
}

/// Parses a quantity of zero or more with at most `decimals` decimals into ten-thousandths.
pub fn parse_quantity(text: &str, decimals: u8) -> Result<i64, String> {
    let quantity = parse_signed_quantity(text, decimals)?;
    if quantity < 0 || text.trim().starts_with('-') {
        return Err("must not be negative".to_owned());
    }
    Ok(quantity)
}

/// A quantity with exactly `decimals` decimals (`"2.500"`, `"3"`), rounded half away from zero
/// when it has more.
pub fn format_quantity(quantity_e4: i64, decimals: u8) -> String {
    written_quantity(quantity_e4, decimals).to_string()
}

/// [`format_quantity`]'s text, written where it is serialized.
pub fn written_quantity(quantity_e4: i64, decimals: u8) -> Written {
    let decimals = decimals.min(MAX_DECIMALS);
    let rounded = round_to(quantity_e4, decimals);
    Written::exact(rounded / step(decimals), decimals)
}

/// Whether a barcode's check digit is right: numeric barcodes of 8, 12 or 13 digits (EAN-8,
/// UPC-A, EAN-13) carry one; any other barcode is taken as it is.
pub fn barcode_check_digit_ok(barcode: &str) -> bool {
    let digits: Vec<u32> = barcode.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != barcode.len() || ![8, 12, 13].contains(&digits.len()) {
        return true;
    }
    let Some((check, body)) = digits.split_last() else {
        return true;
    };
    // From the digit next to the check digit leftwards, weights 3, 1, 3, 1...
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(position, digit)| if position % 2 == 0 { digit * 3 } else { *digit })
        .sum();
    (10 - sum % 10) % 10 == *check
}

/// A unit code: 1 to 16 lowercase letters, digits or `_`.
pub fn is_code(text: &str) -> bool {
    (1..=16).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The name of a category and its ancestors joined: `All / Saleable / Office`.
pub fn full_name(names_from_root: &[&str]) -> String {
    names_from_root.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn seeded(code: &str) -> Uom {
        let (code, name, category, ratio_e6, decimals) = SEEDED_UOMS
            .iter()
            .find(|uom| uom.0 == code)
            .copied()
            .unwrap();
        Uom {
            id: Uuid::nil(),
            code: code.to_owned(),
            name: name.to_owned(),
            category: category.to_owned(),
            ratio_e6,
            decimals,
        }
    }

    #[test]
    fn quantities_parse_to_ten_thousandths_within_the_units_decimals() {
        assert_eq!(parse_quantity("2.5", 3), Ok(25_000));
        assert_eq!(parse_quantity("2.500", 3), Ok(25_000));
        assert_eq!(parse_quantity("3", 0), Ok(30_000));
        assert_eq!(parse_quantity("3.0", 0), Ok(30_000));
        assert_eq!(parse_quantity("0.0001", 4), Ok(1));
        assert!(parse_quantity("2.5", 0).is_err());
        assert!(parse_quantity("1.2345", 3).is_err());
        assert!(parse_quantity("-1", 2).is_err());
        assert!(parse_quantity("-0", 2).is_err());
        assert!(parse_quantity("abc", 2).is_err());
        assert!(parse_quantity("", 2).is_err());
        assert!(parse_quantity("99999999999999999999", 0).is_err());
        assert_eq!(parse_signed_quantity("-1.5", 2), Ok(-15_000));
    }

    #[test]
    fn quantities_format_with_the_units_decimals() {
        assert_eq!(format_quantity(25_000, 3), "2.500");
        assert_eq!(format_quantity(30_000, 0), "3");
        assert_eq!(format_quantity(-15_000, 2), "-1.50");
        assert_eq!(format_quantity(12_345, 4), "1.2345");
        assert_eq!(format_quantity(12_345, 3), "1.235");
        assert_eq!(format_quantity(15_000, 0), "2");
        assert_eq!(format_quantity(-15_000, 0), "-2");
    }

    #[test]
    fn a_dozen_is_twelve_units_and_back() {
        let (dozen, unit) = (seeded("dozen"), seeded("unit"));
        assert_eq!(convert(20_000, &dozen, &unit), Some(240_000));
        assert_eq!(convert(240_000, &unit, &dozen), Some(20_000));
        // 13 units are 1.0833 dozen: rounded to whole dozens.
        assert_eq!(convert(130_000, &unit, &dozen), Some(10_000));
        assert_eq!(convert(180_000, &unit, &dozen), Some(20_000));
    }

    #[test]
    fn grams_become_kilograms_rounded_to_three_decimals() {
        let (g, kg) = (seeded("g"), seeded("kg"));
        assert_eq!(convert(12_345_600, &g, &kg), Some(12_350));
        assert_eq!(convert(5_000, &g, &kg), Some(10));
        assert_eq!(convert(4_900, &g, &kg), Some(0));
        assert_eq!(convert(-5_000, &g, &kg), Some(-10));
        assert_eq!(convert(10_000, &kg, &g), Some(10_000_000));
        let (hour, day) = (seeded("hour"), seeded("day"));
        assert_eq!(convert(20_000, &day, &hour), Some(160_000));
    }

    #[test]
    fn kilograms_are_not_units() {
        assert_eq!(convert(10_000, &seeded("kg"), &seeded("unit")), None);
        assert_eq!(convert(i64::MAX, &seeded("t"), &seeded("g")), None);
    }

    #[test]
    fn numeric_barcodes_carry_a_check_digit() {
        assert!(barcode_check_digit_ok("4006381333931"));
        assert!(!barcode_check_digit_ok("4006381333932"));
        assert!(barcode_check_digit_ok("96385074"));
        assert!(!barcode_check_digit_ok("96385075"));
        assert!(barcode_check_digit_ok("036000291452"));
        assert!(!barcode_check_digit_ok("036000291453"));
        assert!(barcode_check_digit_ok("ABC-123"));
        assert!(barcode_check_digit_ok("1234567"));
    }

    proptest! {
        #[test]
        fn a_formatted_quantity_parses_back(quantity in 0_i64..MAX_QUANTITY_E4, decimals in 0_u8..=4) {
            let rounded = round_to(quantity, decimals);
            prop_assume!(rounded <= MAX_QUANTITY_E4);
            let text = format_quantity(rounded, decimals);
            prop_assert_eq!(parse_quantity(&text, decimals), Ok(rounded));
        }

        #[test]
        fn converting_to_a_unit_and_back_loses_at_most_the_rounding(quantity in 0_i64..1_000_000_000_000) {
            let (kg, g) = (seeded("kg"), seeded("g"));
            let grams = convert(quantity, &kg, &g).unwrap();
            prop_assert_eq!(grams, quantity * 1_000);
            let back = convert(grams, &g, &kg).unwrap();
            prop_assert_eq!(back, round_to(quantity, 3));
        }
    }
}
