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

/// A report reads the catalog's products on a second connection beside its snapshot (when one
/// is free), and both must read one state of the books. While products are created and
/// received one after another, each a new row of the report, reports asked four at a time all
/// answer with rows that add up to the valuation account's balance of their own snapshot: a
/// product read from a later or an earlier state than its receipt's would be missing, or its
/// stock would be.
#[tokio::test]
async fn reports_read_one_state_while_products_are_received() {
    let company = TestApp::company()
        .plan("enterprise")
        .with_uae_chart()
        .open()
        .await;
    let (stock, vendors, _) = places(&company).await;
    let category = create(
        &company,
        "/api/v1/inventory/categories",
        json!({"name": "Average", "costingMethod": "average"}),
    )
    .await;
    const RECEIVED: usize = 12;
    let done = std::sync::atomic::AtomicBool::new(false);
    let receiving = async {
        for n in 0..RECEIVED {
            let product = create(
                &company,
                PRODUCTS,
                json!({"name": format!("Goods {n:02}"), "sku": format!("G{n:02}"),
                       "type": "storable", "uom": "unit", "categoryId": id_of(&category)}),
            )
            .await;
            post_ok(
                &company,
                MOVES,
                json!({"productId": id_of(&product), "quantity": "3", "unitCost": "2.50",
                       "sourceLocationId": vendors, "destinationLocationId": stock,
                       "validate": true}),
                &format!("receipt {n}"),
            )
            .await;
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
    };
    let reporting = async {
        let mut rows_seen = Vec::new();
        // At most 30 rounds while the receipts go on, and one after: inside the plan's burst.
        let mut rounds = 0;
        loop {
            let last = done.load(std::sync::atomic::Ordering::SeqCst);
            if rounds == 30 && !last {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
            rounds += 1;
            let reports =
                futures_util::future::join_all((0..4).map(|_| company.get(VALUATION))).await;
            for report in reports {
                assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
                assert_eq!(report.body["difference"], "0.00", "{:?}", report.body);
                let rows = report.body["data"].as_array().expect("rows");
                for row in rows {
                    assert_eq!(row["value"], "7.50", "{row:?}");
                }
                let cents = rows.len() * 750;
                let total = format!("{}.{:02}", cents / 100, cents % 100);
                assert_eq!(report.body["totals"]["value"], total.as_str());
                rows_seen.push(rows.len());
            }
            if last {
                break;
            }
        }
        rows_seen
    };
    let ((), rows_seen) = tokio::join!(receiving, reporting);
    // The last reports were asked after the last receipt.
    assert_eq!(rows_seen.last(), Some(&RECEIVED));
}
