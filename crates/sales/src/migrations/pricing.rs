//! The tables of sales' pricing.

use arkan_platform::schema::SchemaMigration;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    Vec::new()
}
