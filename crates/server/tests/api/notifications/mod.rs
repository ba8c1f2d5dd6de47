//! Notifications: raised by modules in their own transaction, listed and marked read by the
//! person they are for.

mod inbox;
