//! The `arkan` server: settings, application assembly and the benchmark command. The binary in
//! `main.rs` is a thin command-line front on this library, which the API tests use too.

pub mod app;
pub mod settings;
