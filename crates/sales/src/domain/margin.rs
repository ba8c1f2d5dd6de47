//! domain of sales' margin.
