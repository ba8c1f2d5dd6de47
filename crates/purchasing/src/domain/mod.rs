//! domain of purchasing, one file per resource.

mod orders;

pub use orders::*;
