//! Request and response shapes of invoices, bills, credit notes, payments and aging.

mod aging;
mod cash_roundings;
mod fiscal_positions;
mod invoices;
mod payment_terms;
mod payments;

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub use aging::*;
pub use cash_roundings::*;
pub use fiscal_positions::*;
pub use invoices::*;
pub use payment_terms::*;
pub use payments::*;

/// A list with no filter of its own: only the page parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlainList {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
