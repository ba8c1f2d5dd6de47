//! Document line arithmetic exactly as invoices compute it, for the modules that price their
//! own documents (purchase orders, later sales quotes and orders): each line's taxes checked as
//! active taxes of the company for the document's use, the company's tax rounding (per line or
//! per document), fixed taxes converted at the document's rate, every amount rounded once to
//! the minor unit of the document's currency.

use arkan_kernel::{Currency, money};
use arkan_ledger::books as ledger_store;
use arkan_platform::Ctx;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::domain::{self, LineInput, TaxRule};
use crate::service::invoices::{rounding_of, tax_amount};

/// Whose taxes a document's lines take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxUse {
    Sale,
    Purchase,
}

impl TaxUse {
    fn code(self) -> &'static str {
        match self {
            TaxUse::Sale => "sale",
            TaxUse::Purchase => "purchase",
        }
    }
}

/// One line as the arithmetic sees it: quantity in ten-thousandths, unit price in millionths
/// of the document's currency, discount in parts per million, taxes in the line's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLine {
    pub quantity_e4: i64,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub tax_ids: Vec<Uuid>,
}

/// A line's amounts, minor units of the document's currency: `tax` is what the line's total
/// adds to its subtotal (reverse charge left out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineAmounts {
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
}

/// The document's amounts (`amountUntaxed`, `amountTax`, `amountTotal`) and each line's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentAmounts {
    pub lines: Vec<LineAmounts>,
    pub untaxed: i64,
    pub tax: i64,
    pub total: i64,
}

/// Computes the lines of a document in `currency` booked at `rate_e10` (company units per
/// document unit, times 10^10; `arkan_ledger::books::RATE_ONE` in the company currency).
/// A tax that is not an active `tax_use` tax of the company is added to `validation` as
/// `lines[i].taxIds[j]` and the result is None; amounts too large are a 400 on `lines`.
pub async fn compute(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    tax_use: TaxUse,
    currency: Currency,
    rate_e10: i64,
    lines: &[DocumentLine],
    validation: &mut Validation,
) -> ApiResult<Option<DocumentAmounts>> {
    let tax_ids: Vec<Uuid> = lines
        .iter()
        .flat_map(|line| line.tax_ids.iter().copied())
        .collect();
    let taxes = ledger_store::taxes_by_ids(db, ctx.company, &tax_ids).await?;
    let mut valid = true;
    let mut math = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let mut rules = Vec::with_capacity(line.tax_ids.len());
        for (position, id) in line.tax_ids.iter().enumerate() {
            let field = format!("lines[{index}].taxIds[{position}]");
            match taxes.iter().position(|tax| tax.id == *id) {
                None => {
                    validation.add(field, "no such tax in this company");
                    valid = false;
                }
                Some(key) if !taxes[key].active || taxes[key].type_tax_use != tax_use.code() => {
                    validation.add(
                        field,
                        format!(
                            "{} is not an active {} tax",
                            taxes[key].name,
                            tax_use.code()
                        ),
                    );
                    valid = false;
                }
                Some(key) => {
                    let tax = &taxes[key];
                    rules.push(TaxRule {
                        key,
                        amount: tax_amount(tax, ctx, currency, rate_e10),
                        price_include: tax.price_include,
                        reverse_charge: tax.reverse_charge,
                        sequence: tax.sequence,
                        include_base_amount: tax.include_base_amount,
                    });
                }
            }
        }
        math.push(LineInput {
            quantity_e4: line.quantity_e4,
            unit_price_e6: line.unit_price_e6,
            discount_ppm: line.discount_ppm,
            taxes: rules,
        });
    }
    if !valid {
        return Ok(None);
    }
    let totals = domain::compute(&math, currency.exponent, rounding_of(db, ctx).await?)
        .filter(|totals| totals.total.abs() <= money::MAX_AMOUNT_MINOR)
        .ok_or_else(|| ApiError::invalid_field("lines", "the amounts are too large"))?;
    Ok(Some(DocumentAmounts {
        lines: totals
            .lines
            .iter()
            .map(|line| LineAmounts {
                subtotal: line.subtotal,
                tax: line.total - line.subtotal,
                total: line.total,
            })
            .collect(),
        untaxed: totals.untaxed,
        tax: totals.tax,
        total: totals.total,
    }))
}
