//! How well a book item explains a statement line: pure scoring, 0 to 100.
//!
//! The same amount counts 50, the item's number or reference among the words of the line's text
//! (`words`: what the index looks keys up by, so a scored reference is a found one) 25, the
//! line's partner (by the IBAN of its bank details, or its name) 15, and the dates up to 10
//! (10 on the same day, one less per day apart). An item going the other way never counts.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

pub const AMOUNT: u32 = 50;
pub const REFERENCE: u32 = 25;
pub const PARTNER: u32 = 15;
pub const DATE: u32 = 10;

/// What a statement line offers to be matched on.
pub struct LineFacts<'a> {
    /// What is left of the line, positive when money came in.
    pub amount: i64,
    pub date: NaiveDate,
    /// The line's description and reference, lower case.
    pub text: String,
    pub partner_id: Option<Uuid>,
    pub partner_name: Option<&'a str>,
}

/// A payment, posted line or open document that may explain a line.
#[derive(Clone)]
pub struct Item {
    /// Positive when money comes in.
    pub amount: i64,
    pub date: NaiveDate,
    /// Numbers and references, lower case, at least 3 characters.
    pub keys: Vec<String>,
    pub partner_id: Option<Uuid>,
    /// The partner's name, lower case.
    pub partner_name: Option<String>,
}

/// The score and the reasons (`amount`, `reference`, `partner`, `date`) of an item for a line.
pub fn score(line: &LineFacts<'_>, item: &Item) -> (u32, Vec<&'static str>) {
    if line.amount.signum() != item.amount.signum() {
        return (0, Vec::new());
    }
    let mut total = 0;
    let mut reasons = Vec::new();
    if line.amount == item.amount {
        total += AMOUNT;
        reasons.push("amount");
    }
    if words(&line.text).any(|word| item.keys.iter().any(|key| key == word)) {
        total += REFERENCE;
        reasons.push("reference");
    }
    let same_partner = line.partner_id.is_some() && line.partner_id == item.partner_id;
    let named = match (line.partner_name, &item.partner_name) {
        (Some(given), Some(name)) => {
            let given = given.to_lowercase();
            given.contains(name.as_str()) || name.contains(given.as_str())
        }
        _ => false,
    };
    if same_partner || named {
        total += PARTNER;
        reasons.push("partner");
    }
    let days = (line.date - item.date).num_days().unsigned_abs();
    let by_date = u32::try_from(u64::from(DATE).saturating_sub(days)).unwrap_or_default();
    if by_date > 0 {
        total += by_date;
        reasons.push("date");
    }
    (total, reasons)
}

/// Where to look for an item quickly: by amount and by each key.
pub struct ItemIndex {
    by_amount: HashMap<i64, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
}

impl ItemIndex {
    pub fn new(items: &[Item]) -> ItemIndex {
        let mut by_amount: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, item) in items.iter().enumerate() {
            by_amount.entry(item.amount).or_default().push(index);
            for key in &item.keys {
                by_key.entry(key.clone()).or_default().push(index);
            }
        }
        ItemIndex { by_amount, by_key }
    }

    /// The items with the line's amount or a key among the words of its text.
    pub fn candidates(&self, line: &LineFacts<'_>) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .by_amount
            .get(&line.amount)
            .cloned()
            .unwrap_or_default();
        for word in words(&line.text) {
            if let Some(items) = self.by_key.get(word) {
                found.extend(items);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The words of a line's text a key may be: the text split on white space, `,` and `;` (so
/// numbers keep their `/` and `-`: `inv/2026/00001`), each word also without the punctuation
/// around it (`(inv/2026/00001).`). Words shorter than a key (3 characters) are left out.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .flat_map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            [Some(word), (bare != word).then_some(bare)]
        })
        .flatten()
        .filter(|word| word.len() >= 3)
}

/// A number or reference as a key: lower case, kept from 3 characters.
pub fn key(text: Option<&str>) -> Option<String> {
    text.map(|text| text.trim().to_lowercase())
        .filter(|text| text.len() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    #[test]
    fn every_reason_adds_up_to_a_hundred() {
        let line = LineFacts {
            amount: 125_000,
            date: day(1),
            text: "payment inv-2026-0001".into(),
            partner_id: None,
            partner_name: Some("AL NOOR Trading"),
        };
        let item = Item {
            amount: 125_000,
            date: day(1),
            keys: vec!["inv-2026-0001".into()],
            partner_id: Some(Uuid::nil()),
            partner_name: Some("al noor trading".into()),
        };
        assert_eq!(
            score(&line, &item),
            (100, vec!["amount", "reference", "partner", "date"])
        );
        let later = Item {
            amount: 120_000,
            date: day(4),
            keys: Vec::new(),
            partner_id: None,
            partner_name: None,
        };
        assert_eq!(score(&line, &later), (7, vec!["date"]));
        let other_way = Item {
            amount: -125_000,
            ..later
        };
        assert_eq!(score(&line, &other_way).0, 0);
        let index = ItemIndex::new(&[item, other_way]);
        assert_eq!(index.candidates(&line), vec![0]);
    }

    #[test]
    fn a_number_with_slashes_is_found_among_the_words_only() {
        let numbered = Item {
            amount: 105_000,
            date: day(1),
            keys: vec!["inv/2026/00001".into()],
            partner_id: None,
            partner_name: None,
        };
        let longer = Item {
            keys: vec!["inv/2026/000012".into()],
            ..numbered.clone()
        };
        let index = ItemIndex::new(&[numbered.clone(), longer.clone()]);
        for text in [
            "payment inv/2026/00001 thanks",
            "part payment (inv/2026/00001).",
            "inv/2026/00001;tt-2",
        ] {
            let line = LineFacts {
                amount: 50_000,
                date: day(20),
                text: text.into(),
                partner_id: None,
                partner_name: None,
            };
            assert_eq!(index.candidates(&line), vec![0], "{text}");
            assert_eq!(score(&line, &numbered), (25, vec!["reference"]), "{text}");
            // A number inside a longer one is not that number.
            assert_eq!(score(&line, &longer).0, 0, "{text}");
        }
        assert_eq!(
            words("ref (inv-1), a").collect::<Vec<_>>(),
            vec!["ref", "(inv-1)", "inv-1"]
        );
    }
}
