//! Use cases of purchasing: permission, validation, one transaction per change, store calls,
//! other modules through their facades. Other service files of the crate (RFQ awards, blanket
//! call-offs, tender awards) make their orders with `orders::create_order`.

mod approval;
mod bills;
pub mod orders;
mod rating;
mod receipts;

pub use approval::*;
pub use bills::*;
pub use orders::*;
pub use rating::*;
pub use receipts::*;
