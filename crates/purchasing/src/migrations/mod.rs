//! The purchasing tables (m07xx, after inventory's m06xx, invoicing's and crm's). Purchase
//! orders use m0700-m0719; RFQs, blanket orders and tenders the numbers after.

mod agreements;
mod blanket_orders;
mod orders;
mod rfqs;

use arkan_platform::schema::SchemaMigration;

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0700_purchase_orders",
            build: orders::order_tables,
        },
        SchemaMigration {
            name: "m0701_purchase_order_receipts_closed",
            build: orders::receipts_closed,
        },
    ]
}

/// RFQs, blanket orders and tenders (m0720-m0759).
pub fn sourcing_migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0720_rfqs",
            build: rfqs::rfq_tables,
        },
        SchemaMigration {
            name: "m0721_blanket_orders",
            build: blanket_orders::blanket_order_tables,
        },
        SchemaMigration {
            name: "m0722_purchase_agreements",
            build: agreements::agreement_tables,
        },
        SchemaMigration {
            name: "m0723_call_off_lines",
            build: blanket_orders::call_off_lines,
        },
    ]
}
