//! The financial reports through the API.

mod vat;
