//! m0627: the purchasing settings inventory keeps for `/inventory/settings` (Order 13): the
//! approval threshold, the over-receipt tolerance, bill control and the bill price tolerance
//! as columns of `inventory_settings` (null: the default, none, 0 %, `received`, 0 %), and each
//! member's own approval limit in `purchase_approval_limits`.

use arkan_platform::schema::{SchemaChange, bigint, bigint_null, text_null, uuid};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction, Index, Table};

pub(super) fn purchase_settings(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let add = |column| {
        SchemaChange::Alter(
            Table::alter()
                .table("inventory_settings")
                .add_column(column)
                .to_owned(),
        )
    };
    // Stored without a foreign key into `memberships`: removing the member must stay possible
    // (the limit of a former member is then never consulted).
    let limits = Table::create()
        .table("purchase_approval_limits")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "user_id"))
        // Minor units of the company currency.
        .col(bigint("limit_minor"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("user_id"))
        .foreign_key(
            ForeignKey::create()
                .from("purchase_approval_limits", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    vec![
        add(bigint_null("purchase_approval_threshold_minor")),
        add(bigint_null("over_receipt_tolerance_ppm")),
        // received | ordered
        add(text_null("bill_control")),
        add(bigint_null("bill_price_tolerance_ppm")),
        SchemaChange::Table(limits),
    ]
}
