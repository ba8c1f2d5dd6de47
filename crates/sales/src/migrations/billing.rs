//! The tables of sales' billing.

use arkan_platform::schema::SchemaMigration;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    Vec::new()
}
