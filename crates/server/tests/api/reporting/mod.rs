//! Financial reports and budgets through the API.

mod budgets;
mod revenue;
