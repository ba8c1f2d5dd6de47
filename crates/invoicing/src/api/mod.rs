//! Request and response shapes of invoices, bills, credit notes, payments and aging.

mod aging;
mod cash_roundings;
mod invoices;
mod payments;

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub use aging::*;
pub use cash_roundings::*;
pub use invoices::*;
pub use payments::*;
