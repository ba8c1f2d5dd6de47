//! The reports' own tables (m03xx).

use arkan_platform::schema::SchemaMigration;

pub fn migrations() -> Vec<SchemaMigration> {
    Vec::new()
}
