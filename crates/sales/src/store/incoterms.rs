//! Incoterms are a fixed list (`domain::incoterms`): no SQL.
