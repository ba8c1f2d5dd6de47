//! api of sales' returns.
