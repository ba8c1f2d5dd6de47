//! Discount rules and promo codes, pure: whether a rule applies to a basket and what it takes
//! off each line; why a promo code is refused.
//!
//! `order_total`: when the basket's untaxed amount reaches `minAmount`, `percent` of it or
//! `amount` (at most the basket), spread over the lines by their amounts. `product`: on each
//! line of its products or categories (all products when it names none), `percent` of the
//! line or `amount` per unit (at most the line). `buy_x_get_y`: on each such line, `freeQuantity`
//! units free for every `buyQuantity + freeQuantity` units. A rule with a `promoCode` applies
//! only to a document that gives the code.

use arkan_kernel::codes;
use arkan_kernel::money::divide_rounded;
use chrono::NaiveDate;
use uuid::Uuid;

use super::pricing::in_dates;

codes! {
    pub enum DiscountType {
        OrderTotal = "order_total",
        Product = "product",
        BuyXGetY = "buy_x_get_y",
    }
}

codes! {
    /// Why a promo code is refused (409 `promo_code_<reason>` at confirmation).
    pub enum PromoReason {
        Unknown = "unknown",
        Inactive = "inactive",
        NotStarted = "not_started",
        Expired = "expired",
        UsageLimitReached = "usage_limit_reached",
        PartnerLimitReached = "partner_limit_reached",
        MinAmountNotMet = "min_amount_not_met",
        NotEligible = "not_eligible",
    }
}

