//! The ledger through the API: entries, balances, rates and the trial balance.

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::Reply;
use crate::company::Company;

impl Company {
    /// The body of a draft in the MISC journal moving `amount` from the account coded
    /// `credit_code` to the one coded `debit_code` (reference `test`).
    pub fn entry(&self, date: &str, debit_code: &str, credit_code: &str, amount: &str) -> Value {
        json!({
            "journalId": self.journal("MISC"),
            "date": date,
            "reference": "test",
            "lines": [
                {"accountId": self.account(debit_code), "debit": amount},
                {"accountId": self.account(credit_code), "credit": amount}
            ]
        })
    }

    /// Creates a draft entry from `body`; panics unless created.
    pub async fn draft_entry(&self, body: Value) -> Uuid {
        let reply = self.post("/api/v1/accounting/journal-entries", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id()
    }

    /// Posts a draft entry (the answer is not checked).
    pub async fn post_entry(&self, id: Uuid) -> Reply {
        self.post(
            &format!("/api/v1/accounting/journal-entries/{id}/post"),
            json!({}),
        )
        .await
    }

    /// A posted [`Company::entry`]; panics unless created and posted.
    pub async fn posted_entry(
        &self,
        date: &str,
        debit_code: &str,
        credit_code: &str,
        amount: &str,
    ) -> Uuid {
        let id = self
            .draft_entry(self.entry(date, debit_code, credit_code, amount))
            .await;
        let posted = self.post_entry(id).await;
        assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
        id
    }

    /// The balance of the account coded `code`, as the API writes it (`"1050.00"`).
    pub async fn balance(&self, code: &str) -> String {
        self.account_balance(self.account(code)).await
    }

    /// The balance of an account by id (one the test made itself).
    pub async fn account_balance(&self, account: Uuid) -> String {
        let reply = self
            .get(&format!("/api/v1/accounting/accounts/{account}"))
            .await;
        reply.body["balance"]
            .as_str()
            .unwrap_or_else(|| panic!("a balance of {account}: {:?}", reply.body))
            .to_owned()
    }

    /// Records the rate of `currency` on `date`; panics unless created.
    pub async fn currency_rate(&self, currency: &str, date: &str, rate: &str) {
        let reply = self
            .post(
                "/api/v1/accounting/currency-rates",
                json!({"currency": currency, "date": date, "rate": rate}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }

    /// The trial balance from `from` to `to` (the answer is not checked).
    pub async fn trial_balance(&self, from: &str, to: &str) -> Reply {
        self.get(&format!(
            "/api/v1/accounting/reports/trial-balance?date_from={from}&date_to={to}"
        ))
        .await
    }
}
