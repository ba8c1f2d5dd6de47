//! Pure rules of sales' billing.
