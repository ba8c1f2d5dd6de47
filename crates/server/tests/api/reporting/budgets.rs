//! Budgets (`/accounting/budgets`) and the budget against actual report, with figures worked
//! by hand.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const BUDGETS: &str = "/api/v1/accounting/budgets";

async fn books() -> Company {
    TestApp::company().with_uae_chart().await
}

/// The fiscal year 2026 of `company` (as the owner).
async fn fiscal_year(company: &Company, token: &str, id: Uuid, from: &str) -> Uuid {
    let reply = company
        .app
        .post(
            "/api/v1/accounting/fiscal-years",
            token,
            Some(id),
            json!({"dateFrom": from}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

async fn year_2026(company: &Company) -> Uuid {
    fiscal_year(company, &company.token, company.id, "2026-01-01").await
}

fn fields(reply: &Value) -> Vec<String> {
    reply["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|error| error["field"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn create(company: &Company, body: Value) -> Value {
    let reply = company.post(BUDGETS, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

fn id_of(body: &Value) -> String {
    body["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn an_accountant_writes_a_budget_split_evenly_with_the_remainder_on_the_first_months() {
    let company = books().await;
    let (_, accountant) = company.member("acc@arkan.test", "accountant").await;
    let year = year_2026(&company).await;
    let project = company.project("WEB").await;
    let reply = company
        .app
        .post(
            BUDGETS,
            &accountant,
            Some(company.id),
            json!({"name": "Plan 2026", "fiscalYearId": year, "lines": [
                {"accountId": company.account("401000"), "amount": "1000"},
                {"accountId": company.account("602000"), "projectId": project, "amount": 1200,
                 "monthlyAmounts": ["300", "300", "0", "0", "0", "0", "0", "0", "0", "0", "0", "600.00"]}
            ]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let budget = reply.body;
    assert_eq!(budget["name"], "Plan 2026");
    assert_eq!(budget["fiscalYearId"], json!(year));
    assert_eq!(budget["dateFrom"], "2026-01-01");
    assert_eq!(budget["dateTo"], "2026-12-31");
    assert_eq!(budget["currency"], "AED");
    assert_eq!(budget["state"], "draft");
    // 1000.00 over 12 months: 83.33 each and 4 fils left, one each to January..April.
    let even = &budget["lines"][0]["monthlyAmounts"];
    assert_eq!(even.as_array().map(Vec::len), Some(12));
    for month in 0..4 {
        assert_eq!(even[month], "83.34");
    }
    for month in 4..12 {
        assert_eq!(even[month], "83.33");
    }
    assert_eq!(budget["lines"][0]["amount"], "1000.00");
    assert_eq!(budget["lines"][0]["projectId"], Value::Null);
    assert_eq!(budget["lines"][1]["projectId"], json!(project));
    assert_eq!(budget["lines"][1]["monthlyAmounts"][11], "600.00");
    assert_eq!(budget["lines"][1]["amount"], "1200.00");

    let read = company.get(&format!("{BUDGETS}/{}", id_of(&budget))).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body, budget);

    // A draft may be renamed and given new lines.
    let patched = company
        .patch(
            &format!("{BUDGETS}/{}", id_of(&budget)),
            json!({"name": "Plan 2026 v2", "lines": [{"accountId": company.account("401000"), "amount": "0.05"}]}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(patched.body["name"], "Plan 2026 v2");
    assert_eq!(patched.body["lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(patched.body["lines"][0]["monthlyAmounts"][4], "0.01");
    assert_eq!(patched.body["lines"][0]["monthlyAmounts"][5], "0.00");
}

#[tokio::test]
async fn bad_lines_are_refused_each_by_its_field() {
    let company = books().await;
    let year = year_2026(&company).await;
    let income = company.account("401000");
    let reply = company
        .post(
            BUDGETS,
            json!({"name": " ", "fiscalYearId": year, "lines": [
                {"accountId": income, "amount": "100", "monthlyAmounts": ["50", "49", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]},
                {"accountId": company.account("602000"), "amount": "100", "monthlyAmounts": ["100"]},
                {"accountId": income, "amount": "5"},
                {"accountId": company.account("603000"), "amount": "1.005"}
            ]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(
        fields(&reply.body),
        vec![
            "name",
            "lines[0].monthlyAmounts",
            "lines[1].monthlyAmounts",
            "lines[2].accountId",
            "lines[3].amount"
        ]
    );
    let empty = company
        .post(
            BUDGETS,
            json!({"name": "Empty", "fiscalYearId": year, "lines": []}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&empty.body), vec!["lines"]);
    // The same account once per project is fine.
    let project = company.project("WEB").await;
    create(
        &company,
        json!({"name": "Split", "fiscalYearId": year, "lines": [
            {"accountId": income, "amount": "100"},
            {"accountId": income, "projectId": project, "amount": "100"}
        ]}),
    )
    .await;
}

#[tokio::test]
async fn another_companys_account_fiscal_year_project_or_budget_is_unknown() {
    let company = books().await;
    let year = year_2026(&company).await;
    let other = company.another_company("Other LLC").await;
    let other_year = fiscal_year(&company, &company.token, other, "2026-01-01").await;
    let other_accounts = company
        .app
        .get(
            "/api/v1/accounting/accounts?limit=1&sort=code&order=asc",
            &company.token,
            Some(other),
        )
        .await;
    let other_account = other_accounts.body["data"][0]["id"].clone();
    let other_project = company
        .app
        .post(
            "/api/v1/projects",
            &company.token,
            Some(other),
            json!({"name": "Theirs", "code": "THR"}),
        )
        .await
        .id();
    let income = company.account("401000");

    let wrong_year = company
        .post(
            BUDGETS,
            json!({"name": "B", "fiscalYearId": other_year, "lines": [{"accountId": income, "amount": "1"}]}),
        )
        .await;
    assert_eq!(wrong_year.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&wrong_year.body), vec!["fiscalYearId"]);
    let wrong_account = company
        .post(
            BUDGETS,
            json!({"name": "B", "fiscalYearId": year, "lines": [{"accountId": other_account, "amount": "1"}]}),
        )
        .await;
    assert_eq!(wrong_account.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&wrong_account.body), vec!["lines[0].accountId"]);
    let wrong_project = company
        .post(
            BUDGETS,
            json!({"name": "B", "fiscalYearId": year, "lines": [{"accountId": income, "projectId": other_project, "amount": "1"}]}),
        )
        .await;
    assert_eq!(wrong_project.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&wrong_project.body), vec!["lines[0].projectId"]);

    // The other company's budget is a 404 here.
    let theirs = company
        .app
        .post(
            BUDGETS,
            &company.token,
            Some(other),
            json!({"name": "Theirs", "fiscalYearId": other_year, "lines": [{"accountId": other_account, "amount": "1"}]}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    let path = format!("{BUDGETS}/{}", theirs.id());
    assert_eq!(company.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(company.get(&path).await.code(), "budget_not_found");
    assert_eq!(
        company.patch(&path, json!({"name": "Mine"})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(company.delete(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        company
            .post(&format!("{path}/approve"), json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let report = company
        .get(&format!(
            "/api/v1/accounting/reports/budget-vs-actual?budget_id={}",
            theirs.id()
        ))
        .await;
    assert_eq!(report.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_approved_budget_is_only_cancelled_and_a_viewer_writes_nothing() {
    let company = books().await;
    let year = year_2026(&company).await;
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let (_, seller) = company.member("sales@arkan.test", "sales").await;
    let body = json!({"name": "Plan", "fiscalYearId": year,
        "lines": [{"accountId": company.account("401000"), "amount": "1200"}]});
    for token in [&viewer, &seller] {
        let refused = company
            .app
            .post(BUDGETS, token, Some(company.id), body.clone())
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let budget = create(&company, body).await;
    let path = format!("{BUDGETS}/{}", id_of(&budget));
    for refused in [
        company
            .app
            .patch(&path, &viewer, Some(company.id), json!({"name": "X"}))
            .await,
        company
            .app
            .post(
                &format!("{path}/approve"),
                &viewer,
                Some(company.id),
                json!({}),
            )
            .await,
        company.app.delete(&path, &viewer, Some(company.id)).await,
    ] {
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let read = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(read.status, StatusCode::OK);

    let approved = company.post(&format!("{path}/approve"), json!({})).await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    assert_eq!(approved.body["state"], "approved");
    let again = company.post(&format!("{path}/approve"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "budget_not_draft");
    let edited = company.patch(&path, json!({"name": "Later"})).await;
    assert_eq!(edited.status, StatusCode::CONFLICT);
    assert_eq!(edited.code(), "budget_not_draft");
    let deleted = company.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::CONFLICT);
    assert_eq!(deleted.code(), "budget_not_draft");

    let cancelled = company
        .post(&format!("{path}/cancel"), json!({"reason": "Replaced"}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    let twice = company
        .app
        .call(
            axum::http::Method::POST,
            &format!("{path}/cancel"),
            Some(&company.token),
            Some(company.id),
            None,
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.code(), "budget_already_cancelled");

    // A draft is deleted.
    let draft = create(
        &company,
        json!({"name": "Scratch", "fiscalYearId": year,
            "lines": [{"accountId": company.account("401000"), "amount": "1"}]}),
    )
    .await;
    let draft_path = format!("{BUDGETS}/{}", id_of(&draft));
    assert_eq!(
        company.delete(&draft_path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(company.get(&draft_path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn budgets_are_listed_and_filtered() {
    let company = books().await;
    let year = year_2026(&company).await;
    let next_year = fiscal_year(&company, &company.token, company.id, "2027-01-01").await;
    let project = company.project("WEB").await;
    let income = company.account("401000");
    let sales = create(
        &company,
        json!({"name": "Sales plan", "fiscalYearId": year, "lines": [{"accountId": income, "amount": "1"}]}),
    )
    .await;
    let web = create(
        &company,
        json!({"name": "Website costs", "fiscalYearId": year,
            "lines": [{"accountId": company.account("602000"), "projectId": project, "amount": "1"}]}),
    )
    .await;
    let later = create(
        &company,
        json!({"name": "Sales 2027", "fiscalYearId": next_year, "lines": [{"accountId": income, "amount": "1"}]}),
    )
    .await;
    let approved = company
        .post(&format!("{BUDGETS}/{}/approve", id_of(&later)), json!({}))
        .await;
    assert_eq!(approved.status, StatusCode::OK);

    let ids = |reply: &Value| -> Vec<String> {
        reply["data"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(id_of)
            .collect()
    };
    let all = company.get(BUDGETS).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body["meta"]["total"], 3);
    assert_eq!(
        ids(&all.body),
        vec![id_of(&later), id_of(&web), id_of(&sales)]
    );
    let drafts = company.get(&format!("{BUDGETS}?state=draft")).await;
    assert_eq!(ids(&drafts.body), vec![id_of(&web), id_of(&sales)]);
    let of_year = company
        .get(&format!("{BUDGETS}?fiscal_year_id={next_year}"))
        .await;
    assert_eq!(ids(&of_year.body), vec![id_of(&later)]);
    let of_project = company
        .get(&format!("{BUDGETS}?project_id={project}"))
        .await;
    assert_eq!(ids(&of_project.body), vec![id_of(&web)]);
    let named = company
        .get(&format!("{BUDGETS}?q=SALES&sort=name&order=asc"))
        .await;
    assert_eq!(ids(&named.body), vec![id_of(&later), id_of(&sales)]);
    let paged = company.get(&format!("{BUDGETS}?limit=2")).await;
    assert_eq!(paged.body["meta"]["hasMore"], true);
    let cursor = paged.body["meta"]["cursor"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let rest = company
        .get(&format!("{BUDGETS}?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(ids(&rest.body), vec![id_of(&sales)]);
    let bad = company.get(&format!("{BUDGETS}?state=open")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// A journal entry of `amount` from the bank to the account coded `code` (an expense, debited)
/// or from the account to the bank (an income, credited), with a project on the account's line.
async fn posted(company: &Company, date: &str, code: &str, amount: &str, project: Option<Uuid>) {
    let income = code.starts_with('4');
    let (debit, credit) = if income {
        ("101000", code)
    } else {
        (code, "101000")
    };
    let mut body = company.entry(date, debit, credit, amount);
    let line = if income { 1 } else { 0 };
    if let Some(project) = project {
        body["lines"][line]["projectId"] = json!(project);
    }
    let id = company.draft_entry(body).await;
    let reply = company.post_entry(id).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

#[tokio::test]
async fn budget_against_actual_over_whole_months_by_account_and_project() {
    let company = books().await;
    let year = year_2026(&company).await;
    let web = company.project("WEB").await;
    let budget = create(
        &company,
        json!({"name": "Plan", "fiscalYearId": year, "lines": [
            {"accountId": company.account("602000"), "projectId": web, "amount": "600",
             "monthlyAmounts": ["300", "300", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]},
            {"accountId": company.account("401000"), "amount": "1200"}
        ]}),
    )
    .await;
    // Income: 150 on 10 January (before the period below), 50 on 5 February, 30 in March.
    posted(&company, "2026-01-10", "401000", "150", None).await;
    posted(&company, "2026-02-05", "401000", "50", Some(web)).await;
    posted(&company, "2026-03-05", "401000", "30", None).await;
    // Rent of the website 250 on 20 January; rent of no project 100 in February.
    posted(&company, "2026-01-20", "602000", "250", Some(web)).await;
    posted(&company, "2026-02-07", "602000", "100", None).await;

    let path = format!(
        "/api/v1/accounting/reports/budget-vs-actual?budget_id={}",
        id_of(&budget)
    );
    // 15 January to 10 February: January and February count whole in the budget; the actual is
    // what was posted from 15 January to 10 February.
    let months = company
        .get(&format!(
            "{path}&date_from=2026-01-15&date_to=2026-02-10&period=month"
        ))
        .await;
    assert_eq!(months.status, StatusCode::OK, "{:?}", months.body);
    let report = &months.body;
    assert_eq!(report["budgetId"], budget["id"]);
    assert_eq!(report["dateFrom"], "2026-01-15");
    assert_eq!(report["dateTo"], "2026-02-10");
    assert_eq!(report["currency"], "AED");
    let income = &report["data"][0];
    assert_eq!(income["code"], "401000");
    assert_eq!(income["name"], "Sales of Goods");
    assert_eq!(income["projectId"], Value::Null);
    assert_eq!(income["budget"], "200.00");
    assert_eq!(income["actual"], "50.00");
    assert_eq!(income["variance"], "-150.00");
    assert_eq!(income["variancePercent"], "-75");
    assert_eq!(
        income["months"],
        json!([
            {"month": "2026-01", "budget": "100.00", "actual": "0.00", "variance": "-100.00"},
            {"month": "2026-02", "budget": "100.00", "actual": "50.00", "variance": "-50.00"}
        ])
    );
    let rent = &report["data"][1];
    assert_eq!(rent["code"], "602000");
    assert_eq!(rent["projectId"], json!(web));
    assert_eq!(rent["budget"], "600.00");
    assert_eq!(rent["actual"], "250.00");
    assert_eq!(rent["variance"], "-350.00");
    assert_eq!(rent["variancePercent"], "-58.33");
    assert_eq!(
        report["totals"],
        json!({"budget": "800.00", "actual": "300.00", "variance": "-500.00", "variancePercent": "-62.5"})
    );

    // By default the whole fiscal year, totals only.
    let year_report = company.get(&path).await;
    assert_eq!(year_report.status, StatusCode::OK);
    assert_eq!(year_report.body["dateFrom"], "2026-01-01");
    assert_eq!(year_report.body["dateTo"], "2026-12-31");
    let income = &year_report.body["data"][0];
    assert_eq!(income["budget"], "1200.00");
    assert_eq!(income["actual"], "230.00");
    assert_eq!(income["variancePercent"], "-80.83");
    assert!(income.get("months").is_none());
    assert_eq!(year_report.body["data"][1]["actual"], "250.00");

    // Only the website's lines.
    let of_web = company.get(&format!("{path}&project_id={web}")).await;
    assert_eq!(of_web.body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(of_web.body["data"][0]["code"], "602000");
    assert_eq!(of_web.body["totals"]["budget"], "600.00");

    // A month without a budget has no variance percent.
    let march = company
        .get(&format!(
            "{path}&project_id={web}&date_from=2026-03-01&date_to=2026-03-31"
        ))
        .await;
    assert_eq!(march.body["data"][0]["budget"], "0.00");
    assert_eq!(march.body["data"][0]["variancePercent"], Value::Null);

    // As a spreadsheet.
    let file = company
        .get(&format!("{path}&format=xlsx&period=month"))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.header("content-disposition"),
        "attachment; filename=\"budget-vs-actual_2026-01-01_2026-12-31.xlsx\""
    );
    for bad in [
        "",
        "&period=week",
        "&date_from=2026-02-01&date_to=2026-01-01",
    ] {
        let query = if bad.is_empty() {
            "/api/v1/accounting/reports/budget-vs-actual".to_owned()
        } else {
            format!("{path}{bad}")
        };
        assert_eq!(
            company.get(&query).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_line_without_a_project_leaves_the_projects_with_their_own_line_to_them() {
    let company = books().await;
    let year = year_2026(&company).await;
    let web = company.project("WEB").await;
    let budget = create(
        &company,
        json!({"name": "Rent", "fiscalYearId": year, "lines": [
            {"accountId": company.account("602000"), "amount": "1200"},
            {"accountId": company.account("602000"), "projectId": web, "amount": "600"}
        ]}),
    )
    .await;
    posted(&company, "2026-02-05", "602000", "300", Some(web)).await;
    posted(&company, "2026-02-07", "602000", "100", None).await;
    let report = company
        .get(&format!(
            "/api/v1/accounting/reports/budget-vs-actual?budget_id={}",
            id_of(&budget)
        ))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let rows = report.body["data"].as_array().expect("rows");
    let actual_of = |project: Value| {
        rows.iter()
            .find(|row| row["projectId"] == project)
            .map(|row| row["actual"].clone())
            .expect("a row")
    };
    assert_eq!(actual_of(Value::Null), "100.00");
    assert_eq!(actual_of(json!(web)), "300.00");
    assert_eq!(report.body["totals"]["actual"], "400.00");
}
