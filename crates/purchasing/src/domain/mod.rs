//! domain of purchasing, one file per resource.

mod agreements;
mod bills;
mod blanket_orders;
mod orders;
mod rating;
mod rfqs;

pub use agreements::*;
pub use bills::*;
pub use blanket_orders::*;
pub use orders::*;
pub use rating::*;
pub use rfqs::*;
