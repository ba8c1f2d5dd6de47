//! The purchasing tables (m07xx, after inventory's m06xx, invoicing's and crm's). Purchase
//! orders use m0700-m0719; RFQs, blanket orders and tenders the numbers after.

mod orders;

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
