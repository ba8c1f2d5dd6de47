//! The valuation report equals the stock valuation account, as of every day, over generated
//! histories of receipts, issues, returns, scrap, cost changes and landed costs in the three
//! costing methods (a small seeded generator: a failure names its seed and step).

use std::collections::HashMap;

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::json;

use super::valuation::VALUATION;
use super::{MOVES, PRODUCTS, create, id_of, levels_match_moves, places};

/// xorshift64*: the same seed, the same history.
struct Dice(u64);

impl Dice {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound
    }

    /// An amount from 1.00 to 60.99.
    fn cost(&mut self) -> String {
        format!("{}.{:02}", 1 + self.below(60), self.below(100))
    }
}

struct Goods {
    id: String,
    on_hand: u64,
    sold: u64,
}

async fn post_ok(company: &Company, path: &str, body: serde_json::Value, step: &str) {
    let reply = company.post(path, body).await;
    assert!(
        reply.status == StatusCode::CREATED || reply.status == StatusCode::OK,
        "{step}: {:?}",
        reply.body
    );
}

async fn history(seed: u64) {
    let mut dice = Dice(seed);
    // The enterprise plan: a history makes more requests than a smaller plan allows a minute.
    let company = TestApp::company()
        .plan("enterprise")
        .with_uae_chart()
        .open()
        .await;
    let (stock, vendors, customers) = places(&company).await;
    let mut goods = Vec::new();
    for method in ["fifo", "average", "standard"] {
        let category = create(
            &company,
            "/api/v1/inventory/categories",
            json!({"name": method, "costingMethod": method}),
        )
        .await;
        let product = create(
            &company,
            PRODUCTS,
            json!({"name": format!("{method} goods"), "sku": method, "type": "storable",
                   "uom": "unit", "categoryId": id_of(&category), "cost": "10",
                   "weight": "1.5", "volume": "0.2"}),
        )
        .await;
        goods.push(Goods {
            id: id_of(&product),
            on_hand: 0,
            sold: 0,
        });
    }
    let mut days = Vec::new();
    let first_day = chrono::NaiveDate::from_ymd_opt(2026, 1, 20).expect("a day");
    for step in 0..36 {
        // Half-way, reports as of every day so far keep the month ends near them; the later
        // moves are dated on both sides of those, and the days are checked again at the end.
        if step == 18 {
            for day in &days {
                let report = company.get(&format!("{VALUATION}?as_of={day}")).await;
                assert_eq!(report.body["difference"], "0.00", "seed {seed} as of {day}");
            }
        }
        // A step every other day from 20 January; every sixth step is dated three steps back.
        let offset = if step % 6 == 5 { step - 3 } else { step };
        let day = (first_day + chrono::Days::new(offset * 2)).to_string();
        if !days.contains(&day) {
            days.push(day.clone());
        }
        let which = usize::try_from(dice.below(3)).unwrap_or(0);
        let action = dice.below(10);
        let label = format!("seed {seed} step {step} action {action}");
        let item = &mut goods[which];
        let product = item.id.clone();
        let move_body = |from: &str, to: &str, quantity: u64| {
            json!({"productId": product, "quantity": quantity.to_string(),
                   "sourceLocationId": from, "destinationLocationId": to,
                   "date": day, "validate": true})
        };
        match action {
            0..=3 => {
                let quantity = 1 + dice.below(9);
                let mut body = move_body(&vendors, &stock, quantity);
                body["unitCost"] = json!(dice.cost());
                post_ok(&company, MOVES, body, &label).await;
                item.on_hand += quantity;
            }
            4 | 5 if item.on_hand > 0 => {
                let quantity = 1 + dice.below(item.on_hand);
                post_ok(
                    &company,
                    MOVES,
                    move_body(&stock, &customers, quantity),
                    &label,
                )
                .await;
                item.on_hand -= quantity;
                item.sold += quantity;
            }
            6 if item.sold > 0 => {
                post_ok(&company, MOVES, move_body(&customers, &stock, 1), &label).await;
                item.on_hand += 1;
                item.sold -= 1;
            }
            7 if item.on_hand > 0 => {
                let body = json!({"productId": product, "quantity": "1", "locationId": stock,
                                  "reason": "damaged", "date": day});
                post_ok(&company, "/api/v1/inventory/scrap", body, &label).await;
                item.on_hand -= 1;
            }
            8 => {
                let reply = company
                    .patch(
                        &format!("{PRODUCTS}/{product}"),
                        json!({"cost": dice.cost()}),
                    )
                    .await;
                assert_eq!(reply.status, StatusCode::OK, "{label}: {:?}", reply.body);
            }
            _ => {
                let quantity = 1 + dice.below(5);
                let transfer = create(
                    &company,
                    "/api/v1/inventory/moves/transfer",
                    json!({"sourceLocationId": vendors, "destinationLocationId": stock,
                           "date": day, "lines": [{"productId": product,
                                                   "quantity": quantity.to_string()}]}),
                )
                .await;
                item.on_hand += quantity;
                let split = ["equal", "by_quantity", "by_weight", "by_volume", "by_value"]
                    [usize::try_from(dice.below(5)).unwrap_or(0)];
                let landed = create(
                    &company,
                    "/api/v1/inventory/landed-costs",
                    json!({"date": day, "transferIds": [id_of(&transfer)],
                           "costs": [{"description": "Freight", "amount": dice.cost(),
                                      "splitMethod": split}]}),
                )
                .await;
                post_ok(
                    &company,
                    &format!("/api/v1/inventory/landed-costs/{}/post", id_of(&landed)),
                    json!({}),
                    &label,
                )
                .await;
            }
        }
    }
    days.push(
        chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    );
    for day in &days {
        let report = company.get(&format!("{VALUATION}?as_of={day}")).await;
        assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
        assert_eq!(
            report.body["difference"], "0.00",
            "seed {seed} as of {day}: {:?}",
            report.body
        );
    }
    // Today's quantities are what the history left.
    let report = company.get(VALUATION).await;
    let quantities: HashMap<String, String> = report.body["data"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    (
                        row["productId"].as_str().unwrap_or_default().to_owned(),
                        row["quantity"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for item in &goods {
        let expected = item.on_hand.to_string();
        let found = quantities.get(&item.id).map_or("0", String::as_str);
        assert_eq!(found, expected, "seed {seed}");
    }
    levels_match_moves(&company).await;
    assert!(
        arkan_inventory::month_ends::match_layers(
            company.app.platform.db.connection(),
            arkan_kernel::CompanyId(company.id),
        )
        .await
        .expect("the check"),
        "seed {seed}: a kept month end differs from its layers"
    );
}

#[tokio::test]
async fn the_valuation_report_equals_the_valuation_account_over_generated_histories() {
    for seed in [7, 2026, 0x5EED] {
        history(seed).await;
    }
}
