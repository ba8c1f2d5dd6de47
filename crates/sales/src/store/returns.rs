//! store of sales' returns.
