//! Taxes on taxes, blocked input VAT and withholding taxes (shapes-invoicing.md §4), through
//! the API on both databases: UAE excise then VAT on the price with excise, a purchase VAT the
//! buyer may not (fully) recover, and a negative rate that lowers what a bill owes.

use arkan_server::app::{self, Migrator};
use arkan_testkit::{Company, TestApp, test_settings};
use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::MigratorTrait;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client("Al Noor")
        .vendor("Desert Catering LLC")
        .await
}

async fn tax(shop: &Company, body: Value) -> Value {
    let reply = shop.post("/api/v1/accounting/taxes", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

fn id(body: &Value) -> Uuid {
    body["id"]
        .as_str()
        .and_then(|text| Uuid::parse_str(text).ok())
        .unwrap_or_else(|| panic!("an id: {body}"))
}

/// A new account of the company: its id.
async fn account(shop: &Company, code: &str, name: &str, kind: &str) -> Uuid {
    let reply = shop
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": code, "name": name, "type": kind}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

/// The balance of an account made after the company was built.
async fn balance_of(shop: &Company, account: Uuid) -> String {
    let reply = shop
        .get(&format!("/api/v1/accounting/accounts/{account}"))
        .await;
    reply.body["balance"]
        .as_str()
        .unwrap_or_else(|| panic!("a balance: {:?}", reply.body))
        .to_owned()
}

fn amounts(invoice: &Value) -> (&str, &str, &str) {
    (
        invoice["amountUntaxed"].as_str().unwrap_or_default(),
        invoice["amountTax"].as_str().unwrap_or_default(),
        invoice["amountTotal"].as_str().unwrap_or_default(),
    )
}

#[tokio::test]
async fn excise_50_percent_then_vat_5_percent_on_it() {
    let shop = shop().await;
    let excise_account = account(&shop, "202200", "Excise Tax Payable", "liability_current").await;
    let excise = tax(
        &shop,
        json!({"name": "Excise 50%", "amountType": "percent", "rate": "50",
               "typeTaxUse": "sale", "accountId": excise_account,
               "sequence": 1, "includeBaseAmount": true}),
    )
    .await;
    assert_eq!(excise["sequence"], 1);
    assert_eq!(excise["includeBaseAmount"], true);
    assert_eq!(excise["recoverablePercent"], "100");
    // The seeded VAT keeps the defaults.
    let vat = shop.tax("VAT 5%");
    let listed = shop.get("/api/v1/accounting/taxes?limit=100").await;
    let seeded = listed.body["data"]
        .as_array()
        .expect("taxes")
        .iter()
        .find(|row| row["name"] == "VAT 5%")
        .expect("the seeded VAT")
        .clone();
    assert_eq!(
        (&seeded["sequence"], &seeded["includeBaseAmount"]),
        (&json!(10), &json!(false))
    );
    // VAT listed first: the sequence decides, not the order of taxIds.
    let invoice = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": shop.partner("Al Noor"),
            "invoiceDate": "2026-04-01",
            "lines": [{"description": "Energy drinks", "quantity": "1", "unitPrice": "100",
                       "taxIds": [vat, id(&excise)]}]}),
        )
        .await;
    assert_eq!(invoice.status, StatusCode::CREATED, "{:?}", invoice.body);
    assert_eq!(amounts(&invoice.body), ("100.00", "57.50", "157.50"));
    let posted = shop.post_invoice(invoice.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(amounts(&posted.body), ("100.00", "57.50", "157.50"));
    assert_eq!(balance_of(&shop, excise_account).await, "-50.00");
    assert_eq!(shop.balance("202000").await, "-7.50");
    assert_eq!(shop.balance("110000").await, "157.50");
    assert_eq!(shop.balance("401000").await, "-100.00");

    // Both in the price: 157.50 is 100 + 50 + 7.50.
    let excise_in = tax(
        &shop,
        json!({"name": "Excise 50% included", "amountType": "percent", "rate": "50",
               "typeTaxUse": "sale", "priceInclude": true, "accountId": excise_account,
               "sequence": 1, "includeBaseAmount": true}),
    )
    .await;
    let vat_in = tax(
        &shop,
        json!({"name": "VAT 5% included", "amountType": "percent", "rate": "5",
               "typeTaxUse": "sale", "priceInclude": true, "accountId": shop.account("202000")}),
    )
    .await;
    let included = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": shop.partner("Al Noor"),
            "invoiceDate": "2026-04-01",
            "lines": [{"description": "Energy drinks", "quantity": "1", "unitPrice": "157.50",
                       "taxIds": [id(&vat_in), id(&excise_in)]}]}),
        )
        .await;
    assert_eq!(amounts(&included.body), ("100.00", "57.50", "157.50"));
}

