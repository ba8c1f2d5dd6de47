//! Use cases of purchasing: permission, validation, one transaction per change, store calls,
//! other modules through their facades. Other service files of the crate (RFQ awards, blanket
//! call-offs, tender awards) make their orders with `orders::create_order`.

mod agreements;
mod approval;
mod bills;
mod blanket_orders;
mod offers;
pub mod orders;
mod rating;
mod receipts;
mod rfqs;

pub use agreements::*;
pub use approval::*;
pub use bills::*;
pub use blanket_orders::*;
pub use orders::*;
pub use rating::*;
pub use receipts::*;
pub use rfqs::*;
