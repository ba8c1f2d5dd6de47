//! The tables of sales' quotes.

use arkan_platform::schema::SchemaMigration;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    Vec::new()
}