#[tokio::test]
async fn blocked_input_vat_on_entertainment() {
    let shop = shop().await;
    let blocked = tax(
        &shop,
        json!({"name": "VAT 5% blocked", "amountType": "percent", "rate": "5",
               "typeTaxUse": "purchase", "accountId": shop.account("140000"),
               "recoverablePercent": 0}),
    )
    .await;
    assert_eq!(blocked["recoverablePercent"], "0");
    let vendor = shop.partner("Desert Catering LLC");
    let bill = shop
        .draft_invoice(
            json!({"kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-04-02",
            "lines": [{"description": "Client dinner", "quantity": "1", "unitPrice": "200",
                       "taxIds": [id(&blocked)], "accountId": shop.account("603000")}]}),
        )
        .await;
    // The vendor charged 10.00 of VAT: that is owed, whatever can be recovered.
    assert_eq!(amounts(&bill.body), ("200.00", "10.00", "210.00"));
    let posted = shop.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(amounts(&posted.body), ("200.00", "10.00", "210.00"));
    assert_eq!(shop.balance("603000").await, "210.00");
    assert_eq!(shop.balance("140000").await, "0.00");
    assert_eq!(shop.balance("201000").await, "-210.00");

    // Half recoverable, over two lines of two expense accounts: 5.00 + 2.50 of VAT, half of
    // each blocked on its line's account.
    let half = tax(
        &shop,
        json!({"name": "VAT 5% half", "amountType": "percent", "rate": "5",
               "typeTaxUse": "purchase", "accountId": shop.account("140000"),
               "recoverablePercent": "50"}),
    )
    .await;
    let bill = shop
        .draft_invoice(
            json!({"kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-04-03",
            "lines": [
                {"description": "Staff party", "quantity": "1", "unitPrice": "100",
                 "taxIds": [id(&half)], "accountId": shop.account("601000")},
                {"description": "Venue", "quantity": "1", "unitPrice": "50",
                 "taxIds": [id(&half)], "accountId": shop.account("602000")}
            ]}),
        )
        .await;
    assert_eq!(amounts(&bill.body), ("150.00", "7.50", "157.50"));
    let posted = shop.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(shop.balance("140000").await, "3.75");
    assert_eq!(shop.balance("601000").await, "102.50");
    assert_eq!(shop.balance("602000").await, "51.25");
    assert_eq!(shop.balance("201000").await, "-367.50");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);

    // A vendor credit note gives the blocked part back to the expense account.
    let cancelled = shop.cancel_invoice(bill.id()).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(shop.balance("140000").await, "0.00");
    assert_eq!(shop.balance("601000").await, "0.00");
    assert_eq!(shop.balance("602000").await, "0.00");
    assert_eq!(shop.balance("201000").await, "-210.00");
}

#[tokio::test]
async fn a_withholding_tax_of_minus_5_percent_on_a_bill() {
    let shop = shop().await;
    let withholding_account = account(
        &shop,
        "203200",
        "Withholding Tax Payable",
        "liability_current",
    )
    .await;
    let withholding = tax(
        &shop,
        json!({"name": "Withholding -5%", "amountType": "percent", "rate": "-5",
               "typeTaxUse": "purchase", "accountId": withholding_account}),
    )
    .await;
    assert_eq!(withholding["rate"], "-5");
    let vendor = shop.partner("Desert Catering LLC");
    let bill = shop
        .draft_invoice(
            json!({"kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-04-05",
            "lines": [{"description": "Consulting", "quantity": "1", "unitPrice": "100",
                       "taxIds": [id(&withholding)], "accountId": shop.account("603000")}]}),
        )
        .await;
    assert_eq!(amounts(&bill.body), ("100.00", "-5.00", "95.00"));
    let posted = shop.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(shop.balance("201000").await, "-95.00");
    assert_eq!(balance_of(&shop, withholding_account).await, "-5.00");
    assert_eq!(shop.balance("603000").await, "100.00");
    // The vendor is paid the 95 the bill owes.
    let payment = shop.posted_payment("outbound", vendor, "95").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": bill.id(), "amount": "95"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let paid = shop.invoice(bill.id()).await;
    assert_eq!(paid.body["paymentState"], "paid");
    assert_eq!(shop.balance("201000").await, "0.00");
}

