//! The sales tables (m08xx, after inventory's m06xx and purchasing's m07xx). Each area numbers
//! in its own block: orders and settings m0800-m0809, quotes m0810-m0819, pricing, discounts
//! and warnings m0820-m0839, deliveries and returns m0840-m0859, billing and margin
//! m0860-m0879.

mod billing;
mod deliveries;
mod orders;
mod pricing;
mod quotes;

use arkan_platform::schema::SchemaMigration;

pub fn migrations() -> Vec<SchemaMigration> {
    let mut all = orders::migrations();
    all.extend(quotes::migrations());
    all.extend(pricing::migrations());
    all.extend(deliveries::migrations());
    all.extend(billing::migrations());
    all
}
