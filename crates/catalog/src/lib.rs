//! STUB of the catalog facade (replaced by the catalog branch).
#![allow(clippy::unused_async, unused_variables)]
use arkan_kernel::CompanyId;
pub use arkan_kernel::{ProductCategoryId, ProductId};
arkan_kernel::codes! { pub enum ProductType { Storable = "storable", Consumable = "consumable", Service = "service" } }
arkan_kernel::codes! { pub enum Tracking { None = "none", Lot = "lot", Serial = "serial" } }
arkan_kernel::codes! { pub enum CostingMethod { Standard = "standard", Average = "average", Fifo = "fifo" } }
pub mod uoms {
    use super::*;
    #[derive(Clone, Debug)]
    pub struct Uom { pub code: String, pub name: String, pub category: String, pub ratio_e6: i64, pub decimals: u8 }
    pub async fn by_code(db: &impl sea_orm::ConnectionTrait, company: CompanyId, code: &str) -> Result<Option<Uom>, sea_orm::DbErr> { todo!() }
    pub fn convert(quantity_e4: i64, from: &Uom, to: &Uom) -> Option<i64> { todo!() }
}
pub mod quantities {
    pub fn parse(text: &str, decimals: u8) -> Result<i64, String> { todo!() }
    pub fn format(quantity_e4: i64, decimals: u8) -> String { todo!() }
}
pub mod products {
    use super::*;
    use std::collections::HashMap;
    #[derive(Clone, Debug)]
    pub struct ProductFacts { pub id: ProductId, pub name: String, pub sku: Option<String>, pub barcode: Option<String>, pub kind: ProductType, pub uom: uoms::Uom, pub purchase_uom: uoms::Uom, pub tracking: Tracking, pub category_id: Option<ProductCategoryId>, pub costing_method: CostingMethod, pub cost_e6: i64, pub reorder_min_e4: Option<i64>, pub reorder_max_e4: Option<i64>, pub active: bool }
    pub async fn facts(db: &impl sea_orm::ConnectionTrait, company: CompanyId, ids: &[ProductId]) -> Result<HashMap<ProductId, ProductFacts>, sea_orm::DbErr> { todo!() }
    pub async fn by_code(db: &impl sea_orm::ConnectionTrait, company: CompanyId, code: &str) -> Result<Option<ProductFacts>, sea_orm::DbErr> { todo!() }
    pub async fn reorder_minimums(db: &impl sea_orm::ConnectionTrait, company: CompanyId) -> Result<Vec<(ProductId, i64)>, sea_orm::DbErr> { todo!() }
}
pub mod categories {
    use super::*;
    pub async fn ancestors(db: &impl sea_orm::ConnectionTrait, company: CompanyId, id: ProductCategoryId) -> Result<Vec<ProductCategoryId>, sea_orm::DbErr> { todo!() }
}
