//! Use cases of sales' quotes.
