//! api of sales' margin.
