//! Bank reconciliation (shapes-modules §5): statements imported from CSV, camt.053, MT940 and
//! JSON.

mod matching;
mod report;
mod statements;
mod suggestions;
