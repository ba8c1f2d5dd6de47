//! m0722: purchase agreements (tenders): the tender, with the vendors invited, its lines, the
//! sealed bids and their lines in tables shaped as an RFQ's (m0720).

use arkan_platform::schema::{
    SchemaChange, bigint, bigint_null, company_table, index, text, text_null, unique,
};
use sea_orm::DatabaseBackend;

use super::rfqs::offer_tables;
use crate::store::AGREEMENT_TABLES;

pub(super) fn agreement_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let agreements = company_table(backend, "purchase_agreements")
        // Null while a draft: `TND/2026/00001` once opened.
        .col(text_null("number"))
        // draft | open | evaluation | awarded | cancelled
        .col(text("state"))
        .col(text("title"))
        // Microseconds since the epoch: bids are taken until then.
        .col(bigint("deadline"))
        .col(text("currency"))
        .col(text_null("description"))
        // The weights of the evaluation (ten-thousandths), once evaluated.
        .col(bigint_null("price_weight_e4"))
        .col(bigint_null("lead_time_weight_e4"))
        .col(bigint_null("rating_weight_e4"))
        .col(text_null("cancel_reason"))
        .col(bigint_null("opened_at"))
        .col(bigint_null("evaluated_at"))
        .col(bigint_null("awarded_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let mut changes = vec![
        SchemaChange::Table(agreements),
        unique(
            "purchase_agreements_by_number",
            "purchase_agreements",
            &["company_id", "number"],
        ),
        index(
            "purchase_agreements_by_created",
            "purchase_agreements",
            &["company_id", "created_at"],
        ),
    ];
    changes.extend(offer_tables(backend, &AGREEMENT_TABLES));
    changes
}
