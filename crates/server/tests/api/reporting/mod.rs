//! Financial reports (shapes-modules §4): statements, revenue, budgets, the VAT return, and
//! their CSV and XLSX files.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod budgets;
mod files;
mod revenue;
mod statements;
mod vat;
