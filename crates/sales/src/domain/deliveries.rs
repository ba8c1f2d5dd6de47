//! Pure rules of sales' deliveries.
