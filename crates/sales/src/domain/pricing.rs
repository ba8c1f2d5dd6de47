//! Price lists, pure: which lists apply to a document, which rule of a list wins, and the price
//! a rule gives.
//!
//! Precedence: the list the document names, then the lists for the client (`partnerIds`), then
//! those for one of its tags (`partnerTags`), then the general lists (neither); among lists of
//! one kind the higher `priority` first (then the older). Only lists in the document's currency
//! and valid at its date are tried. The first list with a rule for the line wins; inside a list
//! the most specific rule wins (product, then category, then all products), then the highest
//! `minQuantity` met; a dated rule only applies within its dates.

use arkan_kernel::codes;
use arkan_kernel::money::divide_rounded;
use chrono::NaiveDate;
use uuid::Uuid;

codes! {
    /// How a rule prices: a `fixed` price, a `discount` percent off the sale price, or a
    /// `formula` on the sale price or the cost.
    pub enum PriceMethod {
        Fixed = "fixed",
        Discount = "discount",
        Formula = "formula",
    }
}

codes! {
    /// What a formula starts from.
    pub enum PriceBase {
        SalePrice = "sale_price",
        Cost = "cost",
    }
}

/// A price list with the clients and tags it is for and its rules.
#[derive(Clone, Debug)]
pub struct PriceList {
    pub id: Uuid,
    pub name: String,
    pub currency: String,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub priority: i32,
    pub partner_ids: Vec<Uuid>,
    pub partner_tags: Vec<String>,
    pub rules: Vec<PriceRule>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A rule; prices in millionths of the list's currency per unit of the product.
#[derive(Clone, Debug)]
pub struct PriceRule {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub min_quantity_e4: i64,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub method: PriceMethod,
    pub price_e6: Option<i64>,
    pub percent_ppm: Option<i64>,
    pub base: Option<PriceBase>,
    pub surcharge_e6: Option<i64>,
}

/// Whether `date` falls within the optional bounds (both included).
pub fn in_dates(from: Option<NaiveDate>, to: Option<NaiveDate>, date: NaiveDate) -> bool {
    from.is_none_or(|from| from <= date) && to.is_none_or(|to| date <= to)
}

/// What the lists are tried against.
#[derive(Clone, Debug)]
pub struct Audience<'a> {
    /// The list the document names.
    pub named: Option<Uuid>,
    pub partner: Option<Uuid>,
    pub tags: &'a [String],
    pub currency: &'a str,
    pub date: NaiveDate,
}

/// The lists to try, in precedence order (see the module's documentation).
pub fn candidates<'a>(lists: &'a [PriceList], audience: &Audience<'_>) -> Vec<&'a PriceList> {
    let mut ranked: Vec<(u8, &PriceList)> = lists
        .iter()
        .filter(|list| {
            list.currency == audience.currency
                && in_dates(list.date_from, list.date_to, audience.date)
        })
        .filter_map(|list| {
            let rank = if Some(list.id) == audience.named {
                0
            } else if audience
                .partner
                .is_some_and(|partner| list.partner_ids.contains(&partner))
            {
                1
            } else if list
                .partner_tags
                .iter()
                .any(|tag| audience.tags.contains(tag))
            {
                2
            } else if list.partner_ids.is_empty() && list.partner_tags.is_empty() {
                3
            } else {
                return None;
            };
            Some((rank, list))
        })
        .collect();
    ranked.sort_by(|(rank_a, a), (rank_b, b)| {
        rank_a
            .cmp(rank_b)
            .then(b.priority.cmp(&a.priority))
            .then(a.created_at.cmp(&b.created_at))
            .then(a.id.cmp(&b.id))
    });
    ranked.into_iter().map(|(_, list)| list).collect()
}

/// A product's prices in the document's currency, per unit of the product.
#[derive(Clone, Debug)]
pub struct ProductPrices {
    pub product_id: Uuid,
    /// Its category and the categories above it.
    pub categories: Vec<Uuid>,
    pub sale_price_e6: i64,
    pub cost_e6: i64,
}

/// The rule of `list` that prices `quantity_e4` (in the product's unit) of the product at
/// `date`: the most specific, then the highest minimum quantity met.
pub fn best_rule<'a>(
    list: &'a PriceList,
    product: &ProductPrices,
    quantity_e4: i64,
    date: NaiveDate,
) -> Option<&'a PriceRule> {
    list.rules
        .iter()
        .filter_map(|rule| {
            let specificity = match (rule.product_id, rule.category_id) {
                (Some(id), _) if id == product.product_id => 2,
                (Some(_), _) => return None,
                (None, Some(category)) if product.categories.contains(&category) => 1,
                (None, Some(_)) => return None,
                (None, None) => 0,
            };
            (rule.min_quantity_e4 <= quantity_e4 && in_dates(rule.date_from, rule.date_to, date))
                .then_some((specificity, rule))
        })
        // The first of equals wins: the rules keep their order.
        .fold(
            None,
            |best: Option<(i32, &PriceRule)>, (specificity, rule)| match best {
                Some((best_specificity, best_rule))
                    if (best_specificity, best_rule.min_quantity_e4)
                        >= (specificity, rule.min_quantity_e4) =>
                {
                    Some((best_specificity, best_rule))
                }
                _ => Some((specificity, rule)),
            },
        )
        .map(|(_, rule)| rule)
}

/// A price found: the list and rule (none: the sale price), the base it started from, the unit
/// price a line takes and the discount it gets (a `discount` rule's percent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub price_list_id: Option<Uuid>,
    pub rule_id: Option<Uuid>,
    pub method: Option<PriceMethod>,
    pub base_e6: i64,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
}

