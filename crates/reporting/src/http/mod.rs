//! Thin handlers of the reports: extract, call one use case, answer.

mod statements;

pub use statements::*;
