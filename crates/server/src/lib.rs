//! The `arkan` server, the composition root: settings, migrations and application assembly.
//! The binary in `main.rs` is a thin command-line front on this library, which the API tests
//! and the `arkan-bench` load tests use too.

pub mod app;
mod contract;
pub mod settings;