/// The price a rule gives the product: `fixed` its price; `discount` the sale price with the
/// percent as the line's discount; `formula` base × (1 + percent/100) + surcharge (never below
/// zero), rounded half away from zero to the millionth.
pub fn apply(rule: &PriceRule, product: &ProductPrices) -> (i64, i64, i64) {
    match rule.method {
        PriceMethod::Fixed => (product.sale_price_e6, rule.price_e6.unwrap_or(0), 0),
        PriceMethod::Discount => (
            product.sale_price_e6,
            product.sale_price_e6,
            rule.percent_ppm.unwrap_or(0),
        ),
        PriceMethod::Formula => {
            let base = match rule.base.unwrap_or(PriceBase::SalePrice) {
                PriceBase::SalePrice => product.sale_price_e6,
                PriceBase::Cost => product.cost_e6,
            };
            let scaled = divide_rounded(
                i128::from(base) * i128::from(1_000_000 + rule.percent_ppm.unwrap_or(0)),
                1_000_000,
            )
            .unwrap_or(0);
            let price = scaled.saturating_add(rule.surcharge_e6.unwrap_or(0)).max(0);
            (base, price, 0)
        }
    }
}

/// The price of `quantity_e4` of the product at `date` from the first candidate list with a
/// rule for it; else its sale price.
pub fn resolve(
    candidates: &[&PriceList],
    product: &ProductPrices,
    quantity_e4: i64,
    date: NaiveDate,
) -> Resolved {
    for list in candidates {
        if let Some(rule) = best_rule(list, product, quantity_e4, date) {
            let (base_e6, unit_price_e6, discount_ppm) = apply(rule, product);
            return Resolved {
                price_list_id: Some(list.id),
                rule_id: Some(rule.id),
                method: Some(rule.method),
                base_e6,
                unit_price_e6,
                discount_ppm,
            };
        }
    }
    Resolved {
        price_list_id: None,
        rule_id: None,
        method: None,
        base_e6: product.sale_price_e6,
        unit_price_e6: product.sale_price_e6,
        discount_ppm: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn rule(product: Option<Uuid>, category: Option<Uuid>, min: i64, price: i64) -> PriceRule {
        PriceRule {
            id: Uuid::now_v7(),
            product_id: product,
            category_id: category,
            min_quantity_e4: min,
            date_from: None,
            date_to: None,
            method: PriceMethod::Fixed,
            price_e6: Some(price),
            percent_ppm: None,
            base: None,
            surcharge_e6: None,
        }
    }

    fn list(partners: Vec<Uuid>, tags: Vec<String>, priority: i32) -> PriceList {
        PriceList {
            id: Uuid::now_v7(),
            name: "list".to_owned(),
            currency: "AED".to_owned(),
            date_from: None,
            date_to: None,
            priority,
            partner_ids: partners,
            partner_tags: tags,
            rules: Vec::new(),
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn client_lists_come_before_tag_lists_before_general_ones() {
        let client = Uuid::now_v7();
        let tags = vec!["vip".to_owned()];
        let general = list(Vec::new(), Vec::new(), 9);
        let tagged = list(Vec::new(), tags.clone(), 5);
        let own = list(vec![client], Vec::new(), 1);
        let other = list(vec![Uuid::now_v7()], Vec::new(), 10);
        let lists = vec![general.clone(), tagged.clone(), own.clone(), other];
        let audience = Audience {
            named: None,
            partner: Some(client),
            tags: &tags,
            currency: "AED",
            date: day("2026-03-01"),
        };
        let order: Vec<Uuid> = candidates(&lists, &audience)
            .iter()
            .map(|list| list.id)
            .collect();
        assert_eq!(order, vec![own.id, tagged.id, general.id]);
        let named = Audience {
            named: Some(general.id),
            ..audience
        };
        assert_eq!(candidates(&lists, &named)[0].id, general.id);
    }

    #[test]
    fn the_most_specific_rule_then_the_highest_minimum_wins() {
        let product = Uuid::now_v7();
        let category = Uuid::now_v7();
        let mut prices = list(Vec::new(), Vec::new(), 0);
        prices.rules = vec![
            rule(None, None, 0, 90),
            rule(None, Some(category), 0, 80),
            rule(Some(product), None, 0, 70),
            rule(Some(product), None, 100_000, 60),
        ];
        let facts = ProductPrices {
            product_id: product,
            categories: vec![category],
            sale_price_e6: 100,
            cost_e6: 50,
        };
        let at = day("2026-01-01");
        let price = |quantity| best_rule(&prices, &facts, quantity, at).and_then(|r| r.price_e6);
        assert_eq!(price(10_000), Some(70));
        assert_eq!(price(100_000), Some(60));
        let other = ProductPrices {
            product_id: Uuid::now_v7(),
            ..facts.clone()
        };
        assert_eq!(
            best_rule(&prices, &other, 10_000, at).and_then(|r| r.price_e6),
            Some(80)
        );
    }

    #[test]
    fn a_formula_scales_the_base_and_adds_the_surcharge() {
        let facts = ProductPrices {
            product_id: Uuid::now_v7(),
            categories: Vec::new(),
            sale_price_e6: 100_000_000,
            cost_e6: 60_000_000,
        };
        let mut formula = rule(None, None, 0, 0);
        formula.method = PriceMethod::Formula;
        formula.base = Some(PriceBase::Cost);
        formula.percent_ppm = Some(250_000);
        formula.surcharge_e6 = Some(5_000_000);
        assert_eq!(apply(&formula, &facts), (60_000_000, 80_000_000, 0));
    }
}
