//! Computed percentages: the platform's one rule (`arkan_platform::report::percent`).

pub use arkan_platform::report::percent;
