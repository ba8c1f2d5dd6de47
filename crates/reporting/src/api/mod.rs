//! Request and response shapes of the reports. Money is a decimal string in the company
//! currency; with `compare` each amount `x` has a `compareX` beside it, with `periods` an
//! `xByPeriod` array (one per period, in order).

mod statements;

pub use statements::*;

use serde::Serialize;
use utoipa::ToSchema;

/// One column of a `periods` report.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodView {
    /// `2026-03` or `2026-Q1`.
    pub label: String,
    pub date_from: String,
    pub date_to: String,
}
