//! store of sales' margin.
