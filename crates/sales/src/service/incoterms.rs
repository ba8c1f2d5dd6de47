//! Use cases of sales' incoterms.
