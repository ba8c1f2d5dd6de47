//! Request and response shapes of the ledger.

mod accounts;
mod entries;
mod fiscal_years;
mod journals;
mod rates;
mod reports;
mod settings;
mod taxes;

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub use accounts::*;
pub use entries::*;
pub use fiscal_years::*;
pub use journals::*;
pub use rates::*;
pub use reports::*;
pub use settings::*;
pub use taxes::*;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlainListQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
