//! Events: every write names what it changed, and the outbox keeps exactly that, numbered per
//! company in commit order; a refused or rolled-back write leaves nothing, a replayed one
//! nothing more, and one company never sees another's.
#![expect(
    clippy::unwrap_used,
    reason = "a helper that cannot read the outbox fails the test loudly"
)]

use arkan_platform::sql::get;
use arkan_testkit::{Reply, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";

/// One row of `outbox_events`.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    seq: i64,
    event: String,
    module: String,
    name: String,
    resource: Option<Uuid>,
    user: Option<Uuid>,
    data: Option<Value>,
}

/// Every outbox row of `company`, in order.
async fn outbox(app: &TestApp, company: Uuid) -> Vec<Row> {
    let select = Query::select()
        .columns([
            "event",
            "module_key",
            "event_name",
            "resource_id",
            "user_id",
            "seq",
            "data",
        ])
        .from("outbox_events")
        .and_where(Expr::col("company_id").eq(company))
        .order_by("seq", Order::Asc)
        .to_owned();
    let rows = app
        .platform
        .db
        .connection()
        .query_all(&select)
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            let data: Option<String> = get(row, "data").unwrap();
            Row {
                seq: get(row, "seq").unwrap(),
                event: get(row, "event").unwrap(),
                module: get(row, "module_key").unwrap(),
                name: get(row, "event_name").unwrap(),
                resource: get(row, "resource_id").unwrap(),
                user: get(row, "user_id").unwrap(),
                data: data.map(|text| serde_json::from_str(&text).unwrap()),
            }
        })
        .collect()
}

/// A change in a module room, as a test expects it: (module, event name, resource id).
type Change = (&'static str, &'static str, Option<Uuid>);

/// Reads a company's outbox as it grows.
struct Watch<'a> {
    app: &'a TestApp,
    company: Uuid,
    seen: usize,
}

impl<'a> Watch<'a> {
    fn new(app: &'a TestApp, company: Uuid) -> Self {
        Watch {
            app,
            company,
            seen: 0,
        }
    }

    /// The rows added since the last look.
    async fn added(&mut self) -> Vec<Row> {
        let all = outbox(self.app, self.company).await;
        assert!(all.len() >= self.seen, "outbox rows vanished: {all:?}");
        let added = all[self.seen..].to_vec();
        self.seen = all.len();
        added
    }

    /// The rows added since the last look are exactly these changes, in this order.
    async fn changed(&mut self, expected: &[Change]) {
        let added = self.added().await;
        let seen: Vec<(String, String, Option<Uuid>)> = added
            .iter()
            .map(|row| {
                assert_eq!(row.event, "module.invalidate", "{row:?}");
                assert_eq!(row.user, None, "{row:?}");
                assert_eq!(row.data, None, "{row:?}");
                (row.module.clone(), row.name.clone(), row.resource)
            })
            .collect();
        let expected: Vec<(String, String, Option<Uuid>)> = expected
            .iter()
            .map(|(module, name, id)| ((*module).to_owned(), (*name).to_owned(), *id))
            .collect();
        assert_eq!(seen, expected);
    }

    /// Nothing was added since the last look.
    async fn unchanged(&mut self) {
        let added = self.added().await;
        assert!(added.is_empty(), "unexpected events: {added:?}");
    }

    /// The company's events are numbered 1..n, without a gap.
    async fn numbered_without_gaps(&self) {
        let seqs: Vec<i64> = outbox(self.app, self.company)
            .await
            .iter()
            .map(|row| row.seq)
            .collect();
        let expected: Vec<i64> = (1..=i64::try_from(seqs.len()).unwrap()).collect();
        assert_eq!(seqs, expected);
    }
}

fn accounting(name: &'static str, id: Uuid) -> Change {
    ("accounting", name, Some(id))
}

