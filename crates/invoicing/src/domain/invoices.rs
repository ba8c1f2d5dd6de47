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
    /// Billionths of a minor unit of the document's currency per unit of quantity (see
    /// [`fixed_in_document`]).
    Fixed(i128),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxRule {
    pub key: usize,
    pub amount: TaxAmount,
    /// The unit price already contains this tax (percent taxes only).
    pub price_include: bool,
    /// The buyer accounts for it (UAE reverse charge): computed and posted, not invoiced.
    pub reverse_charge: bool,
    /// A line's taxes apply in ascending sequence (ties: the line's order).
    pub sequence: i32,
    /// The amount joins the base of the line's taxes of a higher sequence (excise, then VAT on
    /// the price with excise).
    pub include_base_amount: bool,
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

/// One tax of a line, exact.
struct TaxNano {
    key: usize,
    amount: i128,
    /// Part of the price (never for reverse charge).
    included: bool,
    reverse_charge: bool,
    fixed: bool,
}

struct LineNano {
    gross: i128,
    base: i128,
    taxes: Vec<TaxNano>,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

fn line_nano(line: &LineInput, exponent: u8) -> Option<LineNano> {
    let minor = 10_i128.checked_pow(u32::from(exponent))?;
    // quantity × price × (1 − discount) × 10^exponent × 10^9 / (10^4 × 10^6 × 10^6)
    let gross = i128::from(line.quantity_e4)
        .checked_mul(i128::from(line.unit_price_e6))?
        .checked_mul(PPM - i128::from(line.discount_ppm))?
        .checked_mul(minor)?
        / 10_000_000;
    // Reverse charge is never part of the price (the vendor is owed the price), whatever the
    // flag says.
    let mut taxes = Vec::with_capacity(line.taxes.len());
    for tax in &line.taxes {
        let fixed = match tax.amount {
            TaxAmount::Percent(_) => None,
            TaxAmount::Fixed(per_unit) => {
                Some(per_unit.checked_mul(i128::from(line.quantity_e4))? / QUANTITY_SCALE)
            }
        };
        taxes.push(TaxNano {
            key: tax.key,
            amount: fixed.unwrap_or(0),
            included: tax.price_include && !tax.reverse_charge,
            reverse_charge: tax.reverse_charge,
            fixed: fixed.is_some(),
        });
    }
    // The taxes in the order they apply, grouped by sequence: a tax's base is the line's base
    // plus the amounts of the `include_base_amount` taxes of the lower sequences.
    let mut order: Vec<usize> = (0..line.taxes.len()).collect();
    order.sort_by_key(|index| line.taxes[*index].sequence);
    let groups: Vec<&[usize]> = order
        .chunk_by(|a, b| line.taxes[*a].sequence == line.taxes[*b].sequence)
        .collect();
    let ppm_of = |index: usize| match line.taxes[index].amount {
        TaxAmount::Percent(ppm) => i128::from(ppm),
        TaxAmount::Fixed(_) => 0,
    };
    // What the price contains, as a function of the base: included = alpha × base + beta, with
    // alpha = numerator / denominator exactly. From the last group back: the taxes from group k
    // on are alpha_k × B_k + beta_k of that group's base B_k, and B_(k+1) = B_k × (1 + P_k) + F_k
    // (P_k, F_k: the group's percent and fixed taxes that join the base).
    let (mut numerator, mut denominator, mut beta): (i128, i128, i128) = (0, 1, 0);
    for group in groups.iter().rev() {
        let (mut joins_percent, mut joins_fixed, mut in_percent, mut in_fixed) = (0, 0, 0, 0);
        for index in group.iter().copied() {
            let (rule, tax) = (&line.taxes[index], &taxes[index]);
            if rule.include_base_amount {
                joins_percent += ppm_of(index);
                if tax.fixed {
                    joins_fixed = tax.amount.checked_add(joins_fixed)?;
                }
            }
            if tax.included {
                in_percent += ppm_of(index);
                if tax.fixed {
                    in_fixed = tax.amount.checked_add(in_fixed)?;
                }
            }
        }
        // beta_k = fixed included here + alpha_(k+1) × F_k + beta_(k+1)
        beta = beta.checked_add(in_fixed)?.checked_add(
            joins_fixed
                .checked_mul(numerator)?
                .checked_div(denominator)?,
        )?;
        // alpha_k = in_percent / PPM + alpha_(k+1) × (PPM + P_k) / PPM
        numerator = in_percent
            .checked_mul(denominator)?
            .checked_add(numerator.checked_mul(PPM.checked_add(joins_percent)?)?)?;
        denominator = denominator.checked_mul(PPM)?;
        let common = gcd(numerator, denominator).max(1);
        numerator /= common;
        denominator /= common;
    }
    // gross = base + included taxes.
    let base = gross
        .checked_sub(beta)?
        .checked_mul(denominator)?
        .checked_div(denominator.checked_add(numerator)?)?;
    let mut running = base;
    for group in &groups {
        let mut joins: i128 = 0;
        for index in group.iter().copied() {
            if let TaxAmount::Percent(ppm) = line.taxes[index].amount {
                taxes[index].amount = running.checked_mul(i128::from(ppm))? / PPM;
            }
            if line.taxes[index].include_base_amount {
                joins = joins.checked_add(taxes[index].amount)?;
            }
        }
        running = running.checked_add(joins)?;
    }
    Some(LineNano { gross, base, taxes })
}

/// A fixed tax's amount per unit, which is kept in the company's currency (minor units), as
/// billionths of a minor unit of the document's currency at the document's rate (`rate_e10`
/// company units per document unit, times 10^10). Converted, not reinterpreted with the other
/// currency's decimals.
pub fn fixed_in_document(
    per_unit_company_minor: i64,
    company_exponent: u8,
    document_exponent: u8,
    rate_e10: Option<i64>,
) -> Option<i128> {
    let nano = i128::from(per_unit_company_minor).checked_mul(NANO)?;
    match rate_e10 {
        None => Some(nano),
        Some(rate) if rate > 0 => Some(
            nano.checked_mul(10_i128.checked_pow(u32::from(document_exponent))?)?
                .checked_mul(10_i128.pow(10))?
                / (i128::from(rate)
                    .checked_mul(10_i128.checked_pow(u32::from(company_exponent))?)?),
        ),
        Some(_) => None,
    }
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
        for tax in &line.taxes {
            taxes.push((tax.key, round_nano(tax.amount)?));
        }
        // Taxes included in the price: the line keeps its rounded gross. The fixed ones are
        // what they are; what is left over is shared between the included percent taxes in
        // proportion (or, with none, between the fixed ones).
        let included = |fixed: bool| -> Vec<usize> {
            line.taxes
                .iter()
                .enumerate()
                .filter(|(_, tax)| tax.included && tax.fixed == fixed)
                .map(|(index, _)| index)
                .collect()
        };
        let percent = included(false);
        let fixed = included(true);
        if !percent.is_empty() || !fixed.is_empty() {
            let mut left_over = round_nano(line.gross)? - subtotal;
            let sharing = if percent.is_empty() {
                &fixed
            } else {
                for index in &fixed {
                    left_over -= taxes[*index].1;
                }
                &percent
            };
            let weights: Vec<i64> = sharing.iter().map(|index| taxes[*index].1.abs()).collect();
            if let Some(parts) = allocate(left_over, &weights) {
                for (index, part) in sharing.iter().zip(parts) {
                    taxes[*index].1 = part;
                }
            }
        }
        let invoiced: i64 = taxes
            .iter()
            .zip(&line.taxes)
            .filter(|(_, tax)| !tax.reverse_charge)
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
                    for tax in &line.taxes {
                        if tax.key == *key {
                            sum = sum.checked_add(tax.amount)?;
                        }
                    }
                }
                round_nano(sum)?
            }
        };
        per_tax.push((*key, amount));
    }
    if rounding == Rounding::PerDocument {
        // With prices that include tax, the document's total is the sum of those prices: what
        // rounding each base and rounding each tax once over the document leaves goes into the
        // base of the largest such line, never into the total.
        let priced: Vec<usize> = exact
            .iter()
            .enumerate()
            .filter(|(_, line)| line.taxes.iter().any(|tax| tax.included))
            .map(|(index, _)| index)
            .collect();
        if !priced.is_empty() {
            let included_key = |key: usize| {
                exact
                    .iter()
                    .flat_map(|line| &line.taxes)
                    .any(|tax| tax.key == key && tax.included)
            };
            let included_tax: i64 = per_tax
                .iter()
                .filter(|(key, _)| included_key(*key))
                .map(|(_, amount)| *amount)
                .sum();
            let mut prices: i64 = 0;
            let mut bases: i64 = 0;
            for index in &priced {
                prices = prices.checked_add(round_nano(exact[*index].gross)?)?;
                bases = bases.checked_add(line_totals[*index].subtotal)?;
            }
            let difference = prices - included_tax - bases;
            let largest = priced
                .iter()
                .copied()
                .max_by_key(|index| line_totals[*index].subtotal.abs());
            if let Some(index) = largest
                && difference != 0
            {
                // The line still totals to its price: its included tax gives up what its base
                // takes.
                let tax = exact[index]
                    .taxes
                    .iter()
                    .position(|tax| tax.included && !tax.fixed)
                    .or_else(|| exact[index].taxes.iter().position(|tax| tax.included));
                let line = &mut line_totals[index];
                line.subtotal = line.subtotal.checked_add(difference)?;
                if let Some(tax) = tax.and_then(|tax| line.taxes.get_mut(tax)) {
                    tax.1 = tax.1.checked_sub(difference)?;
                }
            }
        }
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
        sequence: 10,
        include_base_amount: false,
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
            amount: TaxAmount::Fixed(250 * NANO),
            price_include: false,
            reverse_charge: false,
            sequence: 10,
            include_base_amount: false,
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
    fn a_fixed_tax_in_the_price_comes_out_of_it_before_the_percent_taxes() {
        let fixed = TaxRule {
            key: 2,
            amount: TaxAmount::Fixed(1_000 * NANO),
            price_include: true,
            reverse_charge: false,
            sequence: 10,
            include_base_amount: false,
        };
        // 2 x 100.00 with a fixed 10.00 included: 180 / 20 / 200 (the peers' figures).
        let totals = compute(
            &[line(20_000, 100_000_000, vec![fixed.clone()])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(
            (totals.untaxed, totals.tax, totals.total),
            (18_000, 2_000, 20_000)
        );
        // 1 x 115.00 with the fixed 10.00 and 5 % VAT both included: the fixed amount first,
        // VAT on the rest: 100 / 15 / 115, and VAT keeps all of its 5.00.
        let vat = TaxRule {
            price_include: true,
            ..VAT
        };
        for rounding in [Rounding::PerLine, Rounding::PerDocument] {
            let totals = compute(
                &[line(10_000, 115_000_000, vec![fixed.clone(), vat.clone()])],
                2,
                rounding,
            )
            .expect("fits");
            assert_eq!(
                (totals.untaxed, totals.tax, totals.total),
                (10_000, 1_500, 11_500)
            );
            assert_eq!(totals.per_tax, vec![(2, 1_000), (0, 500)]);
        }
    }

    #[test]
    fn a_fixed_tax_in_company_currency_is_converted_to_the_documents() {
        // 10.00 AED per unit on a USD invoice at 3.6725 AED per USD: 2.722941... USD per unit.
        let per_unit = fixed_in_document(1_000, 2, 2, Some(36_725_000_000)).expect("fits");
        assert_eq!(per_unit, 272_294_077_603);
        // On a KWD invoice (3 decimals) at 12.0 AED per KWD: 0.833333... KWD, not 1.000 KWD.
        let kwd = fixed_in_document(1_000, 2, 3, Some(120_000_000_000)).expect("fits");
        assert_eq!(kwd, 833_333_333_333);
        assert_eq!(fixed_in_document(1_000, 2, 2, None), Some(1_000 * NANO));
        // 3 units on the USD invoice: 8.17 USD.
        let fixed = TaxRule {
            key: 1,
            amount: TaxAmount::Fixed(per_unit),
            price_include: false,
            reverse_charge: false,
            sequence: 10,
            include_base_amount: false,
        };
        let totals = compute(
            &[line(30_000, 100_000_000, vec![fixed])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(totals.tax, 817);
    }

    #[test]
    fn reverse_charge_is_never_part_of_the_price() {
        let reverse = TaxRule {
            price_include: true,
            reverse_charge: true,
            ..VAT
        };
        // A 100.00 bill stays owed at 100.00; the 5.00 is accounted by the buyer.
        let totals = compute(
            &[line(10_000, 100_000_000, vec![reverse])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(
            (totals.untaxed, totals.tax, totals.total),
            (10_000, 0, 10_000)
        );
        assert_eq!(totals.per_tax, vec![(0, 500)]);
    }

    #[test]
    fn per_document_rounding_keeps_the_sum_of_tax_included_prices() {
        let vat = TaxRule {
            price_include: true,
            ..VAT
        };
        // 1.03 + 1.16 with 5 % included: rounding the bases (0.98, 1.10) and the tax once
        // (0.10) used to total 2.18; the total is the prices', 2.19, the fils going to a base.
        let totals = compute(
            &[
                line(10_000, 1_030_000, vec![vat.clone()]),
                line(10_000, 1_160_000, vec![vat.clone()]),
            ],
            2,
            Rounding::PerDocument,
        )
        .expect("fits");
        assert_eq!(totals.total, 219);
        assert_eq!(totals.tax, 10);
        assert_eq!(totals.untaxed, 209);
        assert_eq!(
            totals.lines.iter().map(|line| line.subtotal).sum::<i64>(),
            totals.untaxed
        );
        // Each line still totals to its price.
        assert_eq!(
            totals
                .lines
                .iter()
                .map(|line| line.total)
                .collect::<Vec<_>>(),
            vec![103, 116]
        );
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

    /// UAE excise 50 % (sequence 1, in the base of later taxes) and VAT 5 % (sequence 10).
    fn excise_and_vat(excise_included: bool, vat_included: bool) -> (TaxRule, TaxRule) {
        let excise = TaxRule {
            key: 1,
            amount: TaxAmount::Percent(500_000),
            price_include: excise_included,
            sequence: 1,
            include_base_amount: true,
            ..VAT
        };
        let vat = TaxRule {
            price_include: vat_included,
            ..VAT
        };
        (excise, vat)
    }

    fn figures(totals: &DocumentTotals) -> (i64, i64, i64) {
        (totals.untaxed, totals.tax, totals.total)
    }

    #[test]
    fn vat_on_the_price_with_excise_whatever_the_order_of_the_taxes() {
        let (excise, vat) = excise_and_vat(false, false);
        for taxes in [
            vec![excise.clone(), vat.clone()],
            vec![vat.clone(), excise.clone()],
        ] {
            let totals =
                compute(&[line(10_000, 100_000_000, taxes)], 2, Rounding::PerLine).expect("fits");
            // 100 -> excise 50, VAT 5 % of 150 = 7.50: 157.50.
            assert_eq!(figures(&totals), (10_000, 5_750, 15_750));
            let mut per_tax = totals.per_tax.clone();
            per_tax.sort_unstable();
            assert_eq!(per_tax, vec![(0, 750), (1, 5_000)]);
        }
    }

    #[test]
    fn a_tax_joins_the_base_of_higher_sequences_only() {
        let (excise, vat) = excise_and_vat(false, false);
        // Same sequence: VAT on the price alone.
        let level = TaxRule {
            sequence: 10,
            ..excise.clone()
        };
        let totals = compute(
            &[line(10_000, 100_000_000, vec![level, vat.clone()])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(totals.per_tax, vec![(1, 5_000), (0, 500)]);
        // Lower sequence but not in the base: VAT on the price alone too.
        let apart = TaxRule {
            include_base_amount: false,
            ..excise
        };
        let totals = compute(
            &[line(10_000, 100_000_000, vec![apart, vat])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(figures(&totals), (10_000, 5_500, 15_500));
    }

    #[test]
    fn excise_and_vat_in_the_price_come_out_of_it_together() {
        for rounding in [Rounding::PerLine, Rounding::PerDocument] {
            // Both in the price: 157.50 is 100 + 50 + 7.50.
            let (excise, vat) = excise_and_vat(true, true);
            let totals = compute(&[line(10_000, 157_500_000, vec![vat, excise])], 2, rounding)
                .expect("fits");
            assert_eq!(figures(&totals), (10_000, 5_750, 15_750));
            assert_eq!(totals.lines[0].taxes, vec![(0, 750), (1, 5_000)]);
            // Excise in the price, VAT on top: 150 is 100 + 50, then 7.50 of VAT.
            let (excise, vat) = excise_and_vat(true, false);
            let totals = compute(&[line(10_000, 150_000_000, vec![excise, vat])], 2, rounding)
                .expect("fits");
            assert_eq!(figures(&totals), (10_000, 5_750, 15_750));
            // VAT in the price, computed on the price with excise added on top: 107.50 is
            // 100 + 7.50 (VAT on 150), and the 50 of excise comes on top.
            let (excise, vat) = excise_and_vat(false, true);
            let totals = compute(&[line(10_000, 107_500_000, vec![excise, vat])], 2, rounding)
                .expect("fits");
            assert_eq!(figures(&totals), (10_000, 5_750, 15_750));
            // An odd price still totals to itself.
            let (excise, vat) = excise_and_vat(true, true);
            let totals =
                compute(&[line(10_000, 9_990_000, vec![excise, vat])], 2, rounding).expect("fits");
            assert_eq!(totals.total, 999);
            assert_eq!(totals.lines[0].total, 999);
        }
    }

    #[test]
    fn a_fixed_excise_per_unit_joins_the_vat_base() {
        let excise = TaxRule {
            key: 1,
            amount: TaxAmount::Fixed(200 * NANO),
            sequence: 1,
            include_base_amount: true,
            ..VAT
        };
        // 3 x 10.00 + 3 x 2.00 of excise, VAT 5 % of 36.00: 1.80.
        let totals = compute(
            &[line(30_000, 10_000_000, vec![VAT, excise])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(totals.per_tax, vec![(0, 180), (1, 600)]);
        assert_eq!(figures(&totals), (3_000, 780, 3_780));
    }

    #[test]
    fn a_withholding_tax_lowers_the_total() {
        let withholding = TaxRule {
            key: 4,
            amount: TaxAmount::Percent(-50_000),
            ..VAT
        };
        let totals = compute(
            &[line(10_000, 100_000_000, vec![withholding.clone()])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(figures(&totals), (10_000, -500, 9_500));
        // With VAT: 100 + 5 - 5. A third of a fils rounds away from zero both ways.
        let totals = compute(
            &[line(10_000, 333_000, vec![VAT, withholding])],
            2,
            Rounding::PerLine,
        )
        .expect("fits");
        assert_eq!(totals.per_tax, vec![(0, 2), (4, -2)]);
        assert_eq!(figures(&totals), (33, 0, 33));
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
                    // A tax is either in the price or not (a tax's flag): one key for each.
                    taxes: vec![TaxRule { key: usize::from(*included), price_include: *included, ..VAT }],
                })
                .collect();
            let rounding = if per_document { Rounding::PerDocument } else { Rounding::PerLine };
            let totals = compute(&inputs, 2, rounding).unwrap();
            proptest::prop_assert_eq!(totals.total, totals.untaxed + totals.tax);
            proptest::prop_assert_eq!(totals.untaxed, totals.lines.iter().map(|line| line.subtotal).sum::<i64>());
            if !per_document {
                proptest::prop_assert_eq!(totals.total, totals.lines.iter().map(|line| line.total).sum::<i64>());
            }
            if inputs.iter().all(|input| input.taxes[0].price_include) {
                // Prices that include tax total to their sum, whatever the rounding.
                let prices: i64 = inputs
                    .iter()
                    .map(|input| round_nano(line_nano(input, 2).unwrap().gross).unwrap())
                    .sum();
                proptest::prop_assert_eq!(totals.total, prices);
            }
            for (line, input) in totals.lines.iter().zip(&inputs) {
                if input.taxes[0].price_include {
                    // A price that includes VAT is what the line totals to, to the fils.
                    let gross = round_nano(line_nano(input, 2).unwrap().gross).unwrap();
                    proptest::prop_assert_eq!(line.total, gross);
                }
            }
        }

        #[test]
        fn excise_and_vat_in_the_price_keep_it(
            quantity in 1_i64..10_000_000,
            price in 0_i64..100_000_000_000,
            excise_ppm in 0_i64..1_000_000,
            vat_included in proptest::bool::ANY,
            per_document in proptest::bool::ANY,
        ) {
            let excise = TaxRule {
                key: 1,
                amount: TaxAmount::Percent(excise_ppm),
                price_include: true,
                sequence: 1,
                include_base_amount: true,
                ..VAT
            };
            let vat = TaxRule { price_include: vat_included, ..VAT };
            let input = line(quantity, price, vec![vat, excise]);
            let rounding = if per_document { Rounding::PerDocument } else { Rounding::PerLine };
            let totals = compute(std::slice::from_ref(&input), 2, rounding).unwrap();
            let gross = round_nano(line_nano(&input, 2).unwrap().gross).unwrap();
            proptest::prop_assert_eq!(totals.total, totals.untaxed + totals.tax);
            if vat_included {
                proptest::prop_assert_eq!(totals.total, gross);
            } else {
                // The excise in the price, VAT on top of it.
                let vat_amount = totals.per_tax[0].1;
                proptest::prop_assert_eq!(totals.total - vat_amount, gross);
            }
        }
    }
}
