//! domain of sales' returns.
