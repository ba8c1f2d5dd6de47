//! SQL of sales' quotes.
