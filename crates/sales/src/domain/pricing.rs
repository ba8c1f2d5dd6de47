//! Pure rules of sales' pricing.
