//! http of purchasing, one file per resource.

mod agreements;
mod blanket_orders;
mod orders;
mod rfqs;

pub use agreements::*;
pub use blanket_orders::*;
pub use orders::*;
pub use rfqs::*;