#[tokio::test]
async fn bad_tax_inputs_name_their_field_and_a_viewer_writes_none() {
    let shop = shop().await;
    let account = shop.account("202000");
    let base = |extra: Value| {
        let mut body = json!({"name": "T", "amountType": "percent", "rate": "5",
                              "typeTaxUse": "purchase", "accountId": account});
        for (key, value) in extra.as_object().expect("an object") {
            body[key] = value.clone();
        }
        body
    };
    for (extra, field) in [
        (json!({"rate": "-101"}), "rate"),
        (json!({"rate": "100.5"}), "rate"),
        (json!({"recoverablePercent": 150}), "recoverablePercent"),
        (json!({"recoverablePercent": "-1"}), "recoverablePercent"),
        (
            json!({"typeTaxUse": "sale", "recoverablePercent": "50"}),
            "recoverablePercent",
        ),
        (json!({"sequence": 1.5}), "sequence"),
        (json!({"sequence": "first"}), "sequence"),
        (json!({"sequence": -1}), "sequence"),
        (json!({"rate": "-5", "priceInclude": true}), "rate"),
        (
            json!({"reverseCharge": true, "counterpartAccountId": shop.account("140000"),
                   "includeBaseAmount": true}),
            "includeBaseAmount",
        ),
    ] {
        let reply = shop
            .post("/api/v1/accounting/taxes", base(extra.clone()))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{extra}: {:?}",
            reply.body
        );
        assert_eq!(
            reply.body["errors"][0]["field"], field,
            "{extra}: {:?}",
            reply.body
        );
    }
    // -100 and a recoverable 0 are the bounds.
    let lowest = tax(
        &shop,
        base(json!({"rate": "-100", "recoverablePercent": "0"})),
    )
    .await;
    assert_eq!(lowest["rate"], "-100");
    // PATCH checks the same.
    let path = format!("/api/v1/accounting/taxes/{}", id(&lowest));
    let patched = shop
        .patch(
            &path,
            json!({"sequence": 5, "includeBaseAmount": true, "recoverablePercent": "25"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(patched.body["sequence"], 5);
    assert_eq!(patched.body["includeBaseAmount"], true);
    assert_eq!(patched.body["recoverablePercent"], "25");
    let refused = shop
        .patch(&path, json!({"recoverablePercent": "101"}))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.body["errors"][0]["field"], "recoverablePercent");
    let sale = shop.tax("VAT 5%");
    let refused = shop
        .patch(
            &format!("/api/v1/accounting/taxes/{sale}"),
            json!({"recoverablePercent": "50"}),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.body["errors"][0]["field"], "recoverablePercent");

    let (_, viewer) = shop.member("viewer@shop.test", "viewer").await;
    let created = shop
        .app
        .post(
            "/api/v1/accounting/taxes",
            &viewer,
            Some(shop.id),
            base(json!({"sequence": 1, "includeBaseAmount": true})),
        )
        .await;
    assert_eq!(created.status, StatusCode::FORBIDDEN, "{:?}", created.body);
    let changed = shop
        .app
        .patch(&path, &viewer, Some(shop.id), json!({"sequence": 1}))
        .await;
    assert_eq!(changed.status, StatusCode::FORBIDDEN, "{:?}", changed.body);
}

/// A tax made before m0212 applies at sequence 10, joins no base and is fully recoverable.
#[tokio::test]
async fn an_older_tax_gets_the_defaults() {
    let (mut settings, folder) = test_settings();
    if let Some(schema) = &settings.database_schema {
        let mut admin = settings.clone();
        admin.database_schema = None;
        let db = app::connect(&admin).await.expect("PostgreSQL answers");
        db.connection()
            .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .await
            .expect("a fresh schema");
    }
    let db = app::connect(&settings).await.expect("the database opens");
    let before = Migrator::migrations()
        .iter()
        .position(|migration| migration.name() == "m0212_tax_sequence_and_recovery")
        .expect("m0212 is registered");
    Migrator::up(db.connection(), Some(before as u32))
        .await
        .expect("the older migrations run");
    let backend = db.connection().get_database_backend();
    let id = |uuid: Uuid| match backend {
        DatabaseBackend::Postgres => format!("'{uuid}'"),
        _ => format!("X'{}'", uuid.simple()),
    };
    let (company, account, tax) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    for statement in [
        format!(
            "INSERT INTO companies (id, name, legal_name, currency, country, plan, \
             chart_template, trn, created_at, updated_at) \
             VALUES ({}, 'Old LLC', NULL, 'AED', 'AE', 'professional', 'none', NULL, 1, 1)",
            id(company)
        ),
        format!(
            "INSERT INTO accounts (company_id, id, code, name, account_type, parent_id, \
             reconcile, currency, active, created_at, updated_at) \
             VALUES ({}, {}, '202000', 'VAT', 'liability_current', NULL, false, NULL, true, 1, 1)",
            id(company),
            id(account)
        ),
        format!(
            "INSERT INTO taxes (company_id, id, name, amount_type, rate, type_tax_use, \
             price_include, account_id, vat_box, reverse_charge, counterpart_account_id, active, \
             created_at, updated_at) \
             VALUES ({}, {}, 'VAT 5%', 'percent', 50000, 'purchase', false, {}, NULL, false, \
             NULL, true, 1, 1)",
            id(company),
            id(tax),
            id(account)
        ),
    ] {
        db.connection()
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    settings.migrate = true;
    let server = TestApp::start(settings, folder).await;
    let row = server
        .platform
        .db
        .connection()
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT sequence, include_base_amount, recoverable_ppm FROM taxes",
        ))
        .await
        .expect("the taxes")
        .expect("the old tax");
    let sequence: i32 = row.try_get("", "sequence").expect("sequence");
    let include: bool = row.try_get("", "include_base_amount").expect("include");
    let recoverable: i64 = row.try_get("", "recoverable_ppm").expect("recoverable");
    assert_eq!((sequence, include, recoverable), (10, false, 1_000_000));
}
