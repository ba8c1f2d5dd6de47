//! SQL of sales' pricing.
