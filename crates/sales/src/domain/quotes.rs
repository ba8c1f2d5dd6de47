//! Pure rules of sales' quotes.
