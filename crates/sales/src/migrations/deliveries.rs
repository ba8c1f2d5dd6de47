//! The tables of sales' deliveries.

use arkan_platform::schema::SchemaMigration;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    Vec::new()
}
