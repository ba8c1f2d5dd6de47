//! SQL of the ledger, one file per resource. Every statement carries the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, OnConflict, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use arkan_platform::sql::{get, get_code, insert, update};

use crate::domain::{DocumentState, FiscalYearState, Line};

/// Rows per multi-row statement of `columns` columns: inside SQLite's 32,766 bound values
/// (PostgreSQL allows 65,535).
const fn rows_per_statement(columns: usize) -> usize {
    let rows = 32_000 / columns;
    if rows == 0 { 1 } else { rows }
}

mod accounts;
mod entries;
mod fiscal_years;
mod journals;
mod movements;
mod posting;
mod rates;
mod revenue;
mod revenue_months;
mod settings;
mod tax_details;
mod taxes;

pub use accounts::*;
pub use entries::*;
pub use fiscal_years::*;
pub use journals::*;
pub use movements::*;
pub use posting::*;
pub use rates::*;
pub use revenue::*;
pub use revenue_months::*;
pub use settings::*;
pub use tax_details::*;
pub use taxes::*;
