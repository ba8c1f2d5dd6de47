//! service of sales' margin.
