//! Invoice arithmetic, pure: line subtotals from quantity × unit price × (1 − discount), taxes
//! excluded from or included in the price, fixed taxes, reverse charge, and rounding per line or
//! per document. Between steps amounts are carried in i128 at 10^-9 of a minor unit (fils, cents)
//! and each amount shown is rounded once, half away from zero, to the minor unit. (Exact
//! fractions overflow i128 for large lines once taxes are included in the price; nine extra
//! digits change a rounding only when the exact value lies within a few billionths of a minor
//! unit of a half.)

use arkan_kernel::allocate;

/// Quantities carry 4 decimals (1.5 = 15,000), unit prices 6 (12.5 = 12,500,000), discounts and
/// percent tax rates are parts per million (5 % = 50,000).
pub const QUANTITY_SCALE: i128 = 10_000;
pub const PPM: i128 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxAmount {
    /// Parts per million of the base.
    Percent(i64),
    /// Minor units per unit of quantity.
    Fixed(i64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxRule {
    pub key: usize,
    pub amount: TaxAmount,
    /// The unit price already contains this tax (percent taxes only).
    pub price_include: bool,
    /// The buyer accounts for it (UAE reverse charge): computed and posted, not invoiced.
    pub reverse_charge: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInput {
    pub quantity_e4: i64,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub taxes: Vec<TaxRule>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Each line's tax is rounded, then added up (the common invoice practice).
    PerLine,
    /// Each tax is added up unrounded over the document and rounded once.
    PerDocument,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineTotals {
    pub subtotal: i64,
    /// (tax key, amount) per tax of the line, in the line's tax order.
    pub taxes: Vec<(usize, i64)>,
    /// Subtotal plus the invoiced (not reverse-charged) taxes.
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentTotals {
    pub lines: Vec<LineTotals>,
    pub untaxed: i64,
    /// Invoiced tax (excludes reverse charge).
    pub tax: i64,
    pub total: i64,
    /// (tax key, amount) per tax over the document, reverse charge included.
    pub per_tax: Vec<(usize, i64)>,
}

/// Billionths of a minor unit per minor unit.
const NANO: i128 = 1_000_000_000;

/// Rounds billionths of a minor unit to the minor unit, half away from zero.
fn round_nano(value: i128) -> Option<i64> {
    let quotient = value / NANO;
    let remainder = value % NANO;
    let rounded = if remainder.abs() * 2 >= NANO {
        quotient + value.signum()
    } else {
        quotient
    };
    i64::try_from(rounded).ok()
}

struct LineNano {
    gross: i128,
    base: i128,
    /// (key, amount, price included, reverse charge)
    taxes: Vec<(usize, i128, bool, bool)>,
}

fn line_nano(line: &LineInput, exponent: u8) -> Option<LineNano> {
    let minor = 10_i128.checked_pow(u32::from(exponent))?;
    // quantity × price × (1 − discount) × 10^exponent × 10^9 / (10^4 × 10^6 × 10^6)
    let gross = i128::from(line.quantity_e4)
        .checked_mul(i128::from(line.unit_price_e6))?
        .checked_mul(PPM - i128::from(line.discount_ppm))?
        .checked_mul(minor)?
        / 10_000_000;
    let included: i128 = line
        .taxes
        .iter()
        .filter(|tax| tax.price_include)
        .map(|tax| match tax.amount {
            TaxAmount::Percent(ppm) => i128::from(ppm),
            TaxAmount::Fixed(_) => 0,
        })
        .sum();
    let base = gross.checked_mul(PPM)? / (PPM + included);
    let mut taxes = Vec::with_capacity(line.taxes.len());
    for tax in &line.taxes {
        let amount = match tax.amount {
            TaxAmount::Percent(ppm) => base.checked_mul(i128::from(ppm))? / PPM,
            TaxAmount::Fixed(per_unit) => i128::from(per_unit)
                .checked_mul(i128::from(line.quantity_e4))?
                .checked_mul(NANO / QUANTITY_SCALE)?,
        };
        taxes.push((tax.key, amount, tax.price_include, tax.reverse_charge));
    }
    Some(LineNano { gross, base, taxes })
}

/// Computes an invoice's totals. `None` when an amount does not fit.
pub fn compute(lines: &[LineInput], exponent: u8, rounding: Rounding) -> Option<DocumentTotals> {
    let exact: Vec<LineNano> = lines
        .iter()
        .map(|line| line_nano(line, exponent))
        .collect::<Option<_>>()?;
    let mut line_totals = Vec::with_capacity(lines.len());
    for line in &exact {
        let subtotal = round_nano(line.base)?;
        let mut taxes: Vec<(usize, i64)> = Vec::with_capacity(line.taxes.len());
        for (key, amount, _, _) in &line.taxes {
            taxes.push((*key, round_nano(*amount)?));
        }
        // Taxes included in the price: the line keeps its rounded gross, and the included tax
        // is what is left over, shared between the included taxes in proportion.
        let included: Vec<usize> = line
            .taxes
            .iter()
            .enumerate()
            .filter(|(_, tax)| tax.2)
            .map(|(index, _)| index)
            .collect();
        if !included.is_empty() {
            let left_over = round_nano(line.gross)? - subtotal;
            let weights: Vec<i64> = included.iter().map(|index| taxes[*index].1.abs()).collect();
            if let Some(parts) = allocate(left_over, &weights) {
                for (index, part) in included.iter().zip(parts) {
                    taxes[*index].1 = part;
                }
            }
        }
        let invoiced: i64 = taxes
            .iter()
            .zip(&line.taxes)
            .filter(|(_, tax)| !tax.3)
            .map(|(amount, _)| amount.1)
            .sum();
        line_totals.push(LineTotals {
            subtotal,
            total: subtotal.checked_add(invoiced)?,
            taxes,
        });
    }

    let mut keys: Vec<usize> = Vec::new();
    for line in lines {
        for tax in &line.taxes {
            if !keys.contains(&tax.key) {
                keys.push(tax.key);
            }
        }
    }
    let reverse_charge = |key: usize| {
        lines
            .iter()
            .flat_map(|line| &line.taxes)
            .any(|tax| tax.key == key && tax.reverse_charge)
    };
    let mut per_tax = Vec::with_capacity(keys.len());
    for key in &keys {
        let amount = match rounding {
            Rounding::PerLine => line_totals
                .iter()
                .flat_map(|line| &line.taxes)
                .filter(|(tax, _)| tax == key)
                .map(|(_, amount)| *amount)
                .sum(),
            Rounding::PerDocument => {
                let mut sum: i128 = 0;
                for line in &exact {
                    for (tax, amount, _, _) in &line.taxes {
                        if tax == key {
                            sum = sum.checked_add(*amount)?;
                        }
                    }
                }
                round_nano(sum)?
            }
        };
        per_tax.push((*key, amount));
    }
    let untaxed: i64 = line_totals.iter().map(|line| line.subtotal).sum();
    let tax: i64 = per_tax
        .iter()
        .filter(|(key, _)| !reverse_charge(*key))
        .map(|(_, amount)| *amount)
        .sum();
    Some(DocumentTotals {
        lines: line_totals,
        untaxed,
        tax,
        total: untaxed.checked_add(tax)?,
        per_tax,
    })
}

arkan_kernel::codes! {
    /// What an invoice document is.
    pub enum InvoiceKind {
        CustomerInvoice = "customer_invoice",
        VendorBill = "vendor_bill",
        CustomerCreditNote = "customer_credit_note",
        VendorCreditNote = "vendor_credit_note",
    }
}

impl InvoiceKind {
    /// Sold to a client (invoice or its credit note), not bought from a vendor.
    pub fn is_customer(self) -> bool {
        matches!(
            self,
            InvoiceKind::CustomerInvoice | InvoiceKind::CustomerCreditNote
        )
    }

    pub fn is_credit_note(self) -> bool {
        matches!(
            self,
            InvoiceKind::CustomerCreditNote | InvoiceKind::VendorCreditNote
        )
    }

    /// The code of the journal the company's documents of this kind are numbered in.
    pub fn journal_code(self) -> &'static str {
        match self {
            InvoiceKind::CustomerInvoice => "INV",
            InvoiceKind::VendorBill => "BILL",
            InvoiceKind::CustomerCreditNote => "RINV",
            InvoiceKind::VendorCreditNote => "RBILL",
        }
    }

    /// The kind of the credit note that credits a document of this kind.
    pub fn credit_note(self) -> InvoiceKind {
        if self.is_customer() {
            InvoiceKind::CustomerCreditNote
        } else {
            InvoiceKind::VendorCreditNote
        }
    }

    /// In words, for entry memos ("customer invoice").
    pub fn words(self) -> String {
        self.as_str().replace('_', " ")
    }
}

arkan_kernel::codes! {
    /// How much of a posted document has been paid.
    pub enum PaymentStatus {
        NotPaid = "not_paid",
        Partial = "partial",
        Paid = "paid",
        /// Cancelled by a credit note: nothing is due any more.
        Reversed = "reversed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VAT: TaxRule = TaxRule {
        key: 0,
        amount: TaxAmount::Percent(50_000),
        price_include: false,
        reverse_charge: false,
    };

    fn line(quantity: i64, price: i64, taxes: Vec<TaxRule>) -> LineInput {
        LineInput {
            quantity_e4: quantity,
            unit_price_e6: price,
            discount_ppm: 0,
            taxes,
        }
    }

    #[test]
    fn two_lines_with_five_percent_vat() {
        let totals = compute(
            &[
                line(20_000, 150_000_000, vec![VAT]),
                line(10_000, 99_990_000, vec![VAT]),
            ],
            2,
            Rounding::PerLine,
        )
        .unwrap();
        assert_eq!(totals.untaxed, 39_999);
        assert_eq!(totals.tax, 2_000);
        assert_eq!(totals.total, 41_999);
    }

    #[test]
    fn three_lines_of_a_third_round_per_line_or_per_document() {
        // 3 × (1 × 0.333 AED) with 5 % VAT: each line's VAT is 0.01665, 0.02 rounded.
        let lines = vec![line(10_000, 333_000, vec![VAT]); 3];
        let per_line = compute(&lines, 2, Rounding::PerLine).unwrap();
        assert_eq!(per_line.untaxed, 3 * 33);
        assert_eq!(per_line.tax, 6);
        let per_document = compute(&lines, 2, Rounding::PerDocument).unwrap();
        // 3 × 0.01665 = 0.04995, rounded once: 0.05.
        assert_eq!(per_document.tax, 5);
        assert_eq!(per_document.total, 104);
    }

    #[test]
    fn a_price_including_vat_keeps_its_gross() {
        let included = TaxRule {
            price_include: true,
            ..VAT
        };
        let totals = compute(
            &[line(10_000, 105_000_000, vec![included.clone()])],
            2,
            Rounding::PerLine,
        )
        .unwrap();
        assert_eq!(
            (totals.untaxed, totals.tax, totals.total),
            (10_000, 500, 10_500)
        );
        // 9.99 gross: base 9.514..., so 9.51 + 0.48 = 9.99.
        let odd = compute(
            &[line(10_000, 9_990_000, vec![included.clone()])],
            2,
            Rounding::PerLine,
        )
        .unwrap();
        assert_eq!((odd.untaxed, odd.tax, odd.total), (951, 48, 999));
    }

    #[test]
    fn discount_kwd_and_fixed_taxes() {
        let fixed = TaxRule {
            key: 1,
            amount: TaxAmount::Fixed(250),
            price_include: false,
            reverse_charge: false,
        };
        let mut discounted = line(30_000, 1_234_567, vec![VAT, fixed]);
        discounted.discount_ppm = 100_000;
        let totals = compute(&[discounted], 3, Rounding::PerLine).unwrap();
        // 3 × 1.234567 × 0.9 = 3.3333309 KWD -> 3.333; VAT 0.1666665 -> 0.167; fixed 3 × 0.250.
        assert_eq!(totals.untaxed, 3_333);
        assert_eq!(totals.per_tax, vec![(0, 167), (1, 750)]);
        assert_eq!(totals.total, 3_333 + 167 + 750);
    }

    #[test]
    fn reverse_charge_is_computed_but_not_invoiced() {
        let reverse = TaxRule {
            key: 3,
            reverse_charge: true,
            ..VAT
        };
        let totals = compute(
            &[line(10_000, 2_000_000_000, vec![reverse])],
            2,
            Rounding::PerLine,
        )
        .unwrap();
        assert_eq!(totals.per_tax, vec![(3, 10_000)]);
        assert_eq!(
            (totals.untaxed, totals.tax, totals.total),
            (200_000, 0, 200_000)
        );
    }

    proptest::proptest! {
        #[test]
        fn totals_are_the_sum_of_their_parts(
            lines in proptest::collection::vec((1_i64..10_000_000, 0_i64..100_000_000_000, 0_i64..1_000_000, proptest::bool::ANY), 1..12),
            per_document in proptest::bool::ANY,
        ) {
            let inputs: Vec<LineInput> = lines
                .iter()
                .map(|(quantity, price, discount, included)| LineInput {
                    quantity_e4: *quantity,
                    unit_price_e6: *price,
                    discount_ppm: *discount,
                    taxes: vec![TaxRule { price_include: *included, ..VAT }],
                })
                .collect();
            let rounding = if per_document { Rounding::PerDocument } else { Rounding::PerLine };
            let totals = compute(&inputs, 2, rounding).unwrap();
            proptest::prop_assert_eq!(totals.total, totals.untaxed + totals.tax);
            proptest::prop_assert_eq!(totals.untaxed, totals.lines.iter().map(|line| line.subtotal).sum::<i64>());
            if !per_document {
                proptest::prop_assert_eq!(totals.total, totals.lines.iter().map(|line| line.total).sum::<i64>());
            }
            for (line, input) in totals.lines.iter().zip(&inputs) {
                if input.taxes[0].price_include {
                    // A price that includes VAT is what the line totals to, to the fils.
                    let gross = round_nano(line_nano(input, 2).unwrap().gross).unwrap();
                    proptest::prop_assert_eq!(line.total, gross);
                }
            }
        }
    }
}