fn id_at(reply: &Reply, pointer: &str) -> Uuid {
    reply
        .body
        .pointer(pointer)
        .and_then(Value::as_str)
        .and_then(|text| Uuid::parse_str(text).ok())
        .unwrap_or_else(|| panic!("an id at {pointer}: {:?}", reply.body))
}

/// The company's fiscal year holding `date`.
async fn fiscal_year(company: &arkan_testkit::Company, date: &str) -> Uuid {
    let years = company.get("/api/v1/accounting/fiscal-years").await;
    let year = years.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|year| {
            year["dateFrom"].as_str().unwrap() <= date && date <= year["dateTo"].as_str().unwrap()
        })
        .unwrap_or_else(|| panic!("a fiscal year holding {date}: {:?}", years.body));
    Uuid::parse_str(year["id"].as_str().unwrap()).unwrap()
}

/// A tenant POST with an `Idempotency-Key`.
async fn keyed_post(
    app: &TestApp,
    token: &str,
    company: Uuid,
    path: &str,
    key: &str,
    body: Value,
) -> Reply {
    app.send(
        Request::post(path)
            .header("authorization", format!("Bearer {token}"))
            .header("x-company-id", company.to_string())
            .header("idempotency-key", key)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn ledger_writes_announce_what_they_changed_and_refused_ones_nothing() {
    let books = TestApp::company().with_uae_chart().await;
    let mut watch = Watch::new(&books.app, books.id);
    watch
        .changed(&[("companies", "company.created", Some(books.id))])
        .await;

    // A draft, then its posting (which opens the fiscal year it falls in).
    let draft = books
        .draft_entry(books.entry("2026-03-01", "101000", "301000", "100"))
        .await;
    watch
        .changed(&[accounting("journal_entry.created", draft)])
        .await;
    let posted = books.post_entry(draft).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let year = fiscal_year(&books, "2026-03-01").await;
    watch
        .changed(&[
            accounting("fiscal_year.created", year),
            accounting("journal_entry.posted", draft),
        ])
        .await;
    // Posting it again is a 409 and says nothing.
    let again = books.post_entry(draft).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    watch.unchanged().await;

    // A reversal posts a new entry and marks the original reversed.
    let reversed = books
        .post(
            &format!("/api/v1/accounting/journal-entries/{draft}/reverse"),
            json!({}),
        )
        .await;
    assert_eq!(reversed.status, StatusCode::CREATED, "{:?}", reversed.body);
    watch
        .changed(&[
            accounting("journal_entry.posted", reversed.id()),
            accounting("journal_entry.reversed", draft),
        ])
        .await;

    // An unbalanced entry: the draft is kept, its posting refused (400) without a word.
    let mut unbalanced = books.entry("2026-03-02", "101000", "301000", "10");
    unbalanced["lines"][1]["credit"] = json!("9");
    let lopsided = books.draft_entry(unbalanced.clone()).await;
    watch
        .changed(&[accounting("journal_entry.created", lopsided)])
        .await;
    let refused = books.post_entry(lopsided).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.code(), "journal_entry_unbalanced");
    watch.unchanged().await;
    let edited = books
        .patch(
            &format!("/api/v1/accounting/journal-entries/{lopsided}"),
            json!({"reference": "fixed"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    watch
        .changed(&[accounting("journal_entry.updated", lopsided)])
        .await;
    let deleted = books
        .delete(&format!("/api/v1/accounting/journal-entries/{lopsided}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    watch
        .changed(&[accounting("journal_entry.deleted", lopsided)])
        .await;

    // A batch is all or nothing: the entries posted before the bad one announce nothing.
    let good = books.entry("2026-03-03", "101000", "301000", "5");
    let batch = "/api/v1/accounting/journal-entries/batch";
    let refused = books
        .post(
            batch,
            json!({"entries": [good.clone(), good.clone(), unbalanced]}),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    watch.unchanged().await;
    let accepted = books
        .post(batch, json!({"entries": [good.clone(), good]}))
        .await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
    watch
        .changed(&[
            accounting("journal_entry.posted", id_at(&accepted, "/data/0/id")),
            accounting("journal_entry.posted", id_at(&accepted, "/data/1/id")),
        ])
        .await;

    // Master data and settings.
    let account = books
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "101200", "name": "Petty cash", "type": "asset_cash"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{:?}", account.body);
    let renamed = books
        .patch(
            &format!("/api/v1/accounting/accounts/{}", account.id()),
            json!({"name": "Petty cash (Dubai)"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    let taken = books
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "101200", "name": "Again", "type": "asset_cash"}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{:?}", taken.body);
    let journal = books
        .post(
            "/api/v1/accounting/journals",
            json!({"name": "Bank 2", "code": "BNK2", "type": "bank", "defaultAccountId": books.account("101000")}),
        )
        .await;
    assert_eq!(journal.status, StatusCode::CREATED, "{:?}", journal.body);
    let journal_renamed = books
        .patch(
            &format!("/api/v1/accounting/journals/{}", journal.id()),
            json!({"name": "Second bank"}),
        )
        .await;
    assert_eq!(journal_renamed.status, StatusCode::OK);
    let tax = books
        .post(
            "/api/v1/accounting/taxes",
            json!({"name": "VAT 2.5%", "amountType": "percent", "rate": "2.5", "typeTaxUse": "sale", "accountId": books.account("202000")}),
        )
        .await;
    assert_eq!(tax.status, StatusCode::CREATED, "{:?}", tax.body);
    let tax_archived = books
        .patch(
            &format!("/api/v1/accounting/taxes/{}", tax.id()),
            json!({"active": false}),
        )
        .await;
    assert_eq!(tax_archived.status, StatusCode::OK);
    let rate = books
        .post(
            "/api/v1/accounting/currency-rates",
            json!({"currency": "USD", "date": "2026-03-01", "rate": "3.6725"}),
        )
        .await;
    assert_eq!(rate.status, StatusCode::CREATED, "{:?}", rate.body);
    let next_year = books
        .post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": "2027-01-01"}),
        )
        .await;
    assert_eq!(
        next_year.status,
        StatusCode::CREATED,
        "{:?}",
        next_year.body
    );
    let settings = books
        .patch(
            "/api/v1/accounting/settings",
            json!({"taxRounding": "document"}),
        )
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    watch
        .changed(&[
            accounting("account.created", account.id()),
            accounting("account.updated", account.id()),
            accounting("journal.created", journal.id()),
            accounting("journal.updated", journal.id()),
            accounting("tax.created", tax.id()),
            accounting("tax.updated", tax.id()),
            accounting("currency_rate.created", rate.id()),
            accounting("fiscal_year.created", next_year.id()),
            accounting("accounting_settings.updated", books.id),
        ])
        .await;

    // A viewer's write is refused before anything happens.
    let (viewer, viewer_token) = books.member("viewer@arkan.test", "viewer").await;
    watch
        .changed(&[("companies", "member.created", Some(viewer))])
        .await;
    let denied = books
        .app
        .post(
            "/api/v1/accounting/accounts",
            &viewer_token,
            Some(books.id),
            json!({"code": "101300", "name": "Denied", "type": "asset_cash"}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    watch.unchanged().await;
    watch.numbered_without_gaps().await;
}

#[tokio::test]
async fn closing_and_reopening_a_year_announce_the_entries_the_lock_date_and_the_year() {
    let books = TestApp::company().with_uae_chart().await;
    let year = books
        .post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": "2025-01-01"}),
        )
        .await
        .id();
    books
        .posted_entry("2025-03-01", "101000", "401000", "100")
        .await;
    let mut watch = Watch::new(&books.app, books.id);
    watch.added().await;

    let closed = books
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/close"),
            json!({}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    let closing = id_at(&closed, "/closingEntryId");
    watch
        .changed(&[
            accounting("journal_entry.posted", closing),
            accounting("accounting_settings.updated", books.id),
            accounting("fiscal_year.closed", year),
        ])
        .await;

    let reopened = books
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/reopen"),
            json!({}),
        )
        .await;
    assert_eq!(reopened.status, StatusCode::OK, "{:?}", reopened.body);
    let original = books
        .get(&format!("/api/v1/accounting/journal-entries/{closing}"))
        .await;
    watch
        .changed(&[
            accounting("accounting_settings.updated", books.id),
            accounting("journal_entry.posted", id_at(&original, "/reversedEntryId")),
            accounting("journal_entry.reversed", closing),
            accounting("fiscal_year.reopened", year),
        ])
        .await;

    // A refused close says nothing.
    let (_, viewer) = books.member("viewer@arkan.test", "viewer").await;
    watch.added().await;
    let denied = books
        .app
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/close"),
            &viewer,
            Some(books.id),
            json!({}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    watch.unchanged().await;
    watch.numbered_without_gaps().await;
}

#[tokio::test]
async fn invoices_payments_and_bank_files_announce_every_document_they_touch() {
    let shop = TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client("Acme")
        .vendor("Steel Supplier")
        .await;
    let client = shop.partner("Acme");
    let vendor = shop.partner("Steel Supplier");
    let (accountant, accountant_token) = shop.member("accountant@arkan.test", "accountant").await;
    let (sales, _) = shop.member("sales@arkan.test", "sales").await;
    let mut watch = Watch::new(&shop.app, shop.id);
    watch
        .changed(&[
            ("companies", "company.created", Some(shop.id)),
            ("crm", "client.created", Some(client)),
            ("crm", "vendor.created", Some(vendor)),
            ("companies", "member.created", Some(accountant)),
            ("companies", "member.created", Some(sales)),
        ])
        .await;
    let another_client = shop.client("Beta Trading").await;
    watch
        .changed(&[("crm", "client.created", Some(another_client))])
        .await;

    // An invoice: the draft, then its posting with its journal entry.
    let body = json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
        "lines": [{"description": "Goods", "quantity": "1", "unitPrice": "100", "taxIds": [shop.tax("VAT 5%")]}]});
    let invoice = shop.draft_invoice(body.clone()).await.id();
    watch
        .changed(&[accounting("invoice.created", invoice)])
        .await;
    let posted = shop.post_invoice(invoice).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    watch
        .changed(&[
            accounting(
                "fiscal_year.created",
                fiscal_year(&shop, "2026-09-01").await,
            ),
            accounting("journal_entry.posted", id_at(&posted, "/journalEntryId")),
            accounting("invoice.posted", invoice),
        ])
        .await;
    // Posting it again is a 409 and says nothing.
    let again = shop.post_invoice(invoice).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.code(), "invoice_not_draft");
    watch.unchanged().await;

    // Drafts are edited and deleted.
    let spare = shop.draft_invoice(body.clone()).await.id();
    let edited = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{spare}"),
            json!({"reference": "PO-7"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    let deleted = shop
        .delete(&format!("/api/v1/accounting/invoices/{spare}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    watch
        .changed(&[
            accounting("invoice.created", spare),
            accounting("invoice.updated", spare),
            accounting("invoice.deleted", spare),
        ])
        .await;

    // Cancelling posts a credit note for the open amount.
    let cancelled_one = shop.posted_invoice(client, "50").await;
    watch.added().await;
    let cancelled = shop.cancel_invoice(cancelled_one).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let credit_note = id_at(&cancelled, "/creditNoteIds/0");
    let credit_entry = id_at(&shop.invoice(credit_note).await, "/journalEntryId");
    watch
        .changed(&[
            accounting("journal_entry.posted", credit_entry),
            accounting("invoice.posted", credit_note),
            accounting("invoice.cancelled", cancelled_one),
        ])
        .await;

    // A payment, posted, then allocated in full: the invoice is paid and the people who keep
    // the books are told, each with the notification as their inbox lists it.
    let payment = shop
        .post(
            "/api/v1/accounting/payments",
            json!({"type": "inbound", "partnerId": client, "amount": "105", "date": "2026-09-15",
                "journalId": shop.journal("BNK1"), "method": "bank_transfer"}),
        )
        .await;
    assert_eq!(payment.status, StatusCode::CREATED, "{:?}", payment.body);
    let payment = payment.id();
    let payment_posted = shop
        .post(
            &format!("/api/v1/accounting/payments/{payment}/post"),
            json!({}),
        )
        .await;
    assert_eq!(payment_posted.status, StatusCode::OK);
    watch
        .changed(&[
            accounting("payment.created", payment),
            accounting(
                "journal_entry.posted",
                id_at(&payment_posted, "/journalEntryId"),
            ),
            accounting("payment.posted", payment),
        ])
        .await;
    let too_much = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "106"}]))
        .await;
    assert_eq!(too_much.status, StatusCode::CONFLICT, "{:?}", too_much.body);
    watch.unchanged().await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "105"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let added = watch.added().await;
    let (changes, personal) = added.split_at(2);
    let changes: Vec<(&str, &str, Option<Uuid>)> = changes
        .iter()
        .map(|row| (row.module.as_str(), row.name.as_str(), row.resource))
        .collect();
    assert_eq!(
        changes,
        [
            ("accounting", "payment.allocated", Some(payment)),
            ("accounting", "invoice.updated", Some(invoice)),
        ]
    );
    let mut told: Vec<Uuid> = personal.iter().filter_map(|row| row.user).collect();
    told.sort();
    let mut expected = vec![accountant, owner_id(&shop).await];
    expected.sort();
    assert_eq!(told, expected, "{personal:?}");
    for row in personal {
        assert_eq!(
            (row.event.as_str(), row.module.as_str(), row.name.as_str()),
            ("notification", "", "notification")
        );
        let token = if row.user == Some(accountant) {
            accountant_token.clone()
        } else {
            shop.token.clone()
        };
        let inbox = shop
            .app
            .get("/api/v1/notifications", &token, Some(shop.id))
            .await;
        assert_eq!(inbox.body["meta"]["total"], 1);
        let listed = &inbox.body["data"][0];
        assert_eq!(row.resource, Some(id_at(&inbox, "/data/0/id")));
        assert_eq!(row.data.as_ref(), Some(listed));
        assert_eq!(listed["type"], "payment_received");
        assert_eq!(listed["resourceId"], json!(invoice));
    }

    // Taking the allocation back opens the invoice again.
    let taken_back = shop.unallocate(payment, invoice).await;
    assert_eq!(
        taken_back.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        taken_back.body
    );
    watch
        .changed(&[
            accounting("payment.unallocated", payment),
            accounting("invoice.updated", invoice),
        ])
        .await;

    // A partial credit note: posted, and set against the invoice.
    let credited = shop
        .post(
            &format!("/api/v1/sales/billing/credit-note/{invoice}"),
            json!({"amount": "21"}),
        )
        .await;
    assert_eq!(credited.status, StatusCode::CREATED, "{:?}", credited.body);
    watch
        .changed(&[
            accounting("journal_entry.posted", id_at(&credited, "/journalEntryId")),
            accounting("invoice.posted", credited.id()),
            accounting("invoice.updated", invoice),
        ])
        .await;

    // Bank details, then a payment file: each payment in it is marked exported.
    let details = json!({"iban": "AE400240043520123456701", "bankName": "Dubai Islamic Bank",
        "bic": "DUIBAEAD", "routingCode": "802420101", "accountHolderName": "Steel Supplier LLC"});
    let saved = shop.bank_details(vendor, details.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let replaced = shop.bank_details(vendor, details).await;
    assert_eq!(replaced.status, StatusCode::OK);
    watch
        .changed(&[
            accounting("bank_details.created", vendor),
            accounting("bank_details.updated", vendor),
        ])
        .await;
    let outbound = shop.posted_payment("outbound", vendor, "40").await;
    watch.added().await;
    let file = shop
        .post("/api/v1/accounting/batch-payment/export/csv", json!({}))
        .await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.body);
    watch
        .changed(&[
            accounting("payment.exported", outbound),
            ("accounting", "payment_export.created", None),
        ])
        .await;
    let nothing_left = shop
        .post("/api/v1/accounting/batch-payment/export/csv", json!({}))
        .await;
    assert_eq!(nothing_left.status, StatusCode::BAD_REQUEST);
    watch.unchanged().await;

    // The company itself and its members.
    shop.app.remove_member(&shop.token, shop.id, sales).await;
    let renamed = shop.update(json!({"name": "Shop Renamed LLC"})).await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    watch
        .changed(&[
            ("companies", "member.deleted", Some(sales)),
            ("companies", "company.updated", Some(shop.id)),
        ])
        .await;
    watch.numbered_without_gaps().await;
}

/// The owner of a company made by the builder: the platform admin.
async fn owner_id(company: &arkan_testkit::Company) -> Uuid {
    let me = company
        .app
        .get("/api/v1/auth/me", &company.token, None)
        .await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    me.id()
}

#[tokio::test]
async fn a_replayed_request_announces_its_change_once() {
    let shop = TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client("Acme")
        .await;
    let client = shop.partner("Acme");
    let mut watch = Watch::new(&shop.app, shop.id);
    watch.added().await;
    let app = &shop.app;

    let body = json!({"name": "Keyed Trading"});
    let first = keyed_post(
        app,
        &shop.token,
        shop.id,
        "/api/v1/crm/clients",
        "K-1",
        body.clone(),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = keyed_post(
        app,
        &shop.token,
        shop.id,
        "/api/v1/crm/clients",
        "K-1",
        body,
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.id(), first.id());
    watch
        .changed(&[("crm", "client.created", Some(first.id()))])
        .await;

    // A posting through the ledger, replayed: its entry and the invoice once.
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [{"description": "Goods", "quantity": "2", "unitPrice": "10", "taxIds": [shop.tax("VAT 5%")]}]}))
        .await
        .id();
    watch.added().await;
    let path = format!("/api/v1/accounting/invoices/{invoice}/post");
    let posted = keyed_post(app, &shop.token, shop.id, &path, "K-2", json!({})).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let replayed = keyed_post(app, &shop.token, shop.id, &path, "K-2", json!({})).await;
    assert_eq!(replayed.status, StatusCode::OK);
    assert_eq!(replayed.body, posted.body);
    watch
        .changed(&[
            accounting(
                "fiscal_year.created",
                fiscal_year(&shop, "2026-09-01").await,
            ),
            accounting("journal_entry.posted", id_at(&posted, "/journalEntryId")),
            accounting("invoice.posted", invoice),
        ])
        .await;
    // Without the key, it is a new request: refused, and silent.
    let refused = shop.post_invoice(invoice).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    watch.unchanged().await;
    watch.numbered_without_gaps().await;
}

#[tokio::test]
async fn each_company_hears_only_its_own_changes_numbered_from_one() {
    let shop = TestApp::company().with_uae_chart().await;
    let other = shop.another_company("Other LLC").await;
    let app = &shop.app;
    let mut mine = Watch::new(app, shop.id);
    let mut theirs = Watch::new(app, other);
    mine.changed(&[("companies", "company.created", Some(shop.id))])
        .await;
    theirs
        .changed(&[("companies", "company.created", Some(other))])
        .await;

    // Writes of both, interleaved.
    let ours = shop.client("Ours").await;
    let their_client = app
        .client(&shop.token, other, json!({"name": "Theirs"}))
        .await;
    assert_eq!(their_client.status, StatusCode::CREATED);
    let their_entry = app
        .post(
            "/api/v1/accounting/journal-entries",
            &shop.token,
            Some(other),
            json!({"journalId": shop.journal("MISC"), "date": "2026-03-01",
                "lines": [{"accountId": shop.account("101000"), "debit": "1"},
                          {"accountId": shop.account("301000"), "credit": "1"}]}),
        )
        .await;
    // The other company cannot name this company's journal: refused, and silent for both.
    assert_eq!(
        their_entry.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        their_entry.body
    );
    let our_entry = shop
        .draft_entry(shop.entry("2026-03-01", "101000", "301000", "1"))
        .await;
    mine.changed(&[
        ("crm", "client.created", Some(ours)),
        accounting("journal_entry.created", our_entry),
    ])
    .await;
    theirs
        .changed(&[("crm", "client.created", Some(their_client.id()))])
        .await;
    // Another company's id in this company's room is a 404, and says nothing anywhere.
    let crossed = shop.post_entry(their_client.id()).await;
    assert_eq!(crossed.status, StatusCode::NOT_FOUND);
    mine.unchanged().await;
    theirs.unchanged().await;
    mine.numbered_without_gaps().await;
    theirs.numbered_without_gaps().await;
    let everything = outbox(app, shop.id).await;
    assert!(
        everything
            .iter()
            .all(|row| row.resource != Some(other) && row.resource != Some(their_client.id())),
        "{everything:?}"
    );
}

#[tokio::test]
async fn a_direct_message_is_pushed_to_both_people() {
    let shop = TestApp::company().await;
    let app = &shop.app;
    let (amira, amira_token) = shop.member("amira@arkan.test", "sales").await;
    let (omar, omar_token) = shop.member("omar@arkan.test", "viewer").await;
    let mut watch = Watch::new(app, shop.id);
    watch.added().await;

    let opened = app
        .post(
            "/api/v1/conversations",
            &amira_token,
            Some(shop.id),
            json!({"userId": omar}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.body);
    let conversation = opened.id();
    watch.unchanged().await;
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let sent = app
        .post(
            &path,
            &amira_token,
            Some(shop.id),
            json!({"body": "Salaam Omar"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let rows = watch.added().await;
    let mut people: Vec<Uuid> = rows.iter().filter_map(|row| row.user).collect();
    people.sort();
    let mut both = vec![amira, omar];
    both.sort();
    assert_eq!(people, both, "{rows:?}");
    for row in &rows {
        assert_eq!(row.event, "dm:message");
        assert_eq!(row.resource, Some(sent.id()));
        assert_eq!(row.data.as_ref(), Some(&sent.body));
    }
    // An empty message is refused, and pushed to no one; reading pushes nothing either.
    let empty = app
        .post(&path, &omar_token, Some(shop.id), json!({"body": "  "}))
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let read = app
        .post(
            &format!("/api/v1/conversations/{conversation}/read"),
            &omar_token,
            Some(shop.id),
            json!({}),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    watch.unchanged().await;
    watch.numbered_without_gaps().await;

    // The participants, for typing indicators: only in the conversation's company.
    let db = app.platform.db.connection();
    let company = arkan_kernel::CompanyId(shop.id);
    let pair = arkan_messages::participants(db, company, conversation)
        .await
        .unwrap()
        .unwrap();
    let mut pair = vec![pair.0.0, pair.1.0];
    pair.sort();
    assert_eq!(pair, both);
    let other = shop.another_company("Other LLC").await;
    assert_eq!(
        arkan_messages::participants(db, arkan_kernel::CompanyId(other), conversation)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        arkan_messages::participants(db, company, Uuid::now_v7())
            .await
            .unwrap(),
        None
    );
}
