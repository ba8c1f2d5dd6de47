//! SQL of projects. Every statement carries the caller's company; rows come back as the plain
//! structs below, their codes parsed at this edge.

mod projects;
mod sprints;
mod time_entries;
mod work_items;

pub use projects::*;
pub use sprints::*;
pub use time_entries::*;
pub use work_items::*;

use sea_orm::{DbErr, QueryResult};

/// A JSON array of strings kept in one text column (tags, labels).
fn strings(row: &QueryResult, column: &str) -> Result<Vec<String>, DbErr> {
    let text: String = row.try_get("", column)?;
    serde_json::from_str(&text)
        .map_err(|error| DbErr::Custom(format!("{column} is not a JSON list: {error}")))
}

fn strings_text(values: &[String]) -> String {
    serde_json::Value::from(values.to_vec()).to_string()
}
