//! Reports as files: the platform's one renderer (`arkan_platform::report`).

pub use arkan_platform::report::*;
