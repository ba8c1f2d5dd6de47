//! domain of purchasing, one file per resource.

mod bills;
mod orders;
mod rating;

pub use bills::*;
pub use orders::*;
pub use rating::*;
