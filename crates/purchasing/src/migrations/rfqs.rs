//! m0720: requests for quotation: the RFQ, and the four tables it shares its shape with
//! tenders (m0722): the vendors asked, the lines (each with the vendor and purchase order it
//! was awarded to), the vendors' offers (quotes, bids) and their lines.

use arkan_platform::schema::{
    SchemaChange, bigint, bigint_null, company_table, date_null, index, integer, integer_null,
    reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;

use crate::store::{OfferTables, RFQ_TABLES};

/// The vendors, lines, offers and offer lines of `names.document`.
pub(super) fn offer_tables(backend: DatabaseBackend, names: &OfferTables) -> Vec<SchemaChange> {
    let vendors = company_table(backend, names.vendors)
        .col(uuid(backend, names.parent))
        .col(uuid(backend, "partner_id"))
        .col(integer("position"))
        .foreign_key(&mut reference(names.vendors, names.parent, names.document))
        .foreign_key(&mut reference(names.vendors, "partner_id", "partners"))
        .to_owned();
    let lines = company_table(backend, names.lines)
        .col(uuid(backend, names.parent))
        .col(integer("position"))
        .col(uuid_null(backend, "product_id"))
        .col(text("description"))
        // Ten-thousandths of `uom`.
        .col(bigint("quantity_e4"))
        .col(text("uom"))
        // Once awarded: the vendor and the purchase order (no foreign key to the order: a
        // draft order may be deleted, which frees the line).
        .col(uuid_null(backend, "awarded_partner_id"))
        .col(uuid_null(backend, "purchase_order_id"))
        .foreign_key(&mut reference(names.lines, names.parent, names.document))
        .foreign_key(&mut reference(names.lines, "product_id", "products"))
        .to_owned();
    let offers = company_table(backend, names.offers)
        .col(uuid(backend, names.parent))
        .col(uuid(backend, "partner_id"))
        .col(text("currency"))
        .col(bigint("amount_untaxed_minor"))
        .col(date_null("valid_until"))
        .col(integer_null("lead_time_days"))
        .col(text_null("notes"))
        // staff | portal
        .col(text("source"))
        // Hundredths of a point (0-100) when the offer was evaluated (tenders).
        .col(bigint_null("score_e2"))
        // When the vendor's answer came in (response-time metrics); a revision keeps it.
        .col(bigint("submitted_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(names.offers, names.parent, names.document))
        .foreign_key(&mut reference(names.offers, "partner_id", "partners"))
        .to_owned();
    let offer_lines = company_table(backend, names.offer_lines)
        .col(uuid(backend, names.offer_parent))
        .col(uuid(backend, "line_id"))
        .col(integer("position"))
        // Millionths of the offer's currency per unit.
        .col(bigint("unit_price_e6"))
        .col(bigint("quantity_e4"))
        .col(bigint("discount_ppm"))
        .col(integer_null("lead_time_days"))
        .col(bigint("subtotal_minor"))
        .foreign_key(&mut reference(
            names.offer_lines,
            names.offer_parent,
            names.offers,
        ))
        .foreign_key(&mut reference(names.offer_lines, "line_id", names.lines))
        .to_owned();
    let name = |suffix: &str, table: &str| format!("{table}_{suffix}");
    vec![
        SchemaChange::Table(vendors),
        unique(
            &name("by_document", names.vendors),
            names.vendors,
            &["company_id", names.parent, "partner_id"],
        ),
        index(
            &name("by_partner", names.vendors),
            names.vendors,
            &["company_id", "partner_id"],
        ),
        SchemaChange::Table(lines),
        index(
            &name("by_document", names.lines),
            names.lines,
            &["company_id", names.parent],
        ),
        SchemaChange::Table(offers),
        unique(
            &name("by_vendor", names.offers),
            names.offers,
            &["company_id", names.parent, "partner_id"],
        ),
        SchemaChange::Table(offer_lines),
        index(
            &name("by_offer", names.offer_lines),
            names.offer_lines,
            &["company_id", names.offer_parent],
        ),
    ]
}

pub(super) fn rfq_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let rfqs = company_table(backend, "rfqs")
        // Null while a draft: `RFQ/2026/00001` once sent.
        .col(text_null("number"))
        // draft | sent | closed | cancelled
        .col(text("state"))
        // Microseconds since the epoch.
        .col(bigint_null("deadline"))
        .col(date_null("expected_date"))
        .col(text("currency"))
        .col(uuid_null(backend, "warehouse_id"))
        .col(text_null("notes"))
        .col(text_null("cancel_reason"))
        .col(bigint_null("sent_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("rfqs", "warehouse_id", "warehouses"))
        .to_owned();
    let mut changes = vec![
        SchemaChange::Table(rfqs),
        unique("rfqs_by_number", "rfqs", &["company_id", "number"]),
        index("rfqs_by_created", "rfqs", &["company_id", "created_at"]),
    ];
    changes.extend(offer_tables(backend, &RFQ_TABLES));
    changes
}
