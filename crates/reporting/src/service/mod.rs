//! Use cases of the reports: each reads one snapshot of the books.

pub mod sections;
pub mod statements;
