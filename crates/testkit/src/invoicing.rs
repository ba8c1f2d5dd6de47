//! Invoicing and banking through the API: invoices, bills, payments, allocations and the
//! bank details payment files need.

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::Reply;
use crate::company::Company;

impl Company {
    /// Creates a draft invoice, bill or credit note from `body`; panics unless created.
    pub async fn draft_invoice(&self, body: Value) -> Reply {
        let reply = self.post("/api/v1/accounting/invoices", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply
    }

    /// Posts a draft invoice (the answer is not checked).
    pub async fn post_invoice(&self, id: Uuid) -> Reply {
        self.post(&format!("/api/v1/accounting/invoices/{id}/post"), json!({}))
            .await
    }

    /// Cancels an invoice (the answer is not checked).
    pub async fn cancel_invoice(&self, id: Uuid) -> Reply {
        self.post(
            &format!("/api/v1/accounting/invoices/{id}/cancel"),
            json!({}),
        )
        .await
    }

    /// `GET /invoices/:id`.
    pub async fn invoice(&self, id: Uuid) -> Reply {
        self.get(&format!("/api/v1/accounting/invoices/{id}")).await
    }

    /// A posted customer invoice to `client` dated 2026-09-01: one line "Goods" at `amount`
    /// with VAT 5%. Panics unless created and posted.
    pub async fn posted_invoice(&self, client: Uuid, amount: &str) -> Uuid {
        self.posted_document("customer_invoice", client, amount, "VAT 5%")
            .await
    }

    /// A posted vendor bill from `vendor` dated 2026-09-01: one line "Goods" at `amount` with
    /// VAT 5% (purchases). Panics unless created and posted.
    pub async fn posted_bill(&self, vendor: Uuid, amount: &str) -> Uuid {
        self.posted_document("vendor_bill", vendor, amount, "VAT 5% (purchases)")
            .await
    }

    async fn posted_document(&self, kind: &str, partner: Uuid, amount: &str, tax: &str) -> Uuid {
        let invoice = self
            .draft_invoice(json!({"kind": kind, "partnerId": partner, "invoiceDate": "2026-09-01",
                "lines": [{"description": "Goods", "quantity": "1", "unitPrice": amount, "taxIds": [self.tax(tax)]}]}))
            .await;
        let posted = self.post_invoice(invoice.id()).await;
        assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
        invoice.id()
    }

    /// A posted payment by bank transfer in the BNK1 journal dated 2026-09-15, reference
    /// `TT-1`: `direction` is `inbound` (from a client) or `outbound` (to a vendor). Panics
    /// unless created and posted.
    pub async fn posted_payment(&self, direction: &str, partner: Uuid, amount: &str) -> Uuid {
        self.posted_payment_with(json!({"type": direction, "partnerId": partner, "amount": amount,
            "date": "2026-09-15", "journalId": self.journal("BNK1"), "method": "bank_transfer", "reference": "TT-1"}))
            .await
    }

    /// A payment from a full body, posted; panics unless created and posted.
    pub async fn posted_payment_with(&self, body: Value) -> Uuid {
        let payment = self.post("/api/v1/accounting/payments", body).await;
        assert_eq!(payment.status, StatusCode::CREATED, "{:?}", payment.body);
        let posted = self
            .post(
                &format!("/api/v1/accounting/payments/{}/post", payment.id()),
                json!({}),
            )
            .await;
        assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
        payment.id()
    }

    /// `GET /payments/:id`.
    pub async fn payment(&self, id: Uuid) -> Reply {
        self.get(&format!("/api/v1/accounting/payments/{id}")).await
    }

    /// Allocates `payment` to invoices: `allocations` is the JSON list of
    /// `{"invoiceId", "amount"}` (the answer is not checked).
    pub async fn allocate(&self, payment: Uuid, allocations: Value) -> Reply {
        self.post(
            &format!("/api/v1/accounting/payments/{payment}/allocate"),
            json!({ "allocations": allocations }),
        )
        .await
    }

    /// Takes the allocation of `payment` to `invoice` back (the answer is not checked).
    pub async fn unallocate(&self, payment: Uuid, invoice: Uuid) -> Reply {
        self.delete(&format!(
            "/api/v1/accounting/payments/{payment}/allocations/{invoice}"
        ))
        .await
    }

    /// Saves (replaces) the bank details of `partner` (the answer is not checked).
    pub async fn bank_details(&self, partner: Uuid, body: Value) -> Reply {
        self.put(
            &format!("/api/v1/accounting/batch-payment/bank-details/{partner}"),
            body,
        )
        .await
    }

    /// Imports a bank statement from `body` (the answer is not checked).
    pub async fn import_statement(&self, body: Value) -> Reply {
        self.post("/api/v1/accounting/bank-reconciliation/statements", body)
            .await
    }

    /// Imports a bank statement from `body`; panics unless created. Its id.
    pub async fn imported_statement(&self, body: Value) -> Uuid {
        let reply = self.import_statement(body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id()
    }
}
