//! Entry lines and their balance, entry numbers and the tamper-evident hash.

use super::*;

/// One line as it will be stored: amounts in minor units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: Uuid,
    pub account_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    pub debit_minor: i64,
    pub credit_minor: i64,
    pub currency: Option<String>,
    pub amount_currency_minor: Option<i64>,
    pub project_id: Option<Uuid>,
    pub tax_id: Option<Uuid>,
}

impl Line {
    /// A new line in the company currency with no partner, project or tax: `amount` on the
    /// debit side when `debit`, else on the credit side.
    pub fn company(account_id: Uuid, debit: bool, amount: i64, description: &str) -> Line {
        Line {
            id: Uuid::now_v7(),
            account_id,
            partner_id: None,
            description: Some(description.to_owned()),
            debit_minor: if debit { amount } else { 0 },
            credit_minor: if debit { 0 } else { amount },
            currency: None,
            amount_currency_minor: None,
            project_id: None,
            tax_id: None,
        }
    }
}

/// Checks that an entry can be posted: two lines at least, each debit or credit (never both,
/// never negative), and debits equal credits to the minor unit. Returns the totals.
pub fn check_balanced(lines: &[Line], currency: Currency) -> ApiResult<(i64, i64)> {
    let mut validation = Validation::new();
    if lines.len() < 2 {
        validation.add("lines", "an entry needs at least two lines");
    }
    let mut debit: i64 = 0;
    let mut credit: i64 = 0;
    for (index, line) in lines.iter().enumerate() {
        if line.debit_minor < 0 || line.credit_minor < 0 {
            validation.add(format!("lines[{index}]"), "amounts must not be negative");
        }
        if line.debit_minor != 0 && line.credit_minor != 0 {
            validation.add(
                format!("lines[{index}]"),
                "a line is a debit or a credit, not both",
            );
        }
        if line.debit_minor == 0 && line.credit_minor == 0 {
            validation.add(
                format!("lines[{index}]"),
                "a line needs a debit or a credit",
            );
        }
        match (
            debit.checked_add(line.debit_minor),
            credit.checked_add(line.credit_minor),
        ) {
            (Some(new_debit), Some(new_credit)) => {
                debit = new_debit;
                credit = new_credit;
            }
            _ => validation.add("lines", "the amounts are too large to add up"),
        }
    }
    validation.finish()?;
    if debit != credit {
        return Err(errors::journal_entry_unbalanced(debit - credit, currency));
    }
    Ok((debit, credit))
}

/// `MISC/2026/00001`.
pub fn entry_number(journal_code: &str, year_label: &str, number: i64) -> String {
    format!("{journal_code}/{year_label}/{number:05}")
}

/// The content a posted entry's hash covers, chained to the previous posted entry's hash.
pub struct HashedEntry<'a> {
    pub previous_hash: &'a str,
    pub company_id: Uuid,
    pub entry_id: Uuid,
    pub journal_id: Uuid,
    pub number: &'a str,
    pub date: NaiveDate,
    pub lines: &'a [Line],
}

impl HashedEntry<'_> {
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        let mut field = |value: &str| {
            hasher.update(value.len().to_le_bytes());
            hasher.update(value.as_bytes());
        };
        field(self.previous_hash);
        field(&self.company_id.to_string());
        field(&self.entry_id.to_string());
        field(&self.journal_id.to_string());
        field(self.number);
        field(&format_date(self.date));
        for line in self.lines {
            field(&line.account_id.to_string());
            field(&line.partner_id.map(|id| id.to_string()).unwrap_or_default());
            field(&line.debit_minor.to_string());
            field(&line.credit_minor.to_string());
            field(line.currency.as_deref().unwrap_or_default());
            field(
                &line
                    .amount_currency_minor
                    .map(|amount| amount.to_string())
                    .unwrap_or_default(),
            );
        }
        hex::encode(hasher.finalize())
    }
}

/// The hash before the first posted entry of a company.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[cfg(test)]
mod tests {
    use super::*;

    fn aed() -> Currency {
        Currency::from_code("AED").unwrap()
    }

    fn line(debit: i64, credit: i64) -> Line {
        Line {
            id: Uuid::nil(),
            account_id: Uuid::nil(),
            partner_id: None,
            description: None,
            debit_minor: debit,
            credit_minor: credit,
            currency: None,
            amount_currency_minor: None,
            project_id: None,
            tax_id: None,
        }
    }

    #[test]
    fn an_entry_off_by_one_fils_names_the_difference() {
        let error = check_balanced(&[line(10_000, 0), line(0, 9_999)], aed()).unwrap_err();
        assert_eq!(error.code, "journal_entry_unbalanced");
        assert!(error.message.contains("0.01 AED"));
        assert_eq!(
            check_balanced(&[line(10_000, 0), line(0, 10_000)], aed()).unwrap(),
            (10_000, 10_000)
        );
        assert!(check_balanced(&[line(5, 5), line(0, 0)], aed()).is_err());
        assert!(check_balanced(&[line(-5, 0), line(0, -5)], aed()).is_err());
    }

    #[test]
    fn conversion_rounds_once_half_away_from_zero() {
        let usd = Currency::from_code("USD").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        // 100.00 USD at 3.6725 AED = 367.25 AED.
        assert_eq!(convert(10_000, usd, 36_725_000_000, aed()), Some(36_725));
        // 0.01 USD at 3.6725 = 0.036725 -> 0.04 AED; and symmetrically for a credit.
        assert_eq!(convert(1, usd, 36_725_000_000, aed()), Some(4));
        assert_eq!(convert(-1, usd, 36_725_000_000, aed()), Some(-4));
        // 1.000 KWD at 11.9456 AED.
        assert_eq!(convert(1_000, kwd, 119_456_000_000, aed()), Some(1_195));
    }

    #[test]
    fn the_hash_covers_every_amount_and_the_previous_hash() {
        let lines = [line(100, 0), line(0, 100)];
        let entry = |previous: &'static str, lines: &'static [Line]| HashedEntry {
            previous_hash: previous,
            company_id: Uuid::nil(),
            entry_id: Uuid::nil(),
            journal_id: Uuid::nil(),
            number: "MISC/2026/00001",
            date: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            lines,
        };
        let lines: &'static [Line] = Box::leak(Box::new(lines));
        let base = entry(GENESIS_HASH, lines).hash();
        assert_eq!(base.len(), 64);
        assert_ne!(base, entry("ab", lines).hash());
        let changed: &'static [Line] = Box::leak(Box::new([line(101, 0), line(0, 101)]));
        assert_ne!(base, entry(GENESIS_HASH, changed).hash());
    }
}
