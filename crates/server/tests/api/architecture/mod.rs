//! The architecture: module boundaries the compiler cannot see.

mod boundaries;

mod errors;
