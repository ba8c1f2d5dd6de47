//! Use cases of sales' warnings.
