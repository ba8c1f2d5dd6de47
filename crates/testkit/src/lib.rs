#![doc = include_str!("../README.md")]
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod app;
mod company;
mod invoicing;
mod ledger;
mod live;
mod projects;

pub use app::{
    ADMIN_EMAIL, ADMIN_PASSWORD, Reply, TestApp, USER_PASSWORD, error_fields, test_settings,
};
pub use company::{Company, NewCompany};
pub use live::{Closed, Live, PATIENCE, Ws};
