//! SQL of inventory. Every statement carries the caller's company.

mod bulk;
mod landed_costs;
mod levels;
mod locations;
mod month_ends;
mod moves;
mod operations;
mod purchase_settings;
mod reports;
mod valuation;

pub use bulk::*;
pub use landed_costs::*;
pub use levels::*;
pub use locations::*;
pub use month_ends::*;
pub use moves::*;
pub use operations::*;
pub use purchase_settings::*;
pub use reports::*;
pub use valuation::*;

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Expr, ExprTrait, Func, InsertStatement, LockType, OnConflict, Order, Query, SelectStatement,
    UpdateStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement};
use uuid::Uuid;

use crate::domain::{DeliverySteps, LocationType, MoveState, ReceptionSteps, TransferType};

// Putaway rules and routes.
mod putaway;
mod routes;

pub use putaway::*;
pub use routes::*;