/// A discount rule; amounts in minor units of the company currency.
#[derive(Clone, Debug)]
pub struct Discount {
    pub id: Uuid,
    pub name: String,
    pub kind: DiscountType,
    pub active: bool,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub min_amount_minor: Option<i64>,
    pub percent_ppm: Option<i64>,
    pub amount_minor: Option<i64>,
    pub buy_quantity_e4: Option<i64>,
    pub free_quantity_e4: Option<i64>,
    pub promo_code: Option<String>,
    pub usage_limit: Option<i64>,
    pub usage_limit_per_partner: Option<i64>,
    pub usage_count: i64,
    pub product_ids: Vec<Uuid>,
    pub category_ids: Vec<Uuid>,
    pub partner_ids: Vec<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A line of a basket: its product and the product's categories, its quantity and untaxed
/// amount (minor units of the document's currency).
#[derive(Clone, Debug)]
pub struct BasketLine {
    pub product_id: Option<Uuid>,
    pub categories: Vec<Uuid>,
    pub quantity_e4: i64,
    pub subtotal: i64,
}

/// The key a promo code is found by (codes are compared without case).
pub fn promo_key(code: &str) -> String {
    code.trim().to_lowercase()
}

/// Why `discount`'s promo code may not be used by `partner` on a basket of `amount` (company
/// currency) at `date`, given the partner's uses so far; None when it may.
pub fn promo_reason(
    discount: &Discount,
    date: NaiveDate,
    partner: Option<Uuid>,
    amount: Option<i64>,
    partner_uses: i64,
) -> Option<PromoReason> {
    if !discount.active {
        Some(PromoReason::Inactive)
    } else if discount.date_from.is_some_and(|from| date < from) {
        Some(PromoReason::NotStarted)
    } else if discount.date_to.is_some_and(|to| to < date) {
        Some(PromoReason::Expired)
    } else if !discount.partner_ids.is_empty()
        && !partner.is_some_and(|partner| discount.partner_ids.contains(&partner))
    {
        Some(PromoReason::NotEligible)
    } else if discount
        .usage_limit
        .is_some_and(|limit| discount.usage_count >= limit)
    {
        Some(PromoReason::UsageLimitReached)
    } else if discount
        .usage_limit_per_partner
        .is_some_and(|limit| partner_uses >= limit)
    {
        Some(PromoReason::PartnerLimitReached)
    } else if let (Some(minimum), Some(amount)) = (discount.min_amount_minor, amount)
        && amount < minimum
    {
        Some(PromoReason::MinAmountNotMet)
    } else {
        None
    }
}

/// Whether the rule is for this line's product.
fn targets(discount: &Discount, line: &BasketLine) -> bool {
    let Some(product) = line.product_id else {
        return false;
    };
    (discount.product_ids.is_empty() && discount.category_ids.is_empty())
        || discount.product_ids.contains(&product)
        || line
            .categories
            .iter()
            .any(|category| discount.category_ids.contains(category))
}

/// `total` spread over `weights` in proportion, the rounding left on the last weighted one.
fn spread(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    let mut shares: Vec<i64> = weights
        .iter()
        .map(|weight| {
            if sum <= 0 {
                0
            } else {
                i64::try_from(i128::from(total) * i128::from(*weight) / i128::from(sum))
                    .unwrap_or(0)
            }
        })
        .collect();
    let left = total - shares.iter().sum::<i64>();
    if let Some(last) = weights.iter().rposition(|weight| *weight > 0) {
        shares[last] += left;
    }
    shares
}

fn percent_of(amount: i64, ppm: i64) -> i64 {
    divide_rounded(i128::from(amount) * i128::from(ppm), 1_000_000).unwrap_or(0)
}

/// What an applicable rule takes off each line (index, amount in minor units of the
/// document's currency), none when it does not apply: inactive, out of its dates, not for the
/// partner, below its minimum. `to_document` turns a company-currency amount into the
/// document's. The promo code is the caller's to check.
pub fn amounts(
    discount: &Discount,
    lines: &[BasketLine],
    partner: Option<Uuid>,
    date: NaiveDate,
    to_document: &dyn Fn(i64) -> i64,
) -> Vec<(usize, i64)> {
    let basket: i64 = lines.iter().map(|line| line.subtotal.max(0)).sum();
    let applies = discount.active
        && in_dates(discount.date_from, discount.date_to, date)
        && (discount.partner_ids.is_empty()
            || partner.is_some_and(|partner| discount.partner_ids.contains(&partner)))
        && discount
            .min_amount_minor
            .is_none_or(|minimum| basket >= to_document(minimum));
    if !applies || basket <= 0 {
        return Vec::new();
    }
    let found: Vec<(usize, i64)> = match discount.kind {
        DiscountType::OrderTotal => {
            let total = match (discount.percent_ppm, discount.amount_minor) {
                (Some(ppm), _) => percent_of(basket, ppm),
                (None, Some(amount)) => to_document(amount).min(basket),
                (None, None) => 0,
            };
            let weights: Vec<i64> = lines.iter().map(|line| line.subtotal.max(0)).collect();
            spread(total, &weights).into_iter().enumerate().collect()
        }
        DiscountType::Product => lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.subtotal > 0 && targets(discount, line))
            .map(|(index, line)| {
                let off = match (discount.percent_ppm, discount.amount_minor) {
                    (Some(ppm), _) => percent_of(line.subtotal, ppm),
                    (None, Some(amount)) => divide_rounded(
                        i128::from(to_document(amount)) * i128::from(line.quantity_e4),
                        10_000,
                    )
                    .unwrap_or(0),
                    (None, None) => 0,
                };
                (index, off.min(line.subtotal))
            })
            .collect(),
        DiscountType::BuyXGetY => {
            let buy = discount.buy_quantity_e4.unwrap_or(0);
            let free = discount.free_quantity_e4.unwrap_or(0);
            lines
                .iter()
                .enumerate()
                .filter(|(_, line)| line.subtotal > 0 && line.quantity_e4 > 0)
                .filter(|(_, line)| targets(discount, line) && buy > 0 && free > 0)
                .map(|(index, line)| {
                    let free_e4 = line.quantity_e4 / (buy + free) * free;
                    let off = divide_rounded(
                        i128::from(line.subtotal) * i128::from(free_e4),
                        i128::from(line.quantity_e4),
                    )
                    .unwrap_or(0);
                    (index, off)
                })
                .collect()
        }
    };
    found.into_iter().filter(|(_, off)| *off > 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discount(kind: DiscountType) -> Discount {
        Discount {
            id: Uuid::now_v7(),
            name: "d".to_owned(),
            kind,
            active: true,
            date_from: None,
            date_to: None,
            min_amount_minor: None,
            percent_ppm: None,
            amount_minor: None,
            buy_quantity_e4: None,
            free_quantity_e4: None,
            promo_code: None,
            usage_limit: None,
            usage_limit_per_partner: None,
            usage_count: 0,
            product_ids: Vec::new(),
            category_ids: Vec::new(),
            partner_ids: Vec::new(),
            created_at: 0,
            updated_at: 0,
        }
    }

    fn line(quantity_e4: i64, subtotal: i64) -> BasketLine {
        BasketLine {
            product_id: Some(Uuid::nil()),
            categories: Vec::new(),
            quantity_e4,
            subtotal,
        }
    }

    #[test]
    fn an_order_total_discount_is_spread_over_the_lines() {
        let mut rule = discount(DiscountType::OrderTotal);
        rule.amount_minor = Some(1_000);
        rule.min_amount_minor = Some(5_000);
        let same = |amount| amount;
        let date = NaiveDate::default();
        let lines = [
            line(10_000, 3_000),
            line(10_000, 3_000),
            line(10_000, 3_001),
        ];
        let off = amounts(&rule, &lines, None, date, &same);
        assert_eq!(off, vec![(0, 333), (1, 333), (2, 334)]);
        assert!(amounts(&rule, &lines[..1], None, date, &same).is_empty());
    }

    #[test]
    fn buy_two_get_one_frees_a_unit_in_three() {
        let mut rule = discount(DiscountType::BuyXGetY);
        rule.buy_quantity_e4 = Some(20_000);
        rule.free_quantity_e4 = Some(10_000);
        let off = amounts(
            &rule,
            &[line(70_000, 7_000)],
            None,
            NaiveDate::default(),
            &|amount| amount,
        );
        assert_eq!(off, vec![(0, 2_000)]);
    }
}
