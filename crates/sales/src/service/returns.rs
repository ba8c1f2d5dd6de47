//! service of sales' returns.
